//! The moves a seat can make, as the menu lists them: every legal move the
//! core names, each with what it costs and means, and the adviser's pick.

use crate::ai;
use crate::core::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    Do(Action),
    /// Open the draft to amend one clause.
    EditDraft,
    /// Open the package builder.
    BuildPackage,
}

/// One line of an action menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub label: String,
    pub detail: String,
    pub act: Act,
    /// The adviser's pick for this seat (computed from the seat's own view).
    pub suggested: bool,
}

fn choice(label: impl Into<String>, detail: impl Into<String>, act: Act) -> Choice {
    Choice {
        label: label.into(),
        detail: detail.into(),
        act,
        suggested: false,
    }
}

/// The names of some responses, joined ("nothing" for none).
pub fn items_text(view: &PublicView, items: ResponseSet) -> String {
    if items.is_empty() {
        return "nothing".into();
    }
    items
        .iter()
        .map(|r| view.response(r).name.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A readable name for any action of this seat.
pub fn action_label(view: &SeatView, action: Action) -> String {
    match action {
        Action::TableDraft(_) => "Table your own draft".into(),
        Action::Amend { clause, pick } if view.clause(clause).is_subset() => {
            let current = view.talks().draft.map_or(Pick::EMPTY, |d| d.pick(clause));
            let added = pick.minus(current);
            let removed = current.minus(pick);
            let mut changes = Vec::new();
            if added.count() > 0 {
                changes.push(format!("add {}", view.pick_text(clause, added)));
            }
            if removed.count() > 0 {
                changes.push(format!("remove {}", view.pick_text(clause, removed)));
            }
            format!("Amend {}: {}", view.clause(clause).name, changes.join("; "))
        }
        Action::Amend { clause, pick } => format!(
            "Amend {}: {}",
            view.clause(clause).name,
            view.pick_text(clause, pick)
        ),
        Action::Accept => "Accept the draft in principle".into(),
        Action::Reject(None) => "Reject the draft".into(),
        Action::Reject(Some(f)) => format!("Reject the draft over {}", view.clause(f).name),
        Action::Sign => "Sign the draft".into(),
        Action::SignalRedLine(i) => {
            let why = view
                .secrets()
                .red_lines
                .get(i as usize)
                .map(|r| r.why.as_str())
                .unwrap_or("");
            format!("Signal a red line: {why}")
        }
        Action::Pass => "Pass".into(),
        Action::AnswerOffer { accept: true } => "Accept the offer".into(),
        Action::AnswerOffer { accept: false } => "Reject the offer".into(),
        Action::Attack(a) => format!("Launch: {}", view.attack(a).name),
        Action::Hold if view.me().role() != Role::Aggressor => "Hold your course".into(),
        Action::Hold => format!("Hold for {} months", view.rules().decision_months),
        Action::Policy(p) => match view.policies().get(p as usize) {
            Some(p) => p.name.clone(),
            None => "Adopt a policy".into(),
        },
        Action::Convene => "Convene consultations".into(),
        Action::Propose(items) => format!("Propose: {}", items_text(view, items)),
        Action::Support(items) if items.is_empty() => "Back the package politically".into(),
        Action::Support(items) => format!("Back the package: provide {}", items_text(view, items)),
        Action::Object => "Object to the package".into(),
        Action::SeekApproval => "Seek national approval for forces".into(),
        Action::Wait(h) => format!("Wait {h} h"),
        Action::StandDown if view.me().role() == Role::Aggressor => {
            "Leave the guarantors to it".into()
        }
        Action::StandDown => "Stand down for this crisis".into(),
        Action::Press => view
            .crisis_moves()
            .map_or("Press the attack".into(), |m| m.press.name.clone()),
        Action::StepBack => view
            .crisis_moves()
            .map_or("Step back".into(), |m| m.step_back.name.clone()),
        Action::Deny => view
            .crisis_moves()
            .map_or("Deny the attack".into(), |m| m.deny.name.clone()),
        // Short: the option first (a small terminal shows the start of the
        // line); its clause leads the terms.
        Action::Threaten { clause, option } => {
            format!("Warn against {}", option_label(view, clause, option))
        }
        Action::BackChannel {
            seat,
            clause,
            option,
        } => format!(
            "Deal with {}: {} out",
            view.faction(seat).short(),
            option_label(view, clause, option)
        ),
    }
}

/// The label of one option of a clause.
fn option_label(view: &SeatView, clause: ClauseId, option: u8) -> String {
    view.clause(clause)
        .options
        .get(option as usize)
        .map_or("?".into(), |o| o.label.clone())
}

/// What a change of the aggressor's posture does, in a few words
/// ("severity +3 · damage +8 · escalation +1 · 6 h").
fn posture_terms(view: &SeatView, p: &Posture) -> String {
    let mut parts = Vec::new();
    let (severity, damage) = view.posture_shift(p);
    if severity != 0 {
        parts.push(format!("severity {severity:+}"));
    }
    if damage != 0 {
        parts.push(format!("damage {damage:+}"));
    }
    parts.extend(track_terms(view, &p.effects));
    // The risk first: a small terminal shows only the start of the line.
    let war = view.war_chance(view.climb_of(p.effects.escalation));
    if war > 0.0 {
        parts.insert(0, war_risk(war));
    }
    parts.push(format!("{} h", p.hours));
    parts.join(" · ")
}

/// A chance of war as the menu shows it ("WAR RISK 4%", "WAR RISK <1%").
fn war_risk(chance: f64) -> String {
    if chance < 0.01 {
        "WAR RISK <1%".into()
    } else {
        format!("WAR RISK {:.0}%", chance * 100.0)
    }
}

/// The tracks a change moves, each in a few words ("escalation +1").
fn track_terms(view: &SeatView, effects: &Tracks) -> Vec<String> {
    let names = view.track_names();
    Track::ALL
        .into_iter()
        .filter(|t| effects.get(*t) != 0)
        .map(|t| format!("{} {:+}", names.name(t), effects.get(t)))
        .collect()
}

/// What a legal move costs and means, for its menu line; `None` for moves
/// the menu does not list on their own (each amendment, each rejection over
/// a clause: the draft panel and the adviser offer those).
fn describe(view: &SeatView, action: Action) -> Option<String> {
    let me = view.seat();
    Some(match action {
        Action::Sign => {
            let draft = view.talks().draft?;
            let value = (view.normalised_value(&draft) * 100.0).round() as i32;
            let crossed = !view.crossed_red_lines(&draft).is_empty();
            let warning = if crossed {
                " · CROSSES YOUR RED LINE"
            } else {
                ""
            };
            format!("binding once in force · worth {value}/100 to you{warning}")
        }
        Action::Accept => "not binding; shows support".into(),
        Action::Reject(None) => "a public rejection".into(),
        Action::SignalRedLine(_) => "free: your turn goes on".into(),
        Action::Pass => "end your turn without changing anything".into(),
        Action::AnswerOffer { accept: true } => {
            "a pledge not to attack; breaking it later is costly".into()
        }
        Action::AnswerOffer { accept: false } => "your bluff is called: isolation and costs".into(),
        Action::Hold if view.me().role() != Role::Aggressor => {
            "no new policy; the aggressor decides next".into()
        }
        Action::Hold => "no attack; time passes".into(),
        Action::Policy(p) => {
            let p = view.policies().get(p as usize)?;
            policy_terms(view, p)
        }
        Action::Attack(id) => {
            let a = view.attack(id);
            let deniable = if a.attribution_hours > 0 {
                format!(
                    " · deniable (attribution up to {} h)",
                    view.attribution_limit(id)
                )
            } else {
                String::new()
            };
            let war = view.war_chance(view.climb_of(a.escalation));
            // The risk first: a small terminal shows only the start of the line.
            let war = if war > 0.0 {
                format!("{} · ", war_risk(war))
            } else {
                String::new()
            };
            format!(
                "{war}severity {} · damage {} · escalation +{} · your cost {}{deniable}",
                a.severity, a.damage, a.escalation, a.cost
            )
        }
        Action::Convene => {
            let c = view.crisis()?;
            let h = view.convene_hours(me);
            let open = (c.now + h).max(c.attributed_at);
            format!("{h} h; consultations open at hour {open}")
        }
        Action::Support(items) if items.is_empty() => "provide nothing; counts as support".into(),
        Action::Support(items) => {
            let prep = view.preparation_hours(me, items);
            let vote = if view.needs_approval(me, items) {
                " · needs a national vote"
            } else {
                ""
            };
            let position = view.position_hours(me);
            format!(
                "settling your position takes {position} h; ready in {} h{vote}",
                prep + position
            )
        }
        Action::Object => {
            "under consensus a bound guarantor's objection blocks it; costs cohesion".into()
        }
        Action::SeekApproval => {
            let (fewest, most) = view.vote_hours(me)?;
            let chance = view.vote_chance(me)?;
            let hours = if fewest == most {
                format!("{most} h")
            } else {
                format!("{fewest}-{most} h")
            };
            format!("{hours}; about {chance}% likely to pass")
        }
        Action::Wait(_) if view.me().role() == Role::Aggressor => {
            "let the guarantors argue; you may still move later".into()
        }
        Action::Wait(_) => "let time pass".into(),
        Action::StandDown if view.me().role() == Role::Aggressor => {
            "no more moves in this crisis".into()
        }
        Action::StandDown => "your contribution stands; you take no further part".into(),
        Action::Press => posture_terms(view, &view.crisis_moves()?.press),
        Action::StepBack => posture_terms(view, &view.crisis_moves()?.step_back),
        Action::Deny => {
            let d = &view.crisis_moves()?.deny;
            let mut parts = vec![format!("attribution +{} h", d.attribution)];
            parts.extend(track_terms(view, &d.effects));
            parts.push(format!("{} h", d.hours));
            parts.join(" · ")
        }
        Action::Threaten { clause, .. } => {
            let t = &view.table_moves_terms()?.threat;
            let mut parts = vec![
                format!("{}: {}", view.clause(clause).name, t.name),
                "public".to_string(),
            ];
            if t.support != 0 {
                parts.push(format!("guarantors' support {:+}", t.support));
            }
            parts.extend(track_terms(view, &t.effects));
            let per_rung = view.rules().provocation_per_rung.max(1);
            if t.provocation > 0 {
                parts.push(format!(
                    "if the treaty keeps it: provocation +{} ({} points a rung)",
                    t.provocation, per_rung
                ));
            }
            parts.join(" · ")
        }
        Action::BackChannel { seat, clause, .. } => {
            let b = &view.table_moves_terms()?.back_channel;
            let name = view.faction(seat).name();
            let mut parts = vec![
                format!("{}: {} to {name}", view.clause(clause).name, b.name),
                "private".to_string(),
                format!(
                    "if the treaty leaves it out: support at home {:+}",
                    b.support
                ),
            ];
            parts.extend(track_terms(view, &b.effects));
            if b.exposed_chance > 0 {
                parts.push(format!("{}% chance it is exposed", b.exposed_chance));
            }
            parts.join(" · ")
        }
        Action::Amend { .. } | Action::Reject(Some(_)) | Action::TableDraft(_) => return None,
        Action::Propose(_) => return None,
    })
}

/// The label of a menu line for `action` (some read differently in the menu).
fn menu_label(view: &SeatView, action: Action) -> String {
    match action {
        Action::Accept => "Accept in principle".into(),
        Action::SeekApproval => match view.me().approval() {
            Some(a) => format!("Ask the {} to authorise forces", a.body),
            None => action_label(view, action),
        },
        Action::Support(items) => {
            let mine = view
                .crisis()
                .and_then(|c| c.package.as_ref())
                .map_or(ResponseSet::EMPTY, |p| {
                    p.items.intersect(view.providable(view.seat()))
                });
            if !items.is_empty() && items != mine {
                format!(
                    "Back it without forces: provide {}",
                    items_text(view, items)
                )
            } else {
                action_label(view, action)
            }
        }
        Action::Wait(h) if view.me().role() == Role::Aggressor && h == AGGRESSOR_WATCH => {
            format!("Watch the guarantors for {h} h")
        }
        Action::Wait(h) if h > 1 => format!("Wait until the next event ({h} h)"),
        Action::Wait(_) => "Wait one hour".into(),
        other => action_label(view, other),
    }
}

/// The moves the seat can make now, in menu order, each with what it costs and means.
pub fn menu(view: &SeatView) -> Vec<Choice> {
    let legal = view.legal_actions();
    let has = |a: &Action| legal.contains(a);
    let mut out = Vec::new();
    let push = |out: &mut Vec<Choice>, a: Action| {
        if has(&a)
            && let Some(detail) = describe(view, a)
        {
            out.push(choice(menu_label(view, a), detail, Act::Do(a)));
        }
    };
    match view.phase() {
        Phase::Negotiation => {
            push(&mut out, Action::Sign);
            push(&mut out, Action::Accept);
            if view.talks().draft.is_some() && view.may_table_a_draft() {
                out.push(choice(
                    "Amend a clause…",
                    "one clause per turn; clears every signature",
                    Act::EditDraft,
                ));
            }
            push(&mut out, Action::Reject(None));
            if view.may_table_a_draft() {
                let ideal = ai::best_draft(view);
                if view.check(&Action::TableDraft(ideal)).is_ok() {
                    out.push(choice(
                        "Table your own draft",
                        "your preferred text, avoiding public red lines",
                        Act::Do(Action::TableDraft(ideal)),
                    ));
                }
            }
            for i in 0..view.secrets().red_lines.len() {
                push(&mut out, Action::SignalRedLine(i as u8));
            }
            for a in table_menu(view, &legal) {
                push(&mut out, a);
            }
            push(&mut out, Action::Pass);
        }
        Phase::Offer => {
            push(&mut out, Action::AnswerOffer { accept: true });
            push(&mut out, Action::AnswerOffer { accept: false });
        }
        Phase::Interlude => {
            push(&mut out, Action::Hold);
            for i in 0..view.attacks().len() {
                push(&mut out, Action::Attack(AttackId(i as u8)));
            }
            for i in 0..view.policies().len() {
                push(&mut out, Action::Policy(i as u8));
            }
        }
        Phase::Crisis => {
            push(&mut out, Action::Press);
            push(&mut out, Action::StepBack);
            push(&mut out, Action::Deny);
            push(&mut out, Action::Convene);
            if view.may_propose() {
                out.push(choice(
                    "Propose a package…",
                    "choose the responses",
                    Act::BuildPackage,
                ));
            }
            for items in view.contributions() {
                push(&mut out, Action::Support(items));
            }
            push(&mut out, Action::Object);
            push(&mut out, Action::SeekApproval);
            let waits: Vec<Action> = legal
                .iter()
                .copied()
                .filter(|a| matches!(a, Action::Wait(h) if *h > 1))
                .collect();
            for w in waits {
                push(&mut out, w);
            }
            push(&mut out, Action::Wait(1));
            push(&mut out, Action::StandDown);
        }
        Phase::Ended => {}
    }
    out
}

/// The aggressor's table moves the menu lists: a warning against each of
/// the four options of the draft it minds most (it values below zero), and
/// for each guarantor a deal over the two it minds most. (The adviser may suggest
/// any other legal one.)
fn table_menu(view: &SeatView, legal: &[Action]) -> Vec<Action> {
    let value = |c: ClauseId, o: u8| {
        view.secrets().values[c.index()]
            .get(o as usize)
            .copied()
            .unwrap_or(0)
    };
    let mut threats: Vec<(i32, Action)> = legal
        .iter()
        .filter_map(|a| match *a {
            Action::Threaten { clause, option } if value(clause, option) < 0 => {
                Some((value(clause, option), *a))
            }
            _ => None,
        })
        .collect();
    threats.sort_by_key(|(v, _)| *v);
    let mut out: Vec<Action> = threats.into_iter().take(4).map(|(_, a)| a).collect();
    for g in view.guarantors().iter() {
        let mut deals: Vec<(i32, Action)> = legal
            .iter()
            .filter_map(|a| match *a {
                Action::BackChannel {
                    seat,
                    clause,
                    option,
                } if seat == g && value(clause, option) < 0 => Some((value(clause, option), *a)),
                _ => None,
            })
            .collect();
        deals.sort_by_key(|(v, _)| *v);
        out.extend(deals.into_iter().take(2).map(|(_, a)| a));
    }
    out
}

/// The menu with the adviser's pick marked (and added, when the menu does
/// not list that move on its own).
pub fn with_advice(
    view: &SeatView,
    mut choices: Vec<Choice>,
    advice: &ai::Decision,
) -> Vec<Choice> {
    match choices.iter_mut().find(|c| c.act == Act::Do(advice.action)) {
        Some(c) => c.suggested = true,
        None => {
            if let Action::Propose(items) = advice.action {
                if let Some(c) = choices.iter_mut().find(|c| c.act == Act::BuildPackage) {
                    c.suggested = true;
                    c.detail = format!("suggested: {}", items_text(view, items));
                }
            } else if view.check(&advice.action).is_ok() {
                choices.insert(
                    0,
                    Choice {
                        label: action_label(view, advice.action),
                        detail: view.me().agree(&advice.reason.line()),
                        act: Act::Do(advice.action),
                        suggested: true,
                    },
                );
            }
        }
    }
    choices
}

/// What a policy costs and does, in a few words ("2 bn · support +3 ·
/// readiness: treaty instruments in half the hours").
pub fn policy_terms(view: &SeatView, p: &Policy) -> String {
    let mut parts = Vec::new();
    if p.cost > 0 {
        parts.push(format!("{} bn", p.cost));
    }
    if p.support != 0 {
        parts.push(format!("support {:+}", p.support));
    }
    parts.extend(track_terms(view, &p.effects));
    if p.readiness {
        parts.push("readiness: treaty instruments in half the hours, positions in 1 h".into());
    }
    parts.join(" · ")
}
