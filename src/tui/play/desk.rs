//! What one terminal shows of a game and where its cursor is: which seat is
//! at the keyboard, which screen (news, hand-over, briefing, the table, the
//! crisis room, the final scores), the menu and the builders. The game itself
//! is the [`Table`]'s; a desk only reads it and asks it to act.

use super::menu::{self, Act, Choice};
use crate::core::*;
use crate::table::{Headline, Table, headline};
use crate::tui::keys::{self, Binding, Key, Keys};

/// What the screen is waiting for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Important public news (an attack, a treaty, a verdict): read, then Enter.
    News(Headline),
    /// Hot-seat: nothing private is shown until `to` confirms it is at the keyboard.
    Handover {
        to: Seat,
    },
    /// A seat's private briefing.
    Briefing {
        seat: Seat,
        scroll: u16,
    },
    /// A human seat chooses its move.
    Decide,
    /// Only AI seats: each Enter plays the next move.
    Watch,
    /// A seat's own terminal (or a gallery's) while another seat is to move:
    /// the table, the log and the situation can be read; nothing moves here.
    Wait,
    Final {
        scroll: u16,
    },
}

/// The panels Tab cycles through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The table, the crisis room, or the aggressor's desk.
    Main,
    /// Tracks, charts and the map.
    Situation,
    /// The full event log.
    Log,
}

/// Where the cursor is on the main panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Actions,
    /// Choosing a clause option to amend.
    Draft,
    /// Choosing the responses of a package.
    Package,
}

/// What a key does on the game screen. The first group is the app's to
/// carry out (it owns the dialogs, the files and the projector); the rest
/// the desk's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Quit,
    Projector,
    Facilitator,
    Save,
    Export,
    /// Back to the title screen (from the final scores).
    Leave,

    NextPanel,
    PreviousPanel,
    /// Esc: from a panel or a builder back to the moves.
    Back,
    Scroll,
    Continue,
    Confirm,
    TakeBack,
    Briefing,
    ToTable,
    Next,
    AutoPlay,
    Choose,
    DoIt,
    Clause,
    Option,
    Amend,
    Tick,
    Propose,
}

/// What the app tells a desk about the terminal around it, for its key table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context {
    pub saving: bool,
    pub facilitator: bool,
    /// A connection to `umbrella serve`: the server writes the report, and
    /// leaving the final scores leaves the game.
    pub remote: bool,
}

/// Where a desk's terminal is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Place {
    /// At the game's one keyboard: the desk hands it from seat to seat and
    /// lets AI seats move.
    #[default]
    Keyboard,
    /// One seat's own terminal (a connection to `umbrella serve`): it shows
    /// that seat only, never hands over and never moves another seat; the
    /// server moves the AI seats.
    Seat(Seat),
    /// A terminal that only watches (a projector, the facilitator, the
    /// server's console): public information, and nothing moves.
    Gallery,
}

#[derive(Clone, Debug)]
pub struct Desk {
    /// Where this desk's terminal is.
    pub place: Place,
    /// The human seat confirmed at the keyboard: the only one whose private
    /// information may be drawn.
    pub viewer: Option<Seat>,
    /// The seat that had the keyboard before a hand-over: it may still take
    /// its move back until the next seat confirms it is at the keyboard.
    pub previous: Option<Seat>,
    pub stage: Stage,
    pub panel: Panel,
    pub focus: Focus,
    pub choices: Vec<Choice>,
    pub selected: usize,
    /// Draft cursor: clause index and option.
    pub clause: usize,
    pub option: usize,
    /// Package builder: chosen responses and cursor.
    pub package: ResponseSet,
    pub package_row: usize,
    /// Feed length when each seat last acted: what is new to it.
    pub seen: [usize; MAX_SEATS],
    pub briefed: SeatSet,
    pub autoplay: bool,
    /// What the last key did, or why it did nothing, where the player is looking.
    pub message: Option<Note>,
    pub scroll: u16,
}

/// A line of feedback where the player is looking: what a key did, or why
/// it did nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    /// A refusal or a failure (drawn as a warning), not an outcome.
    pub warning: bool,
}

impl std::ops::Deref for Note {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl Desk {
    /// Tell the player what happened.
    pub fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Note {
            text: text.into(),
            warning: false,
        });
    }

    /// Warn the player: something was refused or failed.
    pub fn warn(&mut self, text: impl Into<String>) {
        self.message = Some(Note {
            text: text.into(),
            warning: true,
        });
    }
}

impl Default for Desk {
    fn default() -> Self {
        Desk {
            place: Place::Keyboard,
            viewer: None,
            previous: None,
            stage: Stage::Watch,
            panel: Panel::Main,
            focus: Focus::Actions,
            choices: Vec::new(),
            selected: 0,
            clause: 0,
            option: 0,
            package: ResponseSet::EMPTY,
            package_row: 0,
            seen: [0; MAX_SEATS],
            briefed: SeatSet::EMPTY,
            autoplay: false,
            message: None,
            scroll: 0,
        }
    }
}

impl Desk {
    /// The desk of one seat's own terminal.
    pub fn seated(seat: Seat) -> Desk {
        Desk {
            place: Place::Seat(seat),
            viewer: Some(seat),
            stage: Stage::Wait,
            ..Desk::default()
        }
    }

    /// The desk of a terminal that only watches.
    pub fn gallery() -> Desk {
        Desk {
            place: Place::Gallery,
            stage: Stage::Wait,
            ..Desk::default()
        }
    }

    /// The table changed under this desk (another terminal moved, the
    /// server's AI seats or the facilitator): show the news among `events`,
    /// unless the player is reading a briefing (the news waits), and find
    /// what the screen waits for now.
    pub fn changed(&mut self, table: &mut Table, events: &[Event]) {
        if matches!(self.stage, Stage::Briefing { .. }) && !table.game().is_over() {
            return;
        }
        if self.show_news(table, events) || matches!(self.stage, Stage::News(_)) {
            return;
        }
        self.route(table);
    }

    pub fn is_finished(&self) -> bool {
        matches!(self.stage, Stage::Final { .. })
    }

    /// The seat whose private screens may be drawn now, if any.
    pub fn private_seat(&self) -> Option<Seat> {
        match self.stage {
            Stage::Handover { .. } => None,
            _ => self.viewer,
        }
    }

    /// Decide what the screen waits for next, letting AI seats move until a
    /// human must act (or news must be read).
    pub fn route(&mut self, table: &mut Table) {
        if self.place != Place::Keyboard {
            self.route_here(table);
            return;
        }
        for _ in 0..crate::lab::MAX_STEPS {
            if table.game().is_over() {
                self.autoplay = false;
                if !self.is_finished() {
                    self.stage = Stage::Final { scroll: 0 };
                }
                return;
            }
            let Some(seat) = table.game().to_move() else {
                return;
            };
            if table.player(seat) != crate::ai::Player::Human {
                if table.humans().is_empty() {
                    self.stage = Stage::Watch;
                    return;
                }
                if self.ai_move(table) {
                    return;
                }
                continue;
            }
            if table.humans().len() > 1 && self.viewer != Some(seat) {
                if self.viewer.is_some() {
                    self.previous = self.viewer;
                }
                self.viewer = None;
                self.stage = Stage::Handover { to: seat };
                return;
            }
            self.viewer = Some(seat);
            if !self.briefed.contains(seat) {
                self.stage = Stage::Briefing { seat, scroll: 0 };
                return;
            }
            self.stage = Stage::Decide;
            self.rebuild(table);
            return;
        }
    }

    /// Route a seat's own terminal or a gallery: nothing moves here.
    fn route_here(&mut self, table: &Table) {
        if table.game().is_over() {
            if !self.is_finished() {
                self.stage = Stage::Final { scroll: 0 };
            }
            return;
        }
        let Place::Seat(me) = self.place else {
            self.stage = Stage::Wait;
            return;
        };
        self.viewer = Some(me);
        if !self.briefed.contains(me) {
            self.stage = Stage::Briefing {
                seat: me,
                scroll: 0,
            };
            return;
        }
        if table.human_to_move() == Some(me) {
            if self.stage != Stage::Decide {
                self.panel = Panel::Main;
            }
            self.stage = Stage::Decide;
            self.rebuild(table);
        } else {
            self.stage = Stage::Wait;
        }
    }

    /// One AI move. True if it made news (the news stage is set).
    fn ai_move(&mut self, table: &mut Table) -> bool {
        let Some(item) = table.step() else {
            return false;
        };
        let events = item.events.clone();
        self.show_news(table, &events)
    }

    /// Watch mode: play the next AI move.
    pub fn step(&mut self, table: &mut Table) {
        if table.ai_to_move().is_some() && self.ai_move(table) {
            return;
        }
        self.route(table);
    }

    /// Show the important public news among `events`, if any.
    pub fn show_news(&mut self, table: &Table, events: &[Event]) -> bool {
        let game = table.game();
        match headline(game.scenario(), game.state(), events) {
            Some(h) => {
                if self.stage == Stage::Watch {
                    self.autoplay = false;
                }
                self.stage = Stage::News(h);
                true
            }
            None => false,
        }
    }

    /// Apply the viewer's decision.
    pub fn act(&mut self, table: &mut Table, action: Action) {
        let Some(seat) = self.viewer else { return };
        let label = menu::action_label(&table.game().view(seat), action);
        match table.act(seat, action) {
            Ok(item) => {
                let events = item.events.clone();
                let name = table.game().scenario().faction(seat).name.clone();
                self.say(format!("{name}: {label}. (u takes it back)"));
                self.seen[seat.index()] = table.feed().len();
                // News first (it is public); routing resumes when it is read.
                if !self.show_news(table, &events) {
                    self.route(table);
                }
            }
            Err(e) => self.warn(format!("Not allowed: {e}.")),
        }
    }

    /// Take back the last move of `seat` (and what the AI seats did after it).
    pub fn take_back(&mut self, table: &mut Table, seat: Seat) {
        match table.take_back(seat) {
            Ok(()) => {
                let len = table.feed().len();
                self.seen.iter_mut().for_each(|s| *s = (*s).min(len));
                if self.viewer != Some(seat) {
                    // Taken back on the hand-over screen: the keyboard returns.
                    self.viewer = Some(seat);
                    self.previous = None;
                }
                self.stage = Stage::Decide;
                self.route(table);
                self.say("Move taken back.");
            }
            Err(_) => self.warn("Nothing to take back since you took the keyboard."),
        }
    }

    /// Rebuild the viewer's menu after the state changed.
    pub fn rebuild(&mut self, table: &Table) {
        let Some(seat) = self.viewer else { return };
        let advice = table.advice(seat);
        let view = table.game().view(seat);
        let choices = menu::with_advice(&view, menu::menu(&view), &advice);
        self.selected = choices.iter().position(|c| c.suggested).unwrap_or(0);
        self.choices = choices;
        self.focus = Focus::Actions;
        self.package = match advice.action {
            Action::Propose(items) => items,
            _ => view
                .crisis()
                .and_then(|c| c.package.as_ref())
                .map_or(ResponseSet::EMPTY, |p| p.items),
        };
        self.package_row = 0;
        if let Some(d) = view.talks().draft {
            let s = table.scenario();
            let f = s.clause_ids().nth(self.clause).unwrap_or_default();
            if !s.clause(f).is_subset() {
                self.option = d.option(f);
            }
        }
    }

    /// Moves the viewer has not seen yet (everything, when nobody plays).
    pub fn new_moves<'t>(&self, table: &'t Table) -> &'t [crate::table::FeedItem] {
        let feed = table.feed();
        let from = self
            .viewer
            .map_or(0, |s| self.seen[s.index()])
            .min(feed.len());
        &feed[from..]
    }

    // ---- keys --------------------------------------------------------------

    /// The key table of the game screen as it stands.
    pub fn keys(&self, table: &Table, ctx: Context) -> Vec<Binding<Command>> {
        use Command as C;
        let b = Binding::new;
        let one = Keys::One;
        let mut t = Vec::new();
        let panels = |t: &mut Vec<Binding<Command>>| {
            t.push(b(one(Key::Tab), "Tab", "panels", C::NextPanel));
            t.push(
                b(
                    one(Key::BackTab),
                    "S-Tab",
                    "previous panel",
                    C::PreviousPanel,
                )
                .help_only(),
            );
        };
        match &self.stage {
            Stage::News(_) => {
                t.push(b(
                    Keys::Any(&[Key::Enter, Key::Space, Key::Esc]),
                    "Enter",
                    "continue",
                    C::Continue,
                ));
            }
            Stage::Handover { .. } => {
                t.push(b(
                    one(Key::Enter),
                    "Enter",
                    "I am at the keyboard",
                    C::Confirm,
                ));
                if self.previous.is_some_and(|p| table.can_take_back(p)) {
                    t.push(b(
                        one(Key::Char('u')),
                        "u",
                        "take the last move back",
                        C::TakeBack,
                    ));
                }
            }
            Stage::Briefing { .. } => {
                t.push(b(keys::SCROLL, "↑↓", "scroll", C::Scroll));
                t.push(b(
                    Keys::Two(Key::Enter, Key::Esc),
                    "Enter",
                    "to the table",
                    C::ToTable,
                ));
            }
            Stage::Final { .. } => {
                t.push(b(keys::SCROLL, "↑↓ PgUp PgDn", "scroll", C::Scroll));
                if !ctx.remote {
                    t.push(b(one(Key::Char('e')), "e", "export the report", C::Export));
                    t.push(b(
                        Keys::Two(Key::Enter, Key::Esc),
                        "Enter",
                        "title",
                        C::Leave,
                    ));
                }
            }
            Stage::Decide | Stage::Watch | Stage::Wait if self.panel != Panel::Main => {
                t.push(b(keys::SCROLL, "↑↓", "scroll", C::Scroll));
                t.push(b(one(Key::Esc), "Esc", "back", C::Back));
                panels(&mut t);
            }
            Stage::Wait => {
                if self.viewer.is_some() {
                    t.push(b(one(Key::Char('b')), "b", "briefing", C::Briefing));
                    if self.viewer.is_some_and(|v| table.can_take_back(v)) {
                        t.push(b(one(Key::Char('u')), "u", "undo", C::TakeBack));
                    }
                }
                panels(&mut t);
            }
            Stage::Watch => {
                t.push(b(keys::ENTER, "Enter", "next move", C::Next));
                let auto = if self.autoplay {
                    "stop auto-play"
                } else {
                    "auto-play"
                };
                t.push(b(one(Key::Char('a')), "a", auto, C::AutoPlay));
                panels(&mut t);
            }
            Stage::Decide => match self.focus {
                Focus::Actions => {
                    t.push(b(
                        Keys::Any(&[Key::Up, Key::Down, Key::Home, Key::End]),
                        "↑↓",
                        "choose",
                        C::Choose,
                    ));
                    t.push(b(keys::ENTER, "Enter", "do it", C::DoIt));
                    t.push(b(one(Key::Char('b')), "b", "briefing", C::Briefing));
                    if self.viewer.is_some_and(|v| table.can_take_back(v)) {
                        t.push(b(one(Key::Char('u')), "u", "undo", C::TakeBack));
                    }
                    panels(&mut t);
                }
                Focus::Draft => {
                    t.push(b(keys::UP_DOWN, "↑↓", "clause", C::Clause));
                    t.push(b(
                        Keys::Two(Key::Left, Key::Right),
                        "←→",
                        "option",
                        C::Option,
                    ));
                    t.push(b(keys::ENTER, "Enter", "amend", C::Amend));
                    t.push(b(one(Key::Esc), "Esc", "back", C::Back));
                }
                Focus::Package => {
                    t.push(b(keys::UP_DOWN, "↑↓", "response", C::Choose));
                    t.push(b(one(Key::Space), "Space", "tick", C::Tick));
                    t.push(b(one(Key::Enter), "Enter", "propose", C::Propose));
                    t.push(b(one(Key::Esc), "Esc", "back", C::Back));
                }
            },
        }
        if ctx.saving {
            // Saving is on every game screen; the footer shows it where moves are made.
            let save = b(one(Key::Char('s')), "s", "save", C::Save);
            let at_the_moves = self.stage == Stage::Decide && self.focus == Focus::Actions;
            t.push(if at_the_moves { save } else { save.help_only() });
        }
        t.push(b(one(Key::Help), "?", "help", C::Help));
        t.push(b(one(Key::Quit), "q", "quit", C::Quit));
        t.push(b(one(Key::Char('p')), "p", "projector view", C::Projector).help_only());
        if ctx.facilitator {
            t.push(
                b(
                    Keys::Two(Key::Char('f'), Key::Char('F')),
                    "f",
                    "facilitator's panel (PIN)",
                    C::Facilitator,
                )
                .help_only(),
            );
        }
        t
    }

    /// Carry out a desk command (`key` is the key that gave it).
    pub fn run(&mut self, table: &mut Table, command: Command, key: Key) {
        use Command as C;
        match command {
            C::NextPanel | C::PreviousPanel => {
                let forward = command == C::NextPanel;
                self.panel = match (self.panel, forward) {
                    (Panel::Main, true) | (Panel::Log, false) => Panel::Situation,
                    (Panel::Situation, true) | (Panel::Main, false) => Panel::Log,
                    _ => Panel::Main,
                };
                self.scroll = 0;
            }
            C::Back => {
                if self.panel != Panel::Main {
                    self.panel = Panel::Main;
                } else {
                    self.focus = Focus::Actions;
                }
                self.message = None;
            }
            C::Scroll => match &mut self.stage {
                Stage::Briefing { scroll, .. } | Stage::Final { scroll } => {
                    *scroll = keys::scrolled(*scroll, key)
                }
                // Panels scroll from the newest end: up goes back in time.
                _ => {
                    self.scroll = match key {
                        Key::Up => self.scroll.saturating_add(1),
                        Key::Down => self.scroll.saturating_sub(1),
                        Key::PageUp => self.scroll.saturating_add(10),
                        Key::PageDown => self.scroll.saturating_sub(10),
                        Key::End => 0,
                        _ => self.scroll,
                    }
                }
            },
            C::Continue => self.route(table),
            C::Confirm => {
                if let Stage::Handover { to } = self.stage {
                    self.viewer = Some(to);
                    self.previous = None;
                    self.message = None;
                    self.route(table);
                }
            }
            C::TakeBack => match (&self.stage, self.viewer, self.previous) {
                (Stage::Handover { .. }, _, Some(p)) => self.take_back(table, p),
                (_, Some(v), _) => self.take_back(table, v),
                _ => {}
            },
            C::Briefing => {
                if let Some(seat) = self.viewer {
                    self.stage = Stage::Briefing { seat, scroll: 0 };
                }
            }
            C::ToTable => {
                if let Stage::Briefing { seat, .. } = self.stage {
                    self.briefed.insert(seat);
                    self.route(table);
                }
            }
            C::Next => self.step(table),
            C::AutoPlay => self.autoplay = !self.autoplay,
            C::Choose if self.focus == Focus::Package => {
                let n = table.scenario().responses().len();
                self.package_row = match key {
                    Key::Up => self.package_row.saturating_sub(1),
                    _ => (self.package_row + 1).min(n.saturating_sub(1)),
                };
            }
            C::Choose => {
                let n = self.choices.len();
                self.selected = match key {
                    Key::Up => self.selected.saturating_sub(1),
                    Key::Down => (self.selected + 1).min(n.saturating_sub(1)),
                    Key::Home => 0,
                    _ => n.saturating_sub(1),
                };
                self.message = None;
            }
            C::DoIt => {
                let Some(choice) = self.choices.get(self.selected).cloned() else {
                    return;
                };
                match choice.act {
                    Act::Do(action) => self.act(table, action),
                    Act::EditDraft => {
                        self.focus = Focus::Draft;
                        self.message = None;
                    }
                    Act::BuildPackage => {
                        self.focus = Focus::Package;
                        self.package_row = 0;
                        self.message = None;
                    }
                }
            }
            C::Clause | C::Option => self.move_in_draft(table, key),
            C::Amend => self.amend(table),
            C::Tick => {
                let r = ResponseId(self.package_row as u8);
                self.package = self.package.toggled(r);
            }
            C::Propose => {
                let action = Action::Propose(self.package);
                let seat = self.viewer.unwrap_or_default();
                match table.game().check(seat, &action) {
                    Ok(()) => self.act(table, action),
                    Err(e) => self.warn(format!("Not allowed: {e}.")),
                }
            }
            // The app's to carry out.
            C::Help | C::Quit | C::Projector | C::Facilitator | C::Save | C::Export | C::Leave => {}
        }
    }

    fn move_in_draft(&mut self, table: &Table, key: Key) {
        let s = table.scenario();
        let options = |clause: usize| s.clauses().get(clause).map_or(1, |c| c.options.len());
        match key {
            Key::Up => {
                self.clause = self.clause.saturating_sub(1);
                self.option = self.option.min(options(self.clause) - 1);
            }
            Key::Down => {
                self.clause = (self.clause + 1).min(s.clauses().len().saturating_sub(1));
                self.option = self.option.min(options(self.clause) - 1);
            }
            Key::Left => self.option = self.option.saturating_sub(1),
            _ => self.option = (self.option + 1).min(options(self.clause) - 1),
        }
    }

    fn amend(&mut self, table: &mut Table) {
        let Some(draft) = table.game().state().talks.draft else {
            self.focus = Focus::Actions;
            return;
        };
        let s = table.scenario();
        let Some(clause) = s.clause_ids().nth(self.clause) else {
            return;
        };
        let pick = if s.clause(clause).is_subset() {
            draft.pick(clause).toggled(self.option)
        } else {
            Pick::one(self.option)
        };
        let action = Action::Amend { clause, pick };
        match table.game().check(self.viewer.unwrap_or_default(), &action) {
            Ok(()) => self.act(table, action),
            Err(e) => self.warn(format!("Not allowed: {e}.")),
        }
    }
}
