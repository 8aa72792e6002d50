//! Helpers shared by the test modules.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use std::sync::Arc;
use umbrella::ai::{Level, Player};
use umbrella::core::*;
use umbrella::tui::app::{App, Flow, Input};
use umbrella::tui::play::{Session, Stage};
use umbrella::tui::render;
use umbrella::tui::theme::Theme;

pub fn scenario(name: &str) -> Arc<Scenario> {
    umbrella::scenario::find(name).unwrap()
}

pub fn fixture(name: &str) -> Arc<Scenario> {
    scenario(&format!("tests/fixtures/scenarios/valid/{name}.ron"))
}

pub fn nato_lite() -> Arc<Scenario> {
    scenario("nato-lite-2025")
}

pub fn seat(s: &Scenario, id: &str) -> Seat {
    s.seat_by_id(id)
        .unwrap_or_else(|| panic!("no faction {id}"))
}

/// A clause choice by names: one option, or menu items.
pub fn pick(s: &Scenario, clause: &str, options: &[&str]) -> (ClauseId, Pick) {
    let family = s
        .clause_by_id(clause)
        .unwrap_or_else(|| panic!("no clause {clause}"));
    let mut p = Pick::EMPTY;
    for o in options {
        let i = s
            .option_by_id(family, o)
            .unwrap_or_else(|| panic!("no option {o}"));
        p.insert(i);
    }
    (family, p)
}

/// A whole draft by names.
pub fn draft(s: &Scenario, spec: &[(&str, &[&str])]) -> Draft {
    let mut d = Draft::default();
    for (clause, options) in spec {
        let (f, p) = pick(s, clause, options);
        d = d.with(f, p);
    }
    assert!(d.is_valid(s), "test draft is incomplete");
    d
}

/// The treaty most crisis tests use: a pact with a 24-hour clock, no pre-authorisation.
pub const PACT_24H: &[(&str, &[&str])] = &[
    ("framework", &["pact"]),
    ("clock", &["24h"]),
    ("obligation", &["respond"]),
    ("menu", &["sanctions", "economic", "arms", "intel", "air"]),
    ("preauth", &["no"]),
    ("burden", &["equal"]),
    ("russia", &["none"]),
];

/// `spec` with some clauses replaced.
pub fn with<'a>(
    spec: &[(&'a str, &'a [&'a str])],
    changes: &[(&'a str, &'a [&'a str])],
) -> Vec<(&'a str, &'a [&'a str])> {
    spec.iter()
        .map(|(c, o)| {
            changes
                .iter()
                .find(|(k, _)| k == c)
                .copied()
                .unwrap_or((*c, *o))
        })
        .collect()
}

/// A game whose every clause is fixed to `spec`.
pub fn fixed_game(s: &Arc<Scenario>, seed: u64, spec: &[(&str, &[&str])]) -> Game {
    let fixed = spec.iter().map(|(c, o)| pick(s, c, o)).collect();
    Game::new(
        Arc::clone(s),
        seed,
        GameConfig {
            fixed,
            ..GameConfig::default()
        },
    )
    .unwrap()
}

/// Negotiate `spec` in the first round: `signers` sign, everyone else passes.
/// The aggressor rejects any offer. The game is left between crises.
pub fn with_treaty(
    s: &Arc<Scenario>,
    seed: u64,
    spec: &[(&str, &[&str])],
    signers: &[&str],
) -> Game {
    let mut game = fixed_game(s, seed, spec);
    while game.state().phase() == Phase::Negotiation {
        let seat = game.to_move().unwrap();
        let action = if signers.contains(&s.faction(seat).id.as_str()) {
            Action::Sign
        } else {
            Action::Pass
        };
        game.apply(seat, action).unwrap();
    }
    if game.state().phase() == Phase::Offer {
        let aggressor = game.to_move().unwrap();
        game.apply(aggressor, Action::AnswerOffer { accept: false })
            .unwrap();
    }
    assert_eq!(
        game.state().phase(),
        Phase::Interlude,
        "the treaty did not enter into force"
    );
    game
}

pub fn act(game: &mut Game, id: &str, action: Action) -> Vec<Event> {
    let seat = seat(game.scenario(), id);
    // Between crises the guarantors decide before the aggressor.
    if seat == game.scenario().aggressor() {
        guarantors_hold(game);
    } else {
        aggressor_watches(game);
    }
    game.apply(seat, action)
        .unwrap_or_else(|e| panic!("{id} cannot {action:?}: {e}"))
}

/// The aggressor launches the attack named `id` (the guarantors first hold
/// their course between crises).
pub fn attack(game: &mut Game, id: &str) -> Vec<Event> {
    let a = game.scenario().attack_by_id(id).unwrap();
    let aggressor = guarantors_hold(game);
    game.apply(aggressor, Action::Attack(a)).unwrap()
}

/// In a crisis, an aggressor whose turn it is takes no part (stands down):
/// the tests that script the guarantors leave the attack as it was launched.
pub fn aggressor_watches(game: &mut Game) {
    let aggressor = game.scenario().aggressor();
    while game.state().phase() == Phase::Crisis && game.to_move() == Some(aggressor) {
        game.apply(aggressor, Action::StandDown).unwrap();
    }
}

/// Between crises, every guarantor still to decide holds its course; the
/// aggressor is then to move (returned).
pub fn guarantors_hold(game: &mut Game) -> Seat {
    let aggressor = game.scenario().aggressor();
    while game.state().phase() == Phase::Interlude && game.to_move() != Some(aggressor) {
        let seat = game.to_move().unwrap();
        game.apply(seat, Action::Hold).unwrap();
    }
    aggressor
}

pub fn responses(s: &Scenario, ids: &[&str]) -> ResponseSet {
    ids.iter().map(|id| s.response_by_id(id).unwrap()).collect()
}

/// Play the current crisis with a fixed, simple policy until it closes:
/// the first free seat convenes, waits for consultations, then `proposer`
/// proposes `package`, everyone backs it with what `contribution` says,
/// votes are sought when needed, and seats stand down once they have answered.
pub fn play_crisis(
    game: &mut Game,
    proposer: &str,
    package: ResponseSet,
    contribution: impl Fn(&Game, Seat) -> ResponseSet,
) {
    let proposer = seat(game.scenario(), proposer);
    while game.state().phase() == Phase::Crisis {
        let me = game.to_move().unwrap();
        let c = game.state().crisis().unwrap();
        let answered = c
            .package
            .as_ref()
            .is_some_and(|p| p.supporters.contains(me) || p.objectors.contains(me));
        let action = if me == game.scenario().aggressor() {
            Action::StandDown
        } else if c.approvals[me.index()] == ApprovalStatus::Needed {
            Action::SeekApproval
        } else if c.convened_by.is_none() {
            Action::Convene
        } else if c.consult_open_at.is_some_and(|h| h > c.now) {
            Action::Wait(c.consult_open_at.unwrap() - c.now)
        } else if c.package.is_none() && me == proposer {
            Action::Propose(package)
        } else if c.package.is_none() {
            Action::Wait(1)
        } else if !answered {
            let p = c.package.as_ref().unwrap();
            Action::Support(
                contribution(game, me)
                    .intersect(p.items)
                    .intersect(game.providable(me)),
            )
        } else {
            Action::StandDown
        };
        game.apply(me, action)
            .unwrap_or_else(|e| panic!("scripted crisis: {action:?} refused: {e}"));
    }
}

/// The moves every scripted crisis opens with, if one is due for `me`: the
/// aggressor stands down, the first free seat convenes, everyone waits for
/// consultations to open.
pub fn opening(game: &Game, me: Seat) -> Option<Action> {
    let c = game.state().crisis()?;
    if me == game.scenario().aggressor() {
        Some(Action::StandDown)
    } else if c.convened_by.is_none() {
        Some(Action::Convene)
    } else {
        c.consult_open_at
            .filter(|h| *h > c.now)
            .map(|h| Action::Wait(h - c.now))
    }
}

/// Everyone provides everything they can.
pub fn everything(game: &Game, seat: Seat) -> ResponseSet {
    game.providable(seat)
}

pub fn events_of(game: &Game) -> Vec<EventKind> {
    game.state().log.iter().map(|e| e.kind.clone()).collect()
}

/// Every seat's secret objective texts.
pub fn secret_texts(s: &Scenario) -> Vec<&str> {
    s.factions()
        .iter()
        .flat_map(|f| f.secret.objectives.iter().filter(|o| !o.public))
        .map(|o| o.text.as_str())
        .collect()
}

/// A draft written with names, as a scenario file writes it.
pub fn named_draft(s: &Scenario, d: &Draft) -> NamedDraft {
    s.clause_ids()
        .map(|c| {
            let clause = s.clause(c);
            let options = d
                .pick(c)
                .options()
                .map(|o| clause.options[o].id.clone())
                .collect();
            (clause.id.clone(), options)
        })
        .collect()
}

/// `s` changed as `change` says, written out and validated again: the only
/// way to a different scenario.
pub fn modified(s: &Scenario, change: impl FnOnce(&mut RawScenario)) -> Arc<Scenario> {
    let mut raw = s.raw().clone();
    change(&mut raw);
    let text = ron::ser::to_string_pretty(&raw, ron::ser::PrettyConfig::default()).unwrap();
    Arc::new(Scenario::validate(raw, &text).unwrap_or_else(|p| panic!("{p:?}")))
}

/// The scenario with every secret of every seat but `keep` changed: preferences
/// reversed, objectives replaced, personalities flipped, and extra red lines
/// that were never signalled.
pub fn scrambled(s: &Scenario, keep: Option<Seat>) -> Arc<Scenario> {
    let second_clause = s.clauses()[1.min(s.clauses().len() - 1)].clone();
    modified(s, |raw| {
        for (i, f) in raw.factions.iter_mut().enumerate() {
            if Some(Seat(i as u8)) == keep {
                continue;
            }
            let secret = &mut f.secret;
            for options in secret.preferences.values_mut() {
                for v in options.values_mut() {
                    *v = -*v * 3 + (i as i32);
                }
            }
            // Public aims are public: only the secret ones change.
            secret.objectives.retain(|o| o.public);
            secret.objectives.push(RawObjective {
                id: "other".into(),
                text: "A completely different secret aim.".into(),
                public: false,
                points: 1,
                condition: Condition::AttacksAtLeast(9),
            });
            secret.victory = 1;
            secret.personality = Personality {
                concession: 9.0 - secret.personality.concession,
                hawkishness: 1.0 - secret.personality.hawkishness,
                caution: 1.0 - secret.personality.caution,
                solidarity: 1.0 - secret.personality.solidarity,
            };
            secret.red_lines.push(RawRedLine {
                clause: second_clause.id.clone(),
                option: second_clause.options[0].id.clone(),
                kind: RedLineKind::Require,
                why: "an unsignalled red line".into(),
            });
        }
    })
}

// ---- the terminal app -----------------------------------------------------

/// The screen as plain text, one line per row, trailing blanks trimmed.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| render::draw(f, app, &Theme::PLAIN))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        for x in 0..buffer.area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Press keys as a player would: each key's effects (saves, loads) are
/// carried out as the run loop does.
pub fn press(app: &mut App, keys: &[KeyCode]) -> Flow {
    let mut flow = Flow::Continue;
    for k in keys {
        flow = umbrella::tui::drive(app, Input::key(*k));
    }
    flow
}

pub fn enter(app: &mut App, times: usize) {
    for _ in 0..times {
        umbrella::tui::drive(app, Input::key(KeyCode::Enter));
    }
}

pub fn session(app: &App) -> &Session {
    app.session().expect("a game is on")
}

pub fn solo(seed: u64) -> Vec<Player> {
    let _ = seed;
    vec![
        Player::Human,
        Player::Ai(Level::Normal),
        Player::Ai(Level::Normal),
        Player::Ai(Level::Normal),
        Player::Ai(Level::Normal),
    ]
}

/// A solo game as Italy, already past the briefing.
pub fn at_the_table(seed: u64) -> App {
    let s = Session::new(nato_lite(), solo(seed), seed).unwrap();
    let mut app = App::with_session(s);
    enter(&mut app, 1);
    assert_eq!(session(&app).desk.stage, Stage::Decide);
    app
}

/// A solo game as Italy, in the crisis room right after a limited offensive.
pub fn in_the_crisis_room() -> App {
    let s = nato_lite();
    let mut game = with_treaty(&s, 3, PACT_24H, &["italy", "ukraine", "usa", "europe"]);
    attack(&mut game, "limited");
    let mut session = Session::from_game(game, solo(3));
    session.desk.briefed.insert(seat(&s, "italy"));
    session.route();
    assert_eq!(session.desk.stage, Stage::Decide);
    App::with_session(session)
}
