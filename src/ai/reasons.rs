//! Why an AI seat makes a move, in the parts a player can learn from: what
//! it does, the interest the move serves (or, for a move against the seat's
//! own wishes, that it is a concession and what it buys), the alternative it
//! weighed and set aside, and the risk it runs. [`Reason::line`] renders
//! every reason the players read, in one line.
//!
//! A reason is public: the feed shows it to every seat. It may name what
//! the seat's move itself shows, its public aims (the objectives its
//! briefing states), the shared tracks and the record; never its scores,
//! its secret objectives or a private deal.

use std::borrow::Cow;
use std::fmt;

/// A part of a reason: most are fixed phrases, some are written for the move.
pub type Part = Cow<'static, str>;

/// Why an AI seat makes a move.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reason {
    /// The seat and what it does ("Italy amends Response clock").
    pub act: Part,
    /// The interest the move serves, or what a concession is for.
    pub interest: Part,
    /// The move goes against the seat's own stated wishes: a concession.
    pub concession: bool,
    /// The alternative the seat weighed and set aside.
    pub alternative: Part,
    /// The risk the seat runs, or guards against.
    pub risk: Part,
}

impl Reason {
    /// A reason that so far says only what the seat does.
    pub fn new(act: impl Into<Part>) -> Reason {
        Reason {
            act: act.into(),
            ..Reason::default()
        }
    }

    /// The interest the move serves.
    pub fn serving(mut self, interest: impl Into<Part>) -> Reason {
        self.interest = interest.into();
        self
    }

    /// The move is a concession, made for `what`.
    pub fn conceding(mut self, what: impl Into<Part>) -> Reason {
        self.interest = what.into();
        self.concession = true;
        self
    }

    /// The alternative weighed and set aside.
    pub fn over(mut self, alternative: impl Into<Part>) -> Reason {
        self.alternative = alternative.into();
        self
    }

    /// The risk run or guarded against.
    pub fn risking(mut self, risk: impl Into<Part>) -> Reason {
        self.risk = risk.into();
        self
    }

    pub fn is_empty(&self) -> bool {
        self.act.is_empty() && self.grounds_empty()
    }

    fn grounds_empty(&self) -> bool {
        self.interest.is_empty() && self.alternative.is_empty() && self.risk.is_empty()
    }

    /// The reason in one line: "Italy amends Response clock: a concession,
    /// for Ukraine's signature; rather than the fallback; risk: ...". Every
    /// reason a player reads is rendered here; the part after the first
    /// ": " is the grounds (see [`Reason::grounds`]).
    pub fn line(&self) -> String {
        let mut text = String::with_capacity(
            self.act.len() + self.interest.len() + self.alternative.len() + self.risk.len() + 40,
        );
        text.push_str(&self.act);
        if self.grounds_empty() {
            return text;
        }
        text.push_str(": ");
        let mut parts = 0;
        let mut part = |text: &mut String, lead: &str, body: &str| {
            if body.is_empty() {
                return;
            }
            if parts > 0 {
                text.push_str("; ");
            }
            text.push_str(lead);
            text.push_str(body);
            parts += 1;
        };
        let lead = if self.concession {
            "a concession, for "
        } else {
            ""
        };
        part(&mut text, lead, &self.interest);
        part(&mut text, "rather than ", &self.alternative);
        part(&mut text, "risk: ", &self.risk);
        text
    }

    /// The grounds of a rendered [`Reason::line`]: everything after what the
    /// seat does (the feed shows the move itself beside it).
    pub fn grounds(line: &str) -> Option<&str> {
        line.split_once(": ")
            .map(|(_, why)| why)
            .filter(|w| !w.is_empty())
    }

    /// The wording of a rendered line: its words without the figures in
    /// them, so that "waits 2 h" and "waits 5 h" are one wording.
    pub fn wording(line: &str) -> String {
        line.chars().filter(|c| !c.is_ascii_digit()).collect()
    }
}

/// What moved most on the shared tracks since the seat's last decision
/// between crises (the last sample of an earlier month), as a clause
/// ("cohesion of the coalition is slipping"); what every seat can see.
pub fn trend(view: &crate::core::SeatView) -> Option<String> {
    use crate::core::Track;
    let history = view.history();
    let month = view.month();
    let before = history.iter().rev().find(|s| s.month < month)?.tracks;
    let now = view.tracks();
    let (track, change) = Track::ALL
        .into_iter()
        .map(|t| (t, now.get(t) - before.get(t)))
        .filter(|(_, d)| *d != 0)
        .max_by_key(|(t, d)| (d.abs(), std::cmp::Reverse(*t as u8)))?;
    let name = in_sentence(view.track_names().name(track));
    let moving = match (track, change > 0) {
        (Track::Escalation, true) => "is climbing",
        (Track::Escalation, false) => "is easing",
        (_, true) if change >= 5 => "has risen sharply",
        (_, true) => "is rising",
        (_, false) if change <= -5 => "has fallen sharply",
        (_, false) => "is slipping",
    };
    let level = now.get(track);
    let band = match track {
        Track::Escalation => "",
        _ if level >= 80 => ", now high",
        _ if level >= 60 => ", now fair",
        _ if level >= 40 => ", now middling",
        _ => ", now low",
    };
    Some(format!("{name} {moving}{band}"))
}

/// Names joined with commas and a last "and".
pub fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// An aim's short name: its text up to the first colon or full stop ("The
/// Italian model adopted: ..." gives "The Italian model adopted").
pub fn aim_name(o: &crate::core::Objective) -> &str {
    o.text.split([':', '.']).next().unwrap_or(&o.text).trim()
}

/// A seat's name in the possessive: "Italy's", "the United States'" reads
/// as "United States'", "European partners'".
pub fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

/// A name inside a sentence: its first letter in lower case, unless the
/// name starts with an acronym or a proper noun's capitals ("NATO ...",
/// "Kyiv ..."): "Talks with Moscow" gives "talks with Moscow".
pub fn in_sentence(name: &str) -> String {
    let mut chars = name.chars();
    let (Some(first), Some(second)) = (chars.next(), chars.next()) else {
        return name.to_string();
    };
    let word = second.is_lowercase() || (second == ' ' && first == 'A');
    if word && !PROPER.iter().any(|p| name.starts_with(p)) {
        first
            .to_lowercase()
            .chain(name[first.len_utf8()..].chars())
            .collect()
    } else {
        name.to_string()
    }
}

/// Names that keep their capital inside a sentence (places and countries
/// the bundled scenarios start names with).
const PROPER: [&str; 7] = [
    "Article", "Kyiv", "Ukrain", "Russia", "Moscow", "Europe", "Italy",
];

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line())
    }
}

/// A reason written as one line ("Italy waits: ..."): what the seat does,
/// then its interest after the first ": ".
impl From<String> for Reason {
    fn from(line: String) -> Reason {
        match line.split_once(": ") {
            Some((act, why)) => Reason::new(act.to_string()).serving(why.to_string()),
            None => Reason::new(line),
        }
    }
}

impl From<&'static str> for Reason {
    fn from(line: &'static str) -> Reason {
        match line.split_once(": ") {
            Some((act, why)) => Reason::new(act).serving(why),
            None => Reason::new(line),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Reason;

    #[test]
    fn a_line_names_the_act_then_each_part_it_has() {
        let r = Reason::new("Italy amends Response clock")
            .conceding("Ukraine's signature")
            .over("the fallback")
            .risking("Russia has warned against it");
        assert_eq!(
            r.line(),
            "Italy amends Response clock: a concession, for Ukraine's signature; \
             rather than the fallback; risk: Russia has warned against it"
        );
        assert_eq!(Reason::new("Italy waits").line(), "Italy waits");
        assert_eq!(
            Reason::new("Italy waits").over("acting now").line(),
            "Italy waits: rather than acting now"
        );
        assert_eq!(
            Reason::grounds(&r.line()),
            Some(
                "a concession, for Ukraine's signature; rather than the fallback; \
                 risk: Russia has warned against it"
            )
        );
    }

    #[test]
    fn a_line_read_back_keeps_its_act_and_grounds() {
        let r = Reason::from("Italy waits: consultations open".to_string());
        assert_eq!(r.act, "Italy waits");
        assert_eq!(r.interest, "consultations open");
        assert_eq!(r.line(), "Italy waits: consultations open");
        assert_eq!(Reason::wording("waits 12 h"), Reason::wording("waits 3 h"));
        assert_eq!(super::in_sentence("Talks with Moscow"), "talks with Moscow");
        assert_eq!(super::in_sentence("NATO extension"), "NATO extension");
        assert_eq!(super::in_sentence("Europe leads"), "Europe leads");
        assert_eq!(super::in_sentence("A shared burden"), "a shared burden");
        assert_eq!(super::possessive("Italy"), "Italy's");
        assert_eq!(super::possessive("United States"), "United States'");
    }
}
