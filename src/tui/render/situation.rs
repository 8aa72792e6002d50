//! The situation: shared tracks as gauges and charts, each seat's tracks, and the map.

use super::widgets::{bar, cut, pad, panel};
use crate::core::*;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Line as CanvasLine, Map, MapResolution};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph};

/// Ukraine's outline (longitude, latitude), simplified for a terminal map.
const UKRAINE: [(f64, f64); 27] = [
    (22.1, 48.4),
    (22.7, 49.6),
    (24.0, 50.9),
    (23.6, 51.5),
    (25.3, 51.9),
    (27.8, 51.6),
    (30.6, 51.3),
    (31.8, 52.1),
    (33.5, 52.3),
    (34.4, 51.3),
    (35.4, 51.5),
    (36.6, 50.2),
    (38.2, 50.0),
    (40.1, 49.6),
    (39.7, 47.8),
    (38.2, 47.1),
    (36.9, 46.6),
    (35.1, 46.3),
    (33.6, 45.1),
    (32.5, 45.4),
    (31.7, 46.5),
    (30.2, 45.8),
    (29.6, 45.3),
    (28.2, 45.5),
    (29.7, 47.5),
    (26.6, 48.3),
    (22.1, 48.4),
];

const BOUNDED: [Track; 4] = [
    Track::Credibility,
    Track::Security,
    Track::Costs,
    Track::Cohesion,
];

pub fn draw(frame: &mut Frame, area: Rect, public: &PublicView, theme: &Theme) {
    let [left, right] =
        Layout::horizontal([Constraint::Length(42), Constraint::Min(30)]).areas(area);
    let [tracks_area, seats_area] =
        Layout::vertical([Constraint::Length(9), Constraint::Min(4)]).areas(left);
    let [map_area, chart_area] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(right);
    tracks(frame, tracks_area, public, theme);
    seats(frame, seats_area, public, theme);
    map(frame, map_area, public, theme);
    chart(frame, chart_area, public, theme);
}

/// The shared tracks in a few lines (used beside the table and the crisis room).
pub fn summary(frame: &mut Frame, area: Rect, public: &PublicView, theme: &Theme) {
    tracks(frame, area, public, theme);
}

fn tracks(frame: &mut Frame, area: Rect, public: &PublicView, theme: &Theme) {
    let block = panel(" Shared tracks ", false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let names = public.track_names();
    let t = public.tracks();
    let width = inner.width as usize;
    let label_width = 24.min(width / 2);
    let bar_width = width.saturating_sub(label_width + 5).min(20);
    let mut lines = Vec::new();
    for (i, track) in BOUNDED.iter().enumerate() {
        let v = t.get(*track);
        lines.push(Line::from(vec![
            Span::raw(pad(&cut(names.name(*track), label_width), label_width)),
            Span::styled(bar(v, 100, bar_width), theme.series(i)),
            Span::raw(format!(" {v:>3}")),
        ]));
    }
    let top = public.top_rung();
    lines.push(Line::from(vec![
        Span::raw(pad(&cut(&names.escalation, label_width), label_width)),
        Span::styled(bar(t.escalation, top, bar_width), theme.bad()),
        Span::raw(format!(" {}/{top}", t.escalation)),
    ]));
    lines.push(Line::styled(
        cut(
            &format!(
                "  rung {}: {}",
                t.escalation,
                public.rung_name(t.escalation)
            ),
            width,
        ),
        theme.warn(),
    ));
    let met = public.crises().iter().filter(|c| c.met).count();
    lines.push(Line::styled(
        cut(
            &format!(
                "Deterrence index {} · {} attacks · {met} clocks met",
                public.deterrence_index(),
                public.crises().len()
            ),
            width,
        ),
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn seats(frame: &mut Frame, area: Rect, public: &PublicView, theme: &Theme) {
    let block = panel(" Each seat ", false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let bound = public.treaty().map(|t| t.signatories).unwrap_or_default();
    let mut lines = vec![Line::styled(
        "                 support  spent  treaty",
        theme.dim(),
    )];
    for seat in public.seats() {
        let f = public.faction(seat);
        let t = public.seat_tracks(seat);
        let status = if public.treaty().is_none() {
            ""
        } else if bound.contains(seat) {
            "bound"
        } else if f.role() == Role::Aggressor {
            ""
        } else {
            "outside"
        };
        lines.push(Line::raw(format!(
            "{} {:>5} {:>5}bn  {status}",
            pad(&cut(f.name(), 16), 16),
            t.support,
            t.spent
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn map(frame: &mut Frame, area: Rect, public: &PublicView, theme: &Theme) {
    let crises = public.crises();
    let current = public.crisis();
    let mut marks: Vec<(f64, f64, String)> = Vec::new();
    let attacks = crises
        .iter()
        .map(|c| (c.attack, c.place))
        .chain(current.map(|c| (c.attack, c.place)));
    for (n, (attack, place)) in attacks.enumerate() {
        if let Some(p) = public.attack(attack).places.get(place as usize) {
            marks.push((p.lon, p.lat, format!("✸{}", n + 1)));
        }
    }
    let protected = public.faction(public.protected()).name().to_uppercase();
    let aggressor = public.faction(public.aggressor()).name().to_uppercase();
    let land = theme.land_mark();
    let attack_colour = theme.attack_mark();
    let label = theme.label_mark();
    let border = theme.label_mark();
    let canvas = Canvas::default()
        .block(panel(" Map: ✸ attacks, numbered in order ", false, theme))
        .marker(Marker::Dot)
        .x_bounds([-10.0, 50.0])
        .y_bounds([36.0, 62.0])
        .paint(move |ctx| {
            ctx.draw(&Map {
                color: land,
                resolution: MapResolution::High,
            });
            ctx.layer();
            // Ukraine's borders, roughly, so the protected party stands out.
            for pair in UKRAINE.windows(2) {
                ctx.draw(&CanvasLine {
                    x1: pair[0].0,
                    y1: pair[0].1,
                    x2: pair[1].0,
                    y2: pair[1].1,
                    color: border,
                });
            }
            ctx.print(
                29.0,
                49.5,
                Line::styled(protected.clone(), ratatui::style::Style::new().fg(label)),
            );
            ctx.print(
                40.0,
                56.5,
                Line::styled(aggressor.clone(), ratatui::style::Style::new().fg(label)),
            );
            for (lon, lat, text) in &marks {
                ctx.print(
                    *lon,
                    *lat,
                    Line::styled(text.clone(), ratatui::style::Style::new().fg(attack_colour)),
                );
            }
        });
    frame.render_widget(canvas, area);
}

fn chart(frame: &mut Frame, area: Rect, public: &PublicView, theme: &Theme) {
    let history = public.history();
    let top = public.top_rung().max(1) as f64;
    let series: Vec<Vec<(f64, f64)>> = BOUNDED
        .iter()
        .map(|t| {
            history
                .iter()
                .map(|s| (s.month as f64, s.tracks.get(*t) as f64))
                .collect()
        })
        .chain(std::iter::once(
            history
                .iter()
                .map(|s| (s.month as f64, s.tracks.escalation as f64 * 100.0 / top))
                .collect(),
        ))
        .collect();
    let labels = ["credibility", "security", "costs", "cohesion", "escalation"];
    // Each series has its own mark, so the chart reads without colour too.
    let marks = [
        Marker::Braille,
        Marker::Dot,
        Marker::Bar,
        Marker::HalfBlock,
        Marker::Block,
    ];
    let symbols = ["⣿", "•", "▄", "▀", "█"];
    let datasets: Vec<Dataset> = series
        .iter()
        .enumerate()
        .map(|(i, data)| {
            let style = if i == 4 { theme.bad() } else { theme.series(i) };
            Dataset::default()
                .name(format!("{} {}", symbols[i], labels[i]))
                .marker(marks[i])
                .graph_type(GraphType::Line)
                .style(style)
                .data(data)
        })
        .collect();
    let horizon = public.rules().horizon_months.max(1) as f64;
    let chart = Chart::new(datasets)
        .block(panel(" Tracks by month ", false, theme))
        .x_axis(
            Axis::default()
                .bounds([0.0, horizon])
                .labels(["0".to_string(), format!("{horizon}")])
                .style(theme.dim()),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, 100.0])
                .labels(["0", "50", "100"])
                .style(theme.dim()),
        )
        .legend_position(Some(ratatui::widgets::LegendPosition::BottomRight))
        .hidden_legend_constraints((Constraint::Percentage(60), Constraint::Percentage(80)));
    frame.render_widget(chart, area);
}
