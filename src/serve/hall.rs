//! The hall: one game shared by every terminal of a class. It holds the one
//! table (the truth), and for each connection an app of its own (its screen,
//! its cursor, its dialogs) showing that table from its station. An accepted
//! move on any terminal becomes the table's; the AI seats then move, the
//! game is autosaved, and every terminal is brought up to date and redrawn.
//!
//! No network and no clock in here: the server feeds it connections, keys
//! and the time, and it writes each terminal's bytes to that connection's
//! [`Wire`]. Tests drive it directly.

use super::codes::Codes;
use crate::ai::Player;
use crate::core::{Event, Scenario, Seat};
use crate::table::{Table, TurnClock};
use crate::tui::app::{App, Flow, Input, Station};
use crate::tui::effect::{self, Done, Effect};
use crate::tui::play::{Session, Stage};
use crate::tui::render;
use crate::tui::theme::Theme;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::PathBuf;

/// A connection's number, given by the server.
pub type ConnId = u64;

/// The console's connection number (the server's own terminal).
pub const CONSOLE: ConnId = 0;

/// Lines of the server's log the console keeps.
const LOG_LINES: usize = 200;

/// What the hall sends down a connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Out {
    /// Bytes for the terminal.
    Bytes(Vec<u8>),
    /// Close the connection, after these last words (already on screen).
    Close,
}

/// Where a connection's bytes go. `send` returns false when the connection
/// is gone or cannot keep up: the hall then lets it go.
pub trait Wire: Send {
    fn send(&mut self, out: Out) -> bool;
}

/// What the server tells the console about itself.
#[derive(Clone, Debug, Default)]
pub struct Info {
    /// `ssh -p PORT NAME@ADDRESS` lines' address part, one per address.
    pub addresses: Vec<String>,
    pub port: u16,
    /// The host key's fingerprint (SHA256:...).
    pub fingerprint: String,
    /// Where the join codes are kept.
    pub codes_file: PathBuf,
}

type Screen = Terminal<CrosstermBackend<Vec<u8>>>;

struct Conn {
    /// The name it logged in with.
    name: String,
    station: Station,
    addr: String,
    app: App,
    screen: Screen,
    wire: Box<dyn Wire>,
    /// How much of the table's feed this terminal's desk has been shown.
    feed_seen: usize,
    /// The console's page (the class, or the game).
    page: Page,
    /// Closed by the hall: nothing more is sent.
    closed: bool,
}

/// The console's two pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Class,
    Game,
}

pub struct Hall {
    /// The one truth.
    table: Table,
    conns: BTreeMap<ConnId, Conn>,
    /// The screens of the connections that went away, by name: the next
    /// connection with that name comes back to it.
    parked: HashMap<String, App>,
    theme: Theme,
    save_dir: PathBuf,
    pub info: Info,
    codes: Codes,
    /// The turn timer of the seat to move.
    clock: TurnClock,
    now_ms: u64,
    log: VecDeque<String>,
    /// Lines ever written to the log.
    said: usize,
    /// How much of the feed is in the log.
    logged: usize,
    /// Where the last autosave went, or why it failed.
    saved: Option<Result<PathBuf, String>>,
    /// The end-of-game report, once written.
    report: Option<Result<PathBuf, String>>,
    /// The console asked the server to stop.
    stopping: bool,
}

/// The names that may log in: the seats' ids, `projector` and `facilitator`.
pub fn names(scenario: &Scenario) -> Vec<String> {
    scenario
        .factions()
        .iter()
        .map(|f| f.id.clone())
        .chain(["projector".to_string(), "facilitator".to_string()])
        .collect()
}

/// The station a login name stands for.
pub fn station_of(scenario: &Scenario, name: &str) -> Option<Station> {
    match name {
        "projector" => Some(Station::Projector),
        "facilitator" => Some(Station::Facilitator),
        _ => scenario.seat_by_id(name).map(Station::Team),
    }
}

/// Whether a terminal's copy of the table is not the hall's: a move, an
/// intervention, a setting or a new PIN made there.
fn differs(copy: &Table, truth: &Table) -> bool {
    copy.revision() != truth.revision()
        || copy.timers != truth.timers
        || copy.lock != truth.lock
        || copy.players() != truth.players()
}

/// Bytes that put a client's terminal into the game's state, and out of it.
fn terminal_setup(enter: bool) -> Vec<u8> {
    use ratatui::crossterm::{cursor, event, execute, terminal};
    let mut bytes = Vec::new();
    let _ = if enter {
        execute!(
            bytes,
            terminal::EnterAlternateScreen,
            cursor::Hide,
            event::EnableBracketedPaste,
            terminal::Clear(terminal::ClearType::All)
        )
    } else {
        execute!(
            bytes,
            event::DisableBracketedPaste,
            cursor::Show,
            terminal::LeaveAlternateScreen
        )
    };
    bytes
}

fn new_screen(w: u16, h: u16) -> Option<Screen> {
    Terminal::with_options(
        CrosstermBackend::new(Vec::new()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w.max(1), h.max(1))),
        },
    )
    .ok()
}

impl Hall {
    pub fn new(table: Table, save_dir: PathBuf, info: Info, codes: Codes) -> Hall {
        let logged = table.feed().len();
        Hall {
            table,
            conns: BTreeMap::new(),
            parked: HashMap::new(),
            theme: Theme::from_env(),
            save_dir,
            info,
            codes,
            clock: TurnClock::default(),
            now_ms: 0,
            log: VecDeque::new(),
            said: 0,
            logged,
            saved: None,
            report: None,
            stopping: false,
        }
    }

    pub fn table(&self) -> &Table {
        &self.table
    }

    /// The time, in milliseconds on the server's clock.
    pub fn set_time(&mut self, now_ms: u64) {
        self.now_ms = now_ms;
    }

    /// Whether the console asked the server to stop.
    pub fn stopping(&self) -> bool {
        self.stopping
    }

    /// The log's newest lines.
    pub fn log(&self) -> impl Iterator<Item = &String> {
        self.log.iter()
    }

    pub fn say(&mut self, line: impl Into<String>) {
        let line = line.into();
        if self.log.len() >= LOG_LINES {
            self.log.pop_front();
        }
        self.log.push_back(line);
        self.said += 1;
    }

    /// Lines ever written to the log.
    pub fn logged_lines(&self) -> usize {
        self.said
    }

    /// Start the game: let the AI seats move to the first human move, and save.
    pub fn open(&mut self) {
        let revision = self.table.revision();
        self.table.advance(|_| false);
        if self.table.revision() != revision || self.saved.is_none() {
            self.autosave();
        }
        self.log_feed();
    }

    /// A connection logged in as `name` from `addr` with a terminal of `w`
    /// x `h`. False if the name is not one of the game's.
    pub fn join(
        &mut self,
        id: ConnId,
        name: &str,
        addr: &str,
        (w, h): (u16, u16),
        mut wire: Box<dyn Wire>,
    ) -> bool {
        let station = if id == CONSOLE {
            Station::Console
        } else {
            match station_of(self.table.scenario(), name) {
                Some(s) => s,
                None => return false,
            }
        };
        let Some(screen) = new_screen(w, h) else {
            return false;
        };
        let mut app = match self.parked.remove(name) {
            Some(app) if station != Station::Console => app,
            _ => self.new_app(station),
        };
        if let Some(s) = app.session_mut() {
            s.table = self.table.clone();
        }
        app.update(Input::Resize(w, h));
        if id != CONSOLE && !wire.send(Out::Bytes(terminal_setup(true))) {
            return false;
        }
        let feed_seen = self.table.feed().len();
        self.conns.insert(
            id,
            Conn {
                name: name.to_string(),
                station,
                addr: addr.to_string(),
                app,
                screen,
                wire,
                feed_seen,
                page: Page::Class,
                closed: false,
            },
        );
        if let Some(c) = self.conns.get_mut(&id)
            && let Some(s) = c.app.session_mut()
        {
            s.desk.changed(&mut s.table, &[]);
        }
        if id != CONSOLE {
            self.say(format!("{name} joined from {addr}"));
        }
        self.update_company();
        self.redraw_all();
        true
    }

    fn new_app(&self, station: Station) -> App {
        let mut session = Session::on(self.table.clone());
        session.clocked = false;
        session.desk = match station {
            Station::Team(seat) => crate::tui::play::Desk::seated(seat),
            _ => crate::tui::play::Desk::gallery(),
        };
        let mut app = App::station(session, station);
        if station == Station::Console && self.table.lock.is_none() {
            app = app.with_facilitator_prompt();
        }
        app
    }

    /// The connection went away (or was dropped): its screen is kept for
    /// the next connection with its name.
    pub fn leave(&mut self, id: ConnId) {
        let Some(conn) = self.conns.remove(&id) else {
            return;
        };
        if !conn.closed {
            self.say(format!("{} left ({})", conn.name, conn.addr));
        }
        if conn.station != Station::Console {
            self.parked.insert(conn.name, conn.app);
        }
        self.update_company();
        self.redraw_all();
    }

    /// The terminal of `id` has a new size.
    pub fn resize(&mut self, id: ConnId, w: u16, h: u16) {
        let Some(conn) = self.conns.get_mut(&id) else {
            return;
        };
        let _ = conn.screen.resize(Rect::new(0, 0, w.max(1), h.max(1)));
        conn.app.update(Input::Resize(w, h));
        self.draw(id);
    }

    /// Keys (and pastes) from the terminal of `id`.
    pub fn input(&mut self, id: ConnId, inputs: Vec<Input>) {
        for input in inputs {
            if !self.conns.contains_key(&id) {
                return;
            }
            self.one_input(id, input);
        }
        self.settle();
        self.draw(id);
    }

    fn one_input(&mut self, id: ConnId, input: Input) {
        let now = self.now_ms;
        let Some(conn) = self.conns.get_mut(&id) else {
            return;
        };
        // The console's page key, where no dialog is open.
        if conn.station == Station::Console
            && conn.app.modal.is_none()
            && let Input::Key(k) = &input
            && matches!(k.code, ratatui::crossterm::event::KeyCode::Tab)
            && k.kind == ratatui::crossterm::event::KeyEventKind::Press
        {
            conn.page = match conn.page {
                Page::Class => Page::Game,
                Page::Game => Page::Class,
            };
            return;
        }
        if conn.station == Station::Console
            && conn.page == Page::Class
            && let Input::Key(k) = &input
            && !matches!(
                crate::tui::keys::translate(*k),
                Some(crate::tui::keys::Key::Quit)
                    | Some(crate::tui::keys::Key::Char('y' | 'Y' | 'n' | 'N'))
                    | Some(crate::tui::keys::Key::Esc)
            )
            && conn.app.modal.is_none()
        {
            return;
        }
        conn.app.now_ms = now;
        let flow = conn.app.update(input);
        // What the app asks of the outside world: only the facilitator's
        // report is done here (the server saves the game itself).
        let mut effects = Vec::new();
        while let Some(effect) = conn.app.next_effect() {
            effects.push(effect);
        }
        for effect in effects {
            let Effect::ExportReport(snapshot, reveal) = effect else {
                continue;
            };
            let dir = self.save_dir.clone();
            let Some(done) = effect::perform(Effect::ExportReport(snapshot, reveal), Some(&dir))
            else {
                continue;
            };
            if let Done::Exported(Ok((html, _))) = &done {
                let line = format!("report written: {}", html.display());
                self.say(line);
            }
            if let Some(conn) = self.conns.get_mut(&id) {
                conn.app.update(Input::Done(done));
            }
        }
        let Some(conn) = self.conns.get_mut(&id) else {
            return;
        };
        if flow == Flow::Quit {
            if conn.station == Station::Console {
                self.stopping = true;
                return;
            }
            self.close(id);
            return;
        }
        // A move, an intervention or a setting made here becomes the table's.
        if let Some(s) = conn.app.session_mut()
            && differs(&s.table, &self.table)
        {
            conn.feed_seen = s.table.feed().len();
            let table = s.table.clone();
            let timers_changed = table.timers != self.table.timers;
            self.table = table;
            if timers_changed {
                self.clock.reset();
            }
            self.changed();
        }
    }

    /// The server stops: every terminal is given back as it was, told so,
    /// and closed.
    pub fn close_all(&mut self) {
        let goodbye = "umbrella: the server has stopped. The game is saved; when it is \
                       served again, log in with the same code.\r\n";
        for conn in self
            .conns
            .values_mut()
            .filter(|c| c.station != Station::Console)
        {
            let mut bytes = terminal_setup(false);
            bytes.extend_from_slice(goodbye.as_bytes());
            let _ = conn.wire.send(Out::Bytes(bytes));
            let _ = conn.wire.send(Out::Close);
            conn.closed = true;
        }
    }

    /// Close the connection `id` from here (the player left).
    fn close(&mut self, id: ConnId) {
        if let Some(conn) = self.conns.get_mut(&id) {
            let _ = conn.wire.send(Out::Bytes(terminal_setup(false)));
            let _ = conn.wire.send(Out::Close);
            conn.closed = true;
            let line = format!("{} left the game ({})", conn.name, conn.addr);
            self.say(line);
        }
        self.leave(id);
    }

    /// The table changed: the AI seats move, the game is saved, and every
    /// terminal catches up.
    fn changed(&mut self) {
        self.table.advance(|_| false);
        self.autosave();
        self.log_feed();
        let ids: Vec<ConnId> = self.conns.keys().copied().collect();
        for id in ids {
            self.sync(id);
        }
        if self.table.game().is_over() && self.report.is_none() {
            self.write_report();
        }
        self.redraw_all();
    }

    /// Bring the terminal `id` up to the table.
    fn sync(&mut self, id: ConnId) {
        let Some(conn) = self.conns.get_mut(&id) else {
            return;
        };
        let feed = self.table.feed();
        let from = conn.feed_seen.min(feed.len());
        let events: Vec<Event> = feed[from..]
            .iter()
            .flat_map(|f| f.events.iter().cloned())
            .collect();
        conn.feed_seen = feed.len();
        if let Some(s) = conn.app.session_mut() {
            let same = !differs(&s.table, &self.table);
            s.table = self.table.clone();
            s.changed = false;
            if !same || !events.is_empty() {
                s.desk.changed(&mut s.table, &events);
            }
        }
    }

    fn autosave(&mut self) {
        let game = self.table.game();
        if !game.has_complete_record() {
            return;
        }
        let meta = crate::save::Meta::of(&self.table, "autosave");
        let result = crate::save::autosave(&self.save_dir, game, self.table.players(), meta)
            .map_err(|e| e.to_string());
        if let Err(e) = &result
            && !matches!(&self.saved, Some(Err(old)) if old == e)
        {
            self.say(format!("AUTOSAVE FAILED: {e}"));
        }
        self.saved = Some(result);
    }

    fn write_report(&mut self) {
        let snapshot = effect::Snapshot {
            game: Box::new(self.table.game().clone()),
            players: self.table.players().to_vec(),
            meta: crate::save::Meta::of(&self.table, "report"),
        };
        let dir = self.save_dir.clone();
        let result = match effect::perform(Effect::ExportReport(snapshot, false), Some(&dir)) {
            Some(Done::Exported(Ok((html, _)))) => Ok(html),
            Some(Done::Exported(Err(e))) => Err(e),
            _ => Err("the report was not written".to_string()),
        };
        match &result {
            Ok(path) => self.say(format!("The game is over. Report: {}", path.display())),
            Err(e) => self.say(format!("The game is over. The report failed: {e}")),
        }
        let note = match &result {
            Ok(path) => format!(
                "The after-action report is written on the teacher's machine: {}.",
                path.display()
            ),
            Err(e) => format!("The report could not be written: {e}"),
        };
        for conn in self.conns.values_mut() {
            if let Some(s) = conn.app.session_mut() {
                s.desk.say(note.clone());
            }
        }
        self.report = Some(result);
    }

    /// The public moves since the last call, into the log.
    fn log_feed(&mut self) {
        let s = std::sync::Arc::clone(self.table.scenario());
        let feed = self.table.feed();
        let from = self.logged.min(feed.len());
        let mut lines: Vec<String> = Vec::new();
        for item in &feed[from..] {
            for e in &item.events {
                let text = e.describe(&s);
                lines.push(match item.seat {
                    Some(_) => text,
                    None => format!("Facilitator: {text}"),
                });
            }
        }
        self.logged = feed.len();
        for line in lines {
            self.say(line);
        }
    }

    /// How many terminals show each name.
    fn update_company(&mut self) {
        let mut count: HashMap<String, usize> = HashMap::new();
        for c in self.conns.values() {
            *count.entry(c.name.clone()).or_default() += 1;
        }
        for c in self.conns.values_mut() {
            c.app.company = count.get(&c.name).copied().unwrap_or(1);
        }
    }

    /// Connections on each name.
    pub fn connected(&self) -> BTreeMap<String, Vec<String>> {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for c in self
            .conns
            .values()
            .filter(|c| c.station != Station::Console)
        {
            m.entry(c.name.clone()).or_default().push(c.addr.clone());
        }
        m
    }

    pub fn codes(&self) -> &Codes {
        &self.codes
    }

    /// Whether the hall wants the time (a turn timer or a PIN wait runs).
    pub fn wants_ticks(&self) -> bool {
        self.table.timers.active() || self.conns.values().any(|c| c.app.wants_ticks())
    }

    /// Time passes: the turn timer runs (or stands still), and runs out.
    pub fn tick(&mut self) {
        let now = self.now_ms;
        let shown = self.seconds_left();
        self.run_turn_timer();
        for conn in self.conns.values_mut() {
            conn.app.update(Input::Tick(now));
            if let Some(s) = conn.app.session_mut() {
                s.clock = self.clock;
                s.now_ms = now;
            }
        }
        if self.seconds_left() != shown || self.conns.values().any(|c| c.app.wants_ticks()) {
            self.redraw_all();
        }
    }

    fn seconds_left(&self) -> Option<u64> {
        self.clock.seconds_left(self.now_ms)
    }

    fn run_turn_timer(&mut self) {
        // It stands still while the game is paused, and while every terminal
        // of the seat to move has its briefing, the news or a dialog open.
        let held = self
            .table
            .human_to_move()
            .is_some_and(|seat| self.reading(seat));
        let Some(seat) = self.clock.tick(&self.table, self.now_ms, held) else {
            return;
        };
        if self.table.time_out(seat).is_ok() {
            let name = self.table.scenario().faction(seat).name.clone();
            self.say(format!("{name}: time is up (real-time limit)"));
            self.changed();
        }
    }

    /// Whether `seat` has terminals and every one of them is reading (its
    /// briefing, the help, a dialog).
    fn reading(&self, seat: Seat) -> bool {
        let mut on_seat = self
            .conns
            .values()
            .filter(|c| c.station == Station::Team(seat))
            .peekable();
        on_seat.peek().is_some()
            && on_seat.all(|c| {
                c.app.modal.is_some()
                    || c.app.session().is_some_and(|s| {
                        matches!(s.desk.stage, Stage::Briefing { .. } | Stage::News(_))
                    })
            })
    }

    /// Settle what the inputs left: nothing moves by itself but the AI
    /// seats, which moved when the table changed.
    fn settle(&mut self) {
        let ids: Vec<ConnId> = self
            .conns
            .iter()
            .filter(|(_, c)| c.closed)
            .map(|(id, _)| *id)
            .collect();
        for id in ids {
            self.leave(id);
        }
    }

    fn redraw_all(&mut self) {
        let ids: Vec<ConnId> = self.conns.keys().copied().collect();
        for id in ids {
            self.draw(id);
        }
    }

    /// Draw the terminal of `id` and send what changed on it.
    pub fn draw(&mut self, id: ConnId) {
        let theme = self.theme;
        let class = (id == CONSOLE).then(|| self.class_view());
        let Some(conn) = self.conns.get_mut(&id) else {
            return;
        };
        if let Some(s) = conn.app.session_mut() {
            s.clock = self.clock;
            s.now_ms = self.now_ms;
        }
        let page = conn.page;
        let app = &conn.app;
        let drawn = conn.screen.draw(|frame| match (&class, page) {
            (Some(class), Page::Class) if app.modal.is_none() => {
                super::console::draw(frame, class, &theme)
            }
            _ => render::draw(frame, app, &theme),
        });
        if drawn.is_err() {
            return;
        }
        let bytes = std::mem::take(conn.screen.backend_mut().writer_mut());
        if !bytes.is_empty() && !conn.wire.send(Out::Bytes(bytes)) {
            conn.closed = true;
            let line = format!("{} dropped (its connection cannot keep up)", conn.name);
            self.say(line);
            self.leave(id);
        }
    }

    /// What the console's class page shows.
    fn class_view(&self) -> super::console::ClassView {
        let connected = self.connected();
        let s = self.table.scenario();
        let public = self.table.game().public_view();
        let to_move = public.to_move().map(|seat| s.faction(seat).name.clone());
        super::console::ClassView {
            info: self.info.clone(),
            rows: self
                .codes
                .entries()
                .iter()
                .map(|(name, code)| {
                    let who = station_of(s, name).map_or(String::new(), |st| match st {
                        Station::Team(seat) => match self.table.player(seat) {
                            Player::Human => s.faction(seat).name.clone(),
                            other => format!("{} ({})", s.faction(seat).name, other.label()),
                        },
                        Station::Projector => "public view".into(),
                        _ => "the panel".into(),
                    });
                    super::console::Row {
                        name: name.clone(),
                        code: code.clone(),
                        who,
                        terminals: connected.get(name).map_or(0, Vec::len),
                    }
                })
                .collect(),
            title: public.title().to_string(),
            to_move,
            seconds_left: self.seconds_left(),
            paused: self.table.game().is_paused(),
            over: self.table.game().is_over(),
            saved: self.saved.clone(),
            report: self.report.clone(),
            log: self.log.iter().rev().take(12).rev().cloned().collect(),
        }
    }
}
