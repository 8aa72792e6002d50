//! The report as one self-contained HTML page: inline styles, an inline SVG
//! chart, no scripts, fonts or images from anywhere else. It is well-formed
//! XML too, and prints cleanly.

use super::{Report, Series};
use std::fmt::Write;

/// Okabe-Ito colours, each with its own dash pattern so the chart reads in
/// black and white and for colour-blind readers.
const SERIES_STYLE: [(&str, &str); 5] = [
    ("#0072B2", ""),
    ("#009E73", "8 4"),
    ("#E69F00", "2 3"),
    ("#CC79A7", "10 3 2 3"),
    ("#D55E00", "4 2"),
];

const CSS: &str = r#"
:root { --ink: #1d2330; --muted: #5b6475; --line: #d8dce3; --good: #007a5a; --bad: #b04500; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font: 16px/1.5 Georgia, "Times New Roman", serif; color: var(--ink); margin: 0; background: #fbfbf8; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
header.cover { border-bottom: 3px solid var(--ink); margin-bottom: 1.5rem; padding-bottom: 1rem; }
h1 { font-size: 2rem; margin: 0 0 .3rem; }
h2 { font-size: 1.35rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin-bottom: .3rem; }
.meta, .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .95rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
th { font-family: system-ui, sans-serif; font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.met { color: var(--good); font-weight: bold; }
.missed { color: var(--bad); font-weight: bold; }
.crisis, .seat { break-inside: avoid; page-break-inside: avoid; margin-bottom: 1.2rem; }
ul.why { margin: .3rem 0 .6rem; }
ol.questions li { margin-bottom: .5rem; }
figure { margin: 1rem 0; }
figcaption { color: var(--muted); font-size: .9rem; }
svg text { font-family: system-ui, sans-serif; font-size: 12px; fill: var(--ink); }
.timeline { columns: 2; font-size: .85rem; color: var(--muted); }
.timeline li { break-inside: avoid; }
@media print {
  body { background: white; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .timeline { columns: 1; }
}
"#;

/// The tracks over time as an SVG line chart, one dash style per track.
fn chart(series: &[Series], horizon: i32) -> String {
    // The legend's column is wide enough for the longest track name with its
    // value ("Deterrence credibility 68", "Escalation 2 (of 6)").
    let longest = series
        .iter()
        .map(|s| s.name.chars().count() + 10)
        .max()
        .unwrap_or(20) as f64;
    let right = 46.0 + longest * 7.0;
    let (w, h, left, top, bottom) = (560.0 + right, 280.0, 44.0, 14.0, 34.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let months = horizon.max(1) as f64;
    let x = |m: i32| left + m as f64 / months * plot_w;
    let y = |v: i32, max: i32| {
        top + plot_h - (v.clamp(0, max.max(1)) as f64 / max.max(1) as f64) * plot_h
    };
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="Shared tracks by month">"#
    );
    // Axes and grid.
    for pct in [0, 25, 50, 75, 100] {
        let yy = y(pct, 100);
        let _ = write!(
            o,
            r##"<line x1="{left}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#d8dce3" stroke-width="1"/><text x="{:.1}" y="{:.1}" text-anchor="end">{pct}</text>"##,
            left + plot_w,
            left - 6.0,
            yy + 4.0
        );
    }
    for m in (0..=horizon.max(1)).step_by(6.max(horizon as usize / 4)) {
        let xx = x(m);
        let _ = write!(
            o,
            r#"<text x="{xx:.1}" y="{:.1}" text-anchor="middle">{m}</text>"#,
            top + plot_h + 18.0
        );
    }
    let _ = write!(
        o,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">month</text>"#,
        left + plot_w / 2.0,
        h - 2.0
    );
    // One line per track, and the legend.
    for (i, s) in series.iter().enumerate() {
        let (colour, dash) = SERIES_STYLE[i % SERIES_STYLE.len()];
        let points: Vec<String> = s
            .points
            .iter()
            .map(|(m, v)| format!("{:.1},{:.1}", x(*m), y(*v, s.max)))
            .collect();
        let dash_attr = if dash.is_empty() {
            String::new()
        } else {
            format!(r#" stroke-dasharray="{dash}""#)
        };
        if !points.is_empty() {
            let _ = write!(
                o,
                r#"<polyline fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr} points="{}"/>"#,
                points.join(" ")
            );
        }
        let ly = top + 14.0 + i as f64 * 22.0;
        let lx = left + plot_w + 14.0;
        let last = s.points.last().map_or(0, |p| p.1);
        let scale = if s.max == 100 {
            String::new()
        } else {
            format!(" (of {})", s.max)
        };
        let _ = write!(
            o,
            r#"<line x1="{lx:.1}" y1="{ly:.1}" x2="{:.1}" y2="{ly:.1}" stroke="{colour}" stroke-width="2.5"{dash_attr}/><text x="{:.1}" y="{:.1}">{} {last}{scale}</text>"#,
            lx + 26.0,
            lx + 32.0,
            ly + 4.0,
            html_escape::encode_double_quoted_attribute(&s.name)
        );
    }
    o.push_str("</svg>");
    o
}

pub fn html(r: &Report) -> String {
    // Escapes &, <, > and ", so it is right for element text and for the
    // attribute values, all of which are double-quoted (HTML and XML alike).
    use html_escape::encode_double_quoted_attribute as e;
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>After-action report: {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        e(&r.title)
    );
    let _ = write!(
        o,
        "<header class=\"cover\"><p class=\"meta\">Umbrella · after-action report</p><h1>{}</h1><p class=\"meta\">{} · seed {}</p>",
        e(&r.title),
        e(&r.date),
        r.seed
    );
    if let Some(b) = &r.branch {
        let _ = write!(o, "<p><em>{}</em></p>", e(b));
    }
    let _ = writeln!(o, "<p>{}</p></header>", e(&r.summary));

    let _ = writeln!(
        o,
        "<section><h2>Outcome</h2><p>{}</p></section>",
        e(&r.outcome)
    );

    o.push_str("<section><h2>The seats</h2><table><thead><tr><th>Seat</th><th>Role</th><th>Played by</th><th>Bound by the treaty</th></tr></thead><tbody>");
    for s in &r.seats {
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            e(&s.name),
            e(s.role),
            e(&s.player),
            if s.bound { "yes" } else { "no" }
        );
    }
    o.push_str("</tbody></table></section>\n");

    let t = &r.treaty;
    let _ = write!(o, "<section><h2>The treaty</h2><p>{}", e(&t.how));
    if !t.bound.is_empty() {
        let _ = write!(o, " Bound: {}.", e(&t.bound.join(", ")));
    }
    if !t.outside.is_empty() {
        let _ = write!(o, " Outside the treaty: {}.", e(&t.outside.join(", ")));
    }
    let _ = write!(o, " {}</p>", e(&t.offer));
    if !t.clauses.is_empty() {
        o.push_str("<table><thead><tr><th>Clause</th><th>The treaty says</th><th>Pushed for it</th><th>Conceded</th></tr></thead><tbody>");
        for c in &t.clauses {
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e(&c.clause),
                e(&c.text),
                e(&c.pushed.join(", ")),
                e(&c.conceded.join(", "))
            );
        }
        o.push_str("</tbody></table>");
    }
    if !t.red_lines.is_empty() {
        o.push_str("<p>Red lines signalled at the table:</p><ul>");
        for l in &t.red_lines {
            let _ = write!(o, "<li>{}</li>", e(l));
        }
        o.push_str("</ul>");
    }
    o.push_str("</section>\n<section><h2>Crises</h2>");
    if r.crises.is_empty() {
        o.push_str("<p>No attack tested the guarantee.</p>");
    }
    for c in &r.crises {
        let (class, verdict) = if c.running {
            ("muted", "still running")
        } else if c.met {
            ("met", "✓ clock met")
        } else {
            ("missed", "✗ clock missed")
        };
        let _ = write!(
            o,
            "<div class=\"crisis\"><h3>{}</h3><p>{} · <span class=\"{class}\">{verdict}</span> · {}</p><ul class=\"why\">",
            e(&c.title),
            e(&c.clock),
            e(&c.verdict)
        );
        for w in &c.why {
            let _ = write!(o, "<li>{}</li>", e(&w.text));
        }
        o.push_str(
            "</ul><table><thead><tr><th>When</th><th>What happened</th></tr></thead><tbody>",
        );
        for m in &c.moves {
            let _ = write!(o, "<tr><td>{}</td><td>{}</td></tr>", e(&m.when), e(&m.text));
        }
        let _ = write!(
            o,
            "</tbody></table><p class=\"muted\">Changes to the tracks: {}</p></div>",
            e(&c.changes)
        );
    }
    o.push_str("</section>\n");

    let _ = writeln!(
        o,
        "<section><h2>The tracks, month by month</h2><figure>{}<figcaption>Each track has its own line style. Escalation is drawn on its own scale (rungs of the ladder).</figcaption></figure></section>",
        chart(&r.tracks, r.horizon)
    );

    o.push_str("<section><h2>Scores</h2>");
    if r.secrets_hidden {
        let _ = write!(o, "<p class=\"muted\">{}</p>", e(super::SECRETS_HIDDEN));
    }
    for s in &r.scores {
        let verdict = if s.victory {
            "<span class=\"met\">VICTORY</span>"
        } else {
            "<span class=\"muted\">no victory</span>"
        };
        let _ = write!(
            o,
            "<div class=\"seat\"><h3>{}: {} points (needs {}) · {verdict}</h3><table><tbody>",
            e(&s.name),
            s.points,
            s.needed
        );
        for ob in &s.objectives {
            let (class, mark) = if ob.met {
                ("met", "✓")
            } else {
                ("missed", "✗")
            };
            let kind = if ob.public { "public" } else { "secret" };
            let _ = write!(
                o,
                "<tr><td class=\"{class}\">{mark} {}</td><td>[{kind}] {}<br/><span class=\"muted\">{}</span></td></tr>",
                ob.points,
                e(&ob.text),
                e(&ob.why)
            );
        }
        o.push_str("</tbody></table></div>");
    }
    o.push_str("</section>\n<section><h2>Facilitator interventions</h2>");
    if r.interventions.is_empty() {
        o.push_str("<p>None.</p>");
    } else {
        o.push_str("<ul>");
        for m in &r.interventions {
            let _ = write!(o, "<li>{}: {}</li>", e(&m.when), e(&m.text));
        }
        o.push_str("</ul>");
    }
    o.push_str("</section>\n<section><h2>Questions for the debrief</h2><ol class=\"questions\">");
    for q in &r.questions {
        let _ = write!(o, "<li>{}</li>", e(q));
    }
    o.push_str("</ol></section>\n<section><h2>Background</h2>");
    for (title, text) in &r.background {
        let _ = write!(o, "<p><strong>{}.</strong> {}</p>", e(title), e(text));
    }
    o.push_str("</section>\n<section><h2>Timeline</h2><ol class=\"timeline\">");
    for m in &r.timeline {
        let _ = write!(o, "<li>{}: {}</li>", e(&m.when), e(&m.text));
    }
    o.push_str("</ol></section>\n</main>\n</body>\n</html>\n");
    o
}
