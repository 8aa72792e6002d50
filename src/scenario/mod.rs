//! Loading scenarios: bundled ones by name, others from RON files, with
//! `FILE:LINE:COL: message` errors for anything wrong.

pub use crate::core::{Problem, validate};

use crate::core::text::{excerpt, excerpt_to};
use crate::core::{RawScenario, Scenario};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Scenario files larger than this are refused before reading.
pub const MAX_SCENARIO_BYTES: u64 = 1 << 20;
/// Deepest nesting accepted in a RON file.
pub const RECURSION_LIMIT: usize = 64;
/// Characters of a file's name a message quotes (a save may name any file).
pub const FILE_NAME_CHARS: usize = 240;
/// Characters of a message of RON's (its lists of expected fields included).
const MESSAGE_CHARS: usize = 1000;

/// The scenarios that ship with Umbrella: (name, RON text). The first is the default.
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "nato-lite-2025",
        include_str!("../../assets/scenarios/nato-lite-2025.ron"),
    ),
    (
        "brussels-2025",
        include_str!("../../assets/scenarios/brussels-2025.ron"),
    ),
];

pub const DEFAULT_SCENARIO: &str = "nato-lite-2025";

/// Why a scenario could not be loaded.
#[derive(Debug)]
pub enum ScenarioError {
    Io {
        file: String,
        error: std::io::Error,
    },
    TooLarge {
        file: String,
        bytes: u64,
    },
    NotText {
        file: String,
    },
    Empty {
        file: String,
    },
    Syntax {
        file: String,
        line: usize,
        col: usize,
        message: String,
    },
    Invalid {
        file: String,
        problems: Vec<Problem>,
    },
    Unknown {
        name: String,
    },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Io { file, error } => write!(f, "{file}: cannot read: {error}"),
            ScenarioError::TooLarge { file, bytes } => write!(
                f,
                "{file}: too large for a scenario ({bytes} bytes; the limit is {MAX_SCENARIO_BYTES})"
            ),
            ScenarioError::NotText { file } => write!(f, "{file}: not a UTF-8 text file"),
            ScenarioError::Empty { file } => write!(f, "{file}: the file is empty"),

            ScenarioError::Syntax {
                file,
                line,
                col,
                message,
            } => write!(f, "{file}:{line}:{col}: {message}"),
            ScenarioError::Invalid { file, problems } => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    match p.at {
                        Some((line, col)) => write!(f, "{file}:{line}:{col}: {}", p.message)?,
                        None => write!(f, "{file}: {}", p.message)?,
                    }
                }
                Ok(())
            }
            ScenarioError::Unknown { name } => {
                let names: Vec<&str> = BUNDLED.iter().map(|(n, _)| *n).collect();
                write!(
                    f,
                    "unknown scenario '{}': not a bundled scenario nor a file. Bundled scenarios: {}",
                    excerpt(name),
                    names.join(", ")
                )
            }
        }
    }
}

impl std::error::Error for ScenarioError {}

/// Parse and validate scenario text. `file` names it in messages.
pub fn parse(file: &str, text: &str) -> Result<Scenario, ScenarioError> {
    let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
    if text.trim().is_empty() {
        return Err(ScenarioError::Empty {
            file: file.to_string(),
        });
    }
    let raw: RawScenario = options.from_str(text).map_err(|e| ScenarioError::Syntax {
        file: file.to_string(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: ron_message(&e.code),
    })?;
    Scenario::validate(raw, text).map_err(|problems| ScenarioError::Invalid {
        file: file.to_string(),
        problems,
    })
}

/// RON's message, with advice meant for programmers replaced by advice for
/// authors, quoting at most an excerpt of what it found (a field name, a
/// variant, a string of the wrong type may be megabytes long).
pub fn ron_message(code: &ron::Error) -> String {
    use ron::Error as E;
    let cut = |s: &String| excerpt(s).into_owned();
    let short = match code {
        E::ExceededRecursionLimit => {
            return format!("nested more than {RECURSION_LIMIT} levels deep; simplify this entry");
        }
        E::Io(s) => E::Io(cut(s)),
        E::Message(s) => E::Message(cut(s)),
        E::ExpectedDifferentStructName { expected, found } => E::ExpectedDifferentStructName {
            expected,
            found: cut(found),
        },
        E::InvalidValueForType { expected, found } => E::InvalidValueForType {
            expected: cut(expected),
            found: cut(found),
        },
        E::ExpectedDifferentLength { expected, found } => E::ExpectedDifferentLength {
            expected: cut(expected),
            found: *found,
        },
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => E::NoSuchEnumVariant {
            expected,
            found: cut(found),
            outer: outer.as_ref().map(cut),
        },
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => E::NoSuchStructField {
            expected,
            found: cut(found),
            outer: outer.as_ref().map(cut),
        },
        E::MissingStructField { field, outer } => E::MissingStructField {
            field,
            outer: outer.as_ref().map(cut),
        },
        E::DuplicateStructField { field, outer } => E::DuplicateStructField {
            field,
            outer: outer.as_ref().map(cut),
        },
        E::NoSuchExtension(s) => E::NoSuchExtension(cut(s)),
        E::InvalidIdentifier(s) => E::InvalidIdentifier(cut(s)),
        E::SuggestRawIdentifier(s) => E::SuggestRawIdentifier(cut(s)),
        E::ExpectedStructName(s) => E::ExpectedStructName(cut(s)),
        other => other.clone(),
    };
    // Lists of expected fields are kept whole; a variant added to RON later
    // that quotes more is cut all the same.
    excerpt_to(&short.to_string(), MESSAGE_CHARS).into_owned()
}

/// Read, parse and validate a scenario file.
pub fn load_file(path: &Path) -> Result<Scenario, ScenarioError> {
    let file = excerpt_to(&path.display().to_string(), FILE_NAME_CHARS).into_owned();
    let bytes = read_limited(path, MAX_SCENARIO_BYTES).map_err(|e| match e {
        ReadError::Io(error) => ScenarioError::Io {
            file: file.clone(),
            error,
        },
        ReadError::TooLarge(bytes) => ScenarioError::TooLarge {
            file: file.clone(),
            bytes,
        },
    })?;
    let text =
        String::from_utf8(bytes).map_err(|_| ScenarioError::NotText { file: file.clone() })?;
    let scenario = parse(&file, &text)?;
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    Ok(scenario.with_file(Some(absolute.display().to_string())))
}

/// A bundled scenario by name.
pub fn bundled(name: &str) -> Option<Result<Scenario, ScenarioError>> {
    BUNDLED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, text)| parse(&format!("assets/scenarios/{n}.ron"), text))
}

/// How long a game of a scenario is: as written, or its seminar form (one
/// class period: fewer rounds of talks and fewer months).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Length {
    #[default]
    Full,
    Seminar,
}

/// What a seminar form's id ends with.
pub const SEMINAR_SUFFIX: &str = "-seminar";

/// The scenario in the form `length`. The seminar form is a scenario of its
/// own (its id ends with `-seminar`, its title says so), written from the
/// full form's text with the seminar's rules, so its saves find it again.
pub fn with_length(s: Arc<Scenario>, length: Length) -> Result<Arc<Scenario>, ScenarioError> {
    if length == Length::Full || s.id().ends_with(SEMINAR_SUFFIX) {
        return Ok(s);
    }
    let raw = s.raw();
    let label = format!("{} (seminar form)", s.file().unwrap_or(s.id()));
    let Some(form) = raw.seminar.clone() else {
        return Err(ScenarioError::Invalid {
            file: label,
            problems: vec![crate::core::Problem {
                at: None,
                message: format!(
                    "{} has no seminar form (a `seminar: Some((negotiation_rounds: N, \
                     horizon_months: M))` entry); play it with --length full",
                    s.id()
                ),
            }],
        });
    };
    let mut raw = raw.clone();
    raw.rules.negotiation_rounds = form.negotiation_rounds;
    raw.rules.horizon_months = form.horizon_months;
    if let Some(d) = form.decision_months {
        raw.rules.decision_months = d;
    }
    if let Some(r) = form.recovery_every_months {
        raw.rules.recovery_every_months = r;
    }
    raw.seminar = None;
    raw.id = format!("{}{SEMINAR_SUFFIX}", raw.id);
    raw.title = format!("{} (seminar)", raw.title);
    let text =
        ron::ser::to_string_pretty(&raw, ron::ser::PrettyConfig::default()).map_err(|e| {
            ScenarioError::Invalid {
                file: label.clone(),
                problems: vec![crate::core::Problem {
                    at: None,
                    message: e.to_string(),
                }],
            }
        })?;
    let seminar = parse(&label, &text)?.with_file(s.file().map(str::to_string));
    Ok(Arc::new(seminar))
}

/// A scenario named on the command line: a bundled name (a seminar form's
/// too, `nato-lite-2025-seminar`), or a path to a RON file.
pub fn find(name_or_path: &str) -> Result<Arc<Scenario>, ScenarioError> {
    if let Some(found) = bundled(name_or_path) {
        return found.map(Arc::new);
    }
    if let Some(base) = name_or_path.strip_suffix(SEMINAR_SUFFIX)
        && let Some(found) = bundled(base)
    {
        return with_length(Arc::new(found?), Length::Seminar);
    }
    let path = PathBuf::from(name_or_path);
    if path.exists() {
        return load_file(&path).map(Arc::new);
    }
    Err(ScenarioError::Unknown {
        name: name_or_path.to_string(),
    })
}

pub enum ReadError {
    Io(std::io::Error),
    TooLarge(u64),
}

/// Read a whole file, refusing it before reading if it is not a regular file
/// or if it is larger than `limit`.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    // Asked before opening: opening a FIFO (or /dev/stdin on a pipe) for
    // reading waits for a writer, and a device may never end.
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    regular(&meta)?;
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // What was opened, in case the path changed in between.
    let meta = file.metadata().map_err(ReadError::Io)?;
    regular(&meta)?;
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    // Guard against files that grow (or lie about their size) while read.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Refuse anything but a regular file, saying what it is.
fn regular(meta: &std::fs::Metadata) -> Result<(), ReadError> {
    if meta.is_file() {
        return Ok(());
    }
    Err(ReadError::Io(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("{}, not a regular file", file_kind(&meta.file_type())),
    )))
}

/// What a file that is not a regular file is, in a few words.
pub fn file_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}
