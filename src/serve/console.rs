//! The server's console: the class page (where to connect, the codes, who is
//! on which seat, whose turn it is, the log). Tab turns to the game as the
//! projector shows it, where f opens the facilitator's panel behind the PIN.

use super::hall::Info;
use crate::tui::render::widgets::{cut, pad, panel};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::path::PathBuf;

/// One login name on the class page.
#[derive(Clone, Debug)]
pub struct Row {
    pub name: String,
    pub code: String,
    /// Who it is (the seat and who plays it, the public view, the panel).
    pub who: String,
    /// Terminals connected with it.
    pub terminals: usize,
}

/// Everything the class page shows.
#[derive(Clone, Debug)]
pub struct ClassView {
    pub info: Info,
    pub rows: Vec<Row>,
    pub title: String,
    pub to_move: Option<String>,
    pub seconds_left: Option<u64>,
    pub paused: bool,
    pub over: bool,
    pub saved: Option<Result<PathBuf, String>>,
    pub report: Option<Result<PathBuf, String>>,
    pub log: Vec<String>,
}

pub fn draw(frame: &mut Frame, view: &ClassView, theme: &Theme) {
    let area = frame.area();
    let rows = view.rows.len() as u16;
    let [head, connect, seats, log, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(4),
        Constraint::Length(rows + 3),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let state = if view.over {
        "the game is over".to_string()
    } else {
        let mut s = match &view.to_move {
            Some(who) => format!("{who} to move"),
            None => "between moves".into(),
        };
        if let Some(secs) = view.seconds_left {
            s.push_str(&format!(" · {}:{:02} left", secs / 60, secs % 60));
        }
        if view.paused {
            s.push_str(" · PAUSED");
        }
        s
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" UMBRELLA SERVER ", theme.title()),
            Span::styled(" │ ", theme.dim()),
            Span::raw(cut(&view.title, 28)),
            Span::styled(" │ ", theme.dim()),
            Span::styled(state, theme.heading()),
        ])),
        head,
    );
    let width = connect.width as usize;
    let mut lines = Vec::new();
    let first = view.info.addresses.first().map_or("HOST", String::as_str);
    lines.push(Line::from(vec![
        Span::raw(" Students connect with  "),
        Span::styled(
            format!("ssh -p {} SEAT@{first}", view.info.port),
            theme.heading(),
        ),
        Span::raw("  and type their code."),
    ]));
    if view.info.addresses.len() > 1 {
        lines.push(Line::raw(cut(
            &format!(
                " Other addresses of this machine: {}",
                view.info.addresses[1..].join(", ")
            ),
            width,
        )));
    }
    lines.push(Line::raw(cut(
        &format!(" Host key {}", view.info.fingerprint),
        width,
    )));
    lines.push(Line::styled(
        cut(
            &format!(" Codes in {}", view.info.codes_file.display()),
            width,
        ),
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(lines), connect);

    let block = panel(" Who is here ", false, theme);
    let inner = block.inner(seats);
    frame.render_widget(block, seats);
    let mut lines = vec![Line::styled(
        format!(
            "{} {} {} terminals",
            pad("name", 12),
            pad("code", 10),
            pad("plays", 30)
        ),
        theme.dim(),
    )];
    for r in &view.rows {
        let here = match r.terminals {
            0 => Span::styled("—", theme.dim()),
            n => Span::styled(format!("{n} connected"), theme.good()),
        };
        lines.push(Line::from(vec![
            Span::raw(format!("{} ", pad(&r.name, 12))),
            Span::styled(format!("{} ", pad(&r.code, 10)), theme.heading()),
            Span::raw(format!("{} ", pad(&cut(&r.who, 30), 30))),
            here,
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);

    let block = panel(" Log ", false, theme);
    let inner = block.inner(log);
    frame.render_widget(block, log);
    let mut lines: Vec<Line> = Vec::new();
    match &view.saved {
        Some(Ok(path)) => lines.push(Line::styled(
            cut(
                &format!("autosaved: {}", path.display()),
                inner.width as usize,
            ),
            theme.dim(),
        )),
        Some(Err(e)) => lines.push(Line::styled(
            cut(&format!("NOT SAVED: {e}"), inner.width as usize),
            theme.bad(),
        )),
        None => {}
    }
    if let Some(Ok(path)) = &view.report {
        lines.push(Line::styled(
            cut(&format!("report: {}", path.display()), inner.width as usize),
            theme.good(),
        ));
    }
    let room = (inner.height as usize).saturating_sub(lines.len());
    let skip = view.log.len().saturating_sub(room);
    lines.extend(
        view.log[skip..]
            .iter()
            .map(|l| Line::raw(cut(l, inner.width as usize))),
    );
    frame.render_widget(Paragraph::new(lines), inner);
    frame.render_widget(
        Paragraph::new(Line::styled(
            " Tab the game (f: facilitator's panel) · q stop the server",
            theme.key(),
        )),
        keys,
    );
}
