//! Seminar mode: the facilitator's PIN and panel, interventions in the record,
//! the projector view (public information only), real-time timers driven by
//! injected time, and the after-action report.

use crate::common::*;
use ratatui::crossterm::event::KeyCode;
use std::path::Path;
use std::sync::Arc;
use umbrella::ai::{Level, Player};
use umbrella::core::*;
use umbrella::tui::app::{App, Input, Modal, Screen};
use umbrella::tui::facilitator::FacilitatorAct;
use umbrella::tui::play::{Session, Stage};

const PIN: &str = "2468";

fn session_mut(app: &mut App) -> &mut Session {
    match &mut app.screen {
        Screen::Game(s) => s,
        _ => panic!("no game on"),
    }
}

fn type_digits(app: &mut App, digits: &str) {
    for d in digits.chars() {
        press(app, &[KeyCode::Char(d)]);
    }
}

/// Open the facilitator's panel with the PIN.
fn open_panel(app: &mut App) {
    press(app, &[KeyCode::Char('f')]);
    type_digits(app, PIN);
    press(app, &[KeyCode::Enter]);
    assert_eq!(app.modal, Some(Modal::Facilitator { selected: 0 }));
}

/// Choose the panel's entry whose label starts with `label`.
fn choose(app: &mut App, label: &str) {
    let menu = app.facilitator_menu();
    let index = menu
        .iter()
        .position(|(l, _)| l.starts_with(label))
        .unwrap_or_else(|| panic!("no panel entry {label:?} in {menu:?}"));
    for _ in 0..index {
        press(app, &[KeyCode::Down]);
    }
    press(app, &[KeyCode::Enter]);
}

fn last_step(game: &Game) -> Step {
    game.record().last().cloned().expect("a step")
}

/// The game replayed from its seed and record reaches the same state.
fn assert_replays(game: &Game) {
    let state = game.state();
    let again = Game::replay(
        Arc::clone(game.scenario()),
        state.seed,
        state.config.clone(),
        game.record(),
    )
    .unwrap();
    assert_eq!(again.state().digest(), state.digest());
}

// ---- the PIN ---------------------------------------------------------------

#[test]
fn without_a_facilitator_f_does_nothing() {
    let mut app = at_the_table(1);
    let before = screen(&app, 80, 24);
    press(&mut app, &[KeyCode::Char('f')]);
    assert_eq!(app.modal, None);
    assert_eq!(screen(&app, 80, 24), before);
}

#[test]
fn the_panel_opens_only_with_the_right_pin() {
    let mut app = at_the_table(1).with_facilitator(PIN);
    press(&mut app, &[KeyCode::Char('f')]);
    assert!(screen(&app, 80, 24).contains("Enter the facilitator's PIN."));
    type_digits(&mut app, "2469");
    let typed = screen(&app, 80, 24);
    assert!(
        typed.contains("PIN: ••••") && !typed.contains("2469"),
        "the PIN shows as dots, never digits"
    );
    press(&mut app, &[KeyCode::Enter]);
    assert!(matches!(app.modal, Some(Modal::Pin { wrong: true, .. })));
    assert!(screen(&app, 80, 24).contains("Wrong PIN."));
    // A prefix of the PIN, or the PIN with a digit too many, is wrong too.
    for attempt in ["246", "24680", "02468"] {
        type_digits(&mut app, attempt);
        press(&mut app, &[KeyCode::Enter]);
        assert!(
            matches!(app.modal, Some(Modal::Pin { wrong: true, .. })),
            "{attempt} opened the panel"
        );
    }
    // After three wrong PINs the next try must wait (the fourth came too
    // soon and did not count), and even the right PIN is refused until then:
    // all 10,000 four-digit PINs would take days.
    let wait = app.pin_wait_ms();
    assert_eq!(wait, umbrella::table::pin_delay_ms(3));
    assert!(screen(&app, 80, 24).contains("Wait 2 s before the next try."));
    type_digits(&mut app, PIN);
    press(&mut app, &[KeyCode::Enter]);
    assert!(matches!(app.modal, Some(Modal::Pin { wrong: true, .. })));
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.modal, None);
    app.now_ms += wait;
    open_panel(&mut app);
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.modal, None);
    // The right PIN resets the count: one wrong PIN later there is no wait.
    press(&mut app, &[KeyCode::Char('f')]);
    type_digits(&mut app, "1111");
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.pin_wait_ms(), 0);
}

#[test]
fn the_facilitator_changes_the_pin_from_the_panel() {
    // A student saw the PIN: the panel replaces it; the old one opens nothing.
    let mut app = at_the_table(1).with_facilitator(PIN);
    open_panel(&mut app);
    choose(&mut app, "Change the PIN");
    assert!(screen(&app, 80, 24).contains("Choose a PIN"));
    type_digits(&mut app, "97531");
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.modal, None);
    press(&mut app, &[KeyCode::Char('f')]);
    type_digits(&mut app, PIN);
    press(&mut app, &[KeyCode::Enter]);
    assert!(matches!(app.modal, Some(Modal::Pin { wrong: true, .. })));
    press(&mut app, &[KeyCode::Esc]);
    app.now_ms += app.pin_wait_ms();
    press(&mut app, &[KeyCode::Char('f')]);
    type_digits(&mut app, "97531");
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.modal, Some(Modal::Facilitator { selected: 0 }));
    // Esc while choosing keeps the PIN there is.
    choose(&mut app, "Change the PIN");
    press(&mut app, &[KeyCode::Esc]);
    press(&mut app, &[KeyCode::Char('f')]);
    type_digits(&mut app, "97531");
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.modal, Some(Modal::Facilitator { selected: 0 }));
}

#[test]
fn the_pin_is_chosen_at_setup_or_when_the_game_opens() {
    // Setup: the PIN row, just above Start.
    let mut app = App::new(7);
    press(&mut app, &[KeyCode::Enter, KeyCode::Up]);
    type_digits(&mut app, "135");
    press(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    assert!(
        matches!(app.screen, Screen::Setup(_)),
        "three digits are too few: the game does not start"
    );
    type_digits(&mut app, "7");
    press(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    assert!(app.session().is_some());
    let lock = app.session().and_then(|s| s.table.lock.clone());
    assert!(lock.is_some_and(|l| l.opens("1357")));

    // `umbrella play --facilitator`: the PIN is asked for first.
    let mut app =
        App::with_session(Session::new(nato_lite(), solo(1), 1).unwrap()).with_facilitator_prompt();
    assert!(screen(&app, 80, 24).contains("Choose a PIN of 4 to 8 digits"));
    type_digits(&mut app, "12");
    press(&mut app, &[KeyCode::Enter]);
    assert!(screen(&app, 80, 24).contains("A PIN has 4 to 8 digits."));
    assert!(app.session().is_some_and(|s| s.table.lock.is_none()));
    press(&mut app, &[KeyCode::Backspace, KeyCode::Backspace]);
    type_digits(&mut app, "2468");
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.modal, None);
    open_panel(&mut app);
}

#[test]
fn snapshots_of_the_facilitator_panel() {
    let mut app = at_the_table(1).with_facilitator(PIN);
    press(&mut app, &[KeyCode::Char('f')]);
    type_digits(&mut app, "24");
    insta::assert_snapshot!("facilitator_pin_80x24", screen(&app, 80, 24));
    type_digits(&mut app, "68");
    press(&mut app, &[KeyCode::Enter]);
    insta::assert_snapshot!("facilitator_panel_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("facilitator_panel_120x40", screen(&app, 120, 40));
    choose(&mut app, "Write an inject");
    type_digits(&mut app, "");
    for c in "Leak: the vote in Rome may fail".chars() {
        press(&mut app, &[KeyCode::Char(c)]);
    }
    press(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Left]);
    insta::assert_snapshot!("facilitator_inject_80x24", screen(&app, 80, 24));
}

// ---- interventions ---------------------------------------------------------

#[test]
fn a_prepared_inject_from_the_panel_is_logged_as_the_facilitators_and_replays() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = at_the_table(2).with_facilitator(PIN);
    let s = Arc::clone(session(&app).game().scenario());
    let inject = &s.injects()[0];
    let italy = seat(&s, "italy");
    let before = session(&app).game().state().clone();
    open_panel(&mut app);
    choose(&mut app, &format!("Inject: {}", inject.title));
    assert_eq!(app.modal, None);

    let game = &session(&app).game();
    assert_eq!(last_step(game), Step::Facilitator(Intervention::Inject(0)));
    let state = game.state();
    assert!(state.log[before.log.len()..].iter().any(|e| matches!(
        &e.kind,
        EventKind::Injected { title, .. } if *title == inject.title
    )));
    let expected = (before.tracks.cohesion + inject.effects.cohesion).clamp(0, 100);
    assert_eq!(state.tracks.cohesion, expected);
    assert!(state.seats[italy.index()].support < before.seats[italy.index()].support);
    // Everyone reads it as news, then play goes on.
    assert!(matches!(&session(&app).desk.stage, Stage::News(h) if h.title == inject.title));
    assert!(screen(&app, 80, 24).contains(&inject.title));
    assert_replays(game);

    // Saved and loaded, the inject is still the facilitator's step.
    let path = dir.path().join("inject.ron");
    umbrella::save::save(
        &path,
        game,
        session(&app).players(),
        umbrella::save::Meta::new("test", "test"),
    )
    .unwrap();
    let loaded = umbrella::save::load(&path).unwrap();
    assert_eq!(loaded.game.state().digest(), game.state().digest());
    assert!(
        loaded
            .game
            .record()
            .contains(&Step::Facilitator(Intervention::Inject(0)))
    );
}

#[test]
fn a_written_inject_keeps_every_key_as_typed_and_moves_the_tracks() {
    let mut app = at_the_table(2).with_facilitator(PIN);
    let before = session(&app).game().state().tracks;
    open_panel(&mut app);
    choose(&mut app, "Write an inject");
    assert_eq!(app.modal, Some(Modal::CustomInject { row: 0 }));
    // hjkl, q and ? are shortcuts elsewhere; here they are letters.
    let text = "Leak: khlj quit? Rome's vote slips";
    for c in text.chars() {
        press(&mut app, &[KeyCode::Char(c)]);
    }
    press(&mut app, &[KeyCode::Backspace]);
    press(&mut app, &[KeyCode::Char('s')]);
    // Credibility -3, cohesion +2.
    press(&mut app, &[KeyCode::Down]);
    press(&mut app, &[KeyCode::Left, KeyCode::Left, KeyCode::Left]);
    for _ in 0..4 {
        press(&mut app, &[KeyCode::Down]);
    }
    press(&mut app, &[KeyCode::Right, KeyCode::Right, KeyCode::Enter]);
    let game = &session(&app).game();
    let Step::Facilitator(Intervention::CustomInject { text: got, effects }) = last_step(game)
    else {
        panic!("not a written inject: {:?}", last_step(game))
    };
    assert_eq!(got, text);
    assert_eq!((effects.credibility, effects.cohesion), (-3, 2));
    let after = game.state().tracks;
    assert_eq!(after.credibility, before.credibility - 3);
    assert_eq!(after.cohesion, before.cohesion + 2);
    assert_replays(game);
}

#[test]
fn an_empty_inject_is_not_sent() {
    let mut app = at_the_table(2).with_facilitator(PIN);
    let steps = session(&app).game().record().len();
    open_panel(&mut app);
    choose(&mut app, "Write an inject");
    press(
        &mut app,
        &[KeyCode::Char(' '), KeyCode::Down, KeyCode::Enter],
    );
    assert_eq!(app.modal, Some(Modal::CustomInject { row: 0 }));
    press(&mut app, &[KeyCode::Esc, KeyCode::Esc]);
    assert_eq!(session(&app).game().record().len(), steps);
}

#[test]
fn an_absent_team_is_handed_to_an_ai_and_back() {
    let mut app = at_the_table(4).with_facilitator(PIN);
    let s = Arc::clone(session(&app).game().scenario());
    let italy = seat(&s, "italy");
    open_panel(&mut app);
    choose(&mut app, "Italy: an AI plays for the absent team");
    assert_eq!(
        session(&app).players()[italy.index()],
        Player::Ai(Level::Normal)
    );
    assert_eq!(
        last_step(session(&app).game()),
        Step::Facilitator(Intervention::HandSeat {
            seat: italy,
            to_ai: true
        })
    );
    assert_ne!(
        session(&app).desk.viewer,
        Some(italy),
        "nobody sits at Italy's seat now"
    );
    open_panel(&mut app);
    choose(&mut app, "Italy: human players take the seat");
    assert_eq!(session(&app).players()[italy.index()], Player::Human);
}

#[test]
fn pausing_freezes_the_seats_and_every_pause_is_logged() {
    let mut app = at_the_table(2).with_facilitator(PIN);
    open_panel(&mut app);
    choose(&mut app, "Pause the game");
    assert!(session(&app).paused());
    let steps = session(&app).game().record().len();
    press(
        &mut app,
        &[KeyCode::Enter, KeyCode::Enter, KeyCode::Char(' ')],
    );
    assert_eq!(
        session(&app).game().record().len(),
        steps,
        "no move while paused"
    );
    assert!(screen(&app, 80, 24).contains("PAUSED"));
    open_panel(&mut app);
    choose(&mut app, "Resume the game");
    assert!(!session(&app).paused());
    let record = session(&app).game().record();
    assert_eq!(
        &record[record.len() - 2..],
        &[
            Step::Facilitator(Intervention::Pause),
            Step::Facilitator(Intervention::Resume)
        ]
    );
}

/// Each intervention's effect on the state, and refusals that change nothing.
#[test]
fn interventions_change_what_they_say_and_refusals_change_nothing() {
    let s = nato_lite();
    let italy = seat(&s, "italy");
    let refused = |game: &mut Game, i: Intervention| {
        let digest = game.state().digest();
        let len = game.record().len();
        assert!(game.intervene(i.clone()).is_err(), "{i:?} was allowed");
        assert_eq!(game.state().digest(), digest, "{i:?} changed the state");
        assert_eq!(game.record().len(), len);
    };

    // In the talks.
    let mut game = Game::new(Arc::clone(&s), 5, GameConfig::default()).unwrap();
    let deadline = game.state().talks.deadline;
    game.intervene(Intervention::MoveDeadline(2)).unwrap();
    assert_eq!(game.state().talks.deadline, deadline + 2);
    game.intervene(Intervention::MoveDeadline(-1)).unwrap();
    assert_eq!(game.state().talks.deadline, deadline + 1);
    refused(&mut game, Intervention::MoveDeadline(-100));
    refused(&mut game, Intervention::MoveDeadline(0));
    refused(&mut game, Intervention::MoveClock(6));
    refused(&mut game, Intervention::Inject(200));
    refused(
        &mut game,
        Intervention::CustomInject {
            text: "  ".into(),
            effects: Tracks::ZERO,
        },
    );
    let (clause, longer) = pick(&s, "clock", &["72h"]);
    refused(
        &mut game,
        Intervention::SetTreatyClause {
            clause,
            pick: longer,
        },
    );
    let cohesion = game.state().tracks.cohesion;
    game.intervene(Intervention::AdjustTrack {
        track: Track::Cohesion,
        by: -5,
    })
    .unwrap();
    assert_eq!(game.state().tracks.cohesion, cohesion - 5);
    let support = game.state().seats[italy.index()].support;
    game.intervene(Intervention::AdjustSupport { seat: italy, by: 5 })
        .unwrap();
    assert_eq!(game.state().seats[italy.index()].support, support + 5);
    game.intervene(Intervention::AdvancePhase).unwrap();
    assert_ne!(game.state().phase(), Phase::Negotiation, "the talks closed");
    assert!(
        game.state().treaty().is_some(),
        "a treaty (negotiated or the fallback)"
    );
    assert_replays(&game);

    // In a crisis.
    let mut game = with_treaty(&s, 3, PACT_24H, &["italy", "ukraine", "usa", "europe"]);
    attack(&mut game, "limited");
    let clock = game.state().crisis().as_ref().unwrap().clock;
    game.intervene(Intervention::MoveClock(6)).unwrap();
    assert_eq!(game.state().crisis().as_ref().unwrap().clock, clock + 6);
    refused(&mut game, Intervention::MoveClock(-1000));
    refused(&mut game, Intervention::MoveDeadline(1));
    let (clause, same) = pick(&s, "clock", &["24h"]);
    refused(
        &mut game,
        Intervention::SetTreatyClause { clause, pick: same },
    );
    game.intervene(Intervention::SetTreatyClause {
        clause,
        pick: longer,
    })
    .unwrap();
    assert_eq!(game.state().crisis().as_ref().unwrap().clock, 72);
    let crises = game.state().crises.len();
    game.intervene(Intervention::AdvancePhase).unwrap();
    assert_eq!(
        game.state().crises.len(),
        crises + 1,
        "the crisis closed as it stood"
    );
    assert!(game.state().crisis().is_none());
    assert_replays(&game);

    // Every intervention is in the record as the facilitator's, and in the public log.
    let facilitator = game
        .record()
        .iter()
        .filter(|st| matches!(st, Step::Facilitator(_)))
        .count();
    assert_eq!(facilitator, 3);
    assert!(
        game.state()
            .log
            .iter()
            .any(|e| matches!(e.kind, EventKind::ClockMoved { to } if to == clock + 6))
    );
}

#[test]
fn the_game_over_takes_no_interventions() {
    let s = nato_lite();
    let mut game = Game::new(Arc::clone(&s), 9, GameConfig::default()).unwrap();
    while game.state().phase() != Phase::Ended {
        game.intervene(Intervention::AdvancePhase).unwrap();
    }
    let digest = game.state().digest();
    for i in [
        Intervention::Pause,
        Intervention::AdjustTrack {
            track: Track::Security,
            by: 5,
        },
        Intervention::Inject(0),
    ] {
        assert!(game.intervene(i).is_err());
    }
    assert_eq!(game.state().digest(), digest);
}

// ---- timers ----------------------------------------------------------------

#[test]
fn a_seats_turn_ends_when_its_time_is_up_and_warns_a_minute_before() {
    let mut app = at_the_table(1);
    session_mut(&mut app).table.timers.round_secs = Some(120);
    let s = Arc::clone(session(&app).game().scenario());
    let italy = seat(&s, "italy");
    umbrella::tui::drive(&mut app, Input::Tick(1_000));
    assert_eq!(session(&app).seconds_left(), Some(120));
    assert!(screen(&app, 120, 40).contains("⏱ 2:00 left"));
    umbrella::tui::drive(&mut app, Input::Tick(61_000));
    assert!(screen(&app, 120, 40).contains("⚠ 1:00 LEFT"));
    umbrella::tui::drive(&mut app, Input::Tick(120_999));
    assert_eq!(session(&app).game().state().talks.round, 1);
    umbrella::tui::drive(&mut app, Input::Tick(121_000));
    let state = session(&app).game().state();
    assert!(
        state.talks.round > 1 || state.phase() != Phase::Negotiation,
        "the round closed"
    );
    assert!(
        session(&app)
            .table
            .feed()
            .iter()
            .any(|f| f.seat == Some(italy)
                && f.events
                    .iter()
                    .any(|e| matches!(e.kind, EventKind::Passed { by } if by == italy))),
        "Italy passed when its time was up"
    );
    assert!(
        state
            .log
            .iter()
            .any(|e| matches!(e.kind, EventKind::Passed { by } if by == italy))
    );
    assert!(
        session(&app)
            .desk
            .message
            .as_deref()
            .unwrap_or("")
            .starts_with("Time is up")
    );
}

#[test]
fn a_pause_stops_the_countdown_and_a_resume_restarts_it() {
    let mut app = at_the_table(1);
    session_mut(&mut app).table.timers.round_secs = Some(120);
    umbrella::tui::drive(&mut app, Input::Tick(0));
    umbrella::tui::drive(&mut app, Input::Tick(30_000));
    session_mut(&mut app)
        .intervene(Intervention::Pause)
        .unwrap();
    umbrella::tui::drive(&mut app, Input::Tick(500_000));
    assert_eq!(session(&app).seconds_left(), Some(90));
    assert_eq!(session(&app).game().state().talks.round, 1);
    session_mut(&mut app)
        .intervene(Intervention::Resume)
        .unwrap();
    umbrella::tui::drive(&mut app, Input::Tick(589_999));
    assert_eq!(session(&app).game().state().talks.round, 1);
    umbrella::tui::drive(&mut app, Input::Tick(590_000));
    let state = session(&app).game().state();
    assert!(state.talks.round > 1 || state.phase() != Phase::Negotiation);
}

#[test]
fn a_crisis_hour_passes_for_a_seat_that_does_not_act() {
    let mut app = in_the_crisis_room();
    let s = Arc::clone(session(&app).game().scenario());
    let italy = seat(&s, "italy");
    session_mut(&mut app).table.timers.hour_secs = Some(20);
    umbrella::tui::drive(&mut app, Input::Tick(0));
    let left = session(&app).seconds_to_clock().unwrap();
    let hours = {
        let c = session(&app).game().state().crisis().unwrap();
        (c.clock - c.now) as u64
    };
    assert_eq!(left, hours * 20, "every hour left, at 20 s each");
    assert!(screen(&app, 120, 40).contains("to the clock"));
    let steps = session(&app).game().record().len();
    umbrella::tui::drive(&mut app, Input::Tick(19_999));
    assert_eq!(session(&app).game().record().len(), steps);
    umbrella::tui::drive(&mut app, Input::Tick(20_000));
    assert_eq!(
        session(&app).game().record()[steps],
        Step::Seat(italy, Action::Wait(1))
    );
    assert!(
        session(&app)
            .desk
            .message
            .as_deref()
            .is_some_and(|m| m.contains("Time passes")),
        "the seat is told the hour passed"
    );
}

#[test]
fn timers_are_set_from_the_panel() {
    let mut app = at_the_table(1).with_facilitator(PIN);
    open_panel(&mut app);
    choose(&mut app, "Real-time limit per turn");
    assert_eq!(session(&app).timers().round_secs, Some(120));
    // The panel stays open on the same entry: Enter again cycles the setting.
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(session(&app).timers().round_secs, Some(180));
    assert!(screen(&app, 80, 24).contains("Real-time limit per turn: 180 s"));
    press(&mut app, &[KeyCode::Esc]);
    assert!(app.wants_ticks());
}

// ---- the projector -----------------------------------------------------------

#[test]
fn snapshots_of_the_projector_view() {
    let mut app = at_the_table(1);
    press(&mut app, &[KeyCode::Char('p')]);
    assert!(app.projector);
    insta::assert_snapshot!("projector_talks_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("projector_talks_120x40", screen(&app, 120, 40));

    let mut app = in_the_crisis_room();
    session_mut(&mut app).table.timers.hour_secs = Some(20);
    umbrella::tui::drive(&mut app, Input::Tick(0));
    umbrella::tui::drive(&mut app, Input::Tick(5_000));
    press(&mut app, &[KeyCode::Char('p')]);
    insta::assert_snapshot!("projector_crisis_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("projector_crisis_120x40", screen(&app, 120, 40));
    // Keys other than p do nothing to the game while it is projected.
    let steps = session(&app).game().record().len();
    press(
        &mut app,
        &[KeyCode::Enter, KeyCode::Char(' '), KeyCode::Down],
    );
    assert_eq!(session(&app).game().record().len(), steps);
    press(&mut app, &[KeyCode::Char('p')]);
    assert!(!app.projector);
}

/// The projector is drawn from public information only: every frame is the
/// same whatever any seat's secrets are, even while a seat's own screen (with
/// its secrets) is what the keyboard shows, and no secret objective appears.
#[test]
fn the_projector_never_shows_a_secret() {
    let s = nato_lite();
    let twin_scenario = scrambled(&s, None);
    let secrets = secret_texts(&s);
    let keys = [
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Down,
        KeyCode::Char(' '),
        KeyCode::Tab,
        KeyCode::Right,
    ];
    let mut checked = 0;
    let mut private_frames = 0;
    for seed in [1u64, 6, 8] {
        let mut players = solo(seed);
        players[2] = Player::Human; // the United States too: hand-overs
        let mut app = App::with_session(Session::new(Arc::clone(&s), players, seed).unwrap());
        for i in 0..900usize {
            if session(&app).is_finished() {
                break;
            }
            if session(&app).private_seat().is_some() {
                private_frames += 1;
            }
            let mut projected = app.clone();
            projected.projector = true;
            let mut twin = projected.clone();
            let t = session_mut(&mut twin);
            t.table = t.table.on_scenario(Arc::clone(&twin_scenario)).unwrap();
            let sizes: &[(u16, u16)] = if i % 5 == 0 {
                &[(80, 24), (120, 40), (400, 120)]
            } else {
                &[(80, 24), (120, 40)]
            };
            for &(w, h) in sizes {
                let frame = screen(&projected, w, h);
                assert!(frame.contains("Projector view"), "not the projector");
                assert_eq!(
                    frame,
                    screen(&twin, w, h),
                    "seed {seed} step {i} at {w}x{h}"
                );
                for secret in &secrets {
                    assert!(!frame.contains(secret), "the projector shows {secret}");
                }
                checked += 1;
            }
            umbrella::tui::drive(
                &mut app,
                Input::key(keys[(i * 7 + seed as usize) % keys.len()]),
            );
        }
    }
    assert!(checked > 500, "only {checked} frames checked");
    assert!(
        private_frames > 60,
        "only {private_frames} frames with a seat's own screen"
    );
}

// ---- the after-action report ---------------------------------------------------

const SEMINAR: &str = "tests/fixtures/saves/valid/seminar-3.ron";
const BRANCH: &str = "tests/fixtures/saves/valid/seminar-3-branch.ron";

fn report_of(path: &str) -> umbrella::report::Report {
    let loaded = umbrella::save::load(Path::new(path)).unwrap();
    umbrella::report::build(
        &loaded.game,
        &loaded.save.players,
        loaded.save.branch.as_ref(),
        true,
    )
}

#[test]
fn the_markdown_report_of_the_committed_saves() {
    insta::assert_snapshot!(
        "report_seminar_3",
        umbrella::report::markdown(&report_of(SEMINAR))
    );
    insta::assert_snapshot!(
        "report_seminar_3_branch",
        umbrella::report::markdown(&report_of(BRANCH))
    );
}

#[test]
fn the_report_covers_what_the_debrief_needs() {
    let r = report_of(SEMINAR);
    assert_eq!(r.seats.len(), 5);
    assert!(!r.treaty.clauses.is_empty(), "the treaty clause by clause");
    assert!(!r.crises.is_empty(), "the fixture game has crises");
    for c in &r.crises {
        assert!(!c.why.is_empty() && !c.moves.is_empty(), "{}", c.title);
    }
    assert_eq!(r.tracks.len(), 5);
    assert!(r.tracks.iter().all(|t| t.points.len() > 2));
    assert_eq!(r.scores.len(), 5);
    assert!(
        (5..=8).contains(&r.questions.len()),
        "{} questions",
        r.questions.len()
    );
    assert!(!r.background.is_empty());
    // The branch is a different game, and its questions say so.
    let b = report_of(BRANCH);
    assert!(b.branch.is_some());
    assert_ne!(r.questions, b.questions);
}

/// A facilitated game: the report lists the interventions in order.
#[test]
fn the_report_lists_the_facilitators_interventions() {
    let s = nato_lite();
    let mut game = Game::new(Arc::clone(&s), 11, GameConfig::default()).unwrap();
    game.intervene(Intervention::Inject(0)).unwrap();
    game.intervene(Intervention::CustomInject {
        text: "A storm closes the ports for a week.".into(),
        effects: Tracks {
            security: -2,
            ..Tracks::ZERO
        },
    })
    .unwrap();
    game.intervene(Intervention::MoveDeadline(1)).unwrap();
    let players = vec![Player::Ai(Level::Normal); 5];
    let r = umbrella::report::build(&game, &players, None, true);
    let texts: Vec<&str> = r.interventions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(texts[0].contains(&s.injects()[0].title));
    assert!(texts[1].contains("A storm closes the ports"));
    let md = umbrella::report::markdown(&r);
    assert!(md.contains("## Facilitator interventions"));
    assert!(md.contains("A storm closes the ports for a week."));
}

/// Well-formed XML (so any browser or printer reads it the same way) with
/// balanced tags, and nothing fetched from anywhere.
fn assert_well_formed_and_self_contained(html: &str) {
    use quick_xml::events::Event as X;
    let mut reader = quick_xml::Reader::from_str(html);
    let mut depth = 0i32;
    let mut svg = false;
    loop {
        match reader.read_event() {
            Ok(X::Start(e)) => {
                depth += 1;
                svg |= e.name().0 == "svg";
            }
            Ok(X::End(_)) => depth -= 1,
            Ok(X::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at byte {}: {e}", reader.buffer_position()),
        }
        assert!(depth >= 0);
    }
    assert_eq!(depth, 0, "unclosed elements");
    assert!(svg, "the track chart is inline SVG");
    for outside in [
        "src=", "href=", "<script", "<link", "url(", "@import", "<iframe",
    ] {
        assert!(
            !html.contains(outside),
            "the report refers outside: {outside}"
        );
    }
    let http: Vec<&str> = html
        .match_indices("http")
        .map(|(i, _)| &html[i..i + 30])
        .collect();
    assert!(
        http.iter()
            .all(|h| h.starts_with("http://www.w3.org/2000/svg")),
        "network addresses: {http:?}"
    );
    assert!(html.contains("@media print"), "print styles");
}

#[test]
fn the_html_report_is_well_formed_and_self_contained() {
    for path in [SEMINAR, BRANCH] {
        let r = report_of(path);
        let html = umbrella::report::html(&r);
        assert_well_formed_and_self_contained(&html);
        for q in &r.questions {
            assert!(
                html.contains(&*html_escape::encode_double_quoted_attribute(q)),
                "{q}"
            );
        }
    }
    // Text that looks like markup is escaped.
    let s = nato_lite();
    let mut game = Game::new(Arc::clone(&s), 2, GameConfig::default()).unwrap();
    game.intervene(Intervention::CustomInject {
        text: "<script>alert(1)</script> & \"quotes\"".into(),
        effects: Tracks::ZERO,
    })
    .unwrap();
    let html = umbrella::report::html(&umbrella::report::build(&game, &solo(2), None, true));
    assert_well_formed_and_self_contained(&html);
    assert!(html.contains("&lt;script&gt;"));
}

#[test]
fn export_on_the_final_screen_writes_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let players = vec![Player::Ai(Level::Normal); 5];
    let mut app = App::with_session(Session::new(nato_lite(), players, 12).unwrap())
        .with_save_dir(dir.path());
    for _ in 0..5_000 {
        if matches!(session(&app).desk.stage, Stage::Final { .. }) {
            break;
        }
        press(&mut app, &[KeyCode::Enter]);
    }
    assert!(matches!(session(&app).desk.stage, Stage::Final { .. }));
    press(&mut app, &[KeyCode::Char('e')]);
    let id = &session(&app).table.id;
    let html = dir
        .path()
        .join(format!("report-nato-lite-2025-12-{id}.html"));
    let md = dir.path().join(format!("report-nato-lite-2025-12-{id}.md"));
    assert!(html.exists() && md.exists());
    assert_well_formed_and_self_contained(&std::fs::read_to_string(&html).unwrap());
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .starts_with("# After-action report")
    );
    assert!(screen(&app, 120, 40).contains("The after-action report is written"));
}

#[test]
fn the_panel_exports_a_report_mid_game() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = at_the_table(3)
        .with_facilitator(PIN)
        .with_save_dir(dir.path());
    open_panel(&mut app);
    assert!(
        app.facilitator_menu()
            .iter()
            .any(|(_, a)| *a == FacilitatorAct::ExportReport)
    );
    choose(&mut app, "Export the after-action report");
    let id = &session(&app).table.id;
    assert!(
        dir.path()
            .join(format!("report-nato-lite-2025-3-{id}.html"))
            .exists()
    );
    // The panel is closed, and the players see that it was written.
    assert_eq!(app.modal, None);
    assert!(screen(&app, 120, 40).contains("The after-action report is written"));
}

/// `umbrella projector`: a second window follows the game's autosaves and
/// shows exactly the projector view of the game window, never a secret.
#[test]
fn a_projector_window_follows_the_game_through_its_autosaves() {
    let dir = tempfile::tempdir().unwrap();
    let mut room = App::projector_window(dir.path());
    assert!(screen(&room, 80, 24).contains("Waiting for a game"));
    umbrella::tui::drive(&mut room, Input::Tick(500));
    assert!(screen(&room, 80, 24).contains("Waiting for a game"));

    let s = nato_lite();
    let secrets = secret_texts(&s);
    let mut players = solo(5);
    players[1] = Player::Human;
    let mut game = App::with_session(Session::new(Arc::clone(&s), players, 5).unwrap())
        .with_save_dir(dir.path())
        .with_facilitator(PIN);
    let footer = |text: String| text.lines().take(23).collect::<Vec<_>>().join("\n");
    let mut compared = 0;
    for i in 0..40u64 {
        press(&mut game, &[KeyCode::Enter]);
        if i == 12 {
            open_panel(&mut game);
            choose(&mut game, "Pause the game");
        }
        umbrella::tui::drive(&mut room, Input::Tick(1_000 + i * 500));
        if room.session().is_none() {
            continue; // nothing autosaved yet: no move was made
        }
        compared += 1;
        let mut projected = game.clone();
        projected.projector = true;
        projected.modal = None;
        // Only the last line (the keys) differs.
        assert_eq!(
            footer(screen(&room, 80, 24)),
            footer(screen(&projected, 80, 24)),
            "move {i}"
        );
        let wide = screen(&room, 400, 120);
        assert!(secrets.iter().all(|t| !wide.contains(t)));
    }
    assert!(compared > 30, "{compared} frames compared");
    assert!(screen(&room, 80, 24).contains("PAUSED by the facilitator"));
    assert_eq!(
        umbrella::tui::drive(&mut room, Input::key(KeyCode::Enter)),
        umbrella::tui::app::Flow::Continue
    );
    assert_eq!(
        umbrella::tui::drive(&mut room, Input::key(KeyCode::Char('q'))),
        umbrella::tui::app::Flow::Quit
    );
}

/// A key storm at a seminar: PIN attempts, the panel, injects, timers, the
/// projector and ticks, in any order. Nothing panics, and the game's record
/// (facilitator steps included) always replays to the same state.
#[test]
fn a_seminar_key_storm_breaks_nothing() {
    use rand::{RngExt, SeedableRng};
    let keys = [
        KeyCode::Char('f'),
        KeyCode::Char('2'),
        KeyCode::Char('4'),
        KeyCode::Char('6'),
        KeyCode::Char('8'),
        KeyCode::Char('p'),
        KeyCode::Char('e'),
        KeyCode::Char('x'),
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Down,
        KeyCode::Up,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Esc,
        KeyCode::Backspace,
        KeyCode::Tab,
        KeyCode::Char(' '),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(6);
    let new_game = |seed: u64| {
        // Easy AI seats: quick games, so the storm goes through several.
        let mut players: Vec<Player> = solo(seed)
            .into_iter()
            .map(|p| match p {
                Player::Ai(_) => Player::Ai(umbrella::ai::Level::Easy),
                human => human,
            })
            .collect();
        players[3] = Player::Human;
        // A short horizon: a human aggressor now has turns in every crisis,
        // and the storm must still see games end and new ones begin.
        let short = modified(&nato_lite(), |raw| raw.rules.horizon_months = 8);
        let mut app = App::with_session(Session::new(short, players, seed).unwrap())
            .with_facilitator(PIN)
            .with_save_dir(dir.path());
        session_mut(&mut app).table.timers.round_secs = Some(120);
        session_mut(&mut app).table.timers.hour_secs = Some(10);
        app
    };
    let mut app = new_game(0);
    let (mut now, mut interventions, mut games) = (0, 0, 1);
    for i in 0..8000u64 {
        if app.session().is_none() {
            app = new_game(i);
            games += 1;
        }
        // Now and then the facilitator types the PIN in full.
        if rng.random_range(0..30) == 0 {
            press(&mut app, &[KeyCode::Char('f')]);
            type_digits(&mut app, "2468");
            press(&mut app, &[KeyCode::Enter]);
        }
        let key = keys[rng.random_range(0..keys.len())];
        if umbrella::tui::drive(&mut app, Input::key(key)) == umbrella::tui::app::Flow::Quit {
            app = new_game(i);
            games += 1;
        }
        now += rng.random_range(0..20_000u64);
        umbrella::tui::drive(&mut app, Input::Tick(now));
        if i % 20 == 0 {
            screen(&app, 80, 24);
        }
        if let Some(s) = app.session()
            && (i % 20 == 0 || s.is_finished())
        {
            assert_replays(s.game());
            let facilitator = |st: &&Step| matches!(st, Step::Facilitator(_));
            interventions = interventions.max(s.game().record().iter().filter(facilitator).count());
        }
    }
    assert!(games > 1, "{games} games");
    assert!(interventions > 0, "the storm never reached the panel");
}

#[test]
fn a_turn_timer_stands_still_through_the_hand_over_and_the_briefing() {
    let ai = Player::Ai(Level::Normal);
    let players = vec![Player::Human, Player::Human, ai, ai, ai];
    let mut app = App::with_session(Session::new(nato_lite(), players, 3).unwrap());
    session_mut(&mut app).table.timers.round_secs = Some(10);
    assert!(matches!(session(&app).desk.stage, Stage::Handover { .. }));
    let steps = session(&app).game().record().len();
    umbrella::tui::drive(&mut app, Input::Tick(0));
    umbrella::tui::drive(&mut app, Input::Tick(60_000));
    assert_eq!(
        session(&app).game().record().len(),
        steps,
        "held on the hand-over"
    );
    press(&mut app, &[KeyCode::Enter]);
    assert!(matches!(session(&app).desk.stage, Stage::Briefing { .. }));
    umbrella::tui::drive(&mut app, Input::Tick(120_000));
    assert_eq!(
        session(&app).game().record().len(),
        steps,
        "held on the briefing"
    );
    assert_eq!(session(&app).seconds_left(), Some(10));
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(session(&app).desk.stage, Stage::Decide);
    // The countdown runs from the first tick at the table (the run loop
    // ticks twice a second).
    umbrella::tui::drive(&mut app, Input::Tick(125_000));
    assert_eq!(session(&app).seconds_left(), Some(10));
    umbrella::tui::drive(&mut app, Input::Tick(130_000));
    assert_eq!(session(&app).seconds_left(), Some(5));
    umbrella::tui::drive(&mut app, Input::Tick(135_000));
    // Italy's turn ran out: it passed, and the next seat's turn begins.
    assert!(session(&app).game().record().len() > steps);
    assert!(
        session(&app)
            .desk
            .message
            .as_deref()
            .is_some_and(|m| m.starts_with("Time is up: Italy passes"))
    );
}

#[test]
fn the_crisis_countdown_counts_every_human_seats_turn_for_each_hour() {
    // Two hours left, 20 s a turn, three human seats: this turn's 20 s, then
    // one more hour of three turns.
    assert_eq!(umbrella::table::seconds_to_clock(Some(20), 20, 2, 3), 80);
    assert_eq!(umbrella::table::seconds_to_clock(Some(5), 20, 1, 3), 5);
    assert_eq!(umbrella::table::seconds_to_clock(None, 20, 24, 1), 480);
}

#[test]
fn the_debrief_questions_follow_the_game() {
    use umbrella::ai::Bot;
    let mut sets = std::collections::BTreeSet::new();
    for name in ["nato-lite-2025", "brussels-2025"] {
        let s = scenario(name);
        let bots = vec![Bot::Normal; s.factions().len()];
        for seed in 0..40 {
            let game =
                umbrella::lab::play(Arc::clone(&s), seed, GameConfig::default(), &bots).unwrap();
            let players: Vec<Player> = bots.iter().map(|b| Player::of_bot(*b)).collect();
            let r = umbrella::report::build(&game, &players, None, true);
            assert!(
                (5..=8).contains(&r.questions.len()),
                "{name} seed {seed}: {} questions",
                r.questions.len()
            );
            if name == "nato-lite-2025" {
                sets.insert(r.questions.clone());
            }
        }
    }
    assert!(sets.len() >= 10, "{} distinct sets in 40 games", sets.len());
    // Games whose story a question tells: the aggressor winning although every
    // clock was met, or the guarantee's credibility against Ukraine's security.
    let told = sets
        .iter()
        .flatten()
        .any(|q| q.contains("Every clock was met") || q.contains("Whose guarantee was it"));
    assert!(told, "no question tells the game's story");
}

#[test]
fn the_charts_legend_has_room_for_its_longest_name() {
    let r = report_of(SEMINAR);
    let html = umbrella::report::html(&r);
    let svg = &html[html.find("<svg").unwrap()..];
    let width: f64 = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .and_then(|v| v.split(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap();
    for s in &r.tracks {
        let label = svg
            .split("<text x=\"")
            .find(|t| t.contains(&format!(">{} ", s.name)))
            .unwrap_or_else(|| panic!("no legend for {}", s.name));
        let x: f64 = label.split('"').next().unwrap().parse().unwrap();
        let text = label.split('>').nth(1).unwrap().split('<').next().unwrap();
        // 12 px type: at most 7 px a character.
        assert!(
            width - x >= 7.0 * text.chars().count() as f64,
            "\"{text}\" at {x} in a chart {width} wide"
        );
    }
}
