//! `umbrella serve` under a class: the real binary serving on loopback, 40
//! SSH clients (five seats on six laptops each, and ten projectors) from
//! russh's client. For every accepted move: the time until every client has
//! received its redraw (p50, p99, worst), and the bytes each redraw sends;
//! then the server's CPU while the class sits idle. Run with `cargo bench
//! --bench serve` (add `-- MOVES` to change the sample, 60 by default).

use russh::ChannelMsg;
use russh::client;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const LAPTOPS_PER_SEAT: usize = 6;
const PROJECTORS: usize = 10;
const SEATS: [&str; 5] = ["italy", "ukraine", "usa", "russia", "europe"];
/// How long a redraw may take before the client counts as not redrawn.
const PATIENCE: Duration = Duration::from_secs(5);
/// Quiet after a move's last byte, to know its redraws are all in.
const QUIET: Duration = Duration::from_millis(150);

struct Trusting;
impl client::Handler for Trusting {
    type Error = russh::Error;
    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

#[derive(Default)]
struct Seen {
    bytes: usize,
    last: Option<Instant>,
    screen: Option<vt100::Parser>,
}

struct Client {
    name: &'static str,
    seen: Arc<Mutex<Seen>>,
    channel: russh::ChannelWriteHalf<client::Msg>,
    _handle: client::Handle<Trusting>,
}

async fn connect(port: u16, name: &'static str, code: &str) -> Option<Client> {
    let mut handle = client::connect(
        Arc::new(client::Config::default()),
        ("127.0.0.1", port),
        Trusting,
    )
    .await
    .ok()?;
    match handle.authenticate_password(name, code).await.ok()? {
        client::AuthResult::Success => {}
        _ => return None,
    }
    let channel = handle.channel_open_session().await.ok()?;
    channel
        .request_pty(false, "xterm-256color", 80, 24, 0, 0, &[])
        .await
        .ok()?;
    channel.request_shell(false).await.ok()?;
    let (mut read, write) = channel.split();
    let seen = Arc::new(Mutex::new(Seen {
        screen: Some(vt100::Parser::new(24, 80, 0)),
        ..Seen::default()
    }));
    let s = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Some(msg) = read.wait().await {
            if let ChannelMsg::Data { data } = msg
                && let Ok(mut s) = s.lock()
            {
                s.bytes += data.len();
                s.last = Some(Instant::now());
                if let Some(p) = s.screen.as_mut() {
                    p.process(&data);
                }
            }
        }
    });
    Some(Client {
        name,
        seen,
        channel: write,
        _handle: handle,
    })
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// The server's CPU time so far, in clock ticks (Linux).
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

fn screen_of(c: &Client) -> String {
    c.seen
        .lock()
        .ok()
        .and_then(|s| s.screen.as_ref().map(|p| p.screen().contents()))
        .unwrap_or_default()
}

fn main() {
    let moves: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(60);
    let Ok(dir) = tempfile::tempdir() else {
        eprintln!("no temporary folder");
        return;
    };
    // Known codes, as a teacher's printed cards would have them.
    let names: Vec<&str> = SEATS
        .iter()
        .copied()
        .chain(["projector", "facilitator"])
        .collect();
    let code = |name: &str| format!("CODE{}", name.len() * 7 + name.as_bytes()[0] as usize);
    let codes: String = names.iter().map(|n| format!("{n} {}\n", code(n))).collect();
    let codes_file = dir.path().join("codes.txt");
    if std::fs::write(&codes_file, codes).is_err() {
        return;
    }
    let port = match std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
        Ok(a) => a.port(),
        Err(_) => return,
    };
    let mut server = match std::process::Command::new(env!("CARGO_BIN_EXE_umbrella"))
        .arg("--save-dir")
        .arg(dir.path())
        .args(["serve", "--bind", "127.0.0.1", "--port", &port.to_string()])
        .arg("--codes")
        .arg(&codes_file)
        .args(["--seat", "all=human", "--seed", "7"])
        .stdout(std::process::Stdio::null())
        .stdin(std::process::Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot start the server: {e}");
            return;
        }
    };
    let pid = server.id();
    let Ok(rt) = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    else {
        return;
    };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(20) {
            eprintln!("the server did not open its port");
            let _ = server.kill();
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut clients: Vec<Client> = Vec::new();
    for seat in SEATS {
        for _ in 0..LAPTOPS_PER_SEAT {
            clients.extend(rt.block_on(connect(port, seat, &code(seat))));
        }
    }
    for _ in 0..PROJECTORS {
        clients.extend(rt.block_on(connect(port, "projector", &code("projector"))));
    }
    println!("{} clients connected", clients.len());
    let wait_quiet = |clients: &[Client]| {
        let start = Instant::now();
        loop {
            std::thread::sleep(QUIET);
            let last = clients
                .iter()
                .filter_map(|c| c.seen.lock().ok().and_then(|s| s.last))
                .max();
            if last.is_none_or(|l| l.elapsed() >= QUIET) || start.elapsed() > PATIENCE {
                return;
            }
        }
    };
    // Every laptop reads its briefing and goes to the table.
    for c in clients.iter().filter(|c| c.name != "projector") {
        let _ = rt.block_on(c.channel.data_bytes(b"\r".to_vec()));
    }
    wait_quiet(&clients);
    let mut latencies = Vec::new();
    let mut bytes_per_redraw = Vec::new();
    let mut unchanged = 0usize;
    for i in 0..moves {
        // The seat to move: its first laptop says so.
        let Some(mover) = clients
            .iter()
            .find(|c| c.name != "projector" && screen_of(c).contains("Your move"))
        else {
            println!("after {i} moves no seat is to move: stopping there");
            if std::env::var_os("SERVE_BENCH_DEBUG").is_some() {
                for c in clients.iter().step_by(LAPTOPS_PER_SEAT) {
                    println!("{}:\n{}", c.name, screen_of(c));
                }
            }
            break;
        };
        let before: Vec<usize> = clients
            .iter()
            .map(|c| c.seen.lock().map_or(0, |s| s.bytes))
            .collect();
        // Alternately the adviser's move and a pass (the menu's last move).
        let keys: &[u8] = if i % 2 == 0 { b"\r" } else { b"\x1b[F\r" };
        let sent = Instant::now();
        if rt
            .block_on(mover.channel.data_bytes(keys.to_vec()))
            .is_err()
        {
            break;
        }
        // Wait for every client's redraw, then for quiet.
        loop {
            let all = clients
                .iter()
                .zip(&before)
                .all(|(c, b)| c.seen.lock().map_or(true, |s| s.bytes > *b));
            if all || sent.elapsed() > PATIENCE {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        wait_quiet(&clients);
        let mut worst = Duration::ZERO;
        for (c, b) in clients.iter().zip(&before) {
            let Ok(s) = c.seen.lock() else { continue };
            if s.bytes == *b {
                unchanged += 1;
                continue;
            }
            bytes_per_redraw.push(s.bytes - b);
            if let Some(last) = s.last {
                worst = worst.max(last.saturating_duration_since(sent));
            }
        }
        latencies.push(worst);
        // A news screen (a treaty, an attack) waits for Enter on every laptop.
        for c in clients.iter().filter(|c| c.name != "projector") {
            if screen_of(c).contains("Enter continue") {
                let _ = rt.block_on(c.channel.data_bytes(b"\r".to_vec()));
            }
        }
        wait_quiet(&clients);
    }
    latencies.sort();
    bytes_per_redraw.sort();
    let idle_start = cpu_ticks(pid);
    let idle_secs = 10;
    std::thread::sleep(Duration::from_secs(idle_secs));
    let idle_end = cpu_ticks(pid);
    let idle = match (idle_start, idle_end) {
        // Clock ticks are 1/100 s on Linux.
        (Some(a), Some(b)) => format!(
            "{:.2}% of one core",
            (b - a) as f64 / (idle_secs as f64 * 100.0) * 100.0
        ),
        _ => "not measured (no /proc)".into(),
    };
    let kb = |b: usize| format!("{:.1} KB", b as f64 / 1000.0);
    println!(
        "moves measured: {}; redraws: {} (clients whose screen did not change: {unchanged})",
        latencies.len(),
        bytes_per_redraw.len()
    );
    println!(
        "time until every client has its redraw: p50 {:.1} ms, p99 {:.1} ms, worst {:.1} ms",
        percentile(&latencies, 0.5).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1000.0
    );
    let mean = bytes_per_redraw.iter().sum::<usize>() / bytes_per_redraw.len().max(1);
    println!(
        "bytes per redraw: median {}, mean {}, largest {}",
        kb(bytes_per_redraw
            .get(bytes_per_redraw.len() / 2)
            .copied()
            .unwrap_or(0)),
        kb(mean),
        kb(bytes_per_redraw.last().copied().unwrap_or(0))
    );
    println!("server CPU while idle ({idle_secs} s, 40 clients connected): {idle}");
    drop(clients);
    let _ = server.kill();
    let _ = server.wait();
}
