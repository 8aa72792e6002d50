//! What the commands print on standard output, all of it through [`print`]:
//! made visible (a file's control characters never reach the terminal), and
//! quiet when the reader has gone away, as `head` does once it has its lines
//! (`umbrella replay FILE | head -1`): nothing more is written, nothing is
//! said and the command ends as it would have. Any other failure to write (a
//! full disk under `> FILE`) is an error for the caller to report.

use crate::visible::visible;
use std::io::{self, Write};

/// Write `text` to standard output, control characters made visible.
pub fn print(text: &str) -> io::Result<()> {
    print_to(&mut io::stdout().lock(), text)
}

/// Write `text` to `out` as [`print`] does to standard output.
pub fn print_to(out: &mut impl Write, text: &str) -> io::Result<()> {
    match out
        .write_all(visible(text).as_bytes())
        .and_then(|()| out.flush())
    {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use std::io::{self, Write};

    /// A reader that has gone away after `room` bytes.
    struct Closed {
        room: usize,
        got: Vec<u8>,
    }

    impl Write for Closed {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::ErrorKind::BrokenPipe.into());
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            self.got.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_reader_ends_the_output_quietly_and_other_errors_are_told() {
        let mut out = Closed {
            room: 4,
            got: Vec::new(),
        };
        assert!(super::print_to(&mut out, "one\ntwo \u{1b}[2J\n").is_ok());
        assert!(super::print_to(&mut out, "three\n").is_ok());
        assert_eq!(out.got, b"one\n");
        let mut full = io::Cursor::new([0u8; 2]);
        let err = super::print_to(&mut full, "abc").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::WriteZero);
        let mut all = Vec::new();
        super::print_to(&mut all, "a \u{1b}[2J").unwrap();
        assert_eq!(all, b"a \\u{1b}[2J");
    }
}
