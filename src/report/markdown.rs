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

/// Text from the scenario or the save, escaped so that Markdown shows it as
/// written: `<`, `>` and `&` would otherwise pass raw HTML (a `<script>` in a
/// faction's name) to whatever renders the report.
fn md(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Text for a Markdown table cell: escaped, and without what would end the cell.
fn cell(s: &str) -> String {
    md(s).replace('|', "\\|").replace('\n', " ")
}

pub fn markdown(r: &Report) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# After-action report: {}\n", md(&r.title));
    let _ = writeln!(o, "{} · seed {}\n", md(&r.date), r.seed);
    if let Some(b) = &r.branch {
        let _ = writeln!(o, "_{}_\n", md(b));
    }
    let _ = writeln!(o, "{}\n", md(&r.summary));
    let _ = writeln!(o, "## Outcome\n\n{}\n", md(&r.outcome));

    let _ = writeln!(
        o,
        "## The seats\n\n| Seat | Role | Played by | Bound by the treaty |\n|---|---|---|---|"
    );
    for s in &r.seats {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} |",
            cell(&s.name),
            cell(s.role),
            cell(&s.player),
            if s.bound { "yes" } else { "no" }
        );
    }

    let t = &r.treaty;
    let _ = writeln!(o, "\n## The treaty\n\n{}", md(&t.how));
    if !t.bound.is_empty() {
        let _ = writeln!(o, "Bound: {}.", md(&t.bound.join(", ")));
    }
    if !t.outside.is_empty() {
        let _ = writeln!(o, "Outside the treaty: {}.", md(&t.outside.join(", ")));
    }
    if !t.offer.is_empty() {
        let _ = writeln!(o, "{}", md(&t.offer));
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
            let _ = writeln!(o, "- {}", md(l));
        }
    }

    let _ = writeln!(o, "\n## Crises\n");
    if r.crises.is_empty() {
        let _ = writeln!(o, "No attack tested the guarantee.\n");
    }
    for c in &r.crises {
        let _ = writeln!(o, "### {}\n", md(&c.title));
        let _ = writeln!(
            o,
            "{} · clock **{}** · {}\n",
            md(&c.clock),
            if c.running {
                "RUNNING"
            } else if c.met {
                "MET"
            } else {
                "MISSED"
            },
            md(&c.verdict)
        );
        for w in &c.why {
            let _ = writeln!(o, "- {}", md(&w.text));
        }
        let _ = writeln!(o, "\n| When | What happened |\n|---|---|");
        for m in &c.moves {
            let _ = writeln!(o, "| {} | {} |", cell(&m.when), cell(&m.text));
        }
        let _ = writeln!(o, "\nChanges to the tracks: {}\n", md(&c.changes));
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
            md(&s.name),
            s.points,
            s.needed
        );
        for ob in &s.objectives {
            let mark = if ob.met { "✓" } else { "✗" };
            let kind = if ob.public { "public" } else { "secret" };
            let _ = writeln!(
                o,
                "- {mark} {} [{kind}] {}: {}",
                ob.points,
                md(&ob.text),
                md(&ob.why)
            );
        }
        let _ = writeln!(o);
    }

    let _ = writeln!(o, "## Facilitator interventions\n");
    if r.interventions.is_empty() {
        let _ = writeln!(o, "None.");
    }
    for m in &r.interventions {
        let _ = writeln!(o, "- {}: {}", md(&m.when), md(&m.text));
    }

    let _ = writeln!(o, "\n## Questions for the debrief\n");
    for (i, q) in r.questions.iter().enumerate() {
        let _ = writeln!(o, "{}. {}", i + 1, md(q));
    }

    let _ = writeln!(o, "\n## Background\n");
    for (title, text) in &r.background {
        let _ = writeln!(o, "**{}.** {}\n", md(title), md(text));
    }

    let _ = writeln!(o, "## Timeline\n");
    for m in &r.timeline {
        let _ = writeln!(o, "- {}: {}", md(&m.when), md(&m.text));
    }
    o
}
