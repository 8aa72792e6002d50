//! `umbrella serve`: one game hosted over SSH for a class. Every team joins
//! from its own laptop with the SSH client it already has (`ssh -p 2222
//! italy@HOST`, its join code as the password); projectors and the
//! facilitator connect the same way; the server's own terminal is the
//! console (where to connect, the codes, who is here, the game, the panel).
//!
//! - [`hall`]: the one game and every terminal's screen of it (no network);
//! - [`ssh`]: russh's server, one handler per connection;
//! - [`codes`] and [`guard`]: who may come in, and how often they may try;
//! - [`console`]: the console's class page.

pub mod codes;
pub mod console;
pub mod guard;
pub mod hall;
pub mod ssh;

use crate::ai::Player;
use crate::core::Scenario;
use crate::table::{Table, Timers};
use codes::Codes;
use hall::{CONSOLE, Hall, Info, Out, Wire};
use ssh::Msg;
use std::io::{IsTerminal, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// The port a class connects to unless told otherwise.
pub const DEFAULT_PORT: u16 = 2222;

/// The host key's file in the save folder.
pub const HOST_KEY_FILE: &str = "host-key-ed25519";

/// The join codes' file in the save folder, unless `--codes` says otherwise.
pub const CODES_FILE: &str = "join-codes.txt";

/// How often the hall looks at the time while a timer runs.
const TICK: Duration = Duration::from_millis(250);

/// What to serve.
pub struct Options {
    pub bind: IpAddr,
    pub port: u16,
    /// The game: a new one, or a loaded save.
    pub game: Start,
    pub codes_file: Option<PathBuf>,
    pub save_dir: PathBuf,
    pub timers: Timers,
}

/// The game a server starts with.
pub enum Start {
    New {
        scenario: Arc<Scenario>,
        players: Vec<Player>,
        seed: u64,
        personalities: crate::lab::Personalities,
    },
    Loaded {
        loaded: Box<crate::save::Loaded>,
        players: Option<Vec<Player>>,
    },
}

/// Why the server could not run (exit code 2 for what the user can fix).
#[derive(Debug)]
pub enum ServeError {
    Usage(String),
    Failed(String),
}

/// The table to serve.
fn table(start: Start) -> Result<Table, ServeError> {
    match start {
        Start::New {
            scenario,
            players,
            seed,
            personalities,
        } => {
            let session =
                crate::tui::play::Session::start(scenario, players.clone(), seed, personalities)
                    .map_err(|e| ServeError::Failed(format!("cannot start the game: {e}")))?;
            let mut table = Table::new(session.game().clone(), players);
            table.timers = Timers::default();
            Ok(table)
        }
        Start::Loaded { loaded, players } => {
            let save = loaded.save;
            let mut table = Table::with_id(loaded.game, save.players, save.game);
            table.lock = save.facilitator;
            table.timers = save.timers;
            table.branch = save.branch;
            if let Some(p) = players {
                table.set_players(p);
            }
            Ok(table)
        }
    }
}

/// The host key in `dir`, made on the first start (readable by its owner only).
pub fn host_key(dir: &Path) -> Result<russh::keys::PrivateKey, ServeError> {
    let path = dir.join(HOST_KEY_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => russh::keys::PrivateKey::from_openssh(text.trim_end()).map_err(|e| {
            ServeError::Usage(format!(
                "{}: not an OpenSSH private key ({e}); move it away and a new one is made",
                path.display()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut rng = rand::rngs::SysRng;
            let mut rng = rand::rand_core::UnwrapErr(&mut rng);
            let key = russh::keys::PrivateKey::random(&mut rng, russh::keys::Algorithm::Ed25519)
                .map_err(|e| ServeError::Failed(format!("cannot make a host key: {e}")))?;
            let text = key
                .to_openssh(russh::keys::ssh_key::LineEnding::LF)
                .map_err(|e| ServeError::Failed(format!("cannot write the host key: {e}")))?;
            std::fs::create_dir_all(dir)
                .map_err(|e| ServeError::Failed(format!("{}: {e}", dir.display())))?;
            crate::save::write_private(&path, text.as_bytes())
                .map_err(|e| ServeError::Failed(format!("{}: {e}", path.display())))?;
            Ok(key)
        }
        Err(e) => Err(ServeError::Failed(format!("{}: {e}", path.display()))),
    }
}

/// The key's fingerprint as `ssh` shows it.
pub fn fingerprint(key: &russh::keys::PrivateKey) -> String {
    key.public_key()
        .fingerprint(russh::keys::HashAlg::Sha256)
        .to_string()
}

/// The addresses students can reach this machine at: the bound one, or
/// every interface's (IPv4 first, loopback last).
pub fn addresses(bind: IpAddr) -> Vec<String> {
    if !bind.is_unspecified() {
        return vec![bind.to_string()];
    }
    let mut found: Vec<IpAddr> = if_addrs::get_if_addrs()
        .map(|list| list.into_iter().map(|i| i.ip()).collect())
        .unwrap_or_default();
    found.retain(|ip| match ip {
        IpAddr::V4(_) => true,
        IpAddr::V6(v6) => bind.is_ipv6() && !v6.is_unicast_link_local(),
    });
    found.sort_by_key(|ip| (ip.is_loopback(), ip.is_ipv6()));
    found.dedup();
    if found.is_empty() {
        found.push(IpAddr::from([127, 0, 0, 1]));
    }
    found.iter().map(IpAddr::to_string).collect()
}

/// Everything a running server is: a handle to stop it and where it listens.
pub struct Running {
    pub port: u16,
    pub fingerprint: String,
    pub codes: Codes,
    hall: mpsc::Sender<Msg>,
    thread: Option<std::thread::JoinHandle<()>>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Running {
    /// Stop the server (connections are dropped; the game is saved already).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let _ = self.hall.send(Msg::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if let Some(rt) = self.runtime.take() {
            // The connections' last words (their terminals given back) go out first.
            std::thread::sleep(Duration::from_millis(200));
            rt.shutdown_timeout(Duration::from_millis(500));
        }
    }

    /// Wait until the hall stops (the console quit, or a `Stop`).
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.shutdown();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// How the server shows itself where it runs.
pub enum Console {
    /// No console (tests): the log goes nowhere.
    None,
    /// A plain log on stdout (no terminal: a service).
    Log,
    /// The console in this terminal (which the caller has set up).
    Terminal(Box<dyn Wire>, (u16, u16)),
}

/// Start serving: the hall in a thread of its own, the SSH server on a
/// tokio runtime. Returns once the port is open.
pub fn start(options: Options, console: Console) -> Result<Running, ServeError> {
    let table = table(options.game)?;
    let dir = options.save_dir.clone();
    let key = host_key(&dir)?;
    let fingerprint = fingerprint(&key);
    let names = hall::names(table.scenario());
    let codes_file = options
        .codes_file
        .clone()
        .unwrap_or_else(|| dir.join(CODES_FILE));
    let (codes, _) = Codes::load_or_create(&codes_file, &names).map_err(ServeError::Usage)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ServeError::Failed(format!("cannot start the server: {e}")))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind((options.bind, options.port)))
        .map_err(|e| {
            ServeError::Usage(format!(
                "cannot listen on {}:{}: {e} (another server on that port? try --port)",
                options.bind, options.port
            ))
        })?;
    let port = listener
        .local_addr()
        .map(|a| a.port())
        .unwrap_or(options.port);
    let info = Info {
        addresses: addresses(options.bind),
        port,
        fingerprint: fingerprint.clone(),
        codes_file,
    };
    let mut table = table;
    if options.timers.active() {
        table.timers = options.timers;
    }
    let mut hall = Hall::new(table, dir, info, codes.clone());
    let (tx, rx) = mpsc::channel::<Msg>();
    let shared = Arc::new(ssh::Shared {
        codes: codes.clone(),
        guard: Mutex::new(guard::Guard::default()),
        hall: tx.clone(),
        start: Instant::now(),
        next_id: AtomicU64::new(CONSOLE + 1),
        port,
    });
    let config = Arc::new(ssh::config(key));
    runtime.spawn(ssh::accept(listener, config, Arc::clone(&shared)));
    let start = shared.start;
    let thread = std::thread::Builder::new()
        .name("hall".into())
        .spawn(move || {
            hall.set_time(start.elapsed().as_millis() as u64);
            hall.open();
            let mut printed = 0usize;
            let print_log = matches!(console, Console::Log);
            if let Console::Terminal(wire, size) = console {
                hall.join(CONSOLE, "console", "here", size, wire);
            }
            let mut last_tick = Instant::now();
            loop {
                if print_log {
                    print_new_log(&hall, &mut printed);
                }
                if hall.stopping() {
                    break;
                }
                let message = rx.recv_timeout(TICK);
                hall.set_time(start.elapsed().as_millis() as u64);
                match message {
                    Ok(Msg::Join {
                        id,
                        name,
                        addr,
                        size,
                        mut wire,
                    }) => {
                        if !hall.join(id, &name, &addr, size, wire_clone(&mut wire)) {
                            let _ = wire.send(Out::Close);
                        }
                    }
                    Ok(Msg::Input(id, inputs)) => hall.input(id, inputs),
                    Ok(Msg::Resize(id, w, h)) => hall.resize(id, w, h),
                    Ok(Msg::Leave(id)) => hall.leave(id),
                    Ok(Msg::Stop) | Err(mpsc::RecvTimeoutError::Disconnected) => break,
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                }
                if last_tick.elapsed() >= TICK && hall.wants_ticks() {
                    last_tick = Instant::now();
                    hall.tick();
                }
            }
            hall.close_all();
            if print_log {
                print_new_log(&hall, &mut printed);
            }
        })
        .map_err(|e| ServeError::Failed(format!("cannot start the server: {e}")))?;
    Ok(Running {
        port,
        fingerprint,
        codes,
        hall: tx,
        thread: Some(thread),
        runtime: Some(runtime),
    })
}

/// The wire itself (a join that fails hands it back to be closed).
fn wire_clone(wire: &mut Box<dyn Wire>) -> Box<dyn Wire> {
    std::mem::replace(wire, Box::new(Nowhere))
}

struct Nowhere;
impl Wire for Nowhere {
    fn send(&mut self, _: Out) -> bool {
        false
    }
}

/// The log lines not printed yet, on stdout (a server without a terminal).
fn print_new_log(hall: &Hall, printed: &mut usize) {
    let lines: Vec<&String> = hall.log().collect();
    let total = hall.logged_lines();
    let new = total.saturating_sub(*printed).min(lines.len());
    let mut out = std::io::stdout().lock();
    for line in &lines[lines.len() - new..] {
        let _ = writeln!(out, "{}", crate::visible::visible(line));
    }
    let _ = out.flush();
    *printed = total;
}

/// The console's bytes go straight to this terminal.
struct Stdout;
impl Wire for Stdout {
    fn send(&mut self, out: Out) -> bool {
        match out {
            Out::Bytes(b) => {
                let mut o = std::io::stdout().lock();
                o.write_all(&b).and_then(|()| o.flush()).is_ok()
            }
            Out::Close => true,
        }
    }
}

/// What `umbrella serve` prints before the console opens (and, without a
/// terminal, at the start of its log).
fn banner(running: &Running, bind: IpAddr) -> String {
    let mut s = String::new();
    let addresses = addresses(bind);
    s.push_str(&format!(
        "Umbrella is serving on port {}. Students connect with:\n",
        running.port
    ));
    for a in &addresses {
        s.push_str(&format!("  ssh -p {} SEAT@{a}\n", running.port));
    }
    s.push_str(&format!("Host key {}\n", running.fingerprint));
    s.push_str("Join codes (the password for each name):\n");
    for (name, code) in running.codes.entries() {
        s.push_str(&format!("  {name:<12} {code}\n"));
    }
    s
}

/// `umbrella serve`: serve until the console quits or a signal stops it.
pub fn serve(options: Options) -> Result<(), ServeError> {
    let tty = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    let bind = options.bind;
    let stop = Arc::new(AtomicUsize::new(0));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGHUP,
    ] {
        let _ = signal_hook::flag::register_usize(signal, Arc::clone(&stop), signal as usize);
    }
    if !tty {
        let running = start(options, Console::Log)?;
        print!("{}", banner(&running, bind));
        let _ = std::io::stdout().flush();
        while stop.load(Ordering::SeqCst) == 0 {
            std::thread::sleep(Duration::from_millis(200));
        }
        println!("Stopped. The game is in its autosaves: umbrella serve --load FILE resumes it.");
        running.stop();
        return Ok(());
    }
    // The console: the terminal in raw mode on the alternate screen, its
    // keys read in a thread of their own.
    let size = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    ratatui::crossterm::terminal::enable_raw_mode()
        .map_err(|e| ServeError::Failed(format!("terminal error: {e}")))?;
    let mut setup = Vec::new();
    let _ = ratatui::crossterm::execute!(
        setup,
        ratatui::crossterm::terminal::EnterAlternateScreen,
        ratatui::crossterm::cursor::Hide,
        ratatui::crossterm::event::EnableBracketedPaste
    );
    let _ = Stdout.send(Out::Bytes(setup));
    let restore = || {
        let mut bytes = Vec::new();
        let _ = ratatui::crossterm::execute!(
            bytes,
            ratatui::crossterm::event::DisableBracketedPaste,
            ratatui::crossterm::cursor::Show,
            ratatui::crossterm::terminal::LeaveAlternateScreen
        );
        let _ = Stdout.send(Out::Bytes(bytes));
        let _ = ratatui::crossterm::terminal::disable_raw_mode();
    };
    let running = match start(options, Console::Terminal(Box::new(Stdout), size)) {
        Ok(r) => r,
        Err(e) => {
            restore();
            return Err(e);
        }
    };
    let hall = running.hall.clone();
    let keys = std::thread::Builder::new()
        .name("console keys".into())
        .spawn(move || console_keys(hall, stop));
    let banner = banner(&running, bind);
    running.wait();
    restore();
    drop(keys);
    print!("{banner}");
    println!(
        "The server has stopped. The game is in its autosaves: umbrella serve --load FILE resumes it."
    );
    Ok(())
}

/// The console's keys, to the hall, until it stops or a signal comes.
fn console_keys(hall: mpsc::Sender<Msg>, stop: Arc<AtomicUsize>) {
    use ratatui::crossterm::event;
    loop {
        if stop.load(Ordering::SeqCst) != 0 {
            let _ = hall.send(Msg::Stop);
            return;
        }
        match event::poll(Duration::from_millis(200)) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(_) => {
                let _ = hall.send(Msg::Stop);
                return;
            }
        }
        let Ok(ev) = event::read() else {
            let _ = hall.send(Msg::Stop);
            return;
        };
        let sent = match ev {
            event::Event::Resize(w, h) => hall.send(Msg::Resize(CONSOLE, w, h)),
            other => match crate::tui::input_of(other) {
                Some(input) => hall.send(Msg::Input(CONSOLE, vec![input])),
                None => Ok(()),
            },
        };
        if sent.is_err() {
            return;
        }
    }
}
