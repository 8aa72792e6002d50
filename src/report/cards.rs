//! Cards to print before class: each team's briefing (the situation, who it
//! is, its public aims and secret objectives, its red lines, what each clause
//! is worth to it, the team's roles) and a one-page public fact sheet with
//! dates for the framing talk. Drawn from the scenario as written (a game's
//! seat view at its start), as Markdown or as one self-contained HTML page
//! that prints one card per page.

use crate::core::*;
use std::fmt::Write;
use std::sync::Arc;

/// The four roles of a team (docs/seminar.md).
pub const ROLES: [(&str, &str); 4] = [
    (
        "Head of delegation",
        "speaks for the team at the table and makes the final call",
    ),
    (
        "Keyboard delegate",
        "enters the team's moves (at one keyboard: comes to it when the team is called)",
    ),
    (
        "Analyst",
        "reads this card: the secret objectives, the red lines, what each clause is worth",
    ),
    (
        "Rapporteur",
        "keeps notes for the debrief: what the team wanted, what it gave up, and why",
    ),
];

/// A printable block.
enum Block {
    Title(String),
    Heading(String),
    Para(String),
    /// A small print line.
    Note(String),
    List(Vec<String>),
    /// A table: header and rows.
    Table(Vec<String>, Vec<Vec<String>>),
    /// The next card begins on a new page.
    PageBreak,
}

/// The scenario at the start of a game, as every seat's briefing shows it.
fn opening(s: &Arc<Scenario>) -> Option<Game> {
    Game::new(Arc::clone(s), 1, GameConfig::default()).ok()
}

fn card(game: &Game, seat: Seat, out: &mut Vec<Block>) {
    let view = game.view(seat);
    let me = view.me();
    let secrets = view.secrets();
    let s = game.scenario();
    out.push(Block::Title(format!("{}: team card", me.name())));
    out.push(Block::Note(format!(
        "{} ({}). PRIVATE to the {} team: do not show it to the other teams. Log in as `{}`.",
        s.title(),
        s.date(),
        me.name(),
        s.faction(seat).id
    )));
    out.push(Block::Heading("The situation".into()));
    out.push(Block::Para(view.situation().to_string()));
    out.push(Block::Heading(format!("Who you are: {}", me.name())));
    out.push(Block::Para(me.briefing().to_string()));
    out.push(Block::Heading(format!(
        "Your objectives (victory at {} points)",
        secrets.victory
    )));
    out.push(Block::Table(
        vec!["points".into(), "".into(), "objective".into()],
        secrets
            .objectives
            .iter()
            .map(|o| {
                vec![
                    o.points.to_string(),
                    if o.public { "public" } else { "SECRET" }.to_string(),
                    o.text.clone(),
                ]
            })
            .collect(),
    ));
    out.push(Block::Heading(
        "Your red lines (private until you signal them)".into(),
    ));
    let lines: Vec<String> = secrets
        .red_lines
        .iter()
        .map(|r| {
            let clause = view.clause(r.clause);
            let option = clause
                .options
                .get(r.option)
                .map_or("", |o| o.label.as_str());
            let verb = match r.kind {
                RedLineKind::Forbid => "never",
                RedLineKind::Require => "only with",
            };
            format!("{}: {verb} \"{option}\". {}", clause.name, r.why)
        })
        .collect();
    out.push(Block::List(if lines.is_empty() {
        vec!["none".into()]
    } else {
        lines
    }));
    out.push(Block::Heading(
        "What each clause is worth to you (your points per option)".into(),
    ));
    let rows = view
        .clause_ids()
        .map(|f| vec![view.clause(f).name.clone(), clause_worth(&view, f)])
        .collect();
    out.push(Block::Table(vec!["clause".into(), "options".into()], rows));
    out.push(Block::Note(
        "The points, hours, strengths and chances in the game are model assumptions, not \
         sourced figures."
            .into(),
    ));
    out.push(Block::Heading("Your team's roles".into()));
    out.push(Block::Table(
        vec!["role".into(), "who".into(), "does".into()],
        ROLES
            .iter()
            .map(|(r, d)| vec![r.to_string(), "______________".into(), d.to_string()])
            .collect(),
    ));
}

/// What each option of clause `f` is worth to the seat of `view`, best
/// first: "24 hours +8 · 48 hours +3 · 72 hours -4" (its briefing's line).
pub fn clause_worth(view: &SeatView, f: ClauseId) -> String {
    let values = view.secrets().values[f.index()];
    let mut options: Vec<(i32, &str)> = view
        .clause(f)
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| (values[i], o.label.as_str()))
        .collect();
    options.sort_by_key(|(v, _)| -v);
    let list: Vec<String> = options.iter().map(|(v, l)| format!("{l} {v:+}")).collect();
    list.join(" · ")
}

fn fact_sheet(s: &Scenario, out: &mut Vec<Block>) {
    out.push(Block::Title(format!("{}: the facts", s.title())));
    out.push(Block::Note(format!(
        "Public: for every team and the framing talk. {}",
        s.summary()
    )));
    out.push(Block::Table(
        vec!["when".into(), "what".into(), "".into()],
        s.background()
            .iter()
            .map(|f| vec![f.date.clone(), f.title.clone(), f.text.clone()])
            .collect(),
    ));
    out.push(Block::Heading("The seats".into()));
    out.push(Block::List(
        s.factions()
            .iter()
            .map(|f| format!("{} (log in as `{}`)", f.name, f.id))
            .collect(),
    ));
    out.push(Block::Note(
        "The game imagines a ceasefire; its numbers (hours, strengths, points) are model \
         assumptions."
            .into(),
    ));
}

/// Which cards: one seat's, every seat's (`None`), each after the fact sheet.
fn blocks(s: &Arc<Scenario>, seat: Option<Seat>) -> Vec<Block> {
    let mut out = Vec::new();
    fact_sheet(s, &mut out);
    let Some(game) = opening(s) else {
        return out;
    };
    let seats: Vec<Seat> = match seat {
        Some(seat) => vec![seat],
        None => s.seats().collect(),
    };
    for seat in seats {
        out.push(Block::PageBreak);
        card(&game, seat, &mut out);
    }
    out
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The cards as Markdown: the fact sheet, then one card per seat (or `seat`'s).
pub fn markdown(s: &Arc<Scenario>, seat: Option<Seat>) -> String {
    let mut md = String::new();
    for b in blocks(s, seat) {
        match b {
            Block::Title(t) => {
                let _ = writeln!(md, "# {t}\n");
            }
            Block::Heading(t) => {
                let _ = writeln!(md, "## {t}\n");
            }
            Block::Para(t) => {
                let _ = writeln!(md, "{t}\n");
            }
            Block::Note(t) => {
                let _ = writeln!(md, "*{t}*\n");
            }
            Block::List(items) => {
                for i in items {
                    let _ = writeln!(md, "- {i}");
                }
                md.push('\n');
            }
            Block::Table(head, rows) => {
                let _ = writeln!(
                    md,
                    "| {} |",
                    head.iter()
                        .map(|h| md_cell(h))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
                let _ = writeln!(md, "|{}", "---|".repeat(head.len()));
                for r in rows {
                    let _ = writeln!(
                        md,
                        "| {} |",
                        r.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | ")
                    );
                }
                md.push('\n');
            }
            Block::PageBreak => md.push_str("---\n\n"),
        }
    }
    md
}

fn esc(s: &str) -> String {
    html_escape::encode_text(s).into_owned()
}

/// `code` spans of a text (between backticks), escaped.
fn inline(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", esc(part));
        } else {
            out.push_str(&esc(part));
        }
    }
    out
}

const CSS: &str = r#"
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; color: #1d2330; margin: 0; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; border-bottom: 2px solid #1d2330; }
h2 { font-size: 1.1rem; margin: 1rem 0 .3rem; }
p { margin: .3rem 0 .6rem; }
.note { color: #5b6475; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .2rem .4rem; border-bottom: 1px solid #d8dce3; }
th { font-family: system-ui, sans-serif; font-size: .75rem; text-transform: uppercase; color: #5b6475; }
code { font-family: ui-monospace, monospace; }
section { page-break-after: always; break-after: page; }
section:last-child { page-break-after: auto; break-after: auto; }
"#;

/// The cards as one self-contained HTML page, each on a page of its own when printed.
pub fn html(s: &Arc<Scenario>, seat: Option<Seat>) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <title>{} - team cards</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n<section>\n",
        esc(s.title())
    );
    for b in blocks(s, seat) {
        match b {
            Block::Title(t) => {
                let _ = writeln!(h, "<h1>{}</h1>", inline(&t));
            }
            Block::Heading(t) => {
                let _ = writeln!(h, "<h2>{}</h2>", inline(&t));
            }
            Block::Para(t) => {
                let _ = writeln!(h, "<p>{}</p>", inline(&t));
            }
            Block::Note(t) => {
                let _ = writeln!(h, "<p class=\"note\">{}</p>", inline(&t));
            }
            Block::List(items) => {
                h.push_str("<ul>\n");
                for i in items {
                    let _ = writeln!(h, "<li>{}</li>", inline(&i));
                }
                h.push_str("</ul>\n");
            }
            Block::Table(head, rows) => {
                h.push_str("<table>\n<tr>");
                for c in head {
                    let _ = write!(h, "<th>{}</th>", esc(&c));
                }
                h.push_str("</tr>\n");
                for r in rows {
                    h.push_str("<tr>");
                    for c in r {
                        let _ = write!(h, "<td>{}</td>", inline(&c));
                    }
                    h.push_str("</tr>\n");
                }
                h.push_str("</table>\n");
            }
            Block::PageBreak => h.push_str("</section>\n<section>\n"),
        }
    }
    h.push_str("</section>\n</main>\n</body>\n</html>\n");
    h
}
