//! Drawing a game in progress. Public information comes from a `PublicView`;
//! a seat's private information only from that seat's `SeatView`, and only
//! when the session says that seat is at the keyboard.

use super::situation;
use super::widgets::{bar, centred, cut, dotted, footer, pad, panel, text};
use crate::ai::Player;
use crate::core::*;
use crate::tui::session::{FeedItem, Focus, Panel, Session, Stage, items_text};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Padding, Paragraph};
use textwrap::core::Word;
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, area: Rect, session: &Session, theme: &Theme) {
    let [head, body, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    header(frame, head, session, theme);
    let public = session.game.public_view();
    match &session.stage {
        Stage::News { title, lines } => {
            news(frame, body, title, lines, theme);
            footer(
                frame,
                keys,
                &[("Enter", "continue"), ("?", "help"), ("q", "quit")],
                theme,
            );
        }
        Stage::Handover { to } => {
            handover(frame, body, public.faction(*to).name(), theme);
            footer(
                frame,
                keys,
                &[
                    ("Enter", "I am at the keyboard"),
                    ("?", "help"),
                    ("q", "quit"),
                ],
                theme,
            );
        }
        Stage::Briefing { seat, scroll } => {
            if session.private_seat() == Some(*seat) {
                briefing(frame, body, &session.game.view(*seat), *scroll, theme);
            }
            footer(
                frame,
                keys,
                &[
                    ("↑↓", "scroll"),
                    ("Enter", "to the table"),
                    ("?", "help"),
                    ("q", "quit"),
                ],
                theme,
            );
        }
        Stage::Final { scroll } => {
            scores(frame, body, session, *scroll, theme);
            footer(
                frame,
                keys,
                &[
                    ("↑↓ PgUp PgDn", "scroll"),
                    ("e", "export the report"),
                    ("Enter", "title"),
                    ("q", "quit"),
                ],
                theme,
            );
        }
        Stage::Decide | Stage::Watch => {
            match session.panel {
                Panel::Main => main_panel(frame, body, session, theme),
                Panel::Situation => situation::draw(frame, body, &public, theme),
                Panel::Log => log(frame, body, &public, session.scroll, theme),
            }
            footer(frame, keys, &keys_for(session, keys.width), theme);
            save_status(frame, keys, session, theme);
        }
    }
}

/// The outcome of the last save, at the right end of the keys line.
fn save_status(frame: &mut Frame, area: Rect, session: &Session, theme: &Theme) {
    let Some(text) = &session.status else { return };
    let width = text.width() as u16 + 1;
    if area.width < 100 + width {
        return;
    }
    let rect = Rect {
        x: area.x + area.width - width,
        width,
        ..area
    };
    frame.render_widget(
        Paragraph::new(Line::styled(text.clone(), theme.dim())),
        rect,
    );
}

fn keys_for(session: &Session, width: u16) -> Vec<(&'static str, &'static str)> {
    let mut keys = Vec::new();
    if session.panel != Panel::Main {
        keys.extend([("↑↓", "scroll"), ("Esc", "back")]);
    } else if session.stage == Stage::Watch {
        keys.push(("Enter", "next move"));
        keys.push((
            "a",
            if session.autoplay {
                "stop auto-play"
            } else {
                "auto-play"
            },
        ));
    } else {
        match session.focus {
            Focus::Actions => keys.extend([("↑↓", "choose"), ("Enter", "do it")]),
            Focus::Draft => keys.extend([
                ("↑↓", "clause"),
                ("←→", "option"),
                ("Enter", "amend"),
                ("Esc", "back"),
            ]),
            Focus::Package => keys.extend([
                ("↑↓", "response"),
                ("Space", "tick"),
                ("Enter", "propose"),
                ("Esc", "back"),
            ]),
        }
        if session.focus == Focus::Actions {
            keys.push(("b", "briefing"));
            if width >= 100 {
                if !session.undo.is_empty() {
                    keys.push(("u", "undo"));
                }
                if session.save_dir.is_some() {
                    keys.push(("s", "save"));
                }
            }
        }
    }
    keys.extend([("Tab", "panels"), ("?", "help"), ("q", "quit")]);
    keys
}

fn header(frame: &mut Frame, area: Rect, session: &Session, theme: &Theme) {
    let public = session.game.public_view();
    let rules = public.rules();
    let when = match public.phase() {
        Phase::Negotiation => format!(
            "{} {} of {}",
            rules.round_name,
            public.talks().round,
            public.talks().deadline
        ),
        Phase::Crisis => {
            let c = public.crisis();
            let hour = c.map_or(0, |c| c.now);
            let clock = c.map_or(0, |c| c.clock);
            format!("month {} · CRISIS hour {hour} of {clock}", public.month())
        }
        Phase::Ended => "the game is over".into(),
        _ => format!("month {} of {}", public.month(), rules.horizon_months),
    };
    let who = match (&session.stage, session.private_seat()) {
        (Stage::Handover { .. }, _) => "hand-over".to_string(),
        (Stage::Final { .. }, _) => "debrief".to_string(),
        (_, Some(seat)) => format!("{} (you)", public.faction(seat).name()),
        (_, None) => "watching".to_string(),
    };

    let mut extra = Vec::new();
    if session.paused {
        extra.push(Span::styled(" │ PAUSED", theme.bad()));
    }
    if let Some(secs) = session.seconds_left() {
        let (text, style) = if public.phase() == Phase::Crisis {
            let clock = session.seconds_to_clock().unwrap_or(secs);
            let style = if clock <= 60 {
                theme.bad()
            } else {
                theme.warn()
            };
            (
                format!(" │ ⏱ {}:{:02} to the clock", clock / 60, clock % 60),
                style,
            )
        } else if secs <= 60 {
            (
                format!(" │ ⚠ {}:{:02} LEFT", secs / 60, secs % 60),
                theme.bad(),
            )
        } else {
            (
                format!(" │ ⏱ {}:{:02} left", secs / 60, secs % 60),
                theme.warn(),
            )
        };
        extra.push(Span::styled(text, style));
    }
    let mut line = Line::from(vec![
        Span::styled(" UMBRELLA ", theme.title()),
        Span::styled("│ ", theme.dim()),
        Span::raw(cut(public.title(), if area.width < 100 { 18 } else { 40 })),
        Span::styled(" │ ", theme.dim()),
        Span::raw(when),
        Span::styled(" │ ", theme.dim()),
        Span::styled(who, theme.private()),
    ]);
    line.spans.extend(extra);
    frame.render_widget(Paragraph::new(line), area);
}

fn news(frame: &mut Frame, area: Rect, title: &str, lines: &[String], theme: &Theme) {
    let width = area.width.saturating_sub(8).min(90);
    let mut body = vec![Line::raw("")];
    for l in lines {
        body.push(Line::raw(l.clone()));
    }
    body.push(Line::raw(""));
    body.push(Line::styled("Press Enter to continue.", theme.key()));
    let inner_width = width.saturating_sub(4).max(10) as usize;
    let rows: usize = body
        .iter()
        .map(|l| l.width().div_ceil(inner_width).max(1))
        .sum();
    let height = (rows as u16 + 2).min(area.height);

    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    let block = panel(format!(" {title} "), true, theme).padding(Padding::horizontal(1));
    frame.render_widget(text(body, block, 0), rect);
}

fn handover(frame: &mut Frame, area: Rect, name: &str, theme: &Theme) {
    let lines = vec![
        Line::raw(""),
        Line::styled(format!("Pass the keyboard to {name}"), theme.title()).centered(),
        Line::raw(""),
        Line::raw(format!(
            "Press Enter when only {name}'s players are looking."
        ))
        .centered(),
        Line::raw(""),
        Line::styled("Everything private stays hidden until then.", theme.dim()).centered(),
    ];
    let rect = centred(area, 70, 10);
    frame.render_widget(
        Paragraph::new(lines).block(panel(" Hand-over ", true, theme)),
        rect,
    );
}

/// A seat's private briefing.
fn briefing(frame: &mut Frame, area: Rect, view: &SeatView, scroll: u16, theme: &Theme) {
    let me = view.me();
    let secrets = view.secrets();
    let h = |s: String| Line::styled(s, theme.heading());
    let mut lines = vec![
        Line::styled(
            format!("{}: your briefing. PRIVATE to {}.", me.name(), me.name()),
            theme.private(),
        ),
        Line::raw(""),
        h("The situation".into()),
        Line::raw(view.situation().to_string()),
        Line::raw(""),
        h(format!("Who you are: {}", me.name())),
        Line::raw(me.briefing().to_string()),
        Line::raw(""),
        h(format!(
            "Your objectives (victory at {} points)",
            secrets.victory
        )),
    ];
    for o in &secrets.objectives {
        let tag = if o.public { "public" } else { "SECRET" };
        let head = format!("  {:>3} pts [{tag}] ", o.points);
        let indent = head.width();
        for (i, piece) in wrap(&o.text, (area.width as usize).saturating_sub(indent + 2))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 {
                head.clone()
            } else {
                " ".repeat(indent)
            };
            lines.push(Line::raw(format!("{lead}{piece}")));
        }
    }
    lines.push(Line::raw(""));
    lines.push(h("Your red lines (private until you signal them)".into()));
    if secrets.red_lines.is_empty() {
        lines.push(Line::raw("  none"));
    }
    for r in &secrets.red_lines {
        let option = view
            .clause(r.clause)
            .options
            .get(r.option)
            .map_or("", |o| o.label.as_str());
        let verb = match r.kind {
            RedLineKind::Forbid => "never",
            RedLineKind::Require => "only with",
        };
        lines.push(Line::raw(format!("  {verb} \"{option}\": {}", r.why)));
    }
    lines.push(Line::raw(""));
    lines.push(h(
        "What you value in the treaty (your points per option)".into()
    ));
    for f in view.clause_ids() {
        let clause = view.clause(f);
        let mut options: Vec<(i32, &str)> = clause
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| (secrets.values[f.index()][i], o.label.as_str()))
            .collect();
        options.sort_by_key(|(v, _)| -v);
        let list: Vec<String> = options.iter().map(|(v, l)| format!("{l} {v:+}")).collect();
        lines.push(Line::raw(format!(
            "  {}: {}",
            clause.name,
            list.join(" · ")
        )));
    }
    lines.push(Line::raw(""));
    lines.push(h("Background".into()));
    for fact in view.background() {
        lines.push(Line::styled(format!("  {}", fact.title), theme.accent()));
        lines.push(Line::raw(format!("  {}", fact.text)));
    }
    frame.render_widget(
        text(
            lines,
            panel(format!(" Briefing: {} ", me.name()), true, theme),
            scroll,
        ),
        area,
    );
}

fn main_panel(frame: &mut Frame, area: Rect, session: &Session, theme: &Theme) {
    let public = session.game.public_view();
    let mine = session.private_seat().map(|s| session.game.view(s));
    match public.phase() {
        Phase::Negotiation => table(frame, area, session, &public, mine.as_ref(), theme),
        Phase::Crisis => crisis_room(frame, area, session, &public, mine.as_ref(), theme),
        Phase::Offer | Phase::Interlude => match &mine {
            Some(v) if v.me().role() == Role::Aggressor && session.stage == Stage::Decide => {
                aggressor_desk(frame, area, session, v, theme)
            }
            _ => interlude(frame, area, session, &public, theme),
        },
        Phase::Ended => {}
    }
}

/// The right-hand column: the viewer's actions, or in watch mode the recent moves.
fn actions_or_feed(frame: &mut Frame, area: Rect, session: &Session, theme: &Theme) {
    if session.stage == Stage::Watch {
        let title = if session.autoplay {
            " Watching · auto-play "
        } else {
            " Watching · Enter: next "
        };
        feed(frame, area, session.feed.as_slice(), title, theme);
        return;
    }
    actions(frame, area, session, theme);
}

fn actions(frame: &mut Frame, area: Rect, session: &Session, theme: &Theme) {
    let focused = session.focus == Focus::Actions;
    let block = panel(" Your move ", focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let detail_height = 3u16.min(inner.height / 3);
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(detail_height)]).areas(inner);
    let width = list_area.width as usize;
    let visible = list_area.height as usize;
    let start = session.selected.saturating_sub(visible.saturating_sub(1));
    let lines: Vec<Line> = session
        .choices
        .iter()
        .enumerate()
        .skip(start)
        .take(visible)
        .map(|(i, c)| {
            let star = if c.suggested { "★ " } else { "  " };
            let label = cut(&format!("{star}{}", c.label), width);
            if i == session.selected && focused {
                Line::styled(pad(&label, width), theme.selected())
            } else if i == session.selected {
                Line::styled(label, theme.heading())
            } else {
                Line::raw(label)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list_area);
    let detail = match (&session.message, session.choices.get(session.selected)) {
        (Some(m), _) => Line::styled(m.clone(), theme.bad()),
        (None, Some(c)) => {
            let tip = if c.suggested {
                " (★ suggested by your adviser)"
            } else {
                ""
            };
            Line::styled(format!("{}{tip}", c.detail), theme.dim())
        }
        (None, None) => Line::raw("Nothing to do: wait for the others."),
    };
    frame.render_widget(super::screens::wrapped(vec![detail]), detail_area);
}

/// What is new to the seat at the keyboard; when only AI seats play (their
/// moves are beside it already), the shared tracks.
fn since_or_tracks(
    frame: &mut Frame,
    area: Rect,
    session: &Session,
    public: &PublicView,
    theme: &Theme,
) {
    if session.stage == Stage::Watch {
        situation::summary(frame, area, public, theme);
    } else {
        feed(
            frame,
            area,
            session.new_moves(),
            " Since your last move ",
            theme,
        );
    }
}

/// Recent moves, newest last, each with its reason.
fn feed(frame: &mut Frame, area: Rect, items: &[FeedItem], title: &str, theme: &Theme) {
    let block = panel(title.to_string(), false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut last_when = "";
    for item in items {
        if item.when != last_when {
            lines.push(Line::styled(format!("── {} ", item.when), theme.dim()));
            last_when = &item.when;
        }
        for (i, l) in item.lines.iter().enumerate() {
            let indent = if i == 0 { "" } else { "  " };
            let style = if i == 0 {
                theme.heading()
            } else {
                Style::new()
            };
            for piece in wrap(l, width.saturating_sub(indent.len() + 1)) {
                lines.push(Line::styled(format!("{indent}{piece}"), style));
            }
            if i == 0
                && let Some(why) = why(&item.reason)
            {
                lines.push(Line::styled(
                    format!("  ({})", cut(why, width.saturating_sub(4))),
                    theme.accent(),
                ));
            }
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled("Nothing yet.", theme.dim()));
    }
    let skip = lines.len().saturating_sub(inner.height as usize);
    frame.render_widget(Paragraph::new(lines.split_off(skip)), inner);
}

/// Word-wrap `s` to `width` terminal cells (at least 10), breaking only at
/// whitespace: a word longer than a line has a line of its own.
fn wrap(s: &str, width: usize) -> Vec<String> {
    wrap_words(&s.split_whitespace().collect::<Vec<_>>(), width)
}

/// `words` in lines of at most `width` cells (at least 10), one space apart,
/// each word kept whole even if it holds spaces.
fn wrap_words(words: &[&str], width: usize) -> Vec<String> {
    if words.is_empty() {
        return Vec::new();
    }
    let fragments: Vec<Word> = words
        .iter()
        .map(|word| Word {
            word,
            whitespace: " ",
            penalty: "",
            width: textwrap::core::display_width(word),
        })
        .collect();
    textwrap::wrap_algorithms::wrap_first_fit(&fragments, &[width.max(10) as f64])
        .into_iter()
        .map(|line| line.iter().map(|w| w.word).collect::<Vec<_>>().join(" "))
        .collect()
}

fn stance_text(stance: Stance, public: &PublicView) -> (String, &'static str) {
    match stance {
        Stance::Silent => ("· silent".into(), "silent"),
        Stance::Accepted => ("✔ accepts".into(), "good"),
        Stance::Signed => ("✓ SIGNED".into(), "good"),
        Stance::Rejected(None) => ("✗ rejects".into(), "bad"),
        Stance::Rejected(Some(f)) => (format!("✗ rejects: {}", public.clause(f).name), "bad"),
    }
}

/// The negotiation table.
fn table(
    frame: &mut Frame,
    area: Rect,
    session: &Session,
    public: &PublicView,
    mine: Option<&SeatView>,
    theme: &Theme,
) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area);
    // Tall terminals show every option of every clause, and the red lines signalled so far.
    let tall = area.height >= 30;
    let signals: Vec<(Seat, &RedLine)> = public
        .seats()
        .flat_map(|seat| {
            public
                .signalled_red_lines(seat)
                .into_iter()
                .map(move |r| (seat, r))
        })
        .collect();
    let signal_rows = if tall { signals.len().min(8) as u16 } else { 0 };
    let stances_height = public.seat_count() as u16 + 3 + signal_rows;
    let option_rows: usize = match (tall, public.talks().draft) {
        (true, Some(d)) => public
            .clause_ids()
            .map(|f| option_lines(public, mine, &d, f, left.width.saturating_sub(2) as usize).len())
            .sum(),
        _ => 0,
    };
    let draft_height =
        (public.clauses().len() as u16 + option_rows as u16 + 6).min(left.height.saturating_sub(4));
    let [draft_area, feed_area] =
        Layout::vertical([Constraint::Length(draft_height), Constraint::Min(3)]).areas(left);
    let [stances_area, actions_area] =
        Layout::vertical([Constraint::Length(stances_height), Constraint::Min(4)]).areas(right);

    draft_panel(frame, draft_area, session, public, mine, tall, theme);
    since_or_tracks(frame, feed_area, session, public, theme);

    let talks = public.talks();
    let block = panel(" Around the table ", false, theme);
    let inner = block.inner(stances_area);
    frame.render_widget(block, stances_area);
    let to_move = public.to_move();
    let mut lines = Vec::new();
    for seat in public.seats() {
        let f = public.faction(seat);
        let (stance, kind) = if f.role() == Role::Aggressor {
            ("· observer".to_string(), "silent")
        } else {
            stance_text(talks.stances[seat.index()], public)
        };
        let flags = public.signalled_red_lines(seat).len();
        let flag = if flags > 0 {
            format!(" ⚑{flags}")
        } else {
            String::new()
        };
        let turn = if to_move == Some(seat) { "▸" } else { " " };
        let style = match kind {
            "good" => theme.good(),
            "bad" => theme.bad(),
            _ => theme.dim(),
        };
        let width = inner.width as usize;
        let name = cut(f.name(), 14);
        lines.push(Line::from(vec![
            Span::raw(format!("{turn}{} ", pad(&name, 14))),
            Span::styled(cut(&stance, width.saturating_sub(16 + flag.width())), style),
            Span::styled(flag, theme.warn()),
        ]));
    }
    lines.push(Line::styled(
        if talks.concluded {
            "Signatures in: the text is final."
        } else {
            "⚑ red lines shown · ▸ to move"
        },
        theme.dim(),
    ));
    for (seat, r) in signals.iter().rev().take(signal_rows as usize).rev() {
        let line = format!("⚑ {}: {}", public.faction(*seat).short(), r.why);
        lines.push(Line::styled(cut(&line, inner.width as usize), theme.warn()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    actions_or_feed(frame, actions_area, session, theme);
}

fn draft_panel(
    frame: &mut Frame,
    area: Rect,
    session: &Session,
    public: &PublicView,
    mine: Option<&SeatView>,
    tall: bool,
    theme: &Theme,
) {
    let talks = public.talks();
    let focused = session.focus == Focus::Draft && session.stage == Stage::Decide;
    let title = match (talks.tabled_by, talks.draft) {
        (Some(by), Some(_)) => format!(" Draft tabled by {} ", public.faction(by).name()),
        _ => " No draft on the table yet ".to_string(),
    };
    let block = panel(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(draft) = talks.draft else {
        frame.render_widget(Paragraph::new("Table a draft to start."), inner);
        return;
    };
    let width = inner.width as usize;
    let mut lines = Vec::new();
    for f in public.clause_ids() {
        let clause = public.clause(f);
        let changed = talks.previous.is_some_and(|p| p.pick(f) != draft.pick(f));
        let mark = if changed { "Δ" } else { " " };
        let value = mine.map(|v| {
            let values = &v.secrets().values[f.index()];
            draft.pick(f).options().map(|o| values[o]).sum::<i32>()
        });
        let value_text = value.map(|v| format!(" {v:+}")).unwrap_or_default();
        let chosen = public.pick_text(f, draft.pick(f));
        let cursor = if focused && session.clause == f.index() {
            "▸"
        } else {
            " "
        };
        let room = width.saturating_sub(value_text.width() + 3);
        let body = dotted(&clause.name, &chosen, room);
        let style = if changed {
            theme.accent()
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::raw(cursor),
            Span::styled(mark, theme.accent()),
            Span::styled(format!(" {}", cut(&body, room)), style),
            Span::styled(value_text, theme.private()),
        ]));
        if tall && !focused {
            for piece in option_lines(public, mine, &draft, f, width) {
                lines.push(Line::styled(piece, theme.dim()));
            }
        }
    }
    lines.push(Line::raw(""));
    if focused {
        if let Some(f) = public.clause_ids().nth(session.clause) {
            let clause = public.clause(f);
            let mut spans = vec![Span::styled(format!("{}: ", clause.name), theme.heading())];
            for (i, o) in clause.options.iter().enumerate() {
                let on = draft.has(f, i);
                let mark = option_mark(clause.is_subset(), on);
                let value = mine
                    .map(|v| format!(" {:+}", v.secrets().values[f.index()][i]))
                    .unwrap_or_default();
                let style = if i == session.option {
                    theme.selected()
                } else {
                    Style::new()
                };
                spans.push(Span::styled(format!("{mark} {}{value}", o.label), style));
                spans.push(Span::raw("  "));
            }
            lines.push(Line::from(spans));
            if let Some(o) = clause.options.get(session.option) {
                lines.push(Line::styled(o.help.clone(), theme.dim()));
            }
        }
    } else {
        let changed: Vec<&str> = talks
            .previous
            .map(|p| {
                draft
                    .changed_clauses(&p)
                    .map(|f| public.clause(f).name.as_str())
                    .collect()
            })
            .unwrap_or_default();
        if let Some(by) = talks.changed_by
            && !changed.is_empty()
        {
            lines.push(Line::styled(
                format!(
                    "Δ changed by {}: {}",
                    public.faction(by).name(),
                    changed.join(", ")
                ),
                theme.accent(),
            ));
        }
        if let Some(v) = mine {
            let worth = (v.normalised_value(&draft) * 100.0).round();
            let crossed = v.crossed_red_lines(&draft);
            let warning = if crossed.is_empty() {
                String::new()
            } else {
                format!(" · crosses {} of your red lines", crossed.len())
            };
            lines.push(Line::styled(
                format!("Worth {worth}/100 to you (+n: your points){warning}"),
                theme.private(),
            ));
        }
    }
    frame.render_widget(super::screens::wrapped(lines), inner);
}

/// The crisis room.
fn crisis_room(
    frame: &mut Frame,
    area: Rect,
    session: &Session,
    public: &PublicView,
    mine: Option<&SeatView>,
    theme: &Theme,
) {
    let Some(c) = public.crisis() else { return };
    let attack = public.attack(c.attack);
    let feed_height = (area.height / 3).max(6);
    let [top, middle, bottom] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Min(6),
        Constraint::Length(feed_height),
    ])
    .areas(area);

    // What happened, and the clock.
    let place = attack
        .places
        .get(c.place as usize)
        .map_or("?", |p| p.name.as_str());
    let left_hours = c.clock.saturating_sub(c.now);
    let clock_line = if c.now < c.clock {
        format!(
            "{} {} h left of {} h",
            bar(c.now as i32, c.clock as i32, 20),
            left_hours,
            c.clock
        )
    } else {
        format!(
            "{} clock RUN OUT at hour {} · closes at hour {}",
            bar(1, 1, 20),
            c.clock,
            c.closes_at
        )
    };
    let consult = match (c.convened_by, c.consult_open_at) {
        (Some(by), Some(at)) if at <= c.now => format!(
            "Consultations open (called by {})",
            public.faction(by).name()
        ),
        (Some(by), Some(at)) => format!(
            "Consultations called by {}, open at hour {at}",
            public.faction(by).name()
        ),
        _ if c.attributed_at > c.now => format!(
            "Not yet attributed (by hour {}); consultations not called",
            c.attributed_at
        ),
        _ => "Consultations not called yet".to_string(),
    };
    let lines = vec![
        Line::from(vec![
            Span::styled(format!("{} at {place}", attack.name), theme.bad()),
            Span::raw(format!(
                " · severity {} · damage {} · month {}",
                attack.severity,
                attack.damage,
                public.month()
            )),
        ]),
        Line::from(vec![
            Span::styled("Clock ", theme.heading()),
            Span::styled(clock_line, theme.warn()),
        ]),
    ];
    let block = panel(format!(" Crisis room · hour {} ", c.now), false, theme);
    let inner = block.inner(top);
    frame.render_widget(block, top);
    let mut all = lines;
    all.push(Line::styled(consult, theme.dim()));
    frame.render_widget(Paragraph::new(all), inner);

    let [status_area, right] =
        Layout::horizontal([Constraint::Percentage(56), Constraint::Percentage(44)]).areas(middle);
    status(frame, status_area, c, public, theme);
    if session.stage == Stage::Decide && session.focus == Focus::Package {
        package_builder(frame, right, session, c, mine, public, theme);
    } else {
        actions_or_feed(frame, right, session, theme);
    }
    since_or_tracks(frame, bottom, session, public, theme);
}

/// Who has done what in the crisis, and the package on the table.
fn status(frame: &mut Frame, area: Rect, c: &Crisis, public: &PublicView, theme: &Theme) {
    let block = panel(" The guarantors ", false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    for seat in c.participants.iter() {
        let f = public.faction(seat);
        let bound = if c.bound.contains(seat) {
            "bound"
        } else {
            "free "
        };
        let p = c.package.as_ref();
        let doing = if p.is_some_and(|p| p.objectors.contains(seat)) {
            "✗ objects".to_string()
        } else if p.is_some_and(|p| p.supporters.contains(seat)) {
            let items = c.contributions[seat.index()].items;
            if items.is_empty() {
                "✓ backs it".to_string()
            } else {
                format!("✓ gives {}", items_text_short(public, items))
            }
        } else if c.done.contains(seat) {
            "· stood down".to_string()
        } else {
            match c.moves[seat.index()] {
                0 => "no move yet".to_string(),
                1 => "1 move".to_string(),
                n => format!("{n} moves"),
            }
        };
        let vote = match c.approvals[seat.index()] {
            ApprovalStatus::NotNeeded => String::new(),
            ApprovalStatus::Needed => " · vote needed".into(),
            ApprovalStatus::Pending { due } => format!(" · vote due h{due}"),
            ApprovalStatus::Granted => " · vote: yes".into(),
            ApprovalStatus::Refused => " · vote: NO".into(),
        };
        let busy = c.ready_at[seat.index()];
        let free = if busy > c.now && !c.done.contains(seat) {
            format!(" · busy to h{busy}")
        } else {
            String::new()
        };
        lines.push(Line::from(vec![
            Span::raw(pad(&cut(f.short(), 3), 4)),
            Span::styled(format!("{bound} "), theme.dim()),
            Span::raw(cut(
                &format!("{doing}{vote}{free}"),
                width.saturating_sub(10),
            )),
        ]));
    }
    lines.push(Line::raw(""));
    match &c.package {
        None => lines.push(Line::styled("No package on the table yet.", theme.dim())),
        Some(p) => {
            let by = p.by.map_or("the treaty (automatic)".to_string(), |s| {
                public.faction(s).name().to_string()
            });
            lines.push(Line::styled(
                format!("Package from {by}, hour {}:", p.at),
                theme.heading(),
            ));
            for piece in wrap(&items_text(public, p.items), width) {
                lines.push(Line::raw(piece));
            }
            let (strength, verdict) = expected(c, public);
            let agreed = match p.agreed_at {
                Some(h) => format!("AGREED at hour {h}"),
                None => "not agreed yet".to_string(),
            };
            lines.push(Line::styled(
                format!(
                    "{agreed} · strength ≈{strength} vs severity {}: {verdict}",
                    public.attack(c.attack).severity
                ),
                theme.info(),
            ));
        }
    }
    let terms = public.terms();
    if let Some(t) = terms {
        let obligation = match t.obligation {
            Obligation::ConsultOnly => "consult only",
            Obligation::ConsultAndRespond => "consult and respond",
            Obligation::Automatic => "automatic response",
        };
        let decision = match t.decision {
            Decision::Consensus => "consensus of the bound",
            Decision::Willing => "any willing guarantor",
        };
        lines.push(Line::styled(
            format!("Treaty: {obligation}; packages by {decision}."),
            theme.dim(),
        ));
    }
    frame.render_widget(super::screens::wrapped(lines), inner);
}

fn items_text_short(public: &PublicView, items: ResponseSet) -> String {
    items
        .iter()
        .map(|r| public.response(r).id.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Strength the package would have if its backers deliver, and how it would be judged.
fn expected(c: &Crisis, public: &PublicView) -> (i32, &'static str) {
    let Some(p) = &c.package else {
        return (0, "nothing");
    };
    let mut weight = 0;
    for r in p.items.iter() {
        let backing = c
            .participants
            .iter()
            .filter(|s| c.contributions[s.index()].items.contains(r))
            .count();
        // Before agreement, count everyone able to provide it.
        let able = c
            .participants
            .iter()
            .filter(|s| public.providable(*s).contains(r))
            .count();
        let k = if p.agreed_at.is_none() {
            backing.max(able)
        } else {
            backing
        };
        weight += item_weight(public.response(r), k);
    }
    let strength = (weight + 50) / 100;
    let verdict = match judge(public.rules(), weight, public.attack(c.attack).severity) {
        Verdict::NoResponse => "no response",
        Verdict::TooWeak => "too weak",
        Verdict::Overreaction => "OVERREACTION",
        Verdict::Proportionate => "in proportion",
    };
    (strength, verdict)
}

fn package_builder(
    frame: &mut Frame,
    area: Rect,
    session: &Session,
    c: &Crisis,
    mine: Option<&SeatView>,
    public: &PublicView,
    theme: &Theme,
) {
    let block = panel(" Propose a package ", true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let menu = public.terms().map(|t| t.menu).unwrap_or_default();
    let me = mine.map(|v| v.seat());
    let width = inner.width as usize;
    let mut lines = Vec::new();
    for (i, resp) in public.responses().iter().enumerate() {
        let r = ResponseId(i as u8);
        let on = if session.package.contains(r) {
            "[x]"
        } else {
            "[ ]"
        };
        let treaty = if menu.contains(r) { "T" } else { " " };
        let label = cut(&format!("{on} {treaty} {}", resp.name), width);
        let style = if i == session.package_row {
            theme.selected()
        } else {
            Style::new()
        };
        lines.push(Line::styled(pad(&label, width), style));
    }
    let hours = me.map_or(0, |s| public.propose_hours(s, session.package));
    let propose = format!("▶ Propose this package ({hours} h)");
    let style = if session.package_row == public.responses().len() {
        theme.selected()
    } else {
        theme.key()
    };
    lines.push(Line::styled(pad(&propose, width), style));
    if let Some(resp) = public.responses().get(session.package_row) {
        let r = ResponseId(session.package_row as u8);
        let one: ResponseSet = [r].into_iter().collect();
        let prep = me.map_or(resp.hours_adhoc.max(0) as u32, |s| {
            public.preparation_hours(s, one)
        });
        let kind = if menu.contains(r) {
            "treaty instrument"
        } else {
            "ad hoc"
        };
        let forces = if resp.deploys_forces {
            " · deploys forces"
        } else {
            ""
        };
        lines.push(Line::styled(
            format!(
                "{kind} · {prep} h to prepare · {} bn · strength {} · escalation risk {}%{forces}",
                resp.cost, resp.strength, resp.escalation_risk
            ),
            theme.dim(),
        ));
    }
    let probe = Crisis {
        package: Some(Package {
            items: session.package,
            by: me,
            at: c.now,
            supporters: SeatSet::EMPTY,
            objectors: SeatSet::EMPTY,
            agreed_at: None,
        }),
        ..c.clone()
    };
    let (strength, verdict) = expected(&probe, public);
    lines.push(Line::styled(
        format!(
            "≈ strength {strength} vs severity {}: {verdict} · T = treaty instrument",
            public.attack(c.attack).severity
        ),
        theme.info(),
    ));
    if let Some(m) = &session.message {
        lines.push(Line::styled(m.clone(), theme.bad()));
    }
    frame.render_widget(super::screens::wrapped(lines), inner);
}

/// Between crises, for a watcher or a guarantor: the aggressor is deciding.
fn interlude(frame: &mut Frame, area: Rect, session: &Session, public: &PublicView, theme: &Theme) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    situation::summary(frame, left, public, theme);
    let title = if public.phase() == Phase::Offer {
        " The treaty's offer "
    } else {
        " Months pass "
    };
    feed(frame, right, session.feed.as_slice(), title, theme);
}

/// The aggressor's private desk: its options and the guarantee it faces.
fn aggressor_desk(
    frame: &mut Frame,
    area: Rect,
    session: &Session,
    view: &SeatView,
    theme: &Theme,
) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(52), Constraint::Percentage(48)]).areas(area);
    let mut lines = Vec::new();
    if let (Some(t), Some(treaty)) = (view.terms(), view.treaty()) {
        let bound: Vec<&str> = treaty
            .signatories
            .iter()
            .map(|s| view.faction(s).name())
            .collect();
        for f in view.clause_ids() {
            let chosen = view.pick_text(f, treaty.draft.pick(f));
            lines.push(Line::raw(dotted(
                &view.clause(f).name,
                &chosen,
                left.width as usize - 4,
            )));
        }
        lines.push(Line::raw(format!("Bound: {}", bound.join(", "))));
        lines.push(Line::raw(format!(
            "Clock {} h · deterrence index {}",
            t.clock_hours,
            view.deterrence_index()
        )));
    }
    let met = view.crises().iter().filter(|c| c.met).count();
    lines.push(Line::raw(format!(
        "Record: {} attacks, {met} clocks met",
        view.crises().len()
    )));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Your objectives (private)", theme.private()));
    for o in &view.secrets().objectives {
        lines.push(Line::raw(format!(" {:>3} {}", o.points, o.text)));
    }
    frame.render_widget(
        text(lines, panel(" The guarantee you face ", false, theme), 0),
        left,
    );
    actions(frame, right, session, theme);
}

fn log(frame: &mut Frame, area: Rect, public: &PublicView, scroll: u16, theme: &Theme) {
    let block = panel(" Event log ", true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    for e in public.log() {
        let when = public.when_text(e);
        let pieces = wrap(&public.describe(e), width.saturating_sub(16));
        for (i, piece) in pieces.into_iter().enumerate() {
            let stamp = if i == 0 {
                format!("{when:>14}  ")
            } else {
                " ".repeat(16)
            };
            lines.push(Line::from(vec![
                Span::styled(stamp, theme.dim()),
                Span::raw(piece),
            ]));
        }
    }
    let visible = inner.height as usize;
    let end = lines
        .len()
        .saturating_sub(scroll as usize)
        .max(visible.min(lines.len()));
    let start = end.saturating_sub(visible);
    frame.render_widget(Paragraph::new(lines[start..end].to_vec()), inner);
}

/// "Final scores": every seat's score, objectives and reasons, and the key moments.
fn scores(frame: &mut Frame, area: Rect, session: &Session, scroll: u16, theme: &Theme) {
    let public = session.game.public_view();
    let scores = session.game.scores();
    let width = area.width.saturating_sub(2) as usize;
    let mut lines = Vec::new();
    let ending = match public.ending() {
        Some(Ending::War) => format!(
            "{}: a loss for everyone.",
            public.rung_name(public.top_rung())
        ),
        Some(Ending::Collapse) => format!("{} collapsed.", public.track_names().security),
        _ => format!("The horizon is reached after {} months.", public.month()),
    };
    lines.push(Line::styled(ending, theme.heading()));
    if let Some(m) = &session.message {
        lines.push(Line::styled(m.clone(), theme.info()));
    }
    lines.push(Line::raw(""));
    for s in &scores {
        let f = public.faction(s.seat);
        let who = match session.players.get(s.seat.index()) {
            Some(Player::Human) => "human",
            _ => "AI",
        };
        let verdict = if s.victory {
            ("VICTORY", theme.good())
        } else {
            ("no victory", theme.dim())
        };
        lines.push(Line::from(vec![
            Span::styled(pad(f.name(), 20), theme.heading()),
            Span::raw(format!("{:>3} points (needs {:>3})  ", s.points, s.needed)),
            Span::styled(verdict.0, verdict.1),
            Span::styled(format!("  [{who}]"), theme.dim()),
        ]));
    }
    for s in &scores {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("{}: {} points", public.faction(s.seat).name(), s.points),
            theme.heading(),
        ));
        for o in &s.objectives {
            let (mark, style) = if o.met {
                ("✓", theme.good())
            } else {
                ("✗", theme.bad())
            };
            let tag = if o.public { "public" } else { "secret" };
            let head = format!("{:>3} [{tag}] ", if o.met { o.points } else { 0 });
            for (i, piece) in wrap(&o.text, width.saturating_sub(17))
                .into_iter()
                .enumerate()
            {
                let lead = if i == 0 {
                    Span::styled(format!(" {mark} "), style)
                } else {
                    Span::raw("   ")
                };
                let head = if i == 0 {
                    head.clone()
                } else {
                    " ".repeat(head.width())
                };
                lines.push(Line::from(vec![lead, Span::raw(format!("{head}{piece}"))]));
            }
            for piece in wrap(&o.why, width.saturating_sub(17)) {
                lines.push(Line::styled(
                    format!("{}{piece}", " ".repeat(16)),
                    theme.dim(),
                ));
            }
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Key moments", theme.heading()));
    for e in public.log() {
        let key = matches!(
            e.kind,
            EventKind::TreatyInForce { .. }
                | EventKind::DeadlinePassed
                | EventKind::OfferAnswered { .. }
                | EventKind::AttackLaunched { .. }
                | EventKind::PledgeBroken
                | EventKind::CrisisClosed { .. }
                | EventKind::Breach { .. }
                | EventKind::Escalated { .. }
                | EventKind::GameEnded { .. }
        );
        if key {
            lines.push(Line::raw(format!(
                " {:>14}  {}",
                public.when_text(e),
                public.describe(e)
            )));
        }
    }
    frame.render_widget(
        text(lines, panel(" Final scores ", true, theme), scroll),
        area,
    );
}

/// The "why" of an AI's one-line reason ("Italy amends Clock: closer to its
/// interests" gives "closer to its interests"); none if it only restates the move.
fn why(reason: &str) -> Option<&str> {
    reason
        .rsplit_once(": ")
        .map(|(_, why)| why)
        .filter(|w| !w.is_empty())
}

/// Every option of a clause, marked chosen or not, with the seat's own points,
/// wrapped to `width` and indented under the clause.
fn option_lines(
    public: &PublicView,
    mine: Option<&SeatView>,
    draft: &Draft,
    f: ClauseId,
    width: usize,
) -> Vec<String> {
    let options: Vec<String> = public
        .clause(f)
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let mark = option_mark(public.clause(f).is_subset(), draft.has(f, i));
            let value = mine
                .map(|v| format!(" {:+}", v.secrets().values[f.index()][i]))
                .unwrap_or_default();
            format!("{mark} {}{value}", o.label)
        })
        .collect();
    let options: Vec<&str> = options.iter().map(String::as_str).collect();
    wrap_words(&options, width.saturating_sub(6))
        .into_iter()
        .map(|l| format!("     {l}"))
        .collect()
}

/// A check box for a menu item, a radio button for a single choice.
fn option_mark(subset: bool, on: bool) -> &'static str {
    match (subset, on) {
        (true, true) => "[x]",
        (true, false) => "[ ]",
        (false, true) => "(•)",
        (false, false) => "( )",
    }
}

#[cfg(test)]
mod tests {
    use super::{wrap, wrap_words};
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn wrap_measures_wide_characters_as_the_terminal_draws_them() {
        // Three words of three CJK characters: 3 characters but 6 cells each.
        let text = "一二三 四五六 七八九";
        // Counting characters, the first two words (7 characters) fitted in
        // 10 columns, making a line 13 cells wide.
        assert!("一二三 四五六".chars().count() <= 10);
        assert_eq!("一二三 四五六".width(), 13);
        assert_eq!(wrap(text, 10), ["一二三", "四五六", "七八九"]);
        assert_eq!(wrap(text, 13), ["一二三 四五六", "七八九"]);
        for line in wrap("Protect the 🇺🇦 grain corridor ☕ until the talks end", 12) {
            assert!(line.width() <= 12, "{line:?}");
        }
    }

    #[test]
    fn wrap_words_keeps_each_word_whole() {
        let options = [
            "( ) Consult only -2",
            "(•) Consult and respond +8",
            "( ) 自動 -4",
        ];
        assert_eq!(
            wrap_words(&options, 46),
            [
                "( ) Consult only -2 (•) Consult and respond +8",
                "( ) 自動 -4"
            ]
        );
        assert_eq!(wrap_words(&options, 12).len(), 3);
        assert!(wrap_words(&[], 12).is_empty());
    }

    #[test]
    fn wrap_breaks_at_spaces_only() {
        assert_eq!(
            wrap("a pre-authorised  response\nclock", 12),
            ["a", "pre-authorised", "response", "clock"]
        );
        assert_eq!(wrap("one two three", 10), ["one two", "three"]);
        assert!(wrap("   ", 10).is_empty());
    }
}
