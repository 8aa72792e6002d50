//! The new-game screen: scenario, who plays each seat, and the seed.

use super::app::bundled_scenarios;
use super::keys::Key;
use super::play::Session;
use crate::ai::Level;
use crate::ai::Player;
use crate::core::Scenario;
use crate::lab::Personalities;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Setup {
    pub scenarios: Vec<Arc<Scenario>>,
    pub scenario: usize,
    pub players: Vec<Player>,
    pub seed: u64,
    /// Whether the AI seats draw their personalities for this game.
    pub personalities: Personalities,
    /// The full game, or its seminar form (one class period).
    pub length: crate::scenario::Length,
    /// The facilitator's PIN as typed (empty: no facilitator).
    pub pin: String,
    /// Focused row: the scenario, then one per seat, then the personalities,
    /// the seed, the PIN, then Start.
    pub row: usize,
}

impl Setup {
    pub fn new(seed: u64) -> Setup {
        let scenarios = bundled_scenarios();
        let mut setup = Setup {
            scenarios,
            scenario: 0,
            players: Vec::new(),
            seed,
            personalities: Personalities::Varied,
            length: crate::scenario::Length::Full,
            pin: String::new(),
            row: 0,
        };
        setup.reset_seats();
        setup.row = setup.start_row();
        setup
    }

    pub fn current(&self) -> Option<&Arc<Scenario>> {
        self.scenarios.get(self.scenario)
    }

    /// The seat that opens the talks plays human by default; AI everywhere else.
    fn reset_seats(&mut self) {
        let Some(s) = self.current() else { return };
        let human = s.opening().map(|(seat, _)| seat.index()).unwrap_or(0);
        self.players = (0..s.factions().len())
            .map(|i| {
                if i == human {
                    Player::Human
                } else {
                    Player::Ai(Level::Normal)
                }
            })
            .collect();
    }

    pub fn personalities_row(&self) -> usize {
        1 + self.players.len()
    }

    pub fn length_row(&self) -> usize {
        self.personalities_row() + 1
    }

    pub fn seed_row(&self) -> usize {
        self.length_row() + 1
    }

    /// Whether the scenario chosen has a seminar form.
    pub fn has_seminar_form(&self) -> bool {
        self.current().is_some_and(|s| s.raw().seminar.is_some())
    }

    pub fn pin_row(&self) -> usize {
        self.seed_row() + 1
    }

    pub fn start_row(&self) -> usize {
        self.pin_row() + 1
    }

    /// The facilitator's PIN and its length, when one was chosen (4 to 8 digits).
    pub fn pin(&self) -> Option<(u32, u8)> {
        let n = self.pin.len();
        if (4..=8).contains(&n) {
            self.pin.parse().ok().map(|p| (p, n as u8))
        } else {
            None
        }
    }

    /// Handle a key; a new session when the game starts.
    pub fn update(&mut self, key: Key) -> Option<Session> {
        let seats = self.players.len();
        match key {
            Key::Up | Key::BackTab => self.row = self.row.saturating_sub(1),
            Key::Down | Key::Tab => self.row = (self.row + 1).min(self.start_row()),
            Key::Left | Key::Right => {
                let forward = key == Key::Right;
                if self.row == 0 && !self.scenarios.is_empty() {
                    let n = self.scenarios.len();
                    self.scenario = if forward {
                        (self.scenario + 1) % n
                    } else {
                        (self.scenario + n - 1) % n
                    };
                    self.reset_seats();
                    if !self.has_seminar_form() {
                        self.length = crate::scenario::Length::Full;
                    }
                } else if (1..=seats).contains(&self.row) {
                    let c = &mut self.players[self.row - 1];
                    *c = if forward { c.next() } else { c.previous() };
                } else if self.row == self.personalities_row() {
                    self.personalities = match self.personalities {
                        Personalities::Varied => Personalities::AsWritten,
                        Personalities::AsWritten => Personalities::Varied,
                    };
                } else if self.row == self.length_row() && self.has_seminar_form() {
                    use crate::scenario::Length;
                    self.length = match self.length {
                        Length::Full => Length::Seminar,
                        Length::Seminar => Length::Full,
                    };
                }
            }
            Key::Char(d) if self.row == self.seed_row() && d.is_ascii_digit() => {
                let digit = d as u64 - '0' as u64;
                self.seed = self
                    .seed
                    .checked_mul(10)
                    .and_then(|s| s.checked_add(digit))
                    .unwrap_or(self.seed);
            }
            Key::Backspace if self.row == self.seed_row() => self.seed /= 10,
            Key::Char(d)
                if self.row == self.pin_row() && d.is_ascii_digit() && self.pin.len() < 8 =>
            {
                self.pin.push(d)
            }
            Key::Backspace if self.row == self.pin_row() => {
                self.pin.pop();
            }
            Key::Enter | Key::Space => {
                if self.row == self.start_row() {
                    if !self.pin.is_empty() && self.pin().is_none() {
                        self.row = self.pin_row();
                        return None;
                    }
                    let scenario =
                        crate::scenario::with_length(Arc::clone(self.current()?), self.length)
                            .ok()?;
                    return Session::start(
                        scenario,
                        self.players.clone(),
                        self.seed,
                        self.personalities,
                    )
                    .ok();
                }
                if self.row <= self.length_row() {
                    return self.update(Key::Right);
                }
                self.row = self.start_row();
            }
            _ => {}
        }
        None
    }
}
