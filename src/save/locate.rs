//! Where a step or a field of a save is written: its line and column, found
//! by reading the file again with RON up to there, so that a refused or
//! diverging step is named where it stands (`save.ron:212:9: step 40 ...`)
//! however the file is laid out.

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Line and column where step `n` (from 0) of the save `text` begins, in any
/// save format; `None` when the file has no such step.
pub fn step(text: &str, n: usize) -> Option<(usize, usize)> {
    find(text, Save::Step(n))
}

/// Line and column where the value of the save's field `name` begins.
pub fn field(text: &str, name: &str) -> Option<(usize, usize)> {
    find(text, Save::Field(name))
}

fn find(text: &str, target: Save) -> Option<(usize, usize)> {
    let options = ron::Options::default().with_recursion_limit(super::RECURSION_LIMIT);
    match options.from_str_seed(text, target) {
        // Reading stops with this error where the target begins; ignoring
        // the rest, RON reports the position after the white space.
        Err(e) if matches!(&e.code, ron::Error::Message(m) if m == HERE) => {
            Some((e.span.end.line, e.span.end.col))
        }
        _ => None,
    }
}

const HERE: &str = "the step is here";

/// Reads a save, ignoring everything before what it looks for.
#[derive(Clone, Copy)]
enum Save<'a> {
    Step(usize),
    Field(&'a str),
}

impl<'de> DeserializeSeed<'de> for Save<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_struct("SaveFile", &[], self)
    }
}

impl<'de> Visitor<'de> for Save<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a saved game")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match self {
                Save::Step(n) if key == "steps" => map.next_value_seed(Steps(n))?,
                Save::Field(name) if key == name => map.next_value_seed(Stop)?,
                _ => {
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
        assert_eq!(super::field(text, "label"), Some((2, 20)));
        assert_eq!(super::field(text, "digests"), Some((6, 13)));
        assert_eq!(super::field(text, "game"), None);
    }
}
