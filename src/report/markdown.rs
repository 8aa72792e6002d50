//! The report as Markdown, with Unicode charts.

use super::{Report, Series};
use std::fmt::Write;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One character per month: the track's level, from ▁ (0) to █ (max).
pub fn sparkline(series: &Series) -> String {
    series
        .points
        .iter()
        .map(|(_, v)| {
            let level = (*v).clamp(0, series.max.max(1)) as usize * (BARS.len() - 1)
                / series.max.max(1) as usize;
            BARS[level]
        })
        .collect()
}

/// Escape the few characters that would break a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn markdown(r: &Report) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# After-action report: {}\n", r.title);
    let _ = writeln!(o, "{} · seed {}\n", r.date, r.seed);
    if let Some(b) = &r.branch {
        let _ = writeln!(o, "_{b}_\n");
    }
    let _ = writeln!(o, "{}\n", r.summary);
    let _ = writeln!(o, "## Outcome\n\n{}\n", r.outcome);

    let _ = writeln!(
        o,
        "## The seats\n\n| Seat | Role | Played by | Bound by the treaty |\n|---|---|---|---|"
    );
    for s in &r.seats {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} |",
            s.name,
            s.role,
            s.player,
            if s.bound { "yes" } else { "no" }
        );
    }

    let t = &r.treaty;
    let _ = writeln!(o, "\n## The treaty\n\n{}", t.how);
    if !t.bound.is_empty() {
        let _ = writeln!(o, "Bound: {}.", t.bound.join(", "));
    }
    if !t.outside.is_empty() {
        let _ = writeln!(o, "Outside the treaty: {}.", t.outside.join(", "));
    }
    if !t.offer.is_empty() {
        let _ = writeln!(o, "{}", t.offer);
    }
    if !t.clauses.is_empty() {
        let _ = writeln!(
            o,
            "\n| Clause | The treaty says | Pushed for it | Conceded |\n|---|---|---|---|"
        );
        for c in &t.clauses {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                cell(&c.clause),
                cell(&c.text),
                cell(&c.pushed.join(", ")),
                cell(&c.conceded.join(", "))
            );
        }
    }
    if !t.red_lines.is_empty() {
        let _ = writeln!(o, "\nRed lines signalled at the table:\n");
        for l in &t.red_lines {
            let _ = writeln!(o, "- {l}");
        }
    }

    let _ = writeln!(o, "\n## Crises\n");
    if r.crises.is_empty() {
        let _ = writeln!(o, "No attack tested the guarantee.\n");
    }
    for c in &r.crises {
        let _ = writeln!(o, "### {}\n", c.title);
        let _ = writeln!(
            o,
            "{} · clock **{}** · {}\n",
            c.clock,
            if c.running {
                "RUNNING"
            } else if c.met {
                "MET"
            } else {
                "MISSED"
            },
            c.verdict
        );
        for w in &c.why {
            let _ = writeln!(o, "- {}", w.text);
        }
        let _ = writeln!(o, "\n| When | What happened |\n|---|---|");
        for m in &c.moves {
            let _ = writeln!(o, "| {} | {} |", m.when, cell(&m.text));
        }
        let _ = writeln!(o, "\nChanges to the tracks: {}\n", c.changes);
    }

    let _ = writeln!(o, "## The tracks, month by month\n\n```");
    let width = r
        .tracks
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0);
    for s in &r.tracks {
        let first = s.points.first().map_or(0, |p| p.1);
        let last = s.points.last().map_or(0, |p| p.1);
        let _ = writeln!(o, "{:<width$}  {}  {first} -> {last}", s.name, sparkline(s));
    }
    let months = r.tracks.first().map_or(0, |s| s.points.len());
    let _ = writeln!(
        o,
        "{:<width$}  months 0 to {}",
        "",
        months.saturating_sub(1)
    );
    let _ = writeln!(o, "```\n");

    let _ = writeln!(o, "## Scores\n");
    if r.secrets_hidden {
        let _ = writeln!(o, "{}\n", super::SECRETS_HIDDEN);
    }
    for s in &r.scores {
        let verdict = if s.victory { "VICTORY" } else { "no victory" };
        let _ = writeln!(
            o,
            "### {}: {} points (needs {}): {verdict}\n",
            s.name, s.points, s.needed
        );
        for ob in &s.objectives {
            let mark = if ob.met { "✓" } else { "✗" };
            let kind = if ob.public { "public" } else { "secret" };
            let _ = writeln!(o, "- {mark} {} [{kind}] {}: {}", ob.points, ob.text, ob.why);
        }
        let _ = writeln!(o);
    }

    let _ = writeln!(o, "## Facilitator interventions\n");
    if r.interventions.is_empty() {
        let _ = writeln!(o, "None.");
    }
    for m in &r.interventions {
        let _ = writeln!(o, "- {}: {}", m.when, m.text);
    }

    let _ = writeln!(o, "\n## Questions for the debrief\n");
    for (i, q) in r.questions.iter().enumerate() {
        let _ = writeln!(o, "{}. {q}", i + 1);
    }

    let _ = writeln!(o, "\n## Background\n");
    for (title, text) in &r.background {
        let _ = writeln!(o, "**{title}.** {text}\n");
    }

    let _ = writeln!(o, "## Timeline\n");
    for m in &r.timeline {
        let _ = writeln!(o, "- {}: {}", m.when, m.text);
    }
    o
}
