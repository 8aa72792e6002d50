//! Colours and styles. The palette is Okabe-Ito (safe for colour-blind
//! players), `NO_COLOR` turns colour off, and nothing is said by colour alone:
//! every coloured mark also has a symbol or a word.

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub colour: bool,
}

// Okabe-Ito.
const BLUE: Color = Color::Rgb(0, 114, 178);
const ORANGE: Color = Color::Rgb(230, 159, 0);
const SKY: Color = Color::Rgb(86, 180, 233);
const GREEN: Color = Color::Rgb(0, 158, 115);
const YELLOW: Color = Color::Rgb(240, 228, 66);
const VERMILION: Color = Color::Rgb(213, 94, 0);
const PURPLE: Color = Color::Rgb(204, 121, 167);

impl Theme {
    /// Colour unless the `NO_COLOR` convention asks otherwise.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { colour: !no_color }
    }

    pub const PLAIN: Theme = Theme { colour: false };

    fn fg(&self, c: Color) -> Style {
        if self.colour {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn title(&self) -> Style {
        self.fg(SKY).add_modifier(Modifier::BOLD)
    }
    pub fn heading(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn accent(&self) -> Style {
        self.fg(ORANGE)
    }
    pub fn good(&self) -> Style {
        self.fg(GREEN)
    }
    pub fn bad(&self) -> Style {
        self.fg(VERMILION).add_modifier(Modifier::BOLD)
    }
    pub fn warn(&self) -> Style {
        self.fg(YELLOW)
    }
    pub fn info(&self) -> Style {
        self.fg(BLUE)
    }
    pub fn private(&self) -> Style {
        self.fg(PURPLE)
    }
    pub fn dim(&self) -> Style {
        if self.colour {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }
    pub fn key(&self) -> Style {
        self.fg(SKY).add_modifier(Modifier::BOLD)
    }
    /// The highlighted row of a list: reversed, so it shows without colour too.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    pub fn border(&self) -> Style {
        self.dim()
    }
    pub fn focused_border(&self) -> Style {
        self.fg(SKY)
    }
    /// Colour for one of the shared tracks in charts.
    pub fn series(&self, i: usize) -> Style {
        let colours = [BLUE, GREEN, ORANGE, VERMILION, PURPLE];
        self.fg(colours[i % colours.len()])
    }
    pub fn attack_mark(&self) -> Color {
        if self.colour { VERMILION } else { Color::Reset }
    }
    pub fn land_mark(&self) -> Color {
        if self.colour {
            Color::DarkGray
        } else {
            Color::Reset
        }
    }
    pub fn label_mark(&self) -> Color {
        if self.colour { SKY } else { Color::Reset }
    }
}
