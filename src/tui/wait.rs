//! Waiting for the terminal. crossterm's event source spins forever, at full
//! CPU and deaf to signals, once its terminal has gone away (a closed window,
//! a dropped SSH connection: crossterm-rs/crossterm#793). So the run loop
//! waits here, with poll(2) on the terminal and on a pipe that stopping
//! signals and resizes write to, and asks crossterm for events only when
//! this says something is there. A terminal that has hung up is reported,
//! never read.

use rustix::event::{PollFd, PollFlags, Timespec, poll};
use signal_hook::SigId;
use signal_hook::consts::SIGWINCH;
use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::net::UnixStream;
use std::time::Duration;

/// What a wait ended on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Woken {
    /// The terminal has input, or a signal (a resize, a stop) came.
    Ready,
    /// Nothing came in the time given.
    Quiet,
    /// The terminal has gone away.
    HungUp,
}

/// The terminal's input and the signal pipe, polled together.
pub struct Waiter {
    /// `/dev/tty` when standard input is not the terminal (as crossterm reads it).
    tty: Option<File>,
    stdin: io::Stdin,
    wake: UnixStream,
    registered: Vec<SigId>,
}

impl Waiter {
    /// Listen for `signals` (and resizes) while waiting.
    pub fn new(signals: &[i32]) -> io::Result<Waiter> {
        let (wake, write) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        write.set_nonblocking(true)?;
        let mut registered = Vec::new();
        for &signal in signals.iter().chain(&[SIGWINCH]) {
            registered.push(signal_hook::low_level::pipe::register(
                signal,
                write.try_clone()?,
            )?);
        }
        let tty = if io::stdin().is_terminal() {
            None
        } else {
            Some(File::open("/dev/tty")?)
        };
        Ok(Waiter {
            tty,
            stdin: io::stdin(),
            wake,
            registered,
        })
    }

    fn tty(&self) -> BorrowedFd<'_> {
        match &self.tty {
            Some(file) => file.as_fd(),
            None => self.stdin.as_fd(),
        }
    }

    /// Wait at most `timeout` for input or a signal.
    pub fn wait(&mut self, timeout: Duration) -> io::Result<Woken> {
        let timeout = Timespec {
            tv_sec: timeout.as_secs() as _,
            tv_nsec: timeout.subsec_nanos() as _,
        };
        let (tty, woke) = {
            let mut fds = [
                PollFd::from_borrowed_fd(self.tty(), PollFlags::IN),
                PollFd::new(&self.wake, PollFlags::IN),
            ];
            match poll(&mut fds, Some(&timeout)) {
                Ok(_) => {}
                Err(rustix::io::Errno::INTR) => return Ok(Woken::Ready),
                Err(e) => return Err(e.into()),
            }
            (fds[0].revents(), fds[1].revents())
        };
        if !woke.is_empty() {
            // Empty the pipe; what the signal means is the caller's flag.
            let mut buf = [0u8; 64];
            while matches!((&self.wake).read(&mut buf), Ok(n) if n > 0) {}
        }
        if tty.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
            Ok(Woken::HungUp)
        } else if !tty.is_empty() || !woke.is_empty() {
            Ok(Woken::Ready)
        } else {
            Ok(Woken::Quiet)
        }
    }
}

impl Drop for Waiter {
    fn drop(&mut self) {
        for id in self.registered.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}
