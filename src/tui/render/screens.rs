//! The screens around a game: title, new-game setup, how to play.

use super::widgets::{centred, cut, footer, panel, text};
use crate::ai::Player;
use crate::lab::Personalities;
use crate::tui::app::{Follow, LoadScreen, TITLE_ITEMS};
use crate::tui::setup::Setup;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

const UMBRELLA: [&str; 6] = [
    r"        _.-~~~~~~-._        ",
    r"     .-'  _  __  _  '-.     ",
    r"    /____/ \/  \/ \____\    ",
    r"               |            ",
    r"               |            ",
    r"              _J            ",
];

pub fn title(
    frame: &mut Frame,
    area: Rect,
    selected: usize,
    seed: u64,
    foot: &[(&str, String)],
    theme: &Theme,
) {
    let [body, keys] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let mut lines: Vec<Line> = UMBRELLA
        .iter()
        .map(|l| Line::styled(*l, theme.accent()).centered())
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled("U M B R E L L A", theme.title()).centered());
    lines.push(Line::raw("A security guarantee for Ukraine, without NATO membership").centered());
    lines.push(Line::raw(""));
    for (i, item) in TITLE_ITEMS.iter().enumerate() {
        let line = if i == selected {
            Line::styled(format!("  ▸ {item:<14}"), theme.selected())
        } else {
            Line::raw(format!("    {item:<14}"))
        };
        lines.push(line.centered());
    }
    lines.push(Line::raw(""));
    lines.push(
        Line::styled(
            "Negotiate the treaty. Then keep its promise when the clock starts.",
            theme.dim(),
        )
        .centered(),
    );
    lines.push(Line::styled(format!("Next game's seed: {seed}"), theme.dim()).centered());
    let box_area = centred(body, 76, lines.len() as u16 + 2);
    frame.render_widget(
        Paragraph::new(lines).block(panel("", false, theme)),
        box_area,
    );
    footer(frame, keys, foot, theme);
}

pub fn setup(frame: &mut Frame, area: Rect, setup: &Setup, foot: &[(&str, String)], theme: &Theme) {
    let [body, keys] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let wide = area.width >= 110;
    let [left, right] = if wide {
        Layout::horizontal([Constraint::Length(60), Constraint::Min(20)]).areas(body)
    } else {
        Layout::horizontal([Constraint::Min(1), Constraint::Length(0)]).areas(body)
    };
    let Some(scenario) = setup.current() else {
        frame.render_widget(Paragraph::new("No scenario is available."), left);
        return;
    };
    let row = |i: usize, label: String, value: String| {
        let focused = setup.row == i;
        let marker = if focused { "▸ " } else { "  " };
        let value = if focused {
            format!("◂ {value} ▸")
        } else {
            format!("  {value}  ")
        };
        let style = if focused {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        Line::from(vec![
            Span::raw(marker),
            Span::styled(format!("{label:<20} {value}"), style),
        ])
    };
    let mut lines = vec![row(0, "Scenario".into(), scenario.title().to_string())];
    lines.push(Line::styled(
        format!("  {}", scenario.summary()),
        theme.dim(),
    ));
    lines.push(Line::raw(""));
    lines.push(Line::styled("  Who plays each seat", theme.heading()));
    for (i, (f, c)) in scenario.factions().iter().zip(&setup.players).enumerate() {
        let tag = if *c == Player::Human { " (you)" } else { "" };
        lines.push(row(i + 1, format!("{}{tag}", f.name), c.label()));
    }
    lines.push(row(
        setup.personalities_row(),
        "AI personalities".into(),
        setup.personalities.name().to_string(),
    ));
    if setup.row == setup.personalities_row() {
        let hint = match setup.personalities {
            Personalities::Varied => "Each AI seat draws its temper and priorities for this game.",
            Personalities::AsWritten => "Every AI seat plays as the scenario writes it.",
        };
        lines.push(Line::styled(format!("  {hint}"), theme.dim()));
    }
    let length = match (setup.length, setup.has_seminar_form()) {
        (_, false) => "full (no seminar form)".to_string(),
        (crate::scenario::Length::Full, true) => format!(
            "full: {} {}s of talks, {} months",
            scenario.rules().negotiation_rounds,
            scenario.rules().round_name,
            scenario.rules().horizon_months
        ),
        (crate::scenario::Length::Seminar, true) => {
            let form = scenario.raw().seminar.clone();
            form.map_or_else(String::new, |f| {
                format!(
                    "seminar: {} {}s of talks, {} months",
                    f.negotiation_rounds,
                    scenario.rules().round_name,
                    f.horizon_months
                )
            })
        }
    };
    lines.push(row(setup.length_row(), "Length".into(), length));
    if setup.row == setup.length_row() {
        lines.push(Line::styled(
            "  The seminar form fits one 90-minute class.",
            theme.dim(),
        ));
    }
    lines.push(Line::raw(""));
    let seed_row = setup.seed_row();
    lines.push(row(seed_row, "Seed".into(), setup.seed.to_string()));
    lines.push(Line::styled(
        "  Same scenario, seats and seed: the same game. Type digits to change.",
        theme.dim(),
    ));
    let pin = if setup.pin.is_empty() {
        "none".to_string()
    } else {
        "•".repeat(setup.pin.len())
    };
    lines.push(row(setup.pin_row(), "Facilitator PIN".into(), pin));
    lines.push(Line::styled(
        "  For seminars: 4-8 digits give a white cell its panel (key f).",
        theme.dim(),
    ));

    lines.push(Line::raw(""));
    let start = if setup.row == setup.start_row() {
        Line::styled("  ▸ [ Start the game ]", theme.selected())
    } else {
        Line::raw("    [ Start the game ]")
    };
    lines.push(start);
    let humans = setup
        .players
        .iter()
        .filter(|c| **c == Player::Human)
        .count();
    let mode = match humans {
        0 => "No human seat: watch the AI play, one move per Enter.".to_string(),
        1 => "Solo: you against AI seats.".to_string(),
        n => format!(
            "Hot-seat: {n} human seats share this keyboard; each seat's secrets stay behind a hand-over screen."
        ),
    };
    lines.push(Line::raw(""));
    lines.push(Line::styled(format!("  {mode}"), theme.info()));
    frame.render_widget(text(lines, panel("New game", true, theme), 0), left);
    if wide {
        let mut about = vec![
            Line::styled(scenario.date().to_string(), theme.heading()),
            Line::raw(""),
        ];
        about.push(Line::raw(scenario.situation().to_string()));
        frame.render_widget(text(about, panel("The situation", false, theme), 0), right);
    }
    footer(frame, keys, foot, theme);
}

/// A projector window before any game has been autosaved in its folder.
pub fn waiting(frame: &mut Frame, area: Rect, follow: &Follow, theme: &Theme) {
    let mut lines = vec![
        Line::styled("UMBRELLA · projector window", theme.title()),
        Line::raw(""),
        Line::raw(format!("Waiting for a game in {} …", follow.dir.display())),
        Line::raw(""),
        Line::raw("Start the game in another window with the same save folder:"),
        Line::styled(
            format!(
                "  umbrella --save-dir {} play --facilitator",
                follow.dir.display()
            ),
            theme.key(),
        ),
        Line::raw(
            "This window then shows its public information after every move, and never a seat's secrets.",
        ),
    ];
    if let Some(e) = &follow.error {
        lines.push(Line::raw(""));
        lines.push(Line::styled(e.clone(), theme.bad()));
    }
    let block = panel(" Projector ", true, theme);
    frame.render_widget(text(lines, block, 0), centred(area, 76, 14));
    let [_, foot] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    footer(frame, foot, &[("q", "close")], theme);
}

pub fn how_to_play(
    frame: &mut Frame,
    area: Rect,
    scroll: u16,
    foot: &[(&str, String)],
    theme: &Theme,
) {
    let [body, keys] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let h = |s: &'static str| Line::styled(s, theme.heading());
    let p = |s: &'static str| Line::raw(s);
    let lines = vec![
        h("What Umbrella is about"),
        p(
            "In 2025 Italy proposed to protect Ukraine with a guarantee modelled on NATO's Article 5, without making it a NATO member. By August the idea had become \"NATO-lite\": a pact whose signatories must agree a response within hours of a new Russian attack. You play one of the seats that negotiate that treaty, then live with it.",
        ),
        p(""),
        h("Phase 1: the treaty"),
        p(
            "Seats take turns each week. On your turn: sign the draft, accept it in principle, amend one clause, table your own draft, reject it, or pass. Signalling a red line is free. Any change to the text wipes every signature. The treaty enters into force when the signatures its framework requires are in; seats that do not sign are not bound. No deal by the deadline: a weak fallback applies.",
        ),
        p(""),
        h("Phase 2: the clock"),
        p(
            "Months pass. Russia decides whether and how to attack. An attack starts the clock the treaty set (24, 48 or 72 hours). In the crisis room every action costs hours: convene consultations, propose a package of responses, back it with what you can provide, seek your parliament's vote. Meet the clock with a response in proportion to the attack and credibility rises; miss it, or overreact, and it falls or the escalation ladder climbs. Its top rung is a war that everyone loses.",
        ),
        p(""),
        h("Winning"),
        p(
            "Each seat has public aims and secret objectives, worth points. Reach your seat's threshold by the end (24 months) to achieve victory. Several seats can win; nobody wins a war.",
        ),
        p(""),
        h("Playing"),
        p(
            "Every menu has a suggested move marked ★, chosen by an adviser who sees only what you see: pressing Enter always moves the game on. Tab shows the situation (tracks, charts, map) and the full log. ? explains the screen you are on. In hot-seat games, pass the keyboard when asked: private screens appear only after the next seat confirms.",
        ),
    ];
    frame.render_widget(text(lines, panel("How to play", true, theme), scroll), body);
    footer(frame, keys, foot, theme);
}

/// The games in the save folder, the most recently saved first; or one
/// game's saves.
pub fn load(
    frame: &mut Frame,
    area: Rect,
    load: &LoadScreen,
    dir: Option<&std::path::Path>,
    foot: &[(&str, String)],
    theme: &Theme,
) {
    let [body, keys] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let folder = dir.map_or("(saving is off)".to_string(), |d| d.display().to_string());
    let width = body.width.saturating_sub(6) as usize;
    let open = load.open.and_then(|g| load.games.get(g));
    let mut lines = vec![
        Line::styled(
            cut(
                &match open {
                    Some(g) => format!("The saves of {}", game_name(g)),
                    None => format!("Saved games in {folder}"),
                },
                width,
            ),
            theme.heading(),
        ),
        Line::raw(""),
    ];
    if load.games.is_empty() {
        lines.push(Line::raw(
            "No saved games yet. Games are saved automatically as you play,",
        ));
        lines.push(Line::raw("and `s` in a game saves into a slot."));
    }
    // Each row: the text, whether it can be loaded.
    let (rows, cursor): (Vec<(String, bool)>, usize) = match open {
        Some(g) => (
            g.saves
                .iter()
                .map(|info| {
                    let name = info
                        .path
                        .file_name()
                        .map_or(String::new(), |n| n.to_string_lossy().to_string());
                    let summary = match &info.summary {
                        Ok(s) => s.clone(),
                        Err(e) => format!("unreadable: {e}"),
                    };
                    (format!("{summary}  ({name})"), info.summary.is_ok())
                })
                .collect(),
            load.save,
        ),
        None => (
            load.games
                .iter()
                .map(|g| {
                    let newest = g.newest();
                    let summary = match newest.map(|i| &i.summary) {
                        Some(Ok(s)) => s.clone(),
                        Some(Err(e)) => format!("unreadable: {e}"),
                        None => String::new(),
                    };
                    let more = match g.saves.len() {
                        1 => String::new(),
                        n => format!(" · {n} saves"),
                    };
                    (
                        format!("{}: {summary}{more}", game_name(g)),
                        newest.is_some_and(|i| i.summary.is_ok()),
                    )
                })
                .collect(),
            load.selected,
        ),
    };
    let reserved = lines.len() + 2 + if load.error.is_some() { 4 } else { 0 };
    let window = super::widgets::window(
        rows.len(),
        cursor,
        (body.height as usize).saturating_sub(reserved).max(3),
    );
    if let Some(above) = window.above() {
        lines.push(Line::styled(format!("  {above}"), theme.dim()));
    }
    for (i, (row, readable)) in rows.iter().enumerate().take(window.end).skip(window.start) {
        let text = cut(row, width);
        lines.push(if i == cursor {
            Line::styled(
                format!("▸ {}", super::widgets::pad(&text, width)),
                theme.selected(),
            )
        } else if !readable {
            Line::styled(format!("  {text}"), theme.dim())
        } else {
            Line::raw(format!("  {text}"))
        });
    }
    if let Some(below) = window.below(rows.len()) {
        lines.push(Line::styled(format!("  {below}"), theme.dim()));
    }
    if let Some(e) = &load.error {
        lines.push(Line::raw(""));
        lines.push(Line::styled("This save cannot be loaded:", theme.bad()));
        lines.push(Line::raw(e.clone()));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(panel(" Load game ", true, theme)),
        body,
    );
    footer(frame, keys, foot, theme);
}

/// How the load screen names a game.
fn game_name(g: &crate::save::GameSaves) -> String {
    match (&g.game, g.newest()) {
        (Some(id), _) => format!("game {id}"),
        (None, Some(info)) => info
            .path
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().to_string()),
        (None, None) => "a save".to_string(),
    }
}

/// The paragraph style for long text.
pub fn wrapped<'a>(lines: Vec<Line<'a>>) -> Paragraph<'a> {
    Paragraph::new(lines).wrap(Wrap { trim: false })
}
