//! The real binary in a pseudo-terminal: start a game, play some moves,
//! shrink the window below the minimum and press keys (nothing may act),
//! paste, then quit or stop it with a signal; every way out must give the
//! terminal back as it was (main screen, cursor shown, no bracketed paste,
//! line mode and echo) and a signal, or the terminal going away, must leave
//! a crash save.
//!
//! The screen is read through a VT100 parser, as a terminal would show it.

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Long enough for a slow CI machine; the tests never measure speed.
const PATIENCE: Duration = Duration::from_secs(60);

struct Terminal {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Tells the reader to let go of the terminal after its next read.
    stop: Arc<AtomicBool>,
    reader: JoinHandle<()>,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Terminal {
    /// Run `umbrella ARGS` in a shell that prints the terminal's line
    /// settings (`stty -a`) once umbrella has exited.
    fn start(args: &[&str], saves: &Path) -> Terminal {
        let pty = native_pty_system().openpty(size(100, 30)).unwrap();
        let mut cmd = CommandBuilder::new("sh");
        let line = format!(
            "'{}' --save-dir '{}' {}; echo \"EXIT=$?\"; stty -a",
            env!("CARGO_BIN_EXE_umbrella"),
            saves.display(),
            args.join(" ")
        );
        cmd.args(["-c", &line]);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(30, 100, 0)));
        let parser = Arc::clone(&screen);
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || stopping.load(Ordering::SeqCst) {
                    break;
                }
                parser.lock().unwrap().process(&buf[..n]);
            }
        });
        Terminal {
            master: pty.master,
            writer,
            child,
            screen,
            stop,
            reader,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Wait until the screen shows `text`.
    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the screen never showed {text:?}:\n{}", self.contents());
    }

    /// Close the terminal as a window closing would: every handle on its
    /// master side goes. The reader holds one while it waits to read, so it
    /// is told to stop and given something to read (the help, drawn). The
    /// shell's handle is handed back: dropping it would kill the shell.
    fn hang_up(mut self) -> Box<dyn portable_pty::Child + Send + Sync> {
        self.stop.store(true, Ordering::SeqCst);
        let start = Instant::now();
        while !self.reader.is_finished() {
            assert!(start.elapsed() < PATIENCE, "the reader never stopped");
            let _ = self.writer.write_all(b"?");
            let _ = self.writer.flush();
            std::thread::sleep(Duration::from_millis(100));
        }
        drop(self.writer);
        drop(self.master);
        self.child
    }

    fn keys(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
        // Let the game draw its answer before the next key.
        std::thread::sleep(Duration::from_millis(150));
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.master.resize(size(cols, rows)).unwrap();
        self.screen
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
    }

    /// Wait for umbrella's exit code (the shell echoes it), then for the
    /// shell; the terminal's state is then what umbrella left behind.
    fn exit_code(&mut self) -> i32 {
        self.wait_for("EXIT=");
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if self.child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Give the reader the last bytes.
        std::thread::sleep(Duration::from_millis(200));
        let text = self.contents();
        let code = text
            .split("EXIT=")
            .nth(1)
            .and_then(|t| t.split_whitespace().next())
            .and_then(|n| n.parse().ok());
        code.unwrap_or_else(|| panic!("no exit code on screen:\n{text}"))
    }

    /// The terminal is as it was before the game: main screen, cursor shown,
    /// bracketed paste off, and (from `stty -a`) line mode and echo on.
    fn assert_restored(&self) {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "left in the alternate screen");
        assert!(!screen.hide_cursor(), "the cursor is still hidden");
        assert!(!screen.bracketed_paste(), "bracketed paste is still on");
        let text = screen.contents();
        let words: Vec<&str> = text.split_whitespace().collect();
        assert!(
            words.contains(&"icanon") && words.contains(&"echo"),
            "the terminal is still in raw mode:\n{text}"
        );
    }
}

/// The process whose parent is `pid` (from /proc: Linux).
fn child_of(pid: u32) -> Option<u32> {
    std::fs::read_dir("/proc").ok()?.find_map(|entry| {
        let entry = entry.ok()?;
        let child: u32 = entry.file_name().to_str()?.parse().ok()?;
        let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
        // "pid (comm) state ppid ...": the name may hold spaces, so read after ')'.
        let ppid: u32 = stat
            .rsplit_once(')')?
            .1
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()?;
        (ppid == pid).then_some(child)
    })
}

/// The number of moves in the newest autosave in `dir`.
fn saved_steps(dir: &Path) -> usize {
    let (path, _) = umbrella::save::newest_autosave(dir).expect("an autosave");
    umbrella::save::load(&path).unwrap().save.steps.len()
}

/// Wait until the newest autosave in `dir` holds `steps` moves or more.
fn wait_for_steps(dir: &Path, steps: usize) {
    let start = Instant::now();
    while start.elapsed() < PATIENCE {
        if umbrella::save::newest_autosave(dir).is_some() && saved_steps(dir) >= steps {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the game never saved {steps} moves");
}

#[test]
fn the_real_binary_plays_ignores_keys_while_too_small_and_quits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Terminal::start(&["play", "--seed", "3"], dir.path());
    t.wait_for("your briefing");
    t.keys(b"\r"); // to the table
    t.wait_for("Your move");
    t.keys(b"\r");
    t.keys(b"\r");
    wait_for_steps(dir.path(), 2);
    let steps = saved_steps(dir.path());

    // Below the minimum no key acts.
    t.resize(60, 20);
    t.wait_for("Terminal too small");
    for key in [&b"\r"[..], b" ", b"\x1b[B", b"\r", b"s", b"u", b"\t"] {
        t.keys(key);
    }
    // A paste while too small is ignored too (bracketed, as a terminal sends it).
    t.keys(b"\x1b[200~\r\r\ryyy\x1b[201~");
    t.resize(100, 30);
    t.wait_for("Your move");
    assert_eq!(
        saved_steps(dir.path()),
        steps,
        "a key acted while too small"
    );

    // The game goes on, and quits with q, y.
    t.keys(b"\r");
    wait_for_steps(dir.path(), steps + 1);
    t.keys(b"q");
    t.wait_for("Quit this game?");
    t.keys(b"y");
    assert_eq!(t.exit_code(), 0);
    t.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal_and_writes_a_crash_save() {
    for signal in ["TERM", "HUP"] {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Terminal::start(&["play", "--seed", "4"], dir.path());
        t.wait_for("your briefing");
        t.keys(b"\r");
        t.wait_for("Your move");
        t.keys(b"\r");
        wait_for_steps(dir.path(), 1);
        let steps = saved_steps(dir.path());
        // The shell's child is umbrella.
        let shell = t.child.process_id().unwrap();
        let game = child_of(shell).expect("umbrella runs under the shell");
        let status = std::process::Command::new("sh")
            .args(["-c", &format!("kill -{signal} {game}")])
            .status()
            .unwrap();
        assert!(status.success());
        let code = t.exit_code();
        assert_eq!(code, 2, "SIG{signal}");
        t.assert_restored();
        let text = t.contents();
        assert!(text.contains(&format!("stopped by SIG{signal}")), "{text}");
        let crash = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("crash-")
            })
            .expect("a crash save");
        let loaded = umbrella::save::load(&crash).unwrap();
        assert!(loaded.save.steps.len() >= steps);
    }
}

#[test]
fn a_long_paste_never_blocks_the_keys() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Terminal::start(&["play", "--seed", "5"], dir.path());
    t.wait_for("your briefing");
    t.keys(b"\r");
    t.wait_for("Your move");
    // 64 KB pasted (as a terminal without bracketed paste would send it:
    // plain characters), then a key that must still work.
    let junk = "x".repeat(64 * 1024);
    t.keys(junk.as_bytes());
    t.keys(b"?");
    t.wait_for(" Help ");
    t.keys(b"\x1b");
    t.keys(b"q");
    t.wait_for("Quit this game?");
    t.keys(b"y");
    assert_eq!(t.exit_code(), 0);
    t.assert_restored();
}

/// Whether process `pid` has ended (gone, or a zombie waiting for its parent).
fn ended(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

#[test]
fn a_terminal_that_goes_away_ends_the_game_with_a_crash_save() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Terminal::start(&["play", "--seed", "6"], dir.path());
    t.wait_for("your briefing");
    t.keys(b"\r");
    t.wait_for("Your move");
    t.keys(b"\r");
    wait_for_steps(dir.path(), 1);
    let steps = saved_steps(dir.path());
    let shell = t.child.process_id().unwrap();
    let game = child_of(shell).expect("umbrella runs under the shell");
    // The window closes: the terminal's master side goes.
    let _shell = t.hang_up();
    let start = Instant::now();
    while !ended(game) {
        assert!(
            start.elapsed() < PATIENCE,
            "umbrella still runs after its terminal went away"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let crash = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("crash-")
        })
        .unwrap_or_else(|| {
            panic!(
                "no crash save: {:?}",
                std::fs::read_dir(dir.path())
                    .unwrap()
                    .map(|e| e.unwrap().file_name())
                    .collect::<Vec<_>>()
            )
        });
    let loaded = umbrella::save::load(&crash).unwrap();
    assert!(loaded.save.steps.len() >= steps);
}
