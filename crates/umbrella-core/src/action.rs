//! Everything a seat can decide, and why the rules may refuse it.

use crate::draft::Draft;
use crate::ids::{AttackId, ClauseId, Pick, ResponseSet};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A decision by a seat. Humans, AI seats and scripts all act through these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    // Phase 1: negotiation
    /// Put a whole new draft on the table.
    TableDraft(Draft),
    /// Change one clause of the draft on the table.
    Amend {
        clause: ClauseId,
        pick: Pick,
    },
    /// Declare the draft acceptable (not binding).
    Accept,
    /// Declare the draft unacceptable, optionally naming the clause at fault.
    Reject(Option<ClauseId>),
    /// Sign the draft on the table: binding once the treaty enters into force.
    Sign,
    /// Make one of your red lines public (a free action: your turn goes on).
    SignalRedLine(u8),
    /// End your turn without changing anything.
    Pass,

    // The treaty's offer to the aggressor
    AnswerOffer {
        accept: bool,
    },

    // Between crises: the aggressor attacks or holds; before it decides, a
    // guarantor adopts one of the scenario's policies or holds its course.
    Attack(AttackId),
    Hold,
    Policy(u8),

    // Phase 2: the crisis under the clock
    /// Call consultations among the guarantors.
    Convene,
    /// Put a response package on the table.
    Propose(ResponseSet),
    /// Back the package, contributing these of its items (may be none).
    Support(ResponseSet),
    /// Object to the package.
    Object,
    /// Ask your national approval body to authorise deploying forces.
    SeekApproval,
    /// Let hours pass.
    Wait(u32),
    /// Take no further part in this crisis.
    StandDown,
    /// The aggressor presses the attack (once per crisis, or steps back).
    Press,
    /// The aggressor steps back (once per crisis, or presses).
    StepBack,
    /// The aggressor denies a deniable attack not yet attributed (once).
    Deny,
    /// The aggressor warns publicly against an option of the draft (once per option).
    Threaten {
        clause: ClauseId,
        option: u8,
    },
    /// The aggressor offers a guarantor, in private, a deal if the treaty
    /// leaves this option out (once per guarantor).
    BackChannel {
        seat: crate::ids::Seat,
        clause: ClauseId,
        option: u8,
    },
}

impl Action {
    /// A move only its seat (and the seat it is addressed to) may know of:
    /// to everyone else it looks like a turn without a public move.
    pub fn is_private(&self) -> bool {
        matches!(self, Action::BackChannel { .. })
    }

    /// A short name for messages ("amend", "sign", ...).
    pub fn name(&self) -> &'static str {
        match self {
            Action::TableDraft(_) => "table a draft",
            Action::Amend { .. } => "amend",
            Action::Accept => "accept",
            Action::Reject(_) => "reject",
            Action::Sign => "sign",
            Action::SignalRedLine(_) => "signal a red line",
            Action::Pass => "pass",
            Action::AnswerOffer { .. } => "answer the offer",
            Action::Attack(_) => "attack",
            Action::Hold => "hold",
            Action::Policy(_) => "adopt a policy",
            Action::Convene => "convene consultations",
            Action::Propose(_) => "propose a package",
            Action::Support(_) => "support the package",
            Action::Object => "object",
            Action::SeekApproval => "seek national approval",
            Action::Wait(_) => "wait",
            Action::StandDown => "stand down",
            Action::Press => "press the attack",
            Action::StepBack => "step back",
            Action::Deny => "deny the attack",
            Action::Threaten { .. } => "warn publicly",
            Action::BackChannel { .. } => "open a back channel",
        }
    }
}

/// Why the rules refused an action. The state is unchanged when one is returned.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum RuleError {
    #[error("the game is over")]
    GameOver,
    #[error("it is not this seat's turn")]
    NotYourTurn,
    #[error("cannot {action} now: {why}")]
    NotNow {
        action: &'static str,
        why: &'static str,
    },
    #[error("this seat cannot {0}")]
    NotForThisSeat(&'static str),
    #[error("the draft is not well formed for this scenario")]
    InvalidDraft,
    #[error("that clause is fixed for this game")]
    ClauseFixed,
    #[error("the draft already says that")]
    NoChange,
    #[error("no such red line")]
    UnknownRedLine,
    #[error("that red line is already public")]
    AlreadySignalled,
    #[error("only one red line can be signalled per turn")]
    OneSignalPerTurn,
    #[error("no such attack")]
    UnknownAttack,
    #[error("no such policy")]
    UnknownPolicy,
    #[error("a package needs at least one response from the catalogue")]
    InvalidPackage,
    #[error("a contribution must come from the package, and from responses this seat can provide")]
    InvalidContribution,
    #[error("forces cannot be contributed: the national approval was refused")]
    ApprovalRefused,
    #[error("wait between 1 and 72 hours")]
    InvalidWait,
    #[error("the game cannot be set up: {0}")]
    Setup(String),
    #[error("the game is paused")]
    Paused,
    #[error("that option has already been warned against")]
    AlreadyThreatened,
    #[error("that guarantor has already been offered a deal")]
    AlreadyDealt,
    #[error("a deal is offered to a guarantor")]
    NotAGuarantor,
}
