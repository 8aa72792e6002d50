//! Baseline bots for the tournament: the hardliner, the conceder and a fixed
//! scripted doctrine.

use super::{AiRng, Decision};
use crate::core::*;

pub fn hardliner(view: &SeatView, rng: &mut AiRng) -> Decision {
    super::baseline(view, rng)
}

pub fn conceder(view: &SeatView, rng: &mut AiRng) -> Decision {
    super::baseline(view, rng)
}

pub fn scripted(view: &SeatView, rng: &mut AiRng) -> Decision {
    super::baseline(view, rng)
}
