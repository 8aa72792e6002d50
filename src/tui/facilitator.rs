//! The facilitator's panel (a seminar's white cell): every intervention the
//! rules allow now, and the seminar's settings.

use super::play::Session;
use crate::core::{Intervention as I, Phase, Track};

/// What an entry of the facilitator's panel does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FacilitatorAct {
    Intervene(I),
    WriteInject,
    Projector,
    RoundTimer,
    HourTimer,
    ExportReport,
    ChangePin,
    Close,
}

/// The panel's entries for `session`, with the projector view on or off.
pub fn menu(session: &Session, projector: bool) -> Vec<(String, FacilitatorAct)> {
    let game = session.game();
    let s = game.scenario();
    let mut out: Vec<(String, FacilitatorAct)> = Vec::new();
    let mut offer = |label: String, i: I| {
        if game.check_intervention(&i).is_ok() {
            out.push((label, FacilitatorAct::Intervene(i)));
        }
    };
    if session.paused() {
        offer("Resume the game".into(), I::Resume);
    } else {
        offer("Pause the game (timers stop)".into(), I::Pause);
    }
    for (i, inject) in s.injects().iter().enumerate() {
        offer(format!("Inject: {}", inject.title), I::Inject(i as u8));
    }
    let phase = game.state().phase();
    if phase == Phase::Negotiation {
        offer(
            format!("Extend the talks by one {}", s.rules().round_name),
            I::MoveDeadline(1),
        );
        offer(
            format!("Shorten the talks by one {}", s.rules().round_name),
            I::MoveDeadline(-1),
        );
    }
    if phase == Phase::Crisis {
        offer("Give the guarantors 6 more hours".into(), I::MoveClock(6));
        offer("Take 6 hours off the clock".into(), I::MoveClock(-6));
    }
    let advance = match phase {
        Phase::Negotiation => "End the talks now (the deadline is this round)",
        Phase::Offer => "Close the offer (no answer counts as a rejection)",
        Phase::Interlude => "Let the months pass now",
        Phase::Crisis => "Close the crisis now, as it stands",
        Phase::Ended => "",
    };
    offer(advance.into(), I::AdvancePhase);
    for track in Track::ALL {
        let name = s.tracks().name(track);
        let step = if track == Track::Escalation { 1 } else { 5 };
        offer(
            format!("{name} +{step}"),
            I::AdjustTrack { track, by: step },
        );
        offer(
            format!("{name} -{step}"),
            I::AdjustTrack { track, by: -step },
        );
    }
    for seat in s.seats() {
        let name = &s.faction(seat).name;
        offer(
            format!("{name}: domestic support +5"),
            I::AdjustSupport { seat, by: 5 },
        );
        offer(
            format!("{name}: domestic support -5"),
            I::AdjustSupport { seat, by: -5 },
        );
        let to_ai = session.players().get(seat.index()) == Some(&crate::ai::Player::Human);
        let label = if to_ai {
            format!("{name}: an AI plays for the absent team")
        } else {
            format!("{name}: human players take the seat")
        };
        offer(label, I::HandSeat { seat, to_ai });
    }
    // The seminar's settings come first, after pause/resume; then the interventions.
    let t = session.timers();
    let show = |v: Option<u32>, unit: &str| v.map_or("off".to_string(), |v| format!("{v} {unit}"));
    let projector = if projector { "on" } else { "off" };
    let mut settings = Vec::new();
    if game.state().phase() != Phase::Ended {
        settings.push(("Write an inject…".to_string(), FacilitatorAct::WriteInject));
    }
    settings.push((
        format!("Projector view: {projector}"),
        FacilitatorAct::Projector,
    ));
    settings.push((
        format!("Real-time limit per turn: {}", show(t.round_secs, "s")),
        FacilitatorAct::RoundTimer,
    ));
    settings.push((
        format!(
            "Real time per turn in a crisis hour: {}",
            show(t.hour_secs, "s")
        ),
        FacilitatorAct::HourTimer,
    ));
    settings.push((
        "Export the after-action report".into(),
        FacilitatorAct::ExportReport,
    ));
    settings.push(("Change the PIN…".into(), FacilitatorAct::ChangePin));
    let at = 1.min(out.len());
    out.splice(at..at, settings);
    out.push(("Close the panel".into(), FacilitatorAct::Close));
    out
}

/// Cycle through a few timer settings: off, then the given values.
pub fn next_setting(current: Option<u32>, values: &[u32]) -> Option<u32> {
    match current {
        None => values.first().copied(),
        Some(v) => values
            .iter()
            .position(|x| *x == v)
            .and_then(|i| values.get(i + 1))
            .copied(),
    }
}
