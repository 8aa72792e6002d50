//! The tournament's baseline bots: the hardliner, the conceder and the
//! scripted doctrine play every seat and phase legally, keep to their
//! character, and decide from their own view only.

use crate::common::*;
use std::sync::Arc;
use umbrella::ai::{self, Bot, Decision};
use umbrella::core::*;
use umbrella::lab;

const SCENARIOS: [&str; 2] = ["nato-lite-2025", "brussels-2025"];
const BOTS: [Bot; 3] = [Bot::Hardliner, Bot::Conceder, Bot::Scripted];
/// The reason `Bot::decide` gives when it had to replace an illegal decision.
const FALLBACK: &str = "no better option";

/// Seat lineups for `bot`: everywhere; on alternate seats with the baseline
/// elsewhere (both ways round); on the first seat only, and everywhere but
/// there; and the three tournament baselines side by side.
fn lineups(s: &Scenario, bot: Bot) -> Vec<Vec<Bot>> {
    let n = s.factions().len();
    let alternate = |parity: usize| {
        (0..n)
            .map(|i| if i % 2 == parity { bot } else { Bot::Baseline })
            .collect()
    };
    let k = BOTS.iter().position(|b| *b == bot).unwrap_or(0);
    vec![
        vec![bot; n],
        alternate(0),
        alternate(1),
        (0..n)
            .map(|i| if i == 0 { bot } else { Bot::Baseline })
            .collect(),
        (0..n)
            .map(|i| if i == 0 { Bot::Baseline } else { bot })
            .collect(),
        (0..n).map(|i| BOTS[(i + k) % BOTS.len()]).collect(),
    ]
}

/// Play a whole game like `lab::run`, but insist that every decision is legal
/// as the bot made it (no fallback needed), calling `inspect` before each is applied.
fn play_checked(
    s: &Arc<Scenario>,
    seed: u64,
    bots: &[Bot],
    inspect: impl FnMut(&SeatView, Bot, &Decision),
) -> Game {
    play_checked_with(s, seed, GameConfig::default(), bots, inspect)
}

fn play_checked_with(
    s: &Arc<Scenario>,
    seed: u64,
    config: GameConfig,
    bots: &[Bot],
    mut inspect: impl FnMut(&SeatView, Bot, &Decision),
) -> Game {
    let mut game = Game::new(Arc::clone(s), seed, config).unwrap();
    while let Some(seat) = game.to_move() {
        let step = game.state().steps;
        assert!(
            step < lab::MAX_STEPS,
            "{} seed {seed} {bots:?}: the game does not end",
            s.id()
        );
        let bot = bots[seat.index()];
        let view = game.view(seat);
        let decision = bot.decide(&view, &mut ai::rng_for(seed, seat, step));
        let who = format!(
            "{} seed {seed} step {step}: {} ({}) {:?} ({})",
            s.id(),
            s.faction(seat).name,
            bot.name(),
            decision.action,
            decision.reason
        );
        assert!(view.check(&decision.action).is_ok(), "{who}: illegal");
        if BOTS.contains(&bot) {
            assert_ne!(
                decision.reason.line(),
                FALLBACK,
                "{who}: needed the legality fallback"
            );
            assert!(!decision.reason.is_empty(), "{who}: no reason given");
        }
        inspect(&view, bot, &decision);
        game.apply(seat, decision.action).unwrap();
    }
    assert!(
        game.is_over(),
        "{} seed {seed}: stopped before the end",
        s.id()
    );
    assert!(game.state().ending().is_some());
    game
}

#[test]
fn baseline_bots_play_every_seat_and_phase_to_the_end_legally() {
    for name in SCENARIOS {
        let s = scenario(name);
        for bot in BOTS {
            for bots in lineups(&s, bot) {
                for seed in 0..3 {
                    let mut phases = std::collections::BTreeSet::new();
                    let game = play_checked(&s, seed, &bots, |view, _, _| {
                        phases.insert(format!("{:?}", view.phase()));
                    });
                    assert!(game.state().treaty().is_some(), "a treaty is in force");
                    assert!(phases.contains("Negotiation") && phases.contains("Interlude"));
                    assert!(game.state().steps < lab::MAX_STEPS);
                }
            }
        }
    }
}

#[test]
fn baseline_bots_cope_with_clauses_fixed_in_advance() {
    // An automatic obligation crosses red lines nobody may amend away; an
    // empty menu leaves the doctrine its single strongest item.
    for name in SCENARIOS {
        let s = scenario(name);
        for settings in [
            &["obligation=automatic"][..],
            &["menu=", "clock=24h"][..],
            &["russia=neutral", "preauth=yes"][..],
        ] {
            let fixed = settings
                .iter()
                .map(|text| lab::parse_setting(&s, text).unwrap())
                .collect();
            let config = GameConfig {
                fixed,
                ..GameConfig::default()
            };
            for bot in BOTS {
                for bots in lineups(&s, bot) {
                    for seed in 0..2 {
                        play_checked_with(&s, seed, config.clone(), &bots, |view, who, d| {
                            if let Action::TableDraft(d) = d.action {
                                assert_eq!(view.config().apply(d), d, "{}", who.name());
                            }
                        });
                    }
                }
            }
        }
    }
}

#[test]
fn no_baseline_bot_signs_across_its_own_red_lines() {
    for name in SCENARIOS {
        let s = scenario(name);
        for bot in BOTS {
            for bots in lineups(&s, bot) {
                for seed in 0..2 {
                    play_checked(&s, seed, &bots, |view, who, d| {
                        if BOTS.contains(&who) && matches!(d.action, Action::Sign | Action::Accept)
                        {
                            let draft = view.talks().draft.unwrap();
                            assert!(
                                view.crossed_red_lines(&draft).is_empty(),
                                "{} ({}) signs across a red line",
                                view.me().name(),
                                who.name()
                            );
                        }
                    });
                }
            }
        }
    }
}

#[test]
fn the_hardliner_never_signs_a_text_below_its_own_best() {
    let mut signatures = 0;
    for name in SCENARIOS {
        let s = scenario(name);
        for bots in lineups(&s, Bot::Hardliner) {
            for seed in 0..4 {
                play_checked(&s, seed, &bots, |view, who, d| {
                    if who != Bot::Hardliner || view.phase() != Phase::Negotiation {
                        return;
                    }
                    let talks = view.talks();
                    match d.action {
                        Action::Sign | Action::Accept => {
                            signatures += 1;
                            let draft = talks.draft.unwrap();
                            let utility = view.utility();
                            let best = ai::best_draft(view);
                            assert!(
                                utility.value(&draft) >= utility.value(&best) - 1e-9,
                                "{name} seed {seed}: {} signs {:.3} < its best {:.3}",
                                view.me().name(),
                                utility.value(&draft),
                                utility.value(&best)
                            );
                        }
                        Action::Amend { .. } => panic!("the hardliner never amends"),
                        Action::TableDraft(d) => assert_eq!(d, ai::best_draft(view)),
                        _ => {}
                    }
                });
            }
        }
    }
    assert!(
        signatures > 0,
        "some game let the hardliner sign its own text"
    );
}

#[test]
fn the_hardliner_aggressor_strikes_hardest_at_every_decision() {
    let s = nato_lite();
    let hardest = s
        .attacks()
        .iter()
        .enumerate()
        .max_by_key(|(i, a)| (a.gain, std::cmp::Reverse(*i)))
        .map(|(i, _)| AttackId(i as u8))
        .unwrap();
    for seed in 0..4 {
        let mut bots = vec![Bot::Baseline; s.factions().len()];
        bots[s.aggressor().index()] = Bot::Hardliner;
        play_checked(&s, seed, &bots, |view, who, d| {
            if who != Bot::Hardliner {
                return;
            }
            match view.phase() {
                Phase::Offer => assert_eq!(d.action, Action::AnswerOffer { accept: false }),
                Phase::Interlude => assert_eq!(d.action, Action::Attack(hardest)),
                Phase::Negotiation => {
                    assert!(matches!(d.action, Action::Pass | Action::SignalRedLine(_)))
                }
                _ => {}
            }
        });
    }
}

#[test]
fn the_conceder_as_aggressor_never_attacks() {
    for name in SCENARIOS {
        let s = scenario(name);
        let aggressor = s.aggressor().index();
        for others in [Bot::Baseline, Bot::Hardliner, Bot::Scripted, Bot::Conceder] {
            for seed in 0..3 {
                let mut bots = vec![others; s.factions().len()];
                bots[aggressor] = Bot::Conceder;
                let game = play_checked(&s, seed, &bots, |view, who, d| {
                    if who == Bot::Conceder && view.seat().index() == aggressor {
                        assert!(!matches!(d.action, Action::Attack(_)), "a dove attacks");
                        if view.phase() == Phase::Offer {
                            assert_eq!(d.action, Action::AnswerOffer { accept: true });
                        }
                    }
                });
                assert!(game.state().crises.is_empty(), "{name} seed {seed}");
                assert_eq!(game.state().ending(), Some(Ending::Horizon));
            }
        }
    }
}

#[test]
fn the_conceder_signs_any_text_its_red_lines_allow() {
    for name in SCENARIOS {
        let s = scenario(name);
        for seat in s.seats() {
            if s.faction(seat).role == Role::Aggressor {
                continue;
            }
            // The opening text, seen by each negotiator at its first turn.
            let mut game = Game::new(Arc::clone(&s), 1, GameConfig::default()).unwrap();
            while game.to_move() != Some(seat) {
                let mover = game.to_move().unwrap();
                game.apply(mover, Action::Pass).unwrap();
            }
            let view = game.view(seat);
            let draft = view.talks().draft.unwrap();
            let d = Bot::Conceder.decide(&view, &mut ai::rng_for(1, seat, 0));
            let crossed = view.crossed_red_lines(&draft);
            if crossed.is_empty() {
                assert_eq!(d.action, Action::Sign, "{name}: {}", s.faction(seat).name);
            } else {
                assert!(
                    matches!(
                        d.action,
                        Action::SignalRedLine(_) | Action::Amend { .. } | Action::Reject(_)
                    ),
                    "{name}: {} {:?}",
                    s.faction(seat).name,
                    d.action
                );
                if let Action::Amend { clause, pick } = d.action {
                    let amended = draft.with(clause, pick);
                    assert_eq!(draft.changed_clauses(&amended).count(), 1);
                    assert!(
                        view.crossed_red_lines(&amended).len() < crossed.len(),
                        "the amendment clears a red line"
                    );
                }
            }
        }
    }
}

#[test]
fn the_scripted_doctrine_decides_the_same_for_the_same_view() {
    for name in SCENARIOS {
        let s = scenario(name);
        for bots in lineups(&s, Bot::Scripted) {
            for seed in 0..3 {
                let mut game = Game::new(Arc::clone(&s), seed, GameConfig::default()).unwrap();
                while let Some(seat) = game.to_move() {
                    let step = game.state().steps;
                    let bot = bots[seat.index()];
                    let decision = bot.decide(&game.view(seat), &mut ai::rng_for(seed, seat, step));
                    if bot == Bot::Scripted {
                        let copy = game.clone();
                        for other in [seed + 1, seed ^ 0xdead_beef, 42] {
                            let again = Bot::Scripted
                                .decide(&copy.view(seat), &mut ai::rng_for(other, seat, step + 7));
                            assert_eq!(decision, again, "{name} seed {seed} step {step}");
                        }
                    }
                    game.apply(seat, decision.action).unwrap();
                }
                // The whole game replays identically from the same seed.
                let replay = lab::play(Arc::clone(&s), seed, GameConfig::default(), &bots).unwrap();
                assert_eq!(replay.state().digest(), game.state().digest());
            }
        }
    }
}

#[test]
fn the_scripted_aggressor_probes_with_its_mildest_attack_every_four_months() {
    for name in SCENARIOS {
        let s = scenario(name);
        let mildest = s
            .attacks()
            .iter()
            .enumerate()
            .min_by_key(|(i, a)| (a.severity, a.escalation, *i))
            .map(|(i, _)| AttackId(i as u8))
            .unwrap();
        for seed in 0..3 {
            let bots = vec![Bot::Scripted; s.factions().len()];
            let game = play_checked(&s, seed, &bots, |view, _, d| {
                if view.phase() == Phase::Interlude && view.me().role() == Role::Aggressor {
                    let probed = view
                        .crises()
                        .iter()
                        .any(|c| c.month / 4 == view.month() / 4);
                    let expected = if probed {
                        Action::Hold
                    } else {
                        Action::Attack(mildest)
                    };
                    assert_eq!(d.action, expected, "month {}", view.month());
                }
            });
            let crises = &game.state().crises;
            assert!(!crises.is_empty(), "{name} seed {seed}: it probes");
            assert!(crises.iter().all(|c| c.attack == mildest));
            assert_eq!(crises[0].month, 0, "the first probe comes at once");
            for pair in crises.windows(2) {
                assert!(
                    pair[1].month / 4 > pair[0].month / 4,
                    "one probe per period"
                );
            }
        }
    }
}

/// A game whose treaty (every clause fixed to `spec`) has just entered into
/// force, waiting for the aggressor's answer to the offer.
fn offered(s: &Arc<Scenario>, spec: &[(&str, &[&str])]) -> Game {
    let mut game = fixed_game(s, 2, spec);
    while game.state().phase() == Phase::Negotiation {
        let seat = game.to_move().unwrap();
        let action = if s.faction(seat).role == Role::Aggressor {
            Action::Pass
        } else {
            Action::Sign
        };
        game.apply(seat, action).unwrap();
    }
    assert_eq!(game.state().phase(), Phase::Offer);
    game
}

#[test]
fn the_scripted_aggressor_takes_the_offer_only_with_neutrality() {
    let s = nato_lite();
    let russia = seat(&s, "russia");
    for (offer, accept) in [("neutral", true), ("offered", false)] {
        let options = [offer];
        let spec = with(PACT_24H, &[("russia", &options)]);
        let game = offered(&s, &spec);
        let view = game.view(russia);
        let d = Bot::Scripted.decide(&view, &mut ai::rng_for(2, russia, 0));
        assert_eq!(d.action, Action::AnswerOffer { accept }, "{offer}");
        let d = Bot::Hardliner.decide(&view, &mut ai::rng_for(2, russia, 0));
        assert_eq!(d.action, Action::AnswerOffer { accept: false });
        let d = Bot::Conceder.decide(&view, &mut ai::rng_for(2, russia, 0));
        assert_eq!(d.action, Action::AnswerOffer { accept: true });
    }
}

/// The first package `bot` proposes, every participant played by it, in a
/// crisis after a limited offensive under the 24-hour pact.
fn first_proposal(bot: Bot) -> (Game, ResponseSet) {
    let s = nato_lite();
    let mut game = with_treaty(&s, 3, PACT_24H, &["italy", "ukraine", "usa", "europe"]);
    attack(&mut game, "limited");
    while game.state().phase() == Phase::Crisis {
        let seat = game.to_move().unwrap();
        let step = game.state().steps;
        let d = bot.decide(&game.view(seat), &mut ai::rng_for(3, seat, step));
        assert!(game.view(seat).check(&d.action).is_ok(), "{d:?}");
        if let Action::Propose(items) = d.action {
            return (game, items);
        }
        game.apply(seat, d.action).unwrap();
    }
    panic!("{} never proposed a package", bot.name());
}

#[test]
fn each_bot_proposes_the_package_its_character_calls_for() {
    let s = nato_lite();
    let menu = responses(&s, &["sanctions", "economic", "arms", "intel", "air"]);

    let (game, strongest) = first_proposal(Bot::Hardliner);
    let all = s
        .seats()
        .filter(|seat| s.negotiators().contains(*seat))
        .fold(ResponseSet::EMPTY, |a, seat| a.union(game.providable(seat)));
    assert_eq!(strongest, all, "the hardliner proposes everything at hand");
    let (_, doctrine) = first_proposal(Bot::Scripted);
    assert_eq!(doctrine, menu, "the doctrine proposes the treaty's menu");
    let (game, minimal) = first_proposal(Bot::Conceder);
    assert_eq!(minimal.len(), 1, "the conceder proposes one item");
    let weakest = s.responses().iter().map(|r| r.strength).min().unwrap();
    let item = minimal.iter().next().unwrap();
    assert_eq!(game.scenario().response(item).strength, weakest);
}

#[test]
fn the_hardliner_objects_to_a_weaker_package_and_the_conceder_backs_it() {
    let s = nato_lite();
    let mut game = with_treaty(&s, 3, PACT_24H, &["italy", "ukraine", "usa", "europe"]);
    attack(&mut game, "limited");
    let usa = seat(&s, "usa");
    // Play the baseline until consultations open, then let the United States propose sanctions alone.
    let sanctions = responses(&s, &["sanctions"]);
    loop {
        let seat = game.to_move().unwrap();
        let view = game.view(seat);
        if seat == usa && view.check(&Action::Propose(sanctions)).is_ok() {
            break;
        }
        let step = game.state().steps;
        let d = Bot::Baseline.decide(&view, &mut ai::rng_for(3, seat, step));
        let d = if matches!(d.action, Action::Propose(_)) {
            Decision::new(Action::Wait(1), "")
        } else {
            d
        };
        game.apply(seat, d.action).unwrap();
    }
    act(&mut game, "usa", Action::Propose(sanctions));
    let mut objections = 0;
    while game.state().phase() == Phase::Crisis {
        let seat = game.to_move().unwrap();
        let c = game.state().crisis().unwrap();
        let package = c.package.clone().unwrap();
        if package.items != sanctions {
            break;
        }
        let view = game.view(seat);
        let step = game.state().steps;
        let guarantor = view.is_guarantor(seat);
        let hard = Bot::Hardliner.decide(&view, &mut ai::rng_for(3, seat, step));
        let soft = Bot::Conceder.decide(&view, &mut ai::rng_for(3, seat, step));
        assert_ne!(soft.action, Action::Object, "the conceder never objects");
        let answered = package.supporters.contains(seat) || package.objectors.contains(seat);
        if guarantor
            && !answered
            && seat != usa
            && c.approvals[seat.index()] != ApprovalStatus::Needed
        {
            assert_eq!(hard.action, Action::Object, "{}", s.faction(seat).name);
            objections += 1;
            assert!(matches!(soft.action, Action::Support(_)));
            let Action::Support(items) = soft.action else {
                unreachable!()
            };
            assert!(
                !view.needs_approval(seat, items),
                "the conceder gives what needs no vote"
            );
        }
        game.apply(seat, soft.action).unwrap();
    }
    assert!(objections >= 2, "Italy and Europe would object");
}

#[test]
fn baseline_bots_decide_from_their_own_view_only() {
    for name in SCENARIOS {
        let s = scenario(name);
        for bot in BOTS {
            for bots in lineups(&s, bot).into_iter().take(2) {
                crate::hidden::same_decisions_with_scrambled_secrets(name, &bots, 0..3, u32::MAX);
            }
        }
    }
}

#[test]
fn the_adviser_never_suggests_an_overreaction() {
    let s = nato_lite();
    let all = ["italy", "ukraine", "usa", "europe"];
    let mut game = with_treaty(&s, 1, PACT_24H, &all);
    attack(&mut game, "airspace");
    let (italy, ukraine) = (seat(&s, "italy"), seat(&s, "ukraine"));
    let menu = game.view(italy).terms().unwrap().menu;
    // Ukraine tables the whole menu against a mild airspace violation.
    while game.state().phase() == Phase::Crisis {
        let me = game.to_move().unwrap();
        let c = game.state().crisis().unwrap();
        if c.package.is_some() && me == italy {
            break;
        }
        let action = if let Some(opening) = opening(&game, me) {
            opening
        } else if me == ukraine && c.package.is_none() {
            Action::Propose(menu)
        } else {
            Action::Wait(1)
        };
        game.apply(me, action).unwrap();
    }
    let view = game.view(italy);
    let weight = view.potential_weight(menu);
    assert_eq!(view.verdict_of(weight), Verdict::Overreaction);
    // Backing it, or tabling it again, is never the advice.
    for suggested in [
        Action::Support(view.providable(italy)),
        Action::Propose(menu),
    ] {
        let advice = ai::in_proportion(&view, Decision::new(suggested, ""));
        match advice.action {
            Action::Support(_) => panic!("the adviser backs an overreaction"),
            Action::Propose(items) => {
                assert_ne!(
                    view.verdict_of(view.potential_weight(items)),
                    Verdict::Overreaction
                );
            }
            _ => {}
        }
        assert!(view.check(&advice.action).is_ok(), "{advice:?}");
        assert!(!advice.reason.is_empty());
    }
}

#[test]
fn the_adviser_never_suggests_a_move_across_the_seat_red_lines() {
    // Italy's red line: no automatic response. With a draft on the table
    // that holds one, the adviser neither signs nor accepts it; and with a
    // clean draft, it never amends or tables one that would cross it.
    let s = nato_lite();
    let italy = seat(&s, "italy");
    let automatic = pick(&s, "obligation", &["automatic"]);
    let respond = pick(&s, "obligation", &["respond"]);
    let mut game = Game::new(Arc::clone(&s), 3, GameConfig::default()).unwrap();
    // Someone else tables a text with an automatic response.
    while game.to_move() == Some(italy) {
        game.apply(italy, Action::Pass).unwrap();
    }
    let first = game.to_move().unwrap();
    let crossing = draft(&s, PACT_24H).with(automatic.0, automatic.1);
    game.apply(first, Action::TableDraft(crossing)).unwrap();
    while game.to_move() != Some(italy) {
        let me = game.to_move().unwrap();
        game.apply(me, Action::Pass).unwrap();
    }
    let view = game.view(italy);
    assert!(!view.crossed_red_lines(&crossing).is_empty());
    let crosses = |view: &SeatView, action: &Action| -> bool {
        let on_table = view.talks().draft.unwrap();
        let after = match *action {
            Action::TableDraft(d) => d,
            Action::Amend { clause, pick } => on_table.with(clause, pick),
            Action::Sign | Action::Accept => on_table,
            _ => return false,
        };
        !view.crossed_red_lines(&after).is_empty()
    };
    for suggested in [Action::Sign, Action::Accept, Action::TableDraft(crossing)] {
        let mut rng = ai::rng_for(3, italy, game.state().steps);
        let advice = ai::within_red_lines(&view, Decision::new(suggested, ""), &mut rng);
        assert!(
            !crosses(&view, &advice.action),
            "{suggested:?} -> {advice:?}"
        );
        assert!(view.check(&advice.action).is_ok(), "{advice:?}");
        assert!(!advice.reason.is_empty());
    }
    // From a clean text, amending into the red line is not advised either.
    let mut game = Game::new(Arc::clone(&s), 3, GameConfig::default()).unwrap();
    let clean = draft(&s, PACT_24H).with(respond.0, respond.1);
    let first = game.to_move().unwrap();
    game.apply(first, Action::TableDraft(clean)).unwrap();
    while game.to_move() != Some(italy) {
        let me = game.to_move().unwrap();
        game.apply(me, Action::Pass).unwrap();
    }
    let view = game.view(italy);
    let into = Action::Amend {
        clause: automatic.0,
        pick: automatic.1,
    };
    let mut rng = ai::rng_for(3, italy, game.state().steps);
    let advice = ai::within_red_lines(&view, Decision::new(into, ""), &mut rng);
    assert!(!crosses(&view, &advice.action), "{advice:?}");
    assert!(view.check(&advice.action).is_ok(), "{advice:?}");
}
