//! Search for the hard level.

use super::{AiRng, Decision};
use crate::core::*;

pub fn decide(view: &SeatView, rng: &mut AiRng) -> Decision {
    super::baseline(view, rng)
}
