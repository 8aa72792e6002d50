//! The SSH side of `umbrella serve`: russh's server, one handler per
//! connection. A connection logs in with a name (a seat's id, `projector`,
//! `facilitator`) and that name's join code as the password, asks for a
//! terminal and a shell, and gets the game; anything else (a command, sftp,
//! forwarding, an agent, X11) is refused, and no connection reaches a shell.

use super::codes::Codes;
use super::guard::{Guard, Verdict};
use super::hall::{ConnId, Out, Wire};
use crate::tui::app::Input;
use russh::server::{Auth, Handle, Handler, Msg as SshMsg, Session};
use russh::{Channel, ChannelId, MethodKind, MethodSet, Pty};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// What the SSH side tells the hall.
pub enum Msg {
    Join {
        id: ConnId,
        name: String,
        addr: String,
        size: (u16, u16),
        wire: Box<dyn Wire>,
    },
    Input(ConnId, Vec<Input>),
    Resize(ConnId, u16, u16),
    Leave(ConnId),
    /// The console's terminal asked to stop, or a signal did.
    Stop,
}

/// Bytes queued for one connection before it counts as unable to keep up.
const QUEUE: usize = 256;

/// The longest key sequence or paste read from a client, in bytes.
const MAX_PENDING: usize = 64 * 1024;

/// What every connection's handler shares.
pub struct Shared {
    pub codes: Codes,
    pub guard: Mutex<Guard>,
    pub hall: mpsc::Sender<Msg>,
    pub start: Instant,
    pub next_id: AtomicU64,
    /// The port students connect to (for the messages to a wrong client).
    pub port: u16,
}

impl Shared {
    fn now_ms(&self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }
}

/// The server configuration: password logins only, keep-alives to notice a
/// laptop that went away, no idle limit (a team may read for long).
pub fn config(key: russh::keys::PrivateKey) -> russh::server::Config {
    russh::server::Config {
        methods: MethodSet::from(&[MethodKind::Password][..]),
        auth_rejection_time: Duration::from_millis(300),
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: vec![key],
        inactivity_timeout: None,
        keepalive_interval: Some(Duration::from_secs(20)),
        keepalive_max: 6,
        max_auth_attempts: 6,
        nodelay: true,
        ..Default::default()
    }
}

/// A connection's bytes go to a task that writes them to its SSH channel.
struct ChannelWire {
    tx: tokio::sync::mpsc::Sender<Out>,
}

impl Wire for ChannelWire {
    fn send(&mut self, out: Out) -> bool {
        self.tx.try_send(out).is_ok()
    }
}

fn start_writer(handle: Handle, channel: ChannelId) -> ChannelWire {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Out>(QUEUE);
    tokio::spawn(async move {
        while let Some(out) = rx.recv().await {
            match out {
                Out::Bytes(bytes) => {
                    if handle.data(channel, bytes).await.is_err() {
                        break;
                    }
                }
                Out::Close => {
                    // The game was left as it should be: ssh exits with 0.
                    let _ = handle.exit_status_request(channel, 0).await;
                    let _ = handle.eof(channel).await;
                    let _ = handle.close(channel).await;
                    break;
                }
            }
        }
    });
    ChannelWire { tx }
}

/// Keys from a client's terminal: its bytes, read as crossterm reads a
/// local terminal's (crossterm's parser, as the terminput crate has it).
#[derive(Default)]
pub struct KeyReader {
    pending: Vec<u8>,
}

impl KeyReader {
    /// The inputs in `data` (what is left of an unfinished sequence waits
    /// for the next bytes).
    pub fn read(&mut self, data: &[u8]) -> Vec<Input> {
        let mut inputs = Vec::new();
        for (i, byte) in data.iter().enumerate() {
            self.pending.push(*byte);
            // A lone Esc followed by more bytes starts a sequence.
            if self.pending == [0x1b] && i + 1 < data.len() {
                continue;
            }
            match terminput::Event::parse_from(&self.pending) {
                Ok(Some(event)) => {
                    self.pending.clear();
                    if let Ok(event) = terminput_crossterm::to_crossterm(event) {
                        inputs.extend(crate::tui::input_of(event));
                    }
                }
                Ok(None) if self.pending.len() > MAX_PENDING => self.pending.clear(),
                Ok(None) => {}
                Err(_) => self.pending.clear(),
            }
        }
        inputs
    }
}

/// One connection.
pub struct Client {
    shared: Arc<Shared>,
    addr: SocketAddr,
    id: ConnId,
    /// The name it logged in with.
    user: Option<String>,
    channel: Option<ChannelId>,
    size: Option<(u16, u16)>,
    joined: bool,
    keys: KeyReader,
    /// Set once the connection has logged in.
    in_: Arc<std::sync::atomic::AtomicBool>,
}

/// How long a connection may take to log in.
pub const LOGIN_TIME: Duration = Duration::from_secs(60);

impl Client {
    pub fn new(
        shared: Arc<Shared>,
        addr: SocketAddr,
        in_: Arc<std::sync::atomic::AtomicBool>,
    ) -> Client {
        let id = shared.next_id.fetch_add(1, Ordering::SeqCst);
        Client {
            shared,
            addr,
            id,
            in_,
            user: None,
            channel: None,
            size: None,
            joined: false,
            keys: KeyReader::default(),
        }
    }

    fn refuse(&self, channel: ChannelId, session: &mut Session, why: &str) {
        let _ = session.channel_failure(channel);
        let user = self.user.as_deref().unwrap_or("SEAT");
        let text = format!(
            "umbrella: {why}. This server only plays Umbrella: connect with \
             ssh -p {} {user}@HOST and nothing else.\r\n",
            self.shared.port
        );
        let _ = session.extended_data(channel, 1, text.into_bytes());
        let _ = session.exit_status_request(channel, 2);
        let _ = session.eof(channel);
        let _ = session.close(channel);
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if self.joined {
            let _ = self.shared.hall.send(Msg::Leave(self.id));
        }
        if let Ok(mut g) = self.shared.guard.lock() {
            g.close(self.addr.ip());
        }
    }
}

impl Handler for Client {
    type Error = russh::Error;

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        let ip = self.addr.ip();
        let now = self.shared.now_ms();
        let locked = match self.shared.guard.lock() {
            Ok(g) => matches!(g.may_try(ip, now), Verdict::Locked { .. }),
            Err(_) => true,
        };
        if !locked && self.shared.codes.admits(user, password) {
            if let Ok(mut g) = self.shared.guard.lock() {
                g.right(ip);
            }
            self.user = Some(user.to_string());
            self.in_.store(true, Ordering::SeqCst);
            return Ok(Auth::Accept);
        }
        let wait = match self.shared.guard.lock() {
            Ok(mut g) if !locked => g.wrong(ip, now),
            _ => 0,
        };
        tokio::time::sleep(Duration::from_millis(wait)).await;
        Ok(Auth::reject())
    }

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        _key: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(Auth::reject())
    }

    async fn auth_publickey(
        &mut self,
        _user: &str,
        _key: russh::server::VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(Auth::reject())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<SshMsg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // One game per connection: a second session channel is refused.
        if self.channel.is_none() && self.user.is_some() {
            self.channel = Some(channel.id());
            reply.accept().await;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) != self.channel {
            let _ = session.channel_failure(channel);
            return Ok(());
        }
        self.size = Some((clamp(col_width), clamp(row_height)));
        session.channel_success(channel)?;
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let (Some(user), true) = (self.user.clone(), Some(channel) == self.channel) else {
            let _ = session.channel_failure(channel);
            return Ok(());
        };
        if self.joined {
            let _ = session.channel_failure(channel);
            return Ok(());
        }
        let Some(size) = self.size else {
            self.refuse(
                channel,
                session,
                "the game needs a terminal (your client asked for none: leave out -T, or add -t)",
            );
            return Ok(());
        };
        session.channel_success(channel)?;
        let wire = start_writer(session.handle(), channel);
        let joined = self.shared.hall.send(Msg::Join {
            id: self.id,
            name: user,
            addr: self.addr.ip().to_string(),
            size,
            wire: Box::new(wire),
        });
        self.joined = joined.is_ok();
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(channel, session, "commands are not run here");
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let why = format!("no {} here", crate::visible::visible(name));
        self.refuse(channel, session, &why);
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        _value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let _ = session.channel_failure(channel);
        Ok(())
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _x11_auth_protocol: &str,
        _x11_auth_cookie: &str,
        _x11_screen_number: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let _ = session.channel_failure(channel);
        Ok(())
    }

    async fn agent_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<bool, Self::Error> {
        let _ = session.channel_failure(channel);
        Ok(false)
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) == self.channel {
            let (w, h) = (clamp(col_width), clamp(row_height));
            self.size = Some((w, h));
            if self.joined {
                let _ = self.shared.hall.send(Msg::Resize(self.id, w, h));
            }
        }
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) != self.channel || !self.joined {
            return Ok(());
        }
        let inputs = self.keys.read(data);
        if !inputs.is_empty() {
            let _ = self.shared.hall.send(Msg::Input(self.id, inputs));
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) == self.channel {
            let _ = session.close(channel);
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) == self.channel && self.joined {
            self.joined = false;
            let _ = self.shared.hall.send(Msg::Leave(self.id));
        }
        Ok(())
    }
}

/// A terminal dimension from the client, within what a screen can be.
fn clamp(n: u32) -> u16 {
    n.clamp(1, 1000) as u16
}

/// Serve connections from `listener` until the runtime stops: each is let
/// in by the guard (limits in all and per address, lock-outs) or dropped.
pub async fn accept(
    listener: tokio::net::TcpListener,
    config: Arc<russh::server::Config>,
    shared: Arc<Shared>,
) {
    loop {
        let Ok((socket, addr)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let verdict = match shared.guard.lock() {
            Ok(mut g) => g.open(addr.ip(), shared.now_ms()),
            Err(_) => Verdict::Full,
        };
        if verdict != Verdict::Welcome {
            drop(socket);
            continue;
        }
        let _ = socket.set_nodelay(true);
        let logged_in = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let client = Client::new(Arc::clone(&shared), addr, Arc::clone(&logged_in));
        let config = Arc::clone(&config);
        tokio::spawn(async move {
            let Ok(Ok(session)) = tokio::time::timeout(
                LOGIN_TIME,
                russh::server::run_stream(config, socket, client),
            )
            .await
            else {
                return;
            };
            // A connection that does not log in in time is let go.
            let handle = session.handle();
            tokio::spawn(async move {
                tokio::time::sleep(LOGIN_TIME).await;
                if !logged_in.load(Ordering::SeqCst) {
                    let _ = handle
                        .disconnect(
                            russh::Disconnect::ByApplication,
                            "no login in time".into(),
                            String::new(),
                        )
                        .await;
                }
            });
            let _ = session.await;
        });
    }
}
