//! What one seat may see. The AI and the terminal screens use only views, so
//! another seat's objectives, preferences and unsignalled red lines stay hidden.

use crate::action::{Action, RuleError};
use crate::draft::{self, Draft, TreatyTerms};
use crate::event::Event;
use crate::game::Game;
use crate::ids::{AttackId, ClauseId, MAX_CLAUSES, MAX_OPTIONS, Pick, ResponseId};
use crate::ids::{ResponseSet, Seat, SeatSet};
use crate::raw::{Approval, Attack, Fact, Role, Rules, TrackNames, Tracks};
use crate::scenario::{Clause, ClauseOption, Objective, RedLine, Response, Scenario, Secrets};
use crate::state::{
    Crisis, CrisisRecord, Deal, Ending, GameConfig, Phase, Sample, SeatTracks, Talks, Treaty,
};
use crate::utility::{Utility, UtilityTable, fold_objective};

/// What everyone may see: the public state and the public parts of the scenario.
#[derive(Clone, Copy)]
pub struct PublicView<'a> {
    game: &'a Game,
}

/// A seat's window on the game: everything public, plus that seat's own secrets.
#[derive(Clone, Copy)]
pub struct SeatView<'a> {
    public: PublicView<'a>,
    seat: Seat,
}

impl<'a> std::ops::Deref for SeatView<'a> {
    type Target = PublicView<'a>;
    fn deref(&self) -> &PublicView<'a> {
        &self.public
    }
}

/// The public face of a faction.
#[derive(Clone, Copy)]
pub struct FactionCard<'a> {
    seat: Seat,
    scenario: &'a Scenario,
}

impl<'a> FactionCard<'a> {
    fn faction(&self) -> &'a crate::scenario::Faction {
        self.scenario.faction(self.seat)
    }
    pub fn seat(&self) -> Seat {
        self.seat
    }
    pub fn id(&self) -> &'a str {
        &self.faction().id
    }
    pub fn name(&self) -> &'a str {
        &self.faction().name
    }
    pub fn short(&self) -> &'a str {
        &self.faction().short
    }
    pub fn role(&self) -> Role {
        self.faction().role
    }
    pub fn nato(&self) -> bool {
        self.faction().nato
    }
    pub fn briefing(&self) -> &'a str {
        &self.faction().briefing
    }
    pub fn approval(&self) -> Option<&'a Approval> {
        self.faction().approval.as_ref()
    }
    /// A sentence about this seat with its verb agreeing with the name (see
    /// [`super::scenario::Faction::agree`]).
    pub fn agree(&self, sentence: &str) -> String {
        self.faction().agree(sentence)
    }
    /// Its public aims (objectives marked public).
    pub fn public_objectives(&self) -> impl Iterator<Item = &'a Objective> + 'a {
        self.faction().secret.objectives.iter().filter(|o| o.public)
    }
}

impl<'a> PublicView<'a> {
    pub(crate) fn new(game: &'a Game) -> Self {
        PublicView { game }
    }

    fn s(&self) -> &'a Scenario {
        self.game.scenario()
    }

    // ---- who --------------------------------------------------------------

    pub fn faction(&self, seat: Seat) -> FactionCard<'a> {
        FactionCard {
            seat,
            scenario: self.s(),
        }
    }
    pub fn seats(&self) -> impl Iterator<Item = Seat> + 'a {
        self.s().seats()
    }
    pub fn seat_count(&self) -> usize {
        self.s().factions().len()
    }
    pub fn protected(&self) -> Seat {
        self.s().protected()
    }
    pub fn aggressor(&self) -> Seat {
        self.s().aggressor()
    }
    pub fn is_guarantor(&self, seat: Seat) -> bool {
        self.s().guarantors().contains(seat)
    }
    pub fn guarantors(&self) -> SeatSet {
        self.s().guarantors()
    }
    pub fn negotiators(&self) -> SeatSet {
        self.s().negotiators()
    }

    // ---- public scenario data -------------------------------------------

    pub fn title(&self) -> &'a str {
        self.s().title()
    }
    pub fn situation(&self) -> &'a str {
        self.s().situation()
    }
    pub fn background(&self) -> &'a [Fact] {
        self.s().background()
    }
    pub fn rules(&self) -> &'a Rules {
        self.s().rules()
    }
    pub fn track_names(&self) -> &'a TrackNames {
        self.s().tracks()
    }
    pub fn rung_name(&self, level: i32) -> &'a str {
        self.s().rung_name(level)
    }
    pub fn top_rung(&self) -> i32 {
        self.s().top_rung()
    }
    pub fn clause(&self, clause: ClauseId) -> &'a Clause {
        self.s().clause(clause)
    }
    pub fn clauses(&self) -> &'a [Clause] {
        self.s().clauses()
    }
    /// Every clause of the treaty, in order.
    pub fn clause_ids(&self) -> impl Iterator<Item = ClauseId> + use<> {
        self.s().clause_ids()
    }
    pub fn option(&self, clause: ClauseId, option: usize) -> &'a ClauseOption {
        self.s().option(clause, option)
    }
    /// The option of the response menu that pre-commits `r`.
    pub fn menu_option(&self, r: ResponseId) -> Option<(ClauseId, usize)> {
        self.s().menu_option(r)
    }
    pub fn responses(&self) -> &'a [Response] {
        self.s().responses()
    }
    pub fn response(&self, id: ResponseId) -> &'a Response {
        self.s().response(id)
    }
    /// What guarantors may do between crises.
    pub fn policies(&self) -> &'a [crate::raw::Policy] {
        self.s().policies()
    }
    /// What the aggressor may do in a crisis, if anything.
    pub fn crisis_moves(&self) -> Option<&'a crate::raw::CrisisMoves> {
        self.s().crisis_moves()
    }
    pub fn attacks(&self) -> &'a [Attack] {
        self.s().attacks()
    }
    pub fn attack(&self, id: AttackId) -> &'a Attack {
        self.s().attack(id)
    }
    /// Responses that deploy forces.
    pub fn forces(&self) -> ResponseSet {
        self.s().forces()
    }
    /// What accepting, rejecting and breaking the treaty's offer bring.
    pub fn offer_effects(&self) -> &'a crate::raw::OfferEffects {
        self.s().offer()
    }
    pub fn fallback(&self) -> (Draft, SeatSet) {
        let f = self.s().fallback();
        (f.draft, f.signatories)
    }
    /// The fallback's value on `u`, a utility of `seat` (its own, or a model
    /// built from its public aims), for what the fallback truly brings it:
    /// aims that need a negotiated treaty, or a signature the fallback does
    /// not carry, count nothing ([`crate::utility::unearned_by_fallback`]).
    /// Only `seat`'s public aims are read.
    pub fn fallback_value_for(&self, seat: Seat, u: &Utility) -> f64 {
        self.fallback_value(seat, u, true)
    }
    /// [`Self::fallback_value_for`] over `seat`'s public aims only, or over
    /// all of them (for the seat's own view).
    fn fallback_value(&self, seat: Seat, u: &Utility, public_only: bool) -> f64 {
        let (fallback, bound) = self.fallback();
        let draft = self.game.state().config.apply(fallback);
        let unearned = match self.s().derived.get(seat.index()) {
            // Worked out once for the fallback as written.
            Some(d) if draft == fallback && public_only => d.public_unearned,
            Some(d) if draft == fallback => d.unearned,
            _ => crate::utility::unearned_by_fallback(
                self.s(),
                (self.s().faction(seat).secret.objectives.iter())
                    .filter(|o| o.public || !public_only),
                &draft,
                bound,
            ),
        };
        u.scale(u.units(&draft) - unearned)
    }
    /// What a seat's public aims alone say about its utility (the prior of an
    /// opponent model): their points folded onto the options that decide them.
    pub fn public_utility_table(&self, seat: Seat) -> UtilityTable {
        if let Some(d) = self.s().derived.get(seat.index()) {
            return d.public_table;
        }
        let mut table = [[0; MAX_OPTIONS]; MAX_CLAUSES];
        for o in self.faction(seat).public_objectives() {
            fold_objective(self.s(), o, &mut table);
        }
        table
    }
    /// An additive utility over this scenario's texts from per-option units.
    pub fn utility_from(&self, table: UtilityTable) -> Utility {
        Utility::from_table(self.s(), table)
    }
    pub fn terms_of(&self, d: &Draft) -> TreatyTerms {
        TreatyTerms::of(self.s(), d)
    }
    /// One line for an event, in the scenario's words.
    pub fn describe(&self, e: &Event) -> String {
        e.describe(self.s())
    }
    /// An event's time stamp as a player reads it.
    pub fn when_text(&self, e: &Event) -> String {
        e.when_text(self.s())
    }
    /// The text of a clause choice ("24 hours"; menu items joined).
    pub fn pick_text(&self, clause: ClauseId, pick: Pick) -> String {
        crate::event::pick_text(self.s(), clause, pick)
    }

    // ---- public state ---------------------------------------------------

    pub fn phase(&self) -> Phase {
        self.game.state().phase()
    }
    pub(crate) fn game(&self) -> &'a Game {
        self.game
    }
    /// The chance (percent) that this seat's national vote passes now.
    pub fn vote_chance(&self, seat: Seat) -> Option<u32> {
        self.game.vote_chance(seat)
    }
    /// What a package would achieve if `seat` proposed it now.
    pub fn forecast(&self, seat: Seat, items: ResponseSet) -> crate::rules::Forecast {
        self.game.forecast(seat, items)
    }
    /// Weight (hundredths) of `items` if every seat still acting provides what it can.
    pub fn potential_weight(&self, items: ResponseSet) -> i32 {
        self.game.potential_weight(items)
    }
    /// Weight (hundredths) of the package on the table as pledged so far.
    pub fn pledged_weight(&self) -> i32 {
        self.game.pledged_weight()
    }
    /// How a weight (hundredths) would be judged against the current attack.
    pub fn verdict_of(&self, weight: i32) -> crate::state::Verdict {
        self.game.verdict_of(weight)
    }
    /// The chance (percent) that a climb ending at `rung` spirals on by itself.
    pub fn spiral_chance(&self, rung: i32) -> u32 {
        self.game.spiral_chance(rung)
    }
    /// The chance (0..1) that a climb of `rungs` from here ends in war.
    pub fn war_chance(&self, rungs: i32) -> f64 {
        self.game.war_chance(rungs)
    }
    /// The current attack's severity, after the aggressor's moves.
    pub fn severity_now(&self) -> i32 {
        self.game.severity_now()
    }
    /// What a change of posture would add to the current attack's severity and damage.
    pub fn posture_shift(&self, p: &crate::raw::Posture) -> (i32, i32) {
        self.game.posture_shift(p)
    }
    /// Rungs a move that climbs `escalation` rungs by itself climbs, tripwire included.
    pub fn climb_of(&self, escalation: i32) -> i32 {
        self.game.climb_of(escalation)
    }
    /// The current attack's damage, after the aggressor's moves.
    pub fn damage_now(&self) -> i32 {
        self.game.damage_now()
    }
    pub fn month(&self) -> i32 {
        self.game.state().month
    }
    pub fn tracks(&self) -> Tracks {
        self.game.state().tracks
    }
    pub fn seat_tracks(&self, seat: Seat) -> SeatTracks {
        self.game.state().seats[seat.index()]
    }
    /// What the aggressor's moves at the table cost and bring, if it has any.
    pub fn table_moves_terms(&self) -> Option<&'a crate::raw::TableMoves> {
        self.s().table_moves()
    }
    /// Options the aggressor has warned against at the table (public).
    pub fn threats(&self) -> &'a [(ClauseId, u8)] {
        &self.game.state().diplomacy.threats
    }
    pub fn talks(&self) -> &'a Talks {
        &self.game.state().talks
    }
    pub fn config(&self) -> &'a GameConfig {
        &self.game.state().config
    }
    /// Red lines a seat has made public.
    pub fn signalled_red_lines(&self, seat: Seat) -> Vec<&'a RedLine> {
        let mask = self.game.state().talks.signalled[seat.index()];
        self.s()
            .faction(seat)
            .secret
            .red_lines
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, r)| r)
            .collect()
    }
    pub fn treaty(&self) -> Option<&'a Treaty> {
        self.game.state().treaty()
    }
    pub fn terms(&self) -> Option<TreatyTerms> {
        self.game.terms()
    }
    pub fn crisis(&self) -> Option<&'a Crisis> {
        self.game.state().crisis()
    }
    pub fn crises(&self) -> &'a [CrisisRecord] {
        &self.game.state().crises
    }
    pub fn history(&self) -> &'a [Sample] {
        &self.game.state().history
    }
    pub fn log(&self) -> &'a [Event] {
        &self.game.state().log
    }
    pub fn ending(&self) -> Option<Ending> {
        self.game.state().ending()
    }
    pub fn to_move(&self) -> Option<Seat> {
        self.game.to_move()
    }
    pub fn deterrence_index(&self) -> i32 {
        self.game.deterrence_index()
    }
    pub fn peak_escalation(&self) -> i32 {
        self.game.state().peak_escalation
    }

    // ---- crisis arithmetic (public rules) ---------------------------------

    pub fn providable(&self, seat: Seat) -> ResponseSet {
        self.game.providable(seat)
    }
    pub fn needs_approval(&self, seat: Seat, items: ResponseSet) -> bool {
        self.game.needs_approval(seat, items)
    }
    pub fn preparation_hours(&self, seat: Seat, items: ResponseSet) -> u32 {
        self.game.preparation_hours(seat, items)
    }
    pub fn convene_hours(&self, seat: Seat) -> u32 {
        self.game.convene_hours(seat)
    }
    pub fn position_hours(&self, seat: Seat) -> u32 {
        self.game.position_hours(seat)
    }
    /// The longest delay before `attack`, launched now, would be attributed.
    pub fn attribution_limit(&self, attack: AttackId) -> u32 {
        self.game.attribution_limit(attack)
    }
    /// What a shared track has lost in the crises so far, all together.
    pub fn lost_in_crises(&self, track: crate::raw::Track) -> i32 {
        crate::scoring::lost_in_crises(self.game.state(), track)
    }
    /// The chance (percent) that `seat`'s position snags when it backs a package.
    pub fn snag_chance(&self, seat: Seat) -> u32 {
        self.game.snag_chance(seat)
    }
    /// Whether `seat` has readiness for its next crisis.
    pub fn is_ready(&self, seat: Seat) -> bool {
        self.game.state().ready.contains(seat)
    }
    /// The fewest and most hours a national vote of `seat` may take.
    pub fn vote_hours(&self, seat: Seat) -> Option<(u32, u32)> {
        self.game.vote_hours(seat)
    }
    pub fn propose_hours(&self, seat: Seat, items: ResponseSet) -> u32 {
        self.game.propose_hours(seat, items)
    }
}

impl<'a> SeatView<'a> {
    /// This seat's own objectives as things stand: which are met, its
    /// points, whether it would win if the game ended now.
    pub fn standing(&self) -> crate::scoring::SeatOutcome {
        self.game().outcome_of(self.seat())
    }
    pub(crate) fn new(game: &'a Game, seat: Seat) -> Self {
        SeatView {
            public: PublicView { game },
            seat,
        }
    }

    // ---- who ----------------------------------------------------------

    pub fn seat(&self) -> Seat {
        self.seat
    }
    pub fn me(&self) -> FactionCard<'a> {
        self.faction(self.seat)
    }
    // ---- this seat's own secrets ---------------------------------------

    pub fn secrets(&self) -> &'a Secrets {
        &self.public.s().faction(self.seat).secret
    }
    /// This seat's value of a draft.
    pub fn value(&self, d: &Draft) -> i32 {
        draft::value(self.public.s(), self.seat, d)
    }
    pub fn value_range(&self) -> (i32, i32) {
        draft::value_range(self.public.s(), self.seat)
    }
    /// This seat's negotiation utility: preferences plus text-decided objectives.
    pub fn utility(&self) -> Utility {
        match self.public.s().derived.get(self.seat.index()) {
            Some(d) => d.utility.clone(),
            None => Utility::of(self.public.s(), self.seat),
        }
    }
    /// The back-channel deals this seat is party to: all of them for the
    /// aggressor, its own for a guarantor, none for anyone else. Nobody else
    /// learns of a deal unless it is exposed (an event in the log).
    pub fn deals(&self) -> impl Iterator<Item = &'a Deal> + 'a {
        let seat = self.seat;
        let aggressor = self.public.s().aggressor();
        self.public
            .game
            .state()
            .diplomacy
            .deals
            .iter()
            .filter(move |d| seat == aggressor || d.seat == seat)
    }
    /// The fallback's value for this seat on its own utility `u`, every aim
    /// of its own read ([`PublicView::fallback_value_for`] reads only the
    /// public ones).
    pub fn own_fallback_value(&self, u: &Utility) -> f64 {
        self.public.fallback_value(self.seat, u, false)
    }
    /// What signing a negotiated text adds to its clauses' value for this
    /// seat (objectives its signature meets), on the scale of [`Self::utility`].
    pub fn signature_value(&self) -> f64 {
        self.signature_value_on(&self.utility())
    }
    /// [`Self::signature_value`] for a caller that has this seat's utility
    /// at hand already (working it out again folds every objective).
    pub fn signature_value_on(&self, u: &Utility) -> f64 {
        let points = match self.public.s().derived.get(self.seat.index()) {
            Some(d) => d.signature_points,
            None => crate::utility::signature_points(self.public.s(), self.seat),
        };
        if u.hi == u.lo {
            0.0
        } else {
            points as f64 / (u.hi - u.lo) as f64
        }
    }
    /// This seat's value of a draft scaled to 0..1 over all possible drafts.
    pub fn normalised_value(&self, d: &Draft) -> f64 {
        let (lo, hi) = self.value_range();
        if hi == lo {
            1.0
        } else {
            (self.value(d) - lo) as f64 / (hi - lo) as f64
        }
    }
    /// This seat's red lines a draft crosses.
    pub fn crossed_red_lines(&self, d: &Draft) -> Vec<usize> {
        draft::crossed_red_lines(self.public.s(), self.seat, d).collect()
    }

    /// Whether this seat may take `action` now.
    pub fn check(&self, action: &Action) -> Result<(), RuleError> {
        self.public.game.check(self.seat, action)
    }

    /// A whole game consistent with what this seat knows, for search: the
    /// public state, this seat's own secrets, and for every other seat secrets
    /// drawn from a prior (its public aims kept, its public red lines kept,
    /// preferences guessed from its public aims with noise, a personality drawn
    /// at random), with the game's random stream reseeded. Nothing hidden from
    /// this seat goes into it.
    pub fn sample_world(&self, rng: &mut impl rand::Rng) -> Game {
        use rand::RngExt;
        let game = self.public.game;
        let mut scenario: Scenario = (**game.scenario()).clone();
        let mut state = game.state().clone();
        // Deals this seat is not party to are not known to it.
        let (me, aggressor) = (self.seat, game.scenario().aggressor());
        state
            .diplomacy
            .deals
            .retain(|d| me == aggressor || d.seat == me);
        for seat in game.scenario().seats() {
            if seat == self.seat {
                continue;
            }
            let prior = self.public_utility_table(seat);
            let signalled = self.signalled_red_lines(seat);
            let faction = &mut scenario.factions[seat.index()];
            let secret = &mut faction.secret;
            secret.objectives.retain(|o| o.public);
            secret.victory = secret
                .objectives
                .iter()
                .map(|o| o.points.max(0))
                .sum::<i32>()
                / 2;
            secret.red_lines = signalled.into_iter().cloned().collect();
            let n = secret.red_lines.len();
            state.talks.signalled[seat.index()] = if n >= 32 { u32::MAX } else { (1 << n) - 1 };
            let clauses = game.scenario().clauses().len();
            for (f, row) in secret.values.iter_mut().enumerate().take(clauses) {
                for (o, v) in row.iter_mut().enumerate() {
                    *v = prior[f][o] / crate::utility::PREFERENCE_WEIGHT + rng.random_range(-3..=3);
                }
            }
            let p = &mut secret.personality;
            p.concession = rng.random_range(0.5..1.5);
            p.hawkishness = rng.random_range(0.2..0.8);
            p.caution = rng.random_range(0.2..0.8);
            p.solidarity = rng.random_range(0.2..0.8);
        }
        scenario.derive();
        // The future is unknown: a fresh random stream, and a fresh seed for the AI streams.
        state.seed = rng.next_u64();
        state.rng = crate::state::new_rng(rng.next_u64());
        // The scenario came from a validated one and only secrets changed,
        // each to something a validated scenario could hold.
        Game::from_parts(std::sync::Arc::new(scenario), state)
    }
}
