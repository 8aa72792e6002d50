//! Saves of older formats, read and turned into the current one.
//!
//! Format 1 is a bare action log; format 2 is the full save of the first
//! version, whose drafts, clause references and state were laid out by the
//! seven fixed clause kinds of that version. Both are migrated the same way:
//! their steps are translated to the current actions (a clause kind becomes
//! the scenario's clause of that kind) and replayed from the seed. Format 2
//! also carries a snapshot of the state; the replay must reach the same
//! tracks, month and step count, or the save is refused as diverging.

use super::{Branch, Loaded, SaveError, SaveFile, ScenarioRef};
use crate::ai::Player;
use crate::core::{
    Action, AttackId, ClauseId, ClauseKind, Draft, GameConfig, Intervention, Pick, ResponseSet,
    Scenario, Seat, SeatTracks, Step, Track, Tracks,
};
use serde::Deserialize;
use std::sync::Arc;

/// The clause kinds of formats 1 and 2, in the order their drafts listed them.
#[derive(Clone, Copy, Debug, Deserialize)]
pub enum FamilyV2 {
    Framework,
    ResponseClock,
    Obligation,
    ResponseMenu,
    PreAuthorisation,
    BurdenSharing,
    AggressorOffer,
}

impl FamilyV2 {
    const ORDER: [ClauseKind; 7] = [
        ClauseKind::Framework,
        ClauseKind::ResponseClock,
        ClauseKind::Obligation,
        ClauseKind::ResponseMenu,
        ClauseKind::PreAuthorisation,
        ClauseKind::BurdenSharing,
        ClauseKind::AggressorOffer,
    ];

    fn kind(self) -> ClauseKind {
        Self::ORDER[self as usize]
    }
}

/// A draft of formats 1 and 2: one pick per clause kind, in kind order.
#[derive(Clone, Copy, Debug, Deserialize)]
pub struct DraftV2(pub [u16; 7]);

/// An action of formats 1 and 2.
#[derive(Clone, Copy, Debug, Deserialize)]
pub enum ActionV2 {
    TableDraft(DraftV2),
    Amend { clause: FamilyV2, pick: u16 },
    Accept,
    Reject(Option<FamilyV2>),
    Sign,
    SignalRedLine(u8),
    Pass,
    AnswerOffer { accept: bool },
    Attack(u8),
    Hold,
    Convene,
    Propose(u16),
    Support(u16),
    Object,
    SeekApproval,
    Wait(u32),
    StandDown,
}

/// A facilitator's intervention of format 2.
#[derive(Clone, Debug, Deserialize)]
pub enum InterventionV2 {
    SetTreatyClause { clause: FamilyV2, pick: u16 },
    Inject(u8),
    CustomInject { text: String, effects: Tracks },
    AdjustTrack { track: Track, by: i32 },
    AdjustSupport { seat: u8, by: i32 },
    MoveDeadline(i32),
    MoveClock(i32),
    AdvancePhase,
    HandSeat { seat: u8, to_ai: bool },
    Pause,
    Resume,
}

#[derive(Clone, Debug, Deserialize)]
pub enum StepV2 {
    Seat(u8, ActionV2),
    Facilitator(InterventionV2),
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ConfigV2 {
    #[serde(default)]
    pub fixed: Vec<(FamilyV2, u16)>,
}

/// What a format-2 snapshot says about where the game stood (the rest of it
/// is laid out for the old engine and is not read).
#[derive(Clone, Debug, Deserialize)]
pub struct SnapshotV2 {
    pub month: i32,
    pub tracks: Tracks,
    pub seats: Vec<SeatTracks>,
    pub steps: u32,
}

/// A saved game of format 2.
#[derive(Clone, Debug, Deserialize)]
pub struct SaveV2 {
    pub label: String,
    pub scenario: ScenarioRef,
    pub seed: u64,
    #[serde(default)]
    pub config: ConfigV2,
    pub players: Vec<Player>,
    #[serde(default)]
    pub branch: Option<Branch>,
    pub steps: Vec<StepV2>,
    pub snapshot: SnapshotV2,
    #[serde(default)]
    pub scenario_text: Option<String>,
}

/// Format 1: a bare action log, short enough to write by hand.
#[derive(Clone, Debug, Deserialize)]
pub struct SaveV1 {
    /// A bundled scenario's name.
    pub scenario: String,
    pub seed: u64,
    #[serde(default)]
    pub players: Vec<Player>,
    /// (seat index, action)
    pub steps: Vec<(u8, ActionV2)>,
}

/// Translations from the old layout, for one scenario.
struct Translate<'s> {
    scenario: &'s Scenario,
}

impl Translate<'_> {
    fn clause(&self, f: FamilyV2) -> Result<ClauseId, String> {
        self.scenario.clause_of(f.kind()).ok_or_else(|| {
            format!(
                "the scenario has no {} clause, which the save refers to",
                f.kind().label()
            )
        })
    }

    fn draft(&self, d: DraftV2) -> Result<Draft, String> {
        let mut draft = Draft::default();
        for (i, bits) in d.0.iter().enumerate() {
            let kind = FamilyV2::ORDER[i];
            match self.scenario.clause_of(kind) {
                Some(c) => draft = draft.with(c, Pick::from_bits(*bits as u32)),
                None if *bits == 0 => {}
                None => return Err(format!("the scenario has no {} clause", kind.label())),
            }
        }
        Ok(draft)
    }

    fn action(&self, a: ActionV2) -> Result<Action, String> {
        Ok(match a {
            ActionV2::TableDraft(d) => Action::TableDraft(self.draft(d)?),
            ActionV2::Amend { clause, pick } => Action::Amend {
                clause: self.clause(clause)?,
                pick: Pick::from_bits(pick as u32),
            },
            ActionV2::Accept => Action::Accept,
            ActionV2::Reject(c) => Action::Reject(c.map(|c| self.clause(c)).transpose()?),
            ActionV2::Sign => Action::Sign,
            ActionV2::SignalRedLine(i) => Action::SignalRedLine(i),
            ActionV2::Pass => Action::Pass,
            ActionV2::AnswerOffer { accept } => Action::AnswerOffer { accept },
            ActionV2::Attack(a) => Action::Attack(AttackId(a)),
            ActionV2::Hold => Action::Hold,
            ActionV2::Convene => Action::Convene,
            ActionV2::Propose(r) => Action::Propose(ResponseSet::from_bits(r as u32)),
            ActionV2::Support(r) => Action::Support(ResponseSet::from_bits(r as u32)),
            ActionV2::Object => Action::Object,
            ActionV2::SeekApproval => Action::SeekApproval,
            ActionV2::Wait(h) => Action::Wait(h),
            ActionV2::StandDown => Action::StandDown,
        })
    }

    fn step(&self, s: &StepV2) -> Result<Step, String> {
        Ok(match s {
            StepV2::Seat(seat, a) => Step::Seat(Seat(*seat), self.action(*a)?),
            StepV2::Facilitator(i) => Step::Facilitator(match i.clone() {
                InterventionV2::SetTreatyClause { clause, pick } => Intervention::SetTreatyClause {
                    clause: self.clause(clause)?,
                    pick: Pick::from_bits(pick as u32),
                },
                InterventionV2::Inject(i) => Intervention::Inject(i),
                InterventionV2::CustomInject { text, effects } => {
                    Intervention::CustomInject { text, effects }
                }
                InterventionV2::AdjustTrack { track, by } => {
                    Intervention::AdjustTrack { track, by }
                }
                InterventionV2::AdjustSupport { seat, by } => Intervention::AdjustSupport {
                    seat: Seat(seat),
                    by,
                },
                InterventionV2::MoveDeadline(by) => Intervention::MoveDeadline(by),
                InterventionV2::MoveClock(by) => Intervention::MoveClock(by),
                InterventionV2::AdvancePhase => Intervention::AdvancePhase,
                InterventionV2::HandSeat { seat, to_ai } => Intervention::HandSeat {
                    seat: Seat(seat),
                    to_ai,
                },
                InterventionV2::Pause => Intervention::Pause,
                InterventionV2::Resume => Intervention::Resume,
            }),
        })
    }

    fn config(&self, c: &ConfigV2) -> Result<GameConfig, String> {
        let fixed = c
            .fixed
            .iter()
            .map(|(f, p)| Ok((self.clause(*f)?, Pick::from_bits(*p as u32))))
            .collect::<Result<_, String>>()?;
        Ok(GameConfig {
            fixed,
            ..GameConfig::default()
        })
    }
}

fn untranslatable(file: &str, error: String) -> SaveError {
    SaveError::Scenario {
        file: file.to_string(),
        at: None,
        error,
    }
}

/// Format 2 to the current format: translate, replay, and check the replay
/// reaches the state the old save recorded.
pub fn v2(file: &str, old: SaveV2) -> Result<Loaded, SaveError> {
    let scenario = super::find_scenario(file, &old.scenario, old.scenario_text.as_deref())?;
    let t = Translate {
        scenario: &scenario,
    };
    let steps: Vec<Step> = old
        .steps
        .iter()
        .map(|s| t.step(s))
        .collect::<Result<_, _>>()
        .map_err(|e| untranslatable(file, e))?;
    let config = t.config(&old.config).map_err(|e| untranslatable(file, e))?;
    let game = super::replay(file, Arc::clone(&scenario), old.seed, config, &steps)?;
    let state = game.state();
    let seats: Vec<SeatTracks> = state.seats.clone();
    if state.steps != old.snapshot.steps
        || state.month != old.snapshot.month
        || state.tracks != old.snapshot.tracks
        || seats != old.snapshot.seats
    {
        return Err(SaveError::Snapshot {
            file: file.to_string(),
            at: None,
        });
    }
    let mut players = old.players;
    players.resize(
        game.scenario().factions().len(),
        Player::Ai(crate::ai::Level::Normal),
    );
    let meta = super::Meta {
        branch: old.branch,
        ..super::Meta::new(&crate::table::new_game_id(), &old.label)
    };
    let save = SaveFile::of(&game, &players, meta)?;
    Ok(Loaded { save, game })
}

/// Format 1 to the current format: find the bundled scenario, translate and
/// replay the log, and build the full save.
pub fn v1(file: &str, old: SaveV1) -> Result<Loaded, SaveError> {
    let scenario = crate::scenario::find(&old.scenario).map_err(|e| SaveError::Scenario {
        file: file.to_string(),
        at: None,
        error: e.to_string(),
    })?;
    let t = Translate {
        scenario: &scenario,
    };
    let steps: Vec<Step> = old
        .steps
        .iter()
        .map(|(seat, a)| Ok(Step::Seat(Seat(*seat), t.action(*a)?)))
        .collect::<Result<_, String>>()
        .map_err(|e| untranslatable(file, e))?;
    let game = super::replay(
        file,
        Arc::clone(&scenario),
        old.seed,
        GameConfig::default(),
        &steps,
    )?;
    let mut players = old.players;
    players.resize(
        game.scenario().factions().len(),
        Player::Ai(crate::ai::Level::Normal),
    );
    let meta = super::Meta::new(&crate::table::new_game_id(), "migrated from format 1");
    let save = SaveFile::of(&game, &players, meta)?;
    Ok(Loaded { save, game })
}
