//! Join codes: one per name that may log in (each seat, `projector`,
//! `facilitator`), random from the operating system's generator, kept in a
//! plain text file a teacher can print before class.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// The letters a code is made of: no look-alikes (no 0/O, 1/l/I, 5/S, 2/Z, 8/B).
pub const ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY34679";

/// The length of a new code. 25 letters to the 8th: about 1.5e11 codes.
pub const CODE_LEN: usize = 8;

/// The shortest code a codes file may give.
pub const MIN_CODE_LEN: usize = 6;

/// The names that may log in and their codes, in the order they are listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Codes {
    entries: Vec<(String, String)>,
}

/// A codes file that cannot be used, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodesError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for CodesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// A new random code from the operating system's generator.
pub fn new_code() -> Result<String, String> {
    use rand::TryRng;
    let mut code = String::with_capacity(CODE_LEN);
    let mut rng = rand::rngs::SysRng;
    while code.len() < CODE_LEN {
        let mut byte = [0u8; 1];
        rng.try_fill_bytes(&mut byte)
            .map_err(|e| format!("the operating system's random generator failed: {e}"))?;
        // Rejection sampling: every letter equally likely.
        let n = ALPHABET.len() as u8;
        if byte[0] < u8::MAX - u8::MAX % n {
            code.push(ALPHABET[(byte[0] % n) as usize] as char);
        }
    }
    Ok(code)
}

impl Codes {
    /// New codes for `names`.
    pub fn generate(names: &[String]) -> Result<Codes, String> {
        let entries = names
            .iter()
            .map(|n| Ok((n.clone(), new_code()?)))
            .collect::<Result<_, String>>()?;
        Ok(Codes { entries })
    }

    /// The codes in `text` (a codes file called `file`): one `NAME CODE` line
    /// per name; blank lines and lines starting with `#` are skipped. Every
    /// name in `names` must have a code, and no other name may appear.
    pub fn parse(file: &str, text: &str, names: &[String]) -> Result<Codes, CodesError> {
        let err = |line: usize, column: usize, message: String| CodesError {
            file: file.to_string(),
            line,
            column,
            message,
        };
        let mut found: BTreeMap<String, String> = BTreeMap::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let trimmed = raw.trim_start();
            let indent = raw.len() - trimmed.len();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let mut parts = trimmed.split_whitespace();
            let (Some(name), Some(code), None) = (parts.next(), parts.next(), parts.next()) else {
                return Err(err(
                    line,
                    indent + 1,
                    "expected `NAME CODE` (two words)".into(),
                ));
            };
            let code_col = indent + trimmed.find(code).unwrap_or(0) + 1;
            if !names.iter().any(|n| n == name) {
                return Err(err(
                    line,
                    indent + 1,
                    format!(
                        "unknown name {:?}; the names are {}",
                        crate::visible::visible(name),
                        names.join(", ")
                    ),
                ));
            }
            if found.contains_key(name) {
                return Err(err(line, indent + 1, format!("{name} has a second code")));
            }
            if code.chars().count() < MIN_CODE_LEN {
                return Err(err(
                    line,
                    code_col,
                    format!("{name}'s code is shorter than {MIN_CODE_LEN} characters"),
                ));
            }
            if !code.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(err(
                    line,
                    code_col,
                    format!("{name}'s code may only have letters and digits"),
                ));
            }
            if let Some((other, _)) = found.iter().find(|(_, c)| c.eq_ignore_ascii_case(code)) {
                return Err(err(
                    line,
                    code_col,
                    format!("{name} has the same code as {other}"),
                ));
            }
            found.insert(name.to_string(), code.to_string());
        }
        let missing: Vec<&str> = names
            .iter()
            .filter(|n| !found.contains_key(*n))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            return Err(err(
                text.lines().count().max(1),
                1,
                format!("no code for {}", missing.join(", ")),
            ));
        }
        Ok(Codes {
            entries: names
                .iter()
                .map(|n| (n.clone(), found.remove(n).unwrap_or_default()))
                .collect(),
        })
    }

    /// The codes file's text.
    pub fn text(&self) -> String {
        let mut s = String::from(
            "# Umbrella join codes: ssh -p PORT NAME@HOST, then the code as the password.\n\
             # One line per name. Keep the facilitator's code to yourself.\n",
        );
        for (name, code) in &self.entries {
            s.push_str(&format!("{name} {code}\n"));
        }
        s
    }

    /// The codes in `path` if it exists, else new ones written there (readable
    /// by its owner only).
    pub fn load_or_create(path: &Path, names: &[String]) -> Result<(Codes, bool), String> {
        match std::fs::read_to_string(path) {
            Ok(text) => Codes::parse(&path.display().to_string(), &text, names)
                .map(|c| (c, false))
                .map_err(|e| e.to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let codes = Codes::generate(names)?;
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                }
                crate::save::write_private(path, codes.text().as_bytes())
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                Ok((codes, true))
            }
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// The name whose code `code` is, if `name` has it (compared in constant
    /// time; letters in either case).
    pub fn admits(&self, name: &str, code: &str) -> bool {
        let Some((_, expected)) = self.entries.iter().find(|(n, _)| n == name) else {
            return false;
        };
        let a = expected.to_ascii_uppercase();
        let b = code.trim().to_ascii_uppercase();
        let mut diff = (a.len() != b.len()) as u8;
        for (x, y) in a.bytes().zip(b.bytes().chain(std::iter::repeat(0))) {
            diff |= x ^ y;
        }
        diff == 0
    }

    pub fn entries(&self) -> &[(String, String)] {
        &self.entries
    }

    pub fn code(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        ["italy", "ukraine", "projector"].map(String::from).to_vec()
    }

    #[test]
    fn new_codes_are_long_distinct_and_without_look_alikes() {
        let codes = Codes::generate(&names()).unwrap_or_else(|e| panic!("{e}"));
        let all: Vec<&str> = codes.entries().iter().map(|(_, c)| c.as_str()).collect();
        assert!(all.iter().all(|c| c.len() >= MIN_CODE_LEN));
        assert!(all.iter().all(|c| c.bytes().all(|b| ALPHABET.contains(&b))));
        assert!(all.iter().all(|c| !c.contains(['0', 'O', '1', 'I', 'l'])));
        assert_ne!(all[0], all[1]);
    }

    #[test]
    fn a_codes_file_reads_back_and_bad_ones_say_where() {
        let codes = Codes::generate(&names()).unwrap_or_else(|e| panic!("{e}"));
        let again =
            Codes::parse("c.txt", &codes.text(), &names()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again, codes);
        let code = codes.code("italy").unwrap_or_default().to_string();
        assert!(codes.admits("italy", &code));
        assert!(codes.admits("italy", &code.to_ascii_lowercase()));
        assert!(!codes.admits("ukraine", &code));
        assert!(!codes.admits("italy", &code[..code.len() - 1]));
        assert!(!codes.admits("nobody", &code));
        let bad = Codes::parse("c.txt", "italy ABCDEFG\nukraine AB\n", &names())
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            bad.as_deref(),
            Some("c.txt:2:9: ukraine's code is shorter than 6 characters")
        );
        let missing = Codes::parse("c.txt", "italy ABCDEFG\n", &names())
            .err()
            .map(|e| e.message);
        assert_eq!(missing.as_deref(), Some("no code for ukraine, projector"));
        let unknown = Codes::parse("c.txt", "# x\n  poland ABCDEFG\n", &names())
            .err()
            .map(|e| (e.line, e.column));
        assert_eq!(unknown, Some((2, 3)));
    }
}
