//! `umbrella serve`: the server on a free loopback port, driven by russh's
//! client in-process (one connection per laptop), each screen read through a
//! VT100 parser as the laptop's terminal would show it; and once by the real
//! OpenSSH client in a pseudo-terminal.

use crate::common::{scenario, scrambled};
use russh::ChannelMsg;
use russh::client;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use umbrella::ai::{Level, Player};
use umbrella::core::Scenario;
use umbrella::serve::{self, Console, Options, Running, Start};
use umbrella::table::Timers;

/// Long enough for a slow CI machine; the tests never measure speed.
const PATIENCE: Duration = Duration::from_secs(30);

pub struct Server {
    pub running: Option<Running>,
    pub dir: tempfile::TempDir,
    pub port: u16,
}

impl Server {
    pub fn code(&self, name: &str) -> String {
        self.running
            .as_ref()
            .and_then(|r| r.codes.code(name))
            .unwrap_or_default()
            .to_string()
    }
    pub fn stop(&mut self) {
        if let Some(r) = self.running.take() {
            r.stop();
        }
    }
}

pub fn serve_in(dir: tempfile::TempDir, game: Start, timers: Timers) -> Server {
    let running = serve::start(
        Options {
            bind: [127, 0, 0, 1].into(),
            port: 0,
            game,
            codes_file: None,
            save_dir: dir.path().to_path_buf(),
            timers,
        },
        Console::None,
    )
    .unwrap_or_else(|e| panic!("the server did not start: {e:?}"));
    let port = running.port;
    Server {
        running: Some(running),
        dir,
        port,
    }
}

pub fn server_on(scenario: Arc<Scenario>, players: Vec<Player>, seed: u64) -> Server {
    let game = Start::New {
        scenario,
        players,
        seed,
        personalities: umbrella::lab::Personalities::AsWritten,
    };
    serve_in(tempfile::tempdir().unwrap(), game, Timers::default())
}

/// Italy and Ukraine human, the rest the normal AI.
pub fn two_teams(seed: u64) -> Server {
    let ai = Player::Ai(Level::Normal);
    server_on(
        scenario("nato-lite-2025"),
        vec![Player::Human, Player::Human, ai, ai, ai],
        seed,
    )
}

pub struct Trusting;
impl client::Handler for Trusting {
    type Error = russh::Error;
    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// One laptop: an SSH connection with a terminal of its own.
pub struct Laptop {
    pub screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte the server sent to this terminal.
    pub bytes: Arc<Mutex<Vec<u8>>>,
    pub closed: Arc<AtomicBool>,
    channel: russh::ChannelWriteHalf<client::Msg>,
    handle: client::Handle<Trusting>,
}

/// Log in as `user` with `code`: the session, or None if the code was refused.
pub async fn login(port: u16, user: &str, code: &str) -> Option<client::Handle<Trusting>> {
    let config = Arc::new(client::Config::default());
    let mut handle = client::connect(config, ("127.0.0.1", port), Trusting)
        .await
        .ok()?;
    match handle.authenticate_password(user, code).await {
        Ok(client::AuthResult::Success) => Some(handle),
        _ => None,
    }
}

impl Laptop {
    /// Connect as `user` with a terminal of `w` x `h`.
    pub fn connect(rt: &tokio::runtime::Runtime, port: u16, user: &str, code: &str) -> Laptop {
        Laptop::sized(rt, port, user, code, (80, 24))
    }

    pub fn sized(
        rt: &tokio::runtime::Runtime,
        port: u16,
        user: &str,
        code: &str,
        (w, h): (u16, u16),
    ) -> Laptop {
        rt.block_on(async {
            let handle = login(port, user, code)
                .await
                .unwrap_or_else(|| panic!("{user} could not log in"));
            let channel = handle.channel_open_session().await.unwrap();
            channel
                .request_pty(false, "xterm-256color", w as u32, h as u32, 0, 0, &[])
                .await
                .unwrap();
            channel.request_shell(false).await.unwrap();
            let (mut read, write) = channel.split();
            let screen = Arc::new(Mutex::new(vt100::Parser::new(h, w, 0)));
            let bytes = Arc::new(Mutex::new(Vec::new()));
            let closed = Arc::new(AtomicBool::new(false));
            let (s, b, c) = (Arc::clone(&screen), Arc::clone(&bytes), Arc::clone(&closed));
            tokio::spawn(async move {
                while let Some(msg) = read.wait().await {
                    match msg {
                        ChannelMsg::Data { data } => {
                            s.lock().unwrap().process(&data);
                            b.lock().unwrap().extend_from_slice(&data);
                        }
                        ChannelMsg::Eof | ChannelMsg::Close => break,
                        _ => {}
                    }
                }
                c.store(true, Ordering::SeqCst);
            });
            Laptop {
                screen,
                bytes,
                closed,
                channel: write,
                handle,
            }
        })
    }

    pub fn send(&self, rt: &tokio::runtime::Runtime, keys: &[u8]) {
        rt.block_on(self.channel.data_bytes(keys.to_vec())).unwrap();
    }

    pub fn resize(&self, rt: &tokio::runtime::Runtime, w: u16, h: u16) {
        self.screen.lock().unwrap().screen_mut().set_size(h, w);
        rt.block_on(self.channel.window_change(w as u32, h as u32, 0, 0))
            .unwrap();
    }

    pub fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Wait until the screen shows `text`; false after [`PATIENCE`].
    pub fn shows(&self, text: &str) -> bool {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if self.text().contains(text) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    /// Wait until the screen shows `text`, or fail with what it shows.
    pub fn expect(&self, text: &str) {
        assert!(
            self.shows(text),
            "expected {text:?} on screen, which shows:\n{}",
            self.text()
        );
    }

    /// Wait until nothing more arrives for a moment.
    pub fn settle(&self) {
        let mut last = self.bytes.lock().unwrap().len();
        let start = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(150));
            let now = self.bytes.lock().unwrap().len();
            if now == last || start.elapsed() > PATIENCE {
                return;
            }
            last = now;
        }
    }

    /// Drop the connection as a laptop that vanishes would.
    pub fn vanish(self, rt: &tokio::runtime::Runtime) {
        let Laptop {
            handle, channel, ..
        } = self;
        drop(channel);
        rt.block_on(async move {
            let _ = handle
                .disconnect(russh::Disconnect::ByApplication, "", "")
                .await;
        });
    }
}

#[test]
fn two_teams_play_at_their_own_terminals_and_see_each_others_moves() {
    let mut server = two_teams(11);
    let rt = runtime();
    let italy = Laptop::connect(&rt, server.port, "italy", &server.code("italy"));
    let ukraine = Laptop::connect(&rt, server.port, "ukraine", &server.code("ukraine"));
    // Every team reads its briefing first, privately.
    italy.expect("Briefing: Italy");
    ukraine.expect("Briefing: Ukraine");
    assert!(!italy.text().contains("Ukraine: your briefing"));
    italy.send(&rt, b"\r");
    ukraine.send(&rt, b"\r");
    italy.expect("Your move");
    ukraine.expect("Italy to move");
    assert!(!ukraine.text().contains("Your move"));
    // Italy moves (its adviser's suggestion): Ukraine's turn comes to Ukraine's screen.
    italy.send(&rt, b"\r");
    ukraine.expect("Your move");
    italy.expect("Ukraine to move");
    // Ukraine passes (the last move in its menu); the AI seats move, and the
    // next week begins, with its moves on every screen.
    ukraine.send(&rt, b"\x1b[F\r");
    italy.expect("week 2");
    italy.expect("European partners");
    ukraine.expect("Your move");
    let saves = umbrella::save::games(server.dir.path());
    assert_eq!(saves.len(), 1, "the one game is autosaved");
    server.stop();
}

#[test]
fn wrong_codes_other_names_commands_and_sftp_are_refused() {
    let mut server = two_teams(12);
    let rt = runtime();
    let italy_code = server.code("italy");
    rt.block_on(async {
        assert!(login(server.port, "italy", "WRONGCODE").await.is_none());
        assert!(
            login(server.port, "root", &italy_code).await.is_none(),
            "only the game's names log in"
        );
        assert!(
            login(server.port, "ukraine", &italy_code).await.is_none(),
            "a code opens its own name only"
        );
        // A command instead of the game: refused, and the channel closes.
        let handle = login(server.port, "italy", &italy_code).await.unwrap();
        let mut channel = handle.channel_open_session().await.unwrap();
        channel.exec(true, "cat /etc/passwd").await.unwrap();
        let mut said = Vec::new();
        let mut failed = false;
        while let Some(msg) = tokio::time::timeout(PATIENCE, channel.wait())
            .await
            .ok()
            .flatten()
        {
            match msg {
                ChannelMsg::Failure => failed = true,
                ChannelMsg::Data { data } | ChannelMsg::ExtendedData { data, .. } => {
                    said.extend_from_slice(&data)
                }
                ChannelMsg::Close => break,
                _ => {}
            }
        }
        let said = String::from_utf8_lossy(&said);
        assert!(failed, "the exec request is refused");
        assert!(said.contains("only plays Umbrella"), "{said}");
        assert!(!said.contains("root:"), "{said}");
        // sftp: refused the same way.
        let handle = login(server.port, "italy", &italy_code).await.unwrap();
        let mut channel = handle.channel_open_session().await.unwrap();
        channel.request_subsystem(true, "sftp").await.unwrap();
        let mut failed = false;
        while let Some(msg) = tokio::time::timeout(PATIENCE, channel.wait())
            .await
            .ok()
            .flatten()
        {
            match msg {
                ChannelMsg::Failure => failed = true,
                ChannelMsg::Close => break,
                _ => {}
            }
        }
        assert!(failed, "the sftp subsystem is refused");
        // Port forwarding: refused.
        let forward = handle
            .channel_open_direct_tcpip("127.0.0.1", 22, "127.0.0.1", 5000)
            .await;
        assert!(forward.is_err(), "no forwarding");
    });
    server.stop();
}

#[test]
fn wrong_codes_wait_longer_each_time_and_then_lock_the_address_out() {
    let mut server = two_teams(13);
    let rt = runtime();
    let code = server.code("italy");
    rt.block_on(async {
        let mut waits = Vec::new();
        for _ in 0..3 {
            let start = Instant::now();
            assert!(login(server.port, "italy", "NOPE1234").await.is_none());
            waits.push(start.elapsed());
        }
        assert!(
            waits[2] > waits[0] + Duration::from_millis(500),
            "each wrong code waits longer: {waits:?}"
        );
        for _ in 3..umbrella::serve::guard::LOCK_AFTER {
            let _ = login(server.port, "italy", "NOPE1234").await;
        }
        assert!(
            login(server.port, "italy", &code).await.is_none(),
            "locked out: even the right code is refused now"
        );
    });
    server.stop();
}

#[test]
fn a_laptop_that_vanishes_comes_back_to_its_seat_and_screen() {
    let mut server = two_teams(14);
    let rt = runtime();
    let code = server.code("ukraine");
    let ukraine = Laptop::connect(&rt, server.port, "ukraine", &code);
    ukraine.expect("Briefing: Ukraine");
    ukraine.send(&rt, b"\r\t\t");
    ukraine.expect("Event log");
    ukraine.vanish(&rt);
    let again = Laptop::connect(&rt, server.port, "ukraine", &code);
    again.expect("Event log");
    assert!(again.text().contains("Ukraine (you)"), "{}", again.text());
    // Two laptops on one seat: both see it, and either may move.
    let second = Laptop::connect(&rt, server.port, "ukraine", &code);
    second.expect("Briefing: Ukraine");
    again.expect("2 terminals");
    server.stop();
}

#[test]
fn resizing_redraws_and_a_tiny_window_acts_on_nothing() {
    let mut server = two_teams(15);
    let rt = runtime();
    let italy = Laptop::connect(&rt, server.port, "italy", &server.code("italy"));
    italy.expect("Briefing: Italy");
    italy.resize(&rt, 60, 20);
    italy.expect("Terminal too small");
    italy.send(&rt, b"\r");
    italy.settle();
    italy.resize(&rt, 100, 30);
    italy.expect("Briefing: Italy");
    // A storm of garbage bytes and half escape sequences acts on nothing it should not.
    let mut storm = Vec::new();
    for i in 0..4000u32 {
        storm.push((i * 7919 % 251) as u8);
    }
    storm.retain(|b| !matches!(b, b'q' | b'Q' | 3));
    italy.send(&rt, &storm);
    italy.settle();
    assert!(!italy.closed.load(Ordering::SeqCst));
    server.stop();
}

/// Connect every seat and a projector to `server`, let every seat read its
/// briefing, then play `script` (each step: a name and its keys, then the
/// screens settle); every byte `watched`'s terminal received.
fn bytes_of(
    server: &Server,
    rt: &tokio::runtime::Runtime,
    names: &[&str],
    script: &[(&str, &[u8])],
    watched: &str,
) -> Vec<u8> {
    let laptops: Vec<(&str, Laptop)> = names
        .iter()
        .map(|n| {
            let l = Laptop::connect(rt, server.port, n, &server.code(n));
            l.settle();
            (*n, l)
        })
        .collect();
    let get = |name: &str| &laptops.iter().find(|(n, _)| *n == name).unwrap().1;
    // The hall takes one input at a time, in order: once the laptop that
    // typed and the watched one are quiet, the next step may go.
    for (name, keys) in script {
        get(name).send(rt, keys);
        get(name).settle();
        get(watched).settle();
    }
    let bytes = get(watched).bytes.lock().unwrap().clone();
    for (_, l) in laptops {
        l.vanish(rt);
    }
    bytes
}

#[test]
fn no_byte_sent_to_a_seat_depends_on_another_seats_secrets() {
    // All seats human: the game goes the same way on every twin.
    let s = scenario("nato-lite-2025");
    let humans = vec![Player::Human; s.factions().len()];
    let rt = runtime();
    let names = ["italy", "ukraine", "usa", "russia", "europe", "projector"];
    let end_enter: &[u8] = b"\x1b[F\r";
    // Every seat reads its briefing; Italy moves (its adviser's move where
    // its own secrets are kept, else a pass), the others pass at their own
    // terminals (the last move of each menu), Italy looks at every panel and
    // at its briefing again.
    let script = |italy_moves: &'static [u8]| {
        let mut script: Vec<(&str, &[u8])> = names[..5].iter().map(|n| (*n, &b"\r"[..])).collect();
        script.push(("italy", italy_moves));
        for n in ["ukraine", "usa", "russia", "europe"] {
            script.push((n, end_enter));
        }
        for keys in [&b"\t"[..], b"\t", b"\t", b"b", b"\r", b"?", b"\x1b"] {
            script.push(("italy", keys));
        }
        script
    };
    for (keep, watched, moves) in [
        (Some(umbrella::core::Seat(0)), "italy", &b"\r"[..]),
        (None, "projector", b"\x1b[F\r"),
    ] {
        let mut plain = server_on(Arc::clone(&s), humans.clone(), 21);
        let mut twin = server_on(scrambled(&s, keep), humans.clone(), 21);
        let script = script(moves);
        let a = bytes_of(&plain, &rt, &names, &script, watched);
        let b = bytes_of(&twin, &rt, &names, &script, watched);
        assert!(a.len() > 2000, "{watched} received {} bytes", a.len());
        assert!(
            a == b,
            "{watched}'s terminal received different bytes when other seats' secrets differ"
        );
        plain.stop();
        twin.stop();
    }
}

#[test]
fn the_facilitator_pauses_the_class_and_hands_an_absent_seat_to_the_ai() {
    let s = scenario("nato-lite-2025");
    let mut server = server_on(Arc::clone(&s), vec![Player::Human; 5], 31);
    let rt = runtime();
    let italy = Laptop::connect(&rt, server.port, "italy", &server.code("italy"));
    let desk = Laptop::connect(&rt, server.port, "facilitator", &server.code("facilitator"));
    let wall = Laptop::sized(
        &rt,
        server.port,
        "projector",
        &server.code("projector"),
        (120, 40),
    );
    italy.expect("Briefing: Italy");
    italy.send(&rt, b"\r");
    italy.expect("Your move");
    wall.expect("weeks left");
    // The facilitator's code stands for the PIN: f opens the panel at once.
    desk.send(&rt, b"f");
    desk.expect("Pause the game");
    desk.send(&rt, b"\r");
    italy.expect("PAUSED");
    italy.send(&rt, b"\r");
    italy.expect("facilitator has paused the");
    // Resume, then hand Italy (whose team is absent) to the AI: it moves.
    desk.send(&rt, b"f");
    desk.expect("Resume");
    desk.send(&rt, b"\r");
    desk.settle();
    // The panel's entries as the local game has them, for this game now.
    let session = umbrella::tui::play::Session::start(
        Arc::clone(&s),
        vec![Player::Human; 5],
        31,
        umbrella::lab::Personalities::AsWritten,
    )
    .unwrap();
    let row = umbrella::tui::facilitator::menu(&session, false)
        .iter()
        .position(|(label, _)| label.starts_with("Italy: an AI plays"))
        .unwrap();
    desk.send(&rt, b"f");
    desk.expect("Pause the game");
    desk.send(&rt, &b"\x1b[B".repeat(row));
    desk.send(&rt, b"\r");
    italy.expect("Ukraine to move");
    server.stop();
}

#[test]
fn after_a_crash_the_class_resumes_from_the_newest_autosave_with_the_same_codes() {
    let mut server = two_teams(41);
    let rt = runtime();
    let code = server.code("italy");
    let italy = Laptop::connect(&rt, server.port, "italy", &code);
    italy.expect("Briefing: Italy");
    italy.send(&rt, b"\r");
    italy.expect("Your move");
    italy.send(&rt, b"\r");
    italy.expect("Ukraine to move");
    italy.vanish(&rt);
    let dir = tempfile::tempdir().unwrap();
    let saves = std::fs::read_dir(server.dir.path()).unwrap();
    for entry in saves.flatten() {
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    server.stop();
    let (newest, _) = umbrella::save::newest_autosave(dir.path()).unwrap();
    let loaded = umbrella::save::load(&newest).unwrap();
    let mut again = serve_in(
        dir,
        Start::Loaded {
            loaded: Box::new(loaded),
            players: None,
        },
        Timers::default(),
    );
    assert_eq!(again.code("italy"), code, "the codes file is read back");
    let italy = Laptop::connect(&rt, again.port, "italy", &code);
    italy.expect("Briefing: Italy");
    italy.send(&rt, b"\r");
    italy.expect("Ukraine to move");
    again.stop();
}

#[test]
fn the_real_openssh_client_joins_plays_and_leaves_in_a_pseudo_terminal() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    let mut server = two_teams(51);
    let home = tempfile::tempdir().unwrap();
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new("ssh");
    let port = server.port.to_string();
    cmd.args([
        "-p",
        &port,
        "-F",
        "/dev/null",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "PubkeyAuthentication=no",
        "-o",
        "PreferredAuthentications=password",
        "-o",
        "LogLevel=ERROR",
        "italy@127.0.0.1",
    ]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", home.path());
    let mut child = pty
        .slave
        .spawn_command(cmd)
        .expect("the OpenSSH client (ssh) must be installed for this test");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut writer = pty.master.take_writer().unwrap();
    let screen = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
    let parser = Arc::clone(&screen);
    let reading = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            parser.lock().unwrap().process(&buf[..n]);
        }
    });
    let shows = |text: &str| {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if screen.lock().unwrap().screen().contents().contains(text) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    };
    let text = || screen.lock().unwrap().screen().contents();
    assert!(shows("password:"), "{}", text());
    writer
        .write_all(format!("{}\r", server.code("italy")).as_bytes())
        .unwrap();
    assert!(shows("Briefing: Italy"), "{}", text());
    writer.write_all(b"\r").unwrap();
    assert!(shows("Your move"), "{}", text());
    writer.write_all(b"\r").unwrap();
    assert!(shows("Ukraine to move"), "{}", text());
    writer.write_all(b"q").unwrap();
    assert!(shows("Leave the game?"), "{}", text());
    writer.write_all(b"y").unwrap();
    let status = child.wait().unwrap();
    drop(writer);
    drop(pty.master);
    let _ = reading.join();
    assert!(status.success(), "ssh ended with {status:?}");
    assert!(
        !screen.lock().unwrap().screen().alternate_screen(),
        "the terminal is back on its main screen"
    );
    server.stop();
}

#[test]
fn stopping_the_server_gives_every_terminal_back_and_says_so() {
    let mut server = two_teams(61);
    let rt = runtime();
    let italy = Laptop::connect(&rt, server.port, "italy", &server.code("italy"));
    italy.expect("Briefing: Italy");
    server.stop();
    italy.expect("the server has stopped");
    assert!(!italy.screen.lock().unwrap().screen().alternate_screen());
}

#[test]
fn a_turn_timer_counts_each_seats_turn_and_waits_while_the_team_reads_its_briefing() {
    let ai = Player::Ai(Level::Normal);
    let game = Start::New {
        scenario: scenario("nato-lite-2025"),
        players: vec![Player::Human, Player::Human, ai, ai, ai],
        seed: 71,
        personalities: umbrella::lab::Personalities::AsWritten,
    };
    let timers = Timers {
        round_secs: Some(1),
        hour_secs: None,
    };
    let mut server = serve_in(tempfile::tempdir().unwrap(), game, timers);
    let rt = runtime();
    let italy = Laptop::connect(&rt, server.port, "italy", &server.code("italy"));
    let ukraine = Laptop::connect(&rt, server.port, "ukraine", &server.code("ukraine"));
    ukraine.send(&rt, b"\r");
    ukraine.expect("Italy to move");
    // Italy's only laptop is on its briefing: its turn's second stands still.
    std::thread::sleep(Duration::from_millis(2500));
    assert!(
        ukraine.text().contains("Italy to move"),
        "{}",
        ukraine.text()
    );
    // At the table, Italy's second runs out: Italy passes, Ukraine's turn comes.
    italy.send(&rt, b"\r");
    ukraine.expect("Your move");
    italy.expect("Ukraine to move");
    server.stop();
}
