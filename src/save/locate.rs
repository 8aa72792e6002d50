//! Where a step of a save is written: its line and column, found by reading
//! the file again with RON up to that step, so that a refused or diverging
//! step is named where it stands (`save.ron:212:9: step 40 ...`) however the
//! file is laid out.

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Line and column where step `n` (from 0) of the save `text` begins, in any
/// save format; `None` when the file has no such step.
pub fn step(text: &str, n: usize) -> Option<(usize, usize)> {
    let options = ron::Options::default().with_recursion_limit(super::RECURSION_LIMIT);
    match options.from_str_seed(text, Save(n)) {
        // Reading stops with this error where the step begins; ignoring
        // the rest, RON reports the position after the white space.
        Err(e) if matches!(&e.code, ron::Error::Message(m) if m == HERE) => {
            Some((e.span.end.line, e.span.end.col))
        }
        _ => None,
    }
}

const HERE: &str = "the step is here";

/// Reads a save, ignoring every field but `steps`.
struct Save(usize);

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum Field {
    Steps,
    #[serde(other)]
    Other,
}

impl<'de> DeserializeSeed<'de> for Save {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_struct("SaveFile", &["steps"], self)
    }
}

impl<'de> Visitor<'de> for Save {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a saved game")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::Steps => map.next_value_seed(Steps(self.0))?,
                Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// Reads a list of steps up to step `n`, and stops there.
struct Steps(usize);

impl<'de> DeserializeSeed<'de> for Steps {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Steps {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of steps")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        for _ in 0..self.0 {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Stop).map(|_| ())
    }
}

/// Fails at once, where it stands.
struct Stop;

impl<'de> DeserializeSeed<'de> for Stop {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
        Err(de::Error::custom(HERE))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_step_is_found_however_the_file_is_laid_out() {
        let text = "// a comment\n(format: 3, label: \"steps: [\", steps: [\n  Seat(0, Pass),\n\n    Facilitator(Pause), /* x */ Seat(1, Wait(3)),\n], digests: [])";
        assert_eq!(super::step(text, 0), Some((3, 3)));
        assert_eq!(super::step(text, 1), Some((5, 5)));
        assert_eq!(super::step(text, 2), Some((5, 33)));
        assert_eq!(super::step(text, 3), None);
        assert_eq!(super::step("not a save", 0), None);
    }
}
