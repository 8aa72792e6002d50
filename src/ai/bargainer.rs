//! The negotiation agent.

use super::{AiRng, Decision};
use crate::core::*;

pub fn negotiate(view: &SeatView, rng: &mut AiRng) -> Decision {
    super::negotiator::negotiate(view, rng)
}
