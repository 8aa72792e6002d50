//! Semantic checks of a parsed scenario, and resolution of its names into the
//! indices the core uses: a [`RawScenario`] becomes a [`Scenario`] here and
//! nowhere else. Every problem names the offending entry and, where the text
//! can be found, its line and column.

use crate::draft::Draft;
use crate::ids::*;
use crate::limits::*;
use crate::raw::*;
use crate::scenario::*;
use std::collections::BTreeSet;
use std::sync::Arc;

/// One thing wrong with a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    /// (line, column), both from 1, when the entry could be located in the text.
    pub at: Option<(usize, usize)>,
}

struct Checker<'t> {
    text: &'t str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    /// Report a problem, located by searching for each of `trail` in turn
    /// (a section, then an entry's id, then a field...).
    fn fail(&mut self, trail: &[&str], message: String) {
        let at = locate(self.text, trail);
        self.problems.push(Problem { message, at });
    }

    /// Refuse `v` outside `lo..=hi`; `what` names the value ("rules: negotiation_rounds").
    fn bound(&mut self, trail: &[&str], what: &str, v: i32, lo: i32, hi: i32) {
        if (lo..=hi).contains(&v) {
            return;
        }
        let why = match lo {
            0 if v < 0 => "cannot be negative".to_string(),
            1 if v < 1 => "must be at least 1".to_string(),
            _ => format!("must be from {lo} to {hi}"),
        };
        self.fail(trail, format!("{what} {why} (found {v})"));
    }

    /// Refuse changes of the tracks beyond what any track can move:
    /// `MAX_CHANGE` points, or the whole ladder.
    fn track_changes(&mut self, trail: &[&str], what: &str, t: &Tracks, top: i32) {
        for track in Track::ALL {
            let (name, limit) = match track {
                Track::Credibility => ("credibility", MAX_CHANGE),
                Track::Security => ("security", MAX_CHANGE),
                Track::Costs => ("costs", MAX_CHANGE),
                Track::Escalation => ("escalation", top.max(1)),
                Track::Cohesion => ("cohesion", MAX_CHANGE),
            };
            let mut at = trail.to_vec();
            at.push(name);
            self.bound(&at, &format!("{what}: {name}"), t.get(track), -limit, limit);
        }
    }
}

/// What a string of a scenario is, for the checks of its characters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TextKind {
    /// An id: one line, at most [`MAX_ID_CHARS`].
    Id,
    /// A name, title or label: one line, at most [`MAX_NAME_CHARS`].
    Name,
    /// A briefing, help or other long text: line breaks allowed.
    Text,
}

impl Checker<'_> {
    /// Refuse control characters (ESC and the other C0 and C1 controls, which
    /// would drive the terminal that shows them; a line break is allowed in
    /// long texts) and ids and names too long to show.
    fn text(&mut self, trail: &[&str], what: &str, value: &str, kind: TextKind) {
        let allowed = |c: char| !c.is_control() || (kind == TextKind::Text && c == '\n');
        if let Some(bad) = value.chars().find(|c| !allowed(*c)) {
            let rule = match kind {
                TextKind::Text => "a text may hold line breaks but no other control characters",
                _ => "ids and names are one line of plain text",
            };
            self.fail(
                trail,
                format!(
                    "{what} holds the control character U+{:04X}; {rule}",
                    bad as u32
                ),
            );
            return;
        }
        let limit = match kind {
            TextKind::Id => MAX_ID_CHARS,
            TextKind::Name => MAX_NAME_CHARS,
            TextKind::Text => return,
        };
        let n = value.chars().count();
        if n > limit {
            self.fail(
                trail,
                format!("{what} is {n} characters long; the limit is {limit}"),
            );
        }
    }
}

/// Find `trail[0]`, then `trail[1]` after it, and so on; the position of the last one found
/// after all earlier ones were found.
fn locate(text: &str, trail: &[&str]) -> Option<(usize, usize)> {
    if trail.is_empty() {
        return None;
    }
    let mut pos = 0;
    let mut found = None;
    for needle in trail {
        if needle.is_empty() {
            continue;
        }
        match text[pos..].find(needle) {
            Some(i) => {
                pos += i;
                found = Some(pos);
                pos += needle.len();
            }
            None => break,
        }
    }
    let offset = found?;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map_or(before.chars().count(), |nl| {
        before[nl + 1..].chars().count()
    }) + 1;
    Some((line, col))
}

/// A value quoted in a message: an excerpt of it, however long it is.
fn q(s: &str) -> String {
    format!("\"{}\"", crate::text::excerpt(s))
}

/// Check a parsed scenario and resolve its names. `text` is its source, for
/// locating problems; it is kept with the scenario (saves carry it).
pub fn validate(raw: RawScenario, text: &str) -> Result<Scenario, Vec<Problem>> {
    let mut c = Checker {
        text,
        problems: Vec::new(),
    };
    check_basics(&mut c, &raw);
    check_factions(&mut c, &raw);
    check_responses(&mut c, &raw);
    check_attacks(&mut c, &raw);
    check_policies(&mut c, &raw);
    check_crisis_moves(&mut c, &raw);
    check_table_moves(&mut c, &raw);
    check_clause_shapes(&mut c, &raw);
    check_texts(&mut c, &raw);
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    // From here on factions, clauses and responses are sane enough to resolve.
    let seats = Seats::of(&raw);
    let responses = resolve_responses(&raw, &seats);
    let clauses = resolve_clauses(&mut c, &raw, &responses, &seats);
    let factions = resolve_factions(&mut c, &raw, &clauses);
    let injects = resolve_injects(&mut c, &raw);
    let mut s = Scenario {
        factions,
        clauses,
        responses,
        injects,
        opening: None,
        fallback: Fallback {
            name: raw.fallback.name.clone(),
            text: raw.fallback.text.clone(),
            draft: Draft::default(),
            signatories: SeatSet::EMPTY,
        },
        protected: seats.protected,
        aggressor: seats.aggressor,
        guarantors: seats.guarantors,
        nato: seats.nato,
        negotiators: seats.guarantors.with(seats.protected),
        forces: ResponseSet::EMPTY,
        hash: crate::hash::fnv1a(text.as_bytes()),
        text: Arc::from(text),
        file: None,
        raw,
        derived: Vec::new(),
    };
    s.forces = s
        .responses
        .iter()
        .enumerate()
        .filter(|(_, r)| r.deploys_forces)
        .map(|(i, _)| ResponseId(i as u8))
        .collect();
    check_nobody_can_choose(&mut c, &s);
    resolve_drafts(&mut c, &mut s);
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    s.derive();
    Ok(s)
}

/// Who is who, from the factions' roles.
struct Seats {
    ids: Vec<String>,
    protected: Seat,
    aggressor: Seat,
    guarantors: SeatSet,
    nato: SeatSet,
}

impl Seats {
    fn of(s: &RawScenario) -> Seats {
        let mut seats = Seats {
            ids: s.factions.iter().map(|f| f.id.clone()).collect(),
            protected: Seat(0),
            aggressor: Seat(0),
            guarantors: SeatSet::EMPTY,
            nato: SeatSet::EMPTY,
        };
        for (i, f) in s.factions.iter().enumerate() {
            let seat = Seat(i as u8);
            match f.role {
                Role::Guarantor => seats.guarantors.insert(seat),
                Role::Protected => seats.protected = seat,
                Role::Aggressor => seats.aggressor = seat,
            }
            if f.nato {
                seats.nato.insert(seat);
            }
        }
        seats
    }

    fn seat(&self, id: &str) -> Option<Seat> {
        self.ids.iter().position(|x| x == id).map(|i| Seat(i as u8))
    }
}

/// The kind of a raw option's terms, for the shape checks.
fn raw_kind(t: &RawTerms) -> Option<ClauseKind> {
    Some(match t {
        RawTerms::Plain => return None,
        RawTerms::Framework { .. } => ClauseKind::Framework,
        RawTerms::Clock { .. } => ClauseKind::ResponseClock,
        RawTerms::Obligation(_) => ClauseKind::Obligation,
        RawTerms::Menu(_) => ClauseKind::ResponseMenu,
        RawTerms::PreAuthorisation(_) => ClauseKind::PreAuthorisation,
        RawTerms::Burden(_) => ClauseKind::BurdenSharing,
        RawTerms::Offer(_) => ClauseKind::AggressorOffer,
    })
}

fn kind_label(k: Option<ClauseKind>) -> &'static str {
    k.map_or("plain (no rule reads them)", ClauseKind::label)
}

/// Clauses: unique, with options that share one kind, at most one clause of each kind.
fn check_clause_shapes(c: &mut Checker, s: &RawScenario) {
    if s.clauses.is_empty() || s.clauses.len() > MAX_CLAUSES {
        c.fail(
            &["clauses"],
            format!(
                "a treaty needs 1 to {MAX_CLAUSES} clauses (found {})",
                s.clauses.len()
            ),
        );
    }
    let mut ids = BTreeSet::new();
    let mut kinds: Vec<(ClauseKind, &str)> = Vec::new();
    for clause in &s.clauses {
        if !ids.insert(clause.id.as_str()) {
            c.fail(
                &["clauses", &q(&clause.id), &q(&clause.id)],
                format!("clause {} is defined twice", q(&clause.id)),
            );
            continue;
        }
        let Some(first) = clause.options.first() else {
            c.fail(
                &["clauses", &q(&clause.id)],
                format!("clause {} has no options", q(&clause.id)),
            );
            continue;
        };
        if clause.options.len() > MAX_OPTIONS {
            c.fail(
                &["clauses", &q(&clause.id)],
                format!(
                    "clause {} has {} options; the limit is {MAX_OPTIONS}",
                    q(&clause.id),
                    clause.options.len()
                ),
            );
            continue;
        }
        let kind = raw_kind(&first.terms);
        let mut option_ids = BTreeSet::new();
        for o in &clause.options {
            for (field, v) in [
                ("deterrence", o.deterrence),
                ("provocation", o.provocation),
                ("tripwire", o.tripwire),
                ("support", o.support),
            ] {
                c.bound(
                    &["clauses", &q(&clause.id), &q(&o.id), field],
                    &format!("clause {} option {}: {field}", q(&clause.id), q(&o.id)),
                    v,
                    -MAX_CHANGE,
                    MAX_CHANGE,
                );
            }
            if raw_kind(&o.terms) != kind {
                c.fail(
                    &["clauses", &q(&clause.id), &q(&o.id)],
                    format!(
                        "clause {}: option {} has {} terms, but the clause's first option has {} terms",
                        q(&clause.id),
                        q(&o.id),
                        kind_label(raw_kind(&o.terms)),
                        kind_label(kind)
                    ),
                );
            }
            if !option_ids.insert(o.id.as_str()) {
                c.fail(
                    &["clauses", &q(&clause.id), &q(&o.id), &q(&o.id)],
                    format!(
                        "clause {}: option {} is defined twice",
                        q(&clause.id),
                        q(&o.id)
                    ),
                );
            }
        }
        let Some(kind) = kind else { continue };
        if let Some((_, other)) = kinds.iter().find(|(k, _)| *k == kind) {
            c.fail(
                &["clauses", &q(&clause.id)],
                format!(
                    "clauses {} and {} are both {} clauses; a treaty has at most one clause of each kind",
                    q(other),
                    q(&clause.id),
                    kind.label()
                ),
            );
            continue;
        }
        kinds.push((kind, clause.id.as_str()));
    }
}

fn resolve_responses(s: &RawScenario, seats: &Seats) -> Vec<Response> {
    s.responses
        .iter()
        .map(|r| Response {
            id: r.id.clone(),
            name: r.name.clone(),
            help: r.help.clone(),
            deploys_forces: r.deploys_forces,
            hours_treaty: r.hours_treaty,
            hours_adhoc: r.hours_adhoc,
            cost: r.cost,
            strength: r.strength,
            support: r.support,
            mitigation: r.mitigation,
            security: r.security,
            costs: r.costs,
            escalation_risk: r.escalation_risk,
            takers: if r.takers.is_empty() {
                seats.guarantors
            } else {
                r.takers.iter().filter_map(|t| seats.seat(t)).collect()
            },
        })
        .collect()
}

fn resolve_clauses(
    c: &mut Checker,
    s: &RawScenario,
    responses: &[Response],
    seats: &Seats,
) -> Vec<Clause> {
    let guarantors = seats.guarantors.len() as i32;
    s.clauses
        .iter()
        .map(|clause| {
            let options = clause
                .options
                .iter()
                .map(|o| {
                    let at = ["clauses", &q(&clause.id), &q(&o.id)];
                    let mut fail = |why: String| {
                        c.fail(
                            &at,
                            format!("clause {} option {}: {why}", q(&clause.id), q(&o.id)),
                        )
                    };
                    let terms = match &o.terms {
                        RawTerms::Plain => Terms::Plain,
                        RawTerms::Framework {
                            requires,
                            decision,
                            convene_hours,
                        } => {
                            if !(0..=MAX_HOURS).contains(convene_hours) {
                                fail(format!(
                                    "convene_hours must be from 0 to {MAX_HOURS} (found {convene_hours})"
                                ));
                            }
                            if let Requirement::Guarantors(k) = requires
                                && (*k < 0 || *k > guarantors)
                            {
                                fail(format!(
                                    "needs {k} guarantor signatures but the scenario has {guarantors} guarantors: nobody can choose it"
                                ));
                            }
                            Terms::Framework {
                                requires: *requires,
                                decision: *decision,
                                convene_hours: (*convene_hours).max(0) as u32,
                            }
                        }
                        RawTerms::Clock { hours, stakes } => {
                            if !(1..=MAX_HOURS).contains(hours)
                                || !(0..=MAX_PERCENT).contains(stakes)
                            {
                                fail(format!(
                                    "clock hours must be from 1 to {MAX_HOURS} and stakes from 0 to {MAX_PERCENT} (found {hours} hours, stakes {stakes})"
                                ));
                            }
                            Terms::Clock {
                                hours: (*hours).max(1) as u32,
                                stakes: *stakes,
                            }
                        }
                        RawTerms::Obligation(ob) => Terms::Obligation(*ob),
                        RawTerms::Menu(r) => match responses.iter().position(|x| &x.id == r) {
                            Some(i) => Terms::Menu(ResponseId(i as u8)),
                            None => {
                                fail(format!("unknown response {}", q(r)));
                                Terms::Plain
                            }
                        },
                        RawTerms::PreAuthorisation(p) => Terms::PreAuthorisation(*p),
                        RawTerms::Burden(weights) => {
                            let mut w = [1; MAX_SEATS];
                            for (id, v) in weights {
                                match s.factions.iter().position(|f| &f.id == id) {
                                    Some(i) if s.factions[i].role == Role::Guarantor => w[i] = *v,
                                    Some(_) => fail(format!("{} is not a guarantor", q(id))),
                                    None => fail(format!("unknown faction {}", q(id))),
                                }
                                if !(1..=MAX_BURDEN_WEIGHT).contains(v) {
                                    fail(format!(
                                        "burden weights must be from 1 to {MAX_BURDEN_WEIGHT} (found {v})"
                                    ));
                                }
                            }
                            Terms::Burden(w)
                        }
                        RawTerms::Offer(offer) => Terms::Offer(*offer),
                    };
                    ClauseOption {
                        id: o.id.clone(),
                        label: o.label.clone(),
                        help: o.help.clone(),
                        deterrence: o.deterrence,
                        provocation: o.provocation,
                        tripwire: o.tripwire,
                        support: o.support,
                        terms,
                    }
                })
                .collect::<Vec<_>>();
            Clause {
                id: clause.id.clone(),
                name: clause.name.clone(),
                help: clause.help.clone(),
                kind: clause.options.first().and_then(|o| raw_kind(&o.terms)),
                options,
            }
        })
        .collect()
}

/// The option `option` of the clause called `clause`.
fn find_option(clauses: &[Clause], clause: &str, option: &str) -> Option<(ClauseId, usize)> {
    let i = clauses.iter().position(|c| c.id == clause)?;
    let o = clauses[i].options.iter().position(|o| o.id == option)?;
    Some((ClauseId(i as u8), o))
}

fn resolve_factions(c: &mut Checker, s: &RawScenario, clauses: &[Clause]) -> Vec<Faction> {
    let seats = Seats::of(s);
    s.factions
        .iter()
        .map(|f| {
            let fid = q(&f.id);
            let secret = &f.secret;
            // Preferences: a value for every option of every clause, nothing unknown.
            for (clause_id, options) in &secret.preferences {
                let Some(clause) = clauses.iter().find(|c| &c.id == clause_id) else {
                    c.fail(
                        &["factions", &fid, "preferences", &q(clause_id)],
                        format!(
                            "faction {fid}: preferences name unknown clause {}",
                            q(clause_id)
                        ),
                    );
                    continue;
                };
                for option_id in options.keys() {
                    if !clause.options.iter().any(|o| &o.id == option_id) {
                        c.fail(
                            &[
                                "factions",
                                &fid,
                                "preferences",
                                &q(clause_id),
                                &q(option_id),
                            ],
                            format!(
                                "faction {fid}: preferences name unknown option {} of clause {}",
                                q(option_id),
                                q(clause_id)
                            ),
                        );
                    }
                }
            }
            let mut values = [[0; MAX_OPTIONS]; MAX_CLAUSES];
            for (i, clause) in clauses.iter().enumerate() {
                for (o, option) in clause.options.iter().enumerate() {
                    match secret
                        .preferences
                        .get(&clause.id)
                        .and_then(|m| m.get(&option.id))
                    {
                        Some(v) if !(-MAX_PREFERENCE..=MAX_PREFERENCE).contains(v) => c.fail(
                            &[
                                "factions",
                                &fid,
                                "preferences",
                                &q(&clause.id),
                                &q(&option.id),
                            ],
                            format!(
                                "faction {fid}: the preference for option {} of clause {} must be from -{MAX_PREFERENCE} to {MAX_PREFERENCE} (found {v})",
                                q(&option.id),
                                q(&clause.id)
                            ),
                        ),
                        Some(v) => values[i][o] = *v,
                        None => c.fail(
                            &["factions", &fid, "preferences"],
                            format!(
                                "faction {fid}: no preference for option {} of clause {}",
                                q(&option.id),
                                q(&clause.id)
                            ),
                        ),
                    }
                }
            }
            let mut red_lines = Vec::new();
            for r in &secret.red_lines {
                match find_option(clauses, &r.clause, &r.option) {
                    Some((clause, option)) => red_lines.push(RedLine {
                        clause,
                        option,
                        kind: r.kind,
                        why: r.why.clone(),
                    }),
                    None => c.fail(
                        &["factions", &fid, "red_lines", &q(&r.option)],
                        format!(
                            "faction {fid}: red line names unknown clause option {}/{}",
                            q(&r.clause),
                            q(&r.option)
                        ),
                    ),
                }
            }
            if secret.red_lines.len() > 32 {
                c.fail(
                    &["factions", &fid, "red_lines"],
                    format!("faction {fid}: at most 32 red lines"),
                );
            }
            let mut objectives = Vec::new();
            for o in &secret.objectives {
                let mut bad = Vec::new();
                check_condition(s, clauses, &o.condition, &mut bad);
                for (needle, why) in &bad {
                    c.fail(
                        &["factions", &fid, &q(&o.id), needle],
                        format!("faction {fid} objective {}: {why}", q(&o.id)),
                    );
                }
                let resolved = o.condition.resolve(
                    &|clause: &String, option: &String| find_option(clauses, clause, option),
                    &|id: &String| seats.seat(id),
                );
                if let (Some(condition), true) = (resolved, bad.is_empty()) {
                    objectives.push(Objective {
                        id: o.id.clone(),
                        text: o.text.clone(),
                        public: o.public,
                        points: o.points,
                        condition,
                    });
                }
            }
            Faction {
                id: f.id.clone(),
                name: f.name.clone(),
                short: f.short.clone(),
                plural: f.plural,
                role: f.role,
                nato: f.nato,
                briefing: f.briefing.clone(),
                approval: f.approval.clone(),
                position_hours: f.position_hours.max(1) as u32,
                support: f.support,
                secret: Secrets {
                    objectives,
                    victory: secret.victory,
                    red_lines,
                    values,
                    personality: secret.personality.clone(),
                },
            }
        })
        .collect()
}

/// Options no seat could ever end up with: responses nobody can provide,
/// options every negotiating seat forbids.
fn check_nobody_can_choose(c: &mut Checker, s: &Scenario) {
    for resp in &s.responses {
        if resp.takers.is_empty() {
            c.fail(
                &["responses", &q(&resp.id)],
                format!(
                    "response {}: no faction can provide it (no guarantors, and no takers named)",
                    q(&resp.id)
                ),
            );
        }
    }
    for clause in &s.clauses {
        for (o, option) in clause.options.iter().enumerate() {
            if let Terms::Menu(r) = option.terms
                && s.response(r).takers.is_empty()
            {
                c.fail(
                    &["clauses", &q(&clause.id), &q(&option.id)],
                    format!(
                        "clause {} option {}: no faction can provide response {}, so nobody can choose it",
                        q(&clause.id),
                        q(&option.id),
                        q(&s.response(r).id)
                    ),
                );
            }
            let _ = o;
        }
    }
    let negotiators: Vec<&Faction> = s
        .factions
        .iter()
        .filter(|f| f.role != Role::Aggressor)
        .collect();
    if negotiators.is_empty() {
        return;
    }
    for (i, clause) in s.clauses.iter().enumerate() {
        for (o, option) in clause.options.iter().enumerate() {
            let forbidden_by_all = negotiators.iter().all(|f| {
                f.secret.red_lines.iter().any(|r| {
                    r.kind == RedLineKind::Forbid && r.clause == ClauseId(i as u8) && r.option == o
                })
            });
            if forbidden_by_all {
                c.fail(
                    &["clauses", &q(&clause.id), &q(&option.id)],
                    format!(
                        "clause {} option {}: a red line for every negotiating faction, so nobody can choose it",
                        q(&clause.id),
                        q(&option.id)
                    ),
                );
            }
        }
    }
}

fn resolve_draft(c: &mut Checker, s: &Scenario, section: &str, named: &NamedDraft) -> Draft {
    let mut draft = Draft::default();
    for clause_id in named.keys() {
        if s.clauses.iter().all(|c| &c.id != clause_id) {
            c.fail(
                &[section, &q(clause_id)],
                format!("{section}: unknown clause {}", q(clause_id)),
            );
        }
    }
    for (i, clause) in s.clauses.iter().enumerate() {
        let Some(options) = named.get(&clause.id) else {
            c.fail(
                &[section, "draft"],
                format!(
                    "{section}: the draft does not say anything about clause {}",
                    q(&clause.id)
                ),
            );
            continue;
        };
        let mut pick = Pick::EMPTY;
        for id in options {
            match clause.options.iter().position(|o| &o.id == id) {
                Some(o) => pick.insert(o),
                None => c.fail(
                    &[section, &q(&clause.id), &q(id)],
                    format!(
                        "{section}: clause {} has no option {}",
                        q(&clause.id),
                        q(id)
                    ),
                ),
            }
        }
        if !clause.is_subset() && options.len() != 1 {
            c.fail(
                &[section, &q(&clause.id)],
                format!(
                    "{section}: clause {} takes exactly one option (found {})",
                    q(&clause.id),
                    options.len()
                ),
            );
        }
        draft = draft.with(ClauseId(i as u8), pick);
    }
    draft
}

fn resolve_drafts(c: &mut Checker, s: &mut Scenario) {
    if let Some(opening) = s.raw.opening.clone() {
        let draft = resolve_draft(c, s, "opening", &opening.draft);
        match s.seat_by_id(&opening.by) {
            Some(seat) if s.faction(seat).role != Role::Aggressor => {
                s.opening = Some((seat, draft))
            }
            Some(_) => c.fail(
                &["opening", "by"],
                "opening: the aggressor cannot table the opening draft".into(),
            ),
            None => c.fail(
                &["opening", &q(&opening.by)],
                format!("opening: unknown faction {}", q(&opening.by)),
            ),
        }
    }
    let fallback = s.raw.fallback.clone();
    s.fallback.draft = resolve_draft(c, s, "fallback", &fallback.draft);
    for id in &fallback.signatories {
        match s.seat_by_id(id) {
            Some(seat) if s.faction(seat).role != Role::Aggressor => {
                s.fallback.signatories.insert(seat)
            }
            Some(_) => c.fail(
                &["fallback", &q(id)],
                "fallback: the aggressor cannot be bound by the fallback".into(),
            ),
            None => c.fail(
                &["fallback", "signatories", &q(id)],
                format!("fallback: unknown faction {}", q(id)),
            ),
        }
    }
    if !s.fallback.signatories.contains(s.protected) {
        c.fail(
            &["fallback", "signatories"],
            "fallback: the protected party must be among the signatories".into(),
        );
    }
}

fn check_policies(c: &mut Checker, s: &RawScenario) {
    if s.policies.len() > 32 {
        c.fail(&["policies"], "at most 32 policies".into());
    }
    let top = s.escalation_ladder.len() as i32 - 1;
    let mut seen = BTreeSet::new();
    for p in &s.policies {
        let id = q(&p.id);
        if !seen.insert(p.id.clone()) {
            c.fail(
                &["policies", &id, &id],
                format!("policy {id} is defined twice"),
            );
        }
        if p.id.trim().is_empty() || p.name.trim().is_empty() || p.help.trim().is_empty() {
            c.fail(
                &["policies", &id],
                format!("policy {id}: id, name and help must not be empty"),
            );
        }
        c.bound(
            &["policies", &id, "cost"],
            &format!("policy {id}: cost"),
            p.cost,
            0,
            MAX_CHANGE,
        );
        c.bound(
            &["policies", &id, "support"],
            &format!("policy {id}: support"),
            p.support,
            -MAX_CHANGE,
            MAX_CHANGE,
        );
        c.track_changes(
            &["policies", &id, "effects"],
            &format!("policy {id}: effects"),
            &p.effects,
            top,
        );
    }
}

fn check_crisis_moves(c: &mut Checker, s: &RawScenario) {
    let Some(m) = &s.crisis_moves else { return };
    let top = s.escalation_ladder.len() as i32 - 1;
    let max = crate::crisis::MAX_WAIT_HOURS as i32;
    let hours = |c: &mut Checker, field: &str, what: &str, v: u32| {
        c.bound(
            &["crisis_moves", field, "hours"],
            &format!("crisis_moves: {what}"),
            v.min(i32::MAX as u32) as i32,
            1,
            max,
        );
    };
    c.bound(
        &["crisis_moves", "first_hour"],
        "crisis_moves: first_hour",
        m.first_hour.min(i32::MAX as u32) as i32,
        0,
        max,
    );
    for (field, p) in [("press", &m.press), ("step_back", &m.step_back)] {
        hours(c, field, &format!("{field}: hours"), p.hours);
        for (name, v) in [
            ("severity_percent", p.severity_percent),
            ("damage_percent", p.damage_percent),
        ] {
            c.bound(
                &["crisis_moves", field, name],
                &format!("crisis_moves: {field}: {name}"),
                v,
                -100,
                100,
            );
        }
        c.track_changes(
            &["crisis_moves", field, "effects"],
            &format!("crisis_moves: {field}: effects"),
            &p.effects,
            top,
        );
        move_texts(c, field, &p.name, &p.help);
    }
    let d = &m.deny;
    hours(c, "deny", "deny: hours", d.hours);
    c.bound(
        &["crisis_moves", "deny", "attribution"],
        "crisis_moves: deny: attribution",
        d.attribution.min(i32::MAX as u32) as i32,
        1,
        max,
    );
    c.track_changes(
        &["crisis_moves", "deny", "effects"],
        "crisis_moves: deny: effects",
        &d.effects,
        top,
    );
    move_texts(c, "deny", &d.name, &d.help);
}

fn check_table_moves(c: &mut Checker, s: &RawScenario) {
    let Some(m) = &s.table_moves else { return };
    let top = s.escalation_ladder.len() as i32 - 1;
    let t = &m.threat;
    let at = |field: &'static str, part: &'static str| ["table_moves", field, part];
    c.bound(
        &at("threat", "support"),
        "table_moves: threat: support",
        t.support,
        -MAX_CHANGE,
        MAX_CHANGE,
    );
    c.bound(
        &at("threat", "provocation"),
        "table_moves: threat: provocation",
        t.provocation,
        0,
        1000,
    );
    c.track_changes(
        &at("threat", "effects"),
        "table_moves: threat: effects",
        &t.effects,
        top,
    );
    texts(c, "table_moves", "threat", &t.name, &t.help);
    let b = &m.back_channel;
    for (part, v) in [
        ("support", b.support),
        ("exposed_support", b.exposed_support),
    ] {
        c.bound(
            &["table_moves", "back_channel", part],
            &format!("table_moves: back_channel: {part}"),
            v,
            -MAX_CHANGE,
            MAX_CHANGE,
        );
    }
    c.bound(
        &at("back_channel", "exposed_chance"),
        "table_moves: back_channel: exposed_chance",
        b.exposed_chance,
        0,
        100,
    );
    for (part, tracks) in [("effects", &b.effects), ("exposed", &b.exposed)] {
        c.track_changes(
            &["table_moves", "back_channel", part],
            &format!("table_moves: back_channel: {part}"),
            tracks,
            top,
        );
    }
    texts(c, "table_moves", "back_channel", &b.name, &b.help);
}

/// A crisis move's name and help: present, and plain text.
fn move_texts(c: &mut Checker, field: &str, name: &str, help: &str) {
    texts(c, "crisis_moves", field, name, help);
}

/// A move's name and help (`section: field: name`): present, and plain text.
fn texts(c: &mut Checker, section: &str, field: &str, name: &str, help: &str) {
    for (part, v, kind) in [
        ("name", name, TextKind::Name),
        ("help", help, TextKind::Text),
    ] {
        let at = [section, field, part];
        if v.trim().is_empty() {
            c.fail(&at, format!("{section}: {field}: {part} must not be empty"));
        }
        c.text(&at, &format!("{section}: {field}: {part}"), v, kind);
    }
}

fn resolve_injects(c: &mut Checker, s: &RawScenario) -> Vec<Inject> {
    let mut seen = BTreeSet::new();
    if s.injects.len() > 255 {
        c.fail(&["injects"], "at most 255 injects".into());
    }
    s.injects
        .iter()
        .map(|inject| {
            if !seen.insert(inject.id.clone()) {
                c.fail(
                    &["injects", &q(&inject.id), &q(&inject.id)],
                    format!("inject {} is defined twice", q(&inject.id)),
                );
            }
            if inject.title.trim().is_empty() || inject.text.trim().is_empty() {
                c.fail(
                    &["injects", &q(&inject.id)],
                    format!("inject {}: title and text must not be empty", q(&inject.id)),
                );
            }
            let top = s.escalation_ladder.len() as i32 - 1;
            c.track_changes(
                &["injects", &q(&inject.id), "effects"],
                &format!("inject {}: effects", q(&inject.id)),
                &inject.effects,
                top,
            );
            let mut support = [0; MAX_SEATS];
            for (id, by) in &inject.support {
                c.bound(
                    &["injects", &q(&inject.id), &q(id)],
                    &format!("inject {}: support of {}", q(&inject.id), q(id)),
                    *by,
                    -MAX_CHANGE,
                    MAX_CHANGE,
                );
                match s.factions.iter().position(|f| &f.id == id) {
                    Some(i) => support[i] = *by,
                    None => c.fail(
                        &["injects", &q(&inject.id), &q(id)],
                        format!("inject {}: unknown faction {}", q(&inject.id), q(id)),
                    ),
                }
            }
            Inject {
                id: inject.id.clone(),
                title: inject.title.clone(),
                text: inject.text.clone(),
                effects: inject.effects,
                support,
            }
        })
        .collect()
}

/// Every id, name and text of the scenario: plain text, ids and names short.
fn check_texts(c: &mut Checker, s: &RawScenario) {
    use TextKind::{Id, Name, Text};
    for (field, value, kind) in [
        ("id", &s.id, Id),
        ("title", &s.title, Name),
        ("summary", &s.summary, Name),
        ("date", &s.date, Name),
        ("situation", &s.situation, Text),
    ] {
        c.text(
            &[&format!("{field}:")],
            &format!("the scenario's {field}"),
            value,
            kind,
        );
    }
    for fact in &s.background {
        let at = ["background", &q(&fact.title)];
        let what = format!("background fact {}", q(&fact.title));
        c.text(&at, &format!("{what}: title"), &fact.title, Name);
        c.text(&at, &format!("{what}: text"), &fact.text, Text);
    }
    c.text(
        &["rules", "round_name"],
        "rules: round_name",
        &s.rules.round_name,
        Name,
    );
    for track in Track::ALL {
        let field = format!("{track:?}").to_lowercase();
        c.text(
            &["tracks", &field],
            &format!("tracks: {field}"),
            s.tracks.name(track),
            Name,
        );
    }
    for (i, rung) in s.escalation_ladder.iter().enumerate() {
        c.text(
            &["escalation_ladder", &q(rung)],
            &format!("escalation ladder: rung {i}"),
            rung,
            Name,
        );
    }
    for f in &s.factions {
        let fid = q(&f.id);
        let what = format!("faction {fid}");
        c.text(&["factions", &fid], &format!("{what}: id"), &f.id, Id);
        c.text(
            &["factions", &fid, "name"],
            &format!("{what}: name"),
            &f.name,
            Name,
        );
        c.text(
            &["factions", &fid, "short"],
            &format!("{what}: short"),
            &f.short,
            Name,
        );
        c.text(
            &["factions", &fid, "briefing"],
            &format!("{what}: briefing"),
            &f.briefing,
            Text,
        );
        if let Some(a) = &f.approval {
            c.text(
                &["factions", &fid, "approval", "body"],
                &format!("{what}: approval body"),
                &a.body,
                Name,
            );
        }
        for o in &f.secret.objectives {
            let oid = q(&o.id);
            let what = format!("{what} objective {oid}");
            c.text(&["factions", &fid, &oid], &format!("{what}: id"), &o.id, Id);
            c.text(
                &["factions", &fid, &oid, "text"],
                &format!("{what}: text"),
                &o.text,
                Text,
            );
        }
        for r in &f.secret.red_lines {
            c.text(
                &["factions", &fid, "red_lines", &q(&r.option), "why"],
                &format!(
                    "{what}: the red line on {}/{}: why",
                    q(&r.clause),
                    q(&r.option)
                ),
                &r.why,
                Text,
            );
        }
    }
    for clause in &s.clauses {
        let cid = q(&clause.id);
        let what = format!("clause {cid}");
        c.text(&["clauses", &cid], &format!("{what}: id"), &clause.id, Id);
        c.text(
            &["clauses", &cid, "name"],
            &format!("{what}: name"),
            &clause.name,
            Name,
        );
        c.text(
            &["clauses", &cid, "help"],
            &format!("{what}: help"),
            &clause.help,
            Text,
        );
        for o in &clause.options {
            let oid = q(&o.id);
            let what = format!("{what} option {oid}");
            c.text(&["clauses", &cid, &oid], &format!("{what}: id"), &o.id, Id);
            c.text(
                &["clauses", &cid, &oid, "label"],
                &format!("{what}: label"),
                &o.label,
                Name,
            );
            c.text(
                &["clauses", &cid, &oid, "help"],
                &format!("{what}: help"),
                &o.help,
                Text,
            );
        }
    }
    for r in &s.responses {
        let rid = q(&r.id);
        let what = format!("response {rid}");
        c.text(&["responses", &rid], &format!("{what}: id"), &r.id, Id);
        c.text(
            &["responses", &rid, "name"],
            &format!("{what}: name"),
            &r.name,
            Name,
        );
        c.text(
            &["responses", &rid, "help"],
            &format!("{what}: help"),
            &r.help,
            Text,
        );
    }
    for a in &s.attacks {
        let aid = q(&a.id);
        let what = format!("attack {aid}");
        c.text(&["attacks", &aid], &format!("{what}: id"), &a.id, Id);
        c.text(
            &["attacks", &aid, "name"],
            &format!("{what}: name"),
            &a.name,
            Name,
        );
        c.text(
            &["attacks", &aid, "help"],
            &format!("{what}: help"),
            &a.help,
            Text,
        );
        for p in &a.places {
            c.text(
                &["attacks", &aid, "places", &q(&p.name)],
                &format!("{what}: a place's name"),
                &p.name,
                Name,
            );
        }
    }
    c.text(
        &["fallback", "name"],
        "fallback: name",
        &s.fallback.name,
        Name,
    );
    c.text(
        &["fallback", "text"],
        "fallback: text",
        &s.fallback.text,
        Text,
    );
    for inject in &s.injects {
        let iid = q(&inject.id);
        let what = format!("inject {iid}");
        c.text(&["injects", &iid], &format!("{what}: id"), &inject.id, Id);
        c.text(
            &["injects", &iid, "title"],
            &format!("{what}: title"),
            &inject.title,
            Name,
        );
        c.text(
            &["injects", &iid, "text"],
            &format!("{what}: text"),
            &inject.text,
            Text,
        );
    }
}

fn check_basics(c: &mut Checker, s: &RawScenario) {
    if s.id.trim().is_empty() {
        c.fail(&["id:"], "the scenario needs an id".into());
    }
    let r = &s.rules;
    let top = s.escalation_ladder.len() as i32 - 1;
    let months = [
        ("horizon_months", r.horizon_months, MAX_MONTHS),
        // Months pass in steps of decision_months: a step beyond the horizon is never taken.
        (
            "decision_months",
            r.decision_months,
            r.horizon_months.clamp(1, MAX_MONTHS),
        ),
        ("negotiation_rounds", r.negotiation_rounds, MAX_ROUNDS),
        (
            "escalation_cooldown_months",
            r.escalation_cooldown_months,
            MAX_MONTHS,
        ),
        ("recovery_every_months", r.recovery_every_months, MAX_MONTHS),
        (
            "provocation_per_rung",
            r.provocation_per_rung,
            MAX_MAGNITUDE,
        ),
    ];
    for (name, v, hi) in months {
        if name == "decision_months" && v > hi {
            c.fail(
                &["rules", name],
                format!("rules: decision_months must be at most horizon_months ({hi}) (found {v})"),
            );
            continue;
        }
        c.bound(&["rules", name], &format!("rules: {name}"), v, 1, hi);
    }
    let bounded = [
        (
            "crisis_overtime_hours",
            r.crisis_overtime_hours,
            0,
            MAX_HOURS,
        ),
        ("adhoc_convene_hours", r.adhoc_convene_hours, 0, MAX_HOURS),
        ("propose_hours", r.propose_hours, 0, MAX_HOURS),
        ("adhoc_propose_hours", r.adhoc_propose_hours, 0, MAX_HOURS),
        ("proportion_high", r.proportion_high, 0, MAX_PERCENT),
        ("late_mitigation", r.late_mitigation, 0, 100),
        ("max_mitigation", r.max_mitigation, 0, 100),
        (
            "recovery_per_month",
            r.recovery_per_month,
            -MAX_CHANGE,
            MAX_CHANGE,
        ),
        (
            "credibility_drift",
            r.credibility_drift,
            -MAX_CHANGE,
            MAX_CHANGE,
        ),
        ("costs_drift", r.costs_drift, -MAX_CHANGE, MAX_CHANGE),
        (
            "preauthorisation_support",
            r.preauthorisation_support,
            -MAX_CHANGE,
            MAX_CHANGE,
        ),
        (
            "deterrence_per_signatory",
            r.deterrence_per_signatory,
            -MAX_CHANGE,
            MAX_CHANGE,
        ),
        ("met_support", r.met_support, -MAX_CHANGE, MAX_CHANGE),
        ("missed_support", r.missed_support, -MAX_CHANGE, MAX_CHANGE),
        ("vote_spread", r.vote_spread, 0, 100),
        (
            "quiet_credibility",
            r.quiet_credibility,
            -MAX_CHANGE,
            MAX_CHANGE,
        ),
        ("credible_deterrence", r.credible_deterrence, 0, 200),
        ("snag_chance", r.snag_chance, 0, 100),
        ("snag_hours_min", r.snag_hours_min, 0, MAX_HOURS),
        ("snag_hours_max", r.snag_hours_max, 0, MAX_HOURS),
        ("breach_support", r.breach_support, -MAX_CHANGE, MAX_CHANGE),
        ("spiral_from", r.spiral_from, 0, top.max(0)),
        ("spiral_chance", r.spiral_chance, 0, 100),
        ("concession_spread", r.concession_spread, 0, 90),
        ("temper_spread", r.temper_spread, 0, 100),
        ("priority_spread", r.priority_spread, 0, 90),
    ];
    for (name, v, lo, hi) in bounded {
        c.bound(&["rules", name], &format!("rules: {name}"), v, lo, hi);
    }
    if r.snag_hours_min > r.snag_hours_max {
        c.fail(
            &["rules", "snag_hours_min"],
            format!(
                "rules: snag_hours_min ({}) must be at most snag_hours_max ({})",
                r.snag_hours_min, r.snag_hours_max
            ),
        );
    }
    for (name, changes) in [
        ("clock_met", &r.clock_met),
        ("clock_missed", &r.clock_missed),
        ("under_response", &r.under_response),
        ("over_response", &r.over_response),
        ("proportionate", &r.proportionate),
        ("breach", &r.breach),
        ("objection", &r.objection),
        ("holdout", &r.holdout),
        ("late_delivery", &r.late_delivery),
    ] {
        c.track_changes(&["rules", name], &format!("rules: {name}"), changes, top);
    }
    for (name, changes) in [
        ("accept", &s.offer.accept),
        ("reject", &s.offer.reject),
        ("pledge_broken", &s.offer.pledge_broken),
    ] {
        c.track_changes(&["offer", name], &format!("offer: {name}"), changes, top);
    }
    if r.proportion_low > r.proportion_high || r.proportion_low < 0 {
        c.fail(
            &["rules", "proportion_low"],
            format!(
                "rules: proportion_low ({}) must be between 0 and proportion_high ({})",
                r.proportion_low, r.proportion_high
            ),
        );
    }
    if r.round_name.trim().is_empty() {
        c.fail(
            &["rules", "round_name"],
            "rules: round_name cannot be empty".into(),
        );
    }
    if s.escalation_ladder.len() < 2 {
        c.fail(
            &["escalation_ladder"],
            "the escalation ladder needs at least two rungs".into(),
        );
    }
    if s.escalation_ladder.len() > MAX_RUNGS {
        c.fail(
            &["escalation_ladder"],
            format!(
                "the escalation ladder has {} rungs; the limit is {MAX_RUNGS}",
                s.escalation_ladder.len()
            ),
        );
    }
    if s.start.escalation < 0 || s.start.escalation >= top.max(1) {
        c.fail(
            &["start", "escalation"],
            format!(
                "start: escalation must be a rung below the top (0 to {})",
                (top - 1).max(0)
            ),
        );
    }
    for (name, v) in [
        ("credibility", s.start.credibility),
        ("security", s.start.security),
        ("costs", s.start.costs),
        ("cohesion", s.start.cohesion),
    ] {
        if !(0..=100).contains(&v) {
            c.fail(
                &["start", name],
                format!("start: {name} must be between 0 and 100 (found {v})"),
            );
        }
    }
}

fn check_factions(c: &mut Checker, s: &RawScenario) {
    let n = s.factions.len();
    if !(2..=MAX_SEATS).contains(&n) {
        c.fail(
            &["factions"],
            format!("a scenario needs 2 to {MAX_SEATS} factions (found {n})"),
        );
    }
    let mut seen = BTreeSet::new();
    for f in &s.factions {
        if f.id.trim().is_empty() {
            c.fail(
                &["factions", "id: \"\""],
                "a faction has an empty id".into(),
            );
        }
        if !seen.insert(f.id.as_str()) {
            c.fail(
                &["factions", &q(&f.id), &q(&f.id)],
                format!("faction {} is defined twice", q(&f.id)),
            );
        }
        if f.name.trim().is_empty() || f.short.trim().is_empty() {
            c.fail(
                &["factions", &q(&f.id)],
                format!("faction {}: name and short must not be empty", q(&f.id)),
            );
        }
        if !(0..=100).contains(&f.support) {
            c.fail(
                &["factions", &q(&f.id), "support"],
                format!(
                    "faction {}: support must be between 0 and 100 (found {})",
                    q(&f.id),
                    f.support
                ),
            );
        }
        c.bound(
            &["factions", &q(&f.id), "position_hours"],
            &format!("faction {}: position_hours", q(&f.id)),
            f.position_hours,
            1,
            MAX_HOURS,
        );
        if let Some(a) = &f.approval {
            c.bound(
                &["factions", &q(&f.id), "approval", "hours"],
                &format!("faction {}: approval hours", q(&f.id)),
                a.hours,
                0,
                MAX_HOURS,
            );
            if !(0..=100).contains(&a.chance) {
                c.fail(
                    &["factions", &q(&f.id), "approval", "chance"],
                    format!(
                        "faction {}: approval chance must be 0 to 100 (found {})",
                        q(&f.id),
                        a.chance
                    ),
                );
            }
        }
        let p = &f.secret.personality;
        let in_unit = |v: f64| (0.0..=1.0).contains(&v);
        let sane = p.concession > 0.0
            && p.concession <= 10.0
            && in_unit(p.hawkishness)
            && in_unit(p.caution)
            && in_unit(p.solidarity);
        if !sane {
            c.fail(
                &["factions", &q(&f.id), "personality"],
                format!(
                    "faction {}: personality needs concession in (0, 10] and hawkishness, caution, solidarity in [0, 1]",
                    q(&f.id)
                ),
            );
        }
        if f.secret.objectives.len() > MAX_OBJECTIVES {
            c.fail(
                &["factions", &q(&f.id), "objectives"],
                format!(
                    "faction {}: {} objectives; the limit is {MAX_OBJECTIVES}",
                    q(&f.id),
                    f.secret.objectives.len()
                ),
            );
        }
        let mut ids = BTreeSet::new();
        for o in &f.secret.objectives {
            if !ids.insert(o.id.as_str()) {
                c.fail(
                    &["factions", &q(&f.id), &q(&o.id), &q(&o.id)],
                    format!(
                        "faction {}: objective {} is defined twice",
                        q(&f.id),
                        q(&o.id)
                    ),
                );
            }
            c.bound(
                &["factions", &q(&f.id), &q(&o.id), "points"],
                &format!("faction {} objective {}: points", q(&f.id), q(&o.id)),
                o.points,
                -MAX_POINTS,
                MAX_POINTS,
            );
        }
        // In i64: the points are checked above, but not yet trusted here.
        let total: i64 = f
            .secret
            .objectives
            .iter()
            .map(|o| i64::from(o.points.max(0)))
            .sum();
        if f.secret.victory < 1 || i64::from(f.secret.victory) > total {
            c.fail(
                &["factions", &q(&f.id), "victory"],
                format!(
                    "faction {}: victory needs {} points but its objectives are worth {total}: it could never win",
                    q(&f.id),
                    f.secret.victory
                ),
            );
        }
    }
    let count = |role: Role| s.factions.iter().filter(|f| f.role == role).count();
    if count(Role::Protected) != 1 {
        c.fail(
            &["factions", "Protected"],
            format!(
                "exactly one faction must have role Protected (found {})",
                count(Role::Protected)
            ),
        );
    }
    if count(Role::Aggressor) != 1 {
        c.fail(
            &["factions", "Aggressor"],
            format!(
                "exactly one faction must have role Aggressor (found {})",
                count(Role::Aggressor)
            ),
        );
    }
}

fn check_responses(c: &mut Checker, s: &RawScenario) {
    if s.responses.is_empty() || s.responses.len() > MAX_RESPONSES {
        c.fail(
            &["responses"],
            format!(
                "the response catalogue needs 1 to {MAX_RESPONSES} responses (found {})",
                s.responses.len()
            ),
        );
    }
    let mut seen = BTreeSet::new();
    for r in &s.responses {
        let at = |field: &str| vec!["responses".to_string(), q(&r.id), field.to_string()];
        if !seen.insert(r.id.as_str()) {
            c.fail(
                &["responses", &q(&r.id), &q(&r.id)],
                format!("response {} is defined twice", q(&r.id)),
            );
        }
        for (field, v, lo, hi) in [
            ("hours_treaty", r.hours_treaty, 0, MAX_HOURS),
            ("hours_adhoc", r.hours_adhoc, 0, MAX_HOURS),
            ("cost", r.cost, 0, MAX_MAGNITUDE),
            ("strength", r.strength, 0, MAX_MAGNITUDE),
            ("support", r.support, -MAX_CHANGE, MAX_CHANGE),
            ("security", r.security, -MAX_CHANGE, MAX_CHANGE),
            ("costs", r.costs, -MAX_CHANGE, MAX_CHANGE),
        ] {
            let trail = at(field);
            let trail: Vec<&str> = trail.iter().map(String::as_str).collect();
            c.bound(
                &trail,
                &format!("response {}: {field}", q(&r.id)),
                v,
                lo,
                hi,
            );
        }
        for (field, v) in [
            ("mitigation", r.mitigation),
            ("escalation_risk", r.escalation_risk),
        ] {
            if !(0..=100).contains(&v) {
                let trail = at(field);
                let trail: Vec<&str> = trail.iter().map(String::as_str).collect();
                c.fail(
                    &trail,
                    format!(
                        "response {}: {field} must be a percentage, 0 to 100 (found {v})",
                        q(&r.id)
                    ),
                );
            }
        }
        for t in &r.takers {
            match s.factions.iter().find(|f| &f.id == t) {
                None => c.fail(
                    &["responses", &q(&r.id), "takers", &q(t)],
                    format!("response {}: unknown faction {} in takers", q(&r.id), q(t)),
                ),
                Some(f) if f.role == Role::Aggressor => c.fail(
                    &["responses", &q(&r.id), "takers", &q(t)],
                    format!(
                        "response {}: the aggressor cannot provide responses ({})",
                        q(&r.id),
                        q(t)
                    ),
                ),
                Some(_) => {}
            }
        }
    }
}

fn check_attacks(c: &mut Checker, s: &RawScenario) {
    if s.attacks.is_empty() || s.attacks.len() > 32 {
        c.fail(
            &["attacks"],
            format!(
                "the attack catalogue needs 1 to 32 attacks (found {})",
                s.attacks.len()
            ),
        );
    }
    let mut seen = BTreeSet::new();
    for a in &s.attacks {
        if !seen.insert(a.id.as_str()) {
            c.fail(
                &["attacks", &q(&a.id), &q(&a.id)],
                format!("attack {} is defined twice", q(&a.id)),
            );
        }
        let top = (s.escalation_ladder.len() as i32 - 1).max(1);
        for (field, v, lo, hi) in [
            ("severity", a.severity, 1, MAX_MAGNITUDE),
            ("damage", a.damage, 0, MAX_CHANGE),
            // An attack may climb the whole ladder at once, no further.
            ("escalation", a.escalation, 0, top),
            ("cost", a.cost, 0, MAX_CHANGE),
            ("isolation", a.isolation, 0, MAX_CHANGE),
            ("gain", a.gain, -MAX_MAGNITUDE, MAX_MAGNITUDE),
            ("attribution_hours", a.attribution_hours, 0, MAX_HOURS),
            ("max_mitigation", a.max_mitigation.unwrap_or(0), 0, 100),
        ] {
            c.bound(
                &["attacks", &q(&a.id), field],
                &format!("attack {}: {field}", q(&a.id)),
                v,
                lo,
                hi,
            );
        }
        if a.places.is_empty() || a.places.len() > 255 {
            c.fail(
                &["attacks", &q(&a.id), "places"],
                format!("attack {}: needs at least one place", q(&a.id)),
            );
        }
        for p in &a.places {
            if !(-180.0..=180.0).contains(&p.lon) || !(-90.0..=90.0).contains(&p.lat) {
                c.fail(
                    &["attacks", &q(&a.id), &q(&p.name)],
                    format!(
                        "attack {}: place {} has an impossible position",
                        q(&a.id),
                        q(&p.name)
                    ),
                );
            }
        }
    }
}

fn check_condition(
    s: &RawScenario,
    clauses: &[Clause],
    cond: &RawCondition,
    bad: &mut Vec<(String, String)>,
) {
    let top = s.escalation_ladder.len() as i32 - 1;
    let faction = |id: &String, bad: &mut Vec<(String, String)>| {
        if s.factions.iter().all(|f| &f.id != id) {
            bad.push((q(id), format!("unknown faction {}", q(id))));
        }
    };
    let option = |clause: &String, option: &String, bad: &mut Vec<(String, String)>| match clauses
        .iter()
        .find(|c| &c.id == clause)
    {
        None => bad.push((q(clause), format!("unknown clause {}", q(clause)))),
        Some(c) if c.options.iter().all(|o| &o.id != option) => bad.push((
            q(option),
            format!("clause {} has no option {}", q(clause), q(option)),
        )),
        Some(_) => {}
    };
    match cond {
        Condition::Has(cl, o) | Condition::Lacks(cl, o) => option(cl, o, bad),
        Condition::Signed(id) | Condition::NotSigned(id) => faction(id, bad),
        Condition::ClocksMetAtLeast(p) if !(0..=100).contains(p) => bad.push((
            "ClocksMetAtLeast".into(),
            format!("ClocksMetAtLeast needs a percentage (found {p})"),
        )),
        Condition::EscalationNeverAbove(rung) if !(0..=top).contains(rung) => bad.push((
            "EscalationNeverAbove".into(),
            format!(
                "EscalationNeverAbove needs a rung of the escalation ladder, 0 to {} (found {rung})",
                top
            ),
        )),
        Condition::AtLeast(track, v) | Condition::AtMost(track, v) => {
            let top = if *track == Track::Escalation {
                top
            } else {
                100
            };
            if !(0..=top).contains(v) {
                let name = if matches!(cond, Condition::AtLeast(..)) {
                    "AtLeast"
                } else {
                    "AtMost"
                };
                bad.push((
                    name.into(),
                    format!("{name}({track:?}, ..) needs a value from 0 to {top} (found {v})"),
                ));
            }
        }
        Condition::SupportAtLeast(v) if !(0..=100).contains(v) => bad.push((
            "SupportAtLeast".into(),
            format!("SupportAtLeast needs domestic support from 0 to 100 (found {v})"),
        )),
        Condition::SpentAtMost(v)
        | Condition::ClocksMissedAtLeast(v)
        | Condition::AttacksAtMost(v)
        | Condition::AttacksAtLeast(v)
        | Condition::LostInCrises(_, v)
            if *v < 0 =>
        {
            let name = match cond {
                Condition::SpentAtMost(_) => "SpentAtMost",
                Condition::ClocksMissedAtLeast(_) => "ClocksMissedAtLeast",
                Condition::AttacksAtMost(_) => "AttacksAtMost",
                Condition::LostInCrises(..) => "LostInCrises",
                _ => "AttacksAtLeast",
            };
            bad.push((
                name.into(),
                format!("{name} cannot be negative (found {v})"),
            ))
        }
        Condition::All(cs) | Condition::Any(cs) => {
            for c in cs {
                check_condition(s, clauses, c, bad);
            }
        }
        Condition::Not(c) => check_condition(s, clauses, c, bad),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn locate_follows_the_trail() {
        let text = "a: 1,\nresponses: [\n  (id: \"x\", hours: -1),\n]";
        assert_eq!(
            locate(text, &["responses", "\"x\"", "hours"]),
            Some((3, 13))
        );
        assert_eq!(locate(text, &["nowhere"]), None);
    }

    #[test]
    fn locate_stops_at_the_last_found_step() {
        let text = "factions: [ (id: \"a\") ]";
        assert_eq!(
            locate(text, &["factions", "\"a\"", "missing"]),
            Some((1, 18))
        );
    }
}
