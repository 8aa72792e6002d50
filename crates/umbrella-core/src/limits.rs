//! The bounds a scenario's numbers keep (docs/scenario-format.md gives
//! each field's): wide enough for any scenario a seminar would write, narrow
//! enough that every game can be played to its end and no sum of them can
//! overflow.

/// Negotiation rounds before the deadline: a year of weekly rounds.
pub const MAX_ROUNDS: i32 = 52;
/// Months of a game's horizon (and of any other span of months): ten years.
pub const MAX_MONTHS: i32 = 120;
/// Any duration in hours: of the rules, a response, a national vote, a clock.
pub const MAX_HOURS: i32 = 1000;
/// An objective's points, either way.
pub const MAX_POINTS: i32 = 1000;
/// Objectives of one faction.
pub const MAX_OBJECTIVES: usize = 64;
/// A preference for an option, either way.
pub const MAX_PREFERENCE: i32 = 1000;
/// A change of a 0-100 track or of domestic support, either way; also the
/// most an attack can damage or cost, and an option's deterrence, provocation
/// and support.
pub const MAX_CHANGE: i32 = 100;
/// A response's strength or cost, an attack's severity or gain, the
/// provocation per rung.
pub const MAX_MAGNITUDE: i32 = 1000;
/// A percentage that may pass 100 (the proportion thresholds, a clock's stakes).
pub const MAX_PERCENT: i32 = 1000;
/// A guarantor's weight in the burden sharing.
pub const MAX_BURDEN_WEIGHT: i32 = 100;
/// Rungs of the escalation ladder.
pub const MAX_RUNGS: usize = 20;
/// Characters of an id (of a faction, clause, option, response, attack...).
pub const MAX_ID_CHARS: usize = 64;
/// Characters of a name, title, label or other one-line text.
pub const MAX_NAME_CHARS: usize = 200;
/// Rungs a facilitator may move the escalation ladder at once (and never
/// more than the ladder's top rung).
pub const MAX_RUNG_CHANGE: i32 = 10;
/// Characters of a facilitator's own inject.
pub const MAX_INJECT_CHARS: usize = 240;
/// Interventions of a facilitator in one game (a resume of a paused game is
/// never refused): a seminar makes dozens; a crafted save of many thousands
/// would take minutes to replay.
pub const MAX_INTERVENTIONS: usize = 1000;
