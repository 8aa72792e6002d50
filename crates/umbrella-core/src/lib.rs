#![forbid(unsafe_code)]

//! The pure game core: state, actions, events, rules and views.
//!
//! Nothing here touches the terminal, the wall clock, the file system or
//! global randomness: the same scenario, seed and actions always give the
//! same game. A scenario is played only once [`Scenario::validate`] has made
//! it from a [`RawScenario`]; a validated scenario cannot be built any other
//! way:
//!
//! ```compile_fail
//! let s = umbrella_core::Scenario { factions: Vec::new() };
//! ```

mod action;
mod crisis;
mod draft;
mod event;
mod facilitator;
mod game;
pub mod hash;
mod ids;
pub mod limits;
mod negotiation;
mod raw;
mod rules;
mod scenario;
mod scoring;
mod state;
pub mod text;
mod utility;
mod validate;
mod variety;
mod view;

pub use action::{Action, RuleError};
pub use crisis::{DECISION_HOURS, MAX_WAIT_HOURS, item_weight, judge, percent_of};
pub use draft::{Draft, TreatyTerms, crossed_red_lines, value, value_range};
pub use event::{Event, EventKind, When, pick_text};
pub use facilitator::{Intervention, default_action};
pub use game::{Game, ReplayError, SetupError, Step};
pub use ids::*;
pub use negotiation::diff;
pub use raw::*;
pub use rules::{AGGRESSOR_WATCH, Forecast};
pub use scenario::*;
pub use scoring::{ObjectiveResult, SeatOutcome, SeatScore};
pub use state::*;
pub use utility::{
    PREFERENCE_WEIGHT, Utility, UtilityTable, fold_objective, signature_points, text_decides,
    text_holds, unearned_by_fallback,
};
pub use validate::{Problem, validate};
pub use view::{FactionCard, PublicView, SeatView};
