//! The treaty negotiation as a GENIUS domain, for running negotiation agents
//! from GENIUS or NegMAS on Umbrella's treaty.
//!
//! One domain file (`<scenario>-domain.xml`) and one linear-additive utility
//! profile per seat (`<scenario>-<faction>.xml`). A single-choice clause is one
//! discrete issue whose values are its option ids; the response menu becomes
//! one yes/no issue per item (`menu-<item>`).
//!
//! The profiles are exact: GENIUS computes `U = Σ w_i · eval_i(v) / max eval_i`,
//! and each issue's evaluations are the seat's units for the value minus the
//! issue's lowest, with weight `(max - min) / (hi - lo)`, so the GENIUS utility of
//! every treaty equals [`Utility::value`]. Issues that cannot move the seat's
//! utility get weight 0. The reservation value is the seat's utility of the
//! fallback treaty. Red lines have no GENIUS equivalent and are not exported.
//!
//! The files follow GENIUS's own templates (which its simple parser reads):
//! weights are `<weight index=".." value=".."/>`, no XML declaration, and text
//! in attributes has its markup characters escaped and line breaks flattened.

use crate::core::{ClauseId, Draft, MAX_OPTIONS, Scenario, Seat, Utility};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Why the files could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot create the folder {}: {source}", dir.display())]
    CreateDir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", file.display())]
    Write {
        file: PathBuf,
        source: std::io::Error,
    },
}

/// One GENIUS issue: a single-choice clause or one menu item.
struct Issue {
    name: String,
    description: String,
    family: ClauseId,
    /// The menu item this issue decides (values no, yes), or `None` for a clause.
    item: Option<usize>,
    /// (value, description)
    values: Vec<(String, String)>,
}

impl Issue {
    /// The seat's units for each value of the issue.
    fn units(&self, utility: &Utility) -> Vec<i32> {
        let row = &utility.table[self.family.index()];
        match self.item {
            Some(o) => vec![0, row[o]],
            None => row[..self.values.len()].to_vec(),
        }
    }

    /// The index of the draft's value for this issue.
    fn value_of(&self, draft: &Draft) -> usize {
        match self.item {
            Some(o) => usize::from(draft.has(self.family, o)),
            None => draft.option(self.family),
        }
    }
}

fn issues(scenario: &Scenario) -> Vec<Issue> {
    let mut issues = Vec::new();
    for family in scenario.clause_ids() {
        let clause = scenario.clause(family);
        let options = &clause.options[..clause.options.len().min(MAX_OPTIONS)];
        if clause.is_subset() {
            for (o, option) in options.iter().enumerate() {
                issues.push(Issue {
                    name: format!("{}-{}", clause.id, option.id),
                    description: format!("{}: {}", clause.name, option.label),
                    family,
                    item: Some(o),
                    values: vec![
                        ("no".into(), "not in the treaty".into()),
                        ("yes".into(), "in the treaty".into()),
                    ],
                });
            }
        } else {
            issues.push(Issue {
                name: clause.id.clone(),
                description: clause.name.clone(),
                family,
                item: None,
                values: options
                    .iter()
                    .map(|o| (o.id.clone(), o.label.clone()))
                    .collect(),
            });
        }
    }
    issues
}

/// A draft as a GENIUS bid: (issue name, value) in issue order.
pub fn bid(scenario: &Scenario, draft: &Draft) -> Vec<(String, String)> {
    issues(scenario)
        .into_iter()
        .map(|issue| {
            let value = issue
                .values
                .get(issue.value_of(draft))
                .map_or_else(String::new, |v| v.0.clone());
            (issue.name, value)
        })
        .collect()
}

/// The domain file: the issues and their values.
pub fn domain_xml(scenario: &Scenario) -> String {
    let issues = issues(scenario);
    let mut x = String::new();
    let _ = writeln!(x, "<negotiation_template>");
    let _ = writeln!(x, "<utility_space number_of_issues=\"{}\">", issues.len());
    let _ = writeln!(
        x,
        "<objective index=\"0\" etype=\"objective\" type=\"objective\" description=\"{}\" name=\"{}\">",
        escape(scenario.title()),
        escape(scenario.id())
    );
    for (i, issue) in issues.iter().enumerate() {
        let _ = writeln!(
            x,
            "  <issue index=\"{}\" etype=\"discrete\" type=\"discrete\" vtype=\"discrete\" name=\"{}\" description=\"{}\">",
            i + 1,
            escape(&issue.name),
            escape(&issue.description)
        );
        for (j, (value, description)) in issue.values.iter().enumerate() {
            let _ = writeln!(
                x,
                "    <item index=\"{}\" value=\"{}\" description=\"{}\"/>",
                j + 1,
                escape(value),
                escape(description)
            );
        }
        let _ = writeln!(x, "  </issue>");
    }
    let _ = writeln!(x, "</objective>");
    let _ = writeln!(x, "</utility_space>");
    let _ = writeln!(x, "</negotiation_template>");
    x
}

/// A seat's utility profile, with its reservation value (the fallback's utility).
pub fn profile_xml(scenario: &Scenario, seat: Seat) -> String {
    let utility = Utility::of(scenario, seat);
    let issues = issues(scenario);
    let range = utility.hi - utility.lo;
    let mut x = String::new();
    let _ = writeln!(x, "<utility_space>");
    let _ = writeln!(
        x,
        "<objective index=\"0\" etype=\"objective\" type=\"objective\" description=\"{}\" name=\"{}\">",
        escape(&scenario.faction(seat).name),
        escape(scenario.id())
    );
    let mut weights = Vec::new();
    for (i, issue) in issues.iter().enumerate() {
        let units = issue.units(&utility);
        let min = units.iter().copied().min().unwrap_or(0);
        let max = units.iter().copied().max().unwrap_or(0);
        // A constant utility is 1 everywhere: equal weights, every value 1.
        let (weight, flat) = if range == 0 {
            (1.0 / issues.len() as f64, true)
        } else {
            ((max - min) as f64 / range as f64, max == min)
        };
        weights.push(weight);
        let _ = writeln!(
            x,
            "  <issue index=\"{}\" etype=\"discrete\" type=\"discrete\" vtype=\"discrete\" name=\"{}\">",
            i + 1,
            escape(&issue.name)
        );
        for (j, ((value, _), u)) in issue.values.iter().zip(&units).enumerate() {
            let evaluation = if flat { 1 } else { u - min };
            let _ = writeln!(
                x,
                "    <item index=\"{}\" value=\"{}\" evaluation=\"{evaluation}\"/>",
                j + 1,
                escape(value)
            );
        }
        let _ = writeln!(x, "  </issue>");
    }
    for (i, w) in weights.iter().enumerate() {
        // `{}` prints the shortest text that reads back as the same f64.
        let _ = writeln!(x, "  <weight index=\"{}\" value=\"{w}\"/>", i + 1);
    }
    let _ = writeln!(x, "</objective>");
    let reservation = utility.value(&scenario.fallback().draft);
    let _ = writeln!(x, "<reservation value=\"{reservation}\"/>");
    let _ = writeln!(x, "<discount_factor value=\"1.0\"/>");
    let _ = writeln!(x, "</utility_space>");
    x
}

/// Every file of the export, as (file name, contents): the domain, then one
/// profile per seat in seat order.
pub fn files(scenario: &Scenario) -> Vec<(String, String)> {
    let mut files = vec![(
        format!("{}-domain.xml", scenario.id()),
        domain_xml(scenario),
    )];
    for seat in scenario.seats() {
        files.push((
            format!("{}-{}.xml", scenario.id(), scenario.faction(seat).id),
            profile_xml(scenario, seat),
        ));
    }
    files
}

/// Write every file into `dir` (created if needed); the paths written.
pub fn write(scenario: &Scenario, dir: &Path) -> Result<Vec<PathBuf>, ExportError> {
    std::fs::create_dir_all(dir).map_err(|source| ExportError::CreateDir {
        dir: dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::new();
    for (name, contents) in files(scenario) {
        let file = dir.join(name);
        crate::save::write_atomic(&file, contents.as_bytes()).map_err(|source| {
            ExportError::Write {
                file: file.clone(),
                source,
            }
        })?;
        written.push(file);
    }
    Ok(written)
}

/// Text for a (double-quoted) attribute value. GENIUS's parser ends a tag
/// at the first `>` and an attribute at the next quote, so both are escaped,
/// with & and <; line breaks and tabs become spaces, so each tag stays on
/// its line.
fn escape(text: &str) -> String {
    html_escape::encode_double_quoted_attribute(&text.replace(char::is_control, " ")).into_owned()
}
