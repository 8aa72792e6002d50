//! `?`: what the current screen is and what every key does there.

use super::widgets::{centred, popup};
use crate::core::Phase;
use crate::tui::app::{App, Screen};
use crate::tui::keys;
use crate::tui::play::{Focus, Panel, Stage};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let about: &str = match &app.screen {
        Screen::Title { .. } => {
            "The title screen. Start a new game, continue a saved one, read how to play, or quit."
        }
        Screen::Setup(_) => {
            "Choose the scenario, who plays each seat (a human at this keyboard or an AI: easy, normal or hard), and the seed. The same seed, seats and scenario replay the same game."
        }
        Screen::HowToPlay { .. } => "The rules in brief.",
        Screen::Load(_) => {
            "Saved games, newest first: autosaves (the last three of each game), your slots, crash saves and what-if branches. Loading replays the game from its seed and checks that it reaches the saved state."
        }
        Screen::Game(session) => {
            // The aggressor's own screens explain its own moves.
            let aggressor = session.game().scenario().aggressor();
            let from_moscow = session.desk.viewer == Some(aggressor);
            match (
                &session.desk.stage,
                session.desk.panel,
                session.game().state().phase(),
            ) {
                (Stage::News(_), _, _) => "News every seat sees. Read it, then continue.",
                (Stage::Handover { .. }, _, _) => {
                    "Hot-seat hand-over. Nothing private is on screen. Pass the keyboard, and let the next seat's players press Enter when nobody else is looking."
                }
                (Stage::Briefing { .. }, _, _) => {
                    "Your private briefing: your aims, secret objectives, red lines and what you value in the treaty. Reopen it any time with b."
                }
                (Stage::Final { .. }, _, _) => {
                    "Final scores: each seat's points, which objectives were met and why, and the key moments of the game."
                }
                (_, Panel::Situation, _) => {
                    "The situation: the shared tracks, each seat's support and spending, the map of attacks and the tracks over time."
                }
                (_, Panel::Log, _) => "Every public event with its game time.",
                (Stage::Wait, _, _) if session.desk.viewer.is_some() => {
                    "Another seat is to move. Read the table, the situation and the log (Tab) or your briefing (b) meanwhile; your move comes to this screen when it is your turn."
                }
                (Stage::Wait, _, _) => {
                    "The game as every seat sees it: public information only. The seats move at their own terminals."
                }
                (Stage::Watch, _, _) => {
                    "Only AI seats are playing. Each Enter plays the next move; a starts or stops auto-play."
                }
                (_, _, Phase::Negotiation) if session.desk.focus == Focus::Draft => {
                    "Amending: pick a clause and an option, then Enter. One clause per turn; any change wipes every signature on the draft. Your points for each option are shown."
                }
                (_, _, Phase::Negotiation) if from_moscow => {
                    "The talks, from Moscow. You are not at the table, but you can signal your red lines, warn publicly against an option of the draft (the guarantors' publics take fright, and a treaty that keeps it enters into force in more tension; ⚠ counts your warnings), or open a back channel to one guarantor: a quiet deal its government gains by if the treaty leaves an option out. Only you and that guarantor know of it (✉), unless it comes to light when the treaty enters into force."
                }
                (_, _, Phase::Negotiation) => {
                    "The negotiation table. The draft clause by clause (Δ marks what the last change touched, your points in purple), where every seat stands, and your possible moves. ★ is your adviser's suggestion. The treaty enters into force when the signatures its framework requires are in."
                }
                (_, _, Phase::Crisis) if session.desk.focus == Focus::Package => {
                    "Build a package: tick responses with Space, then Enter proposes the package as ticked. T marks treaty instruments: faster to prepare, and the only ones pre-authorisation covers. Aim for a strength close to the attack's severity."
                }
                (_, _, Phase::Crisis) if from_moscow => {
                    "The crisis room, from Moscow. The guarantors' clock runs from your attack. Before they agree their answer you may press the attack (heavier, more harmful, a rung up the ladder) or step back and call for talks (lighter; an answer sized for your first blow may then look out of proportion), once; deny a deniable attack before it is attributed; or watch them and wait for a split. Near the top of the ladder a climb can spiral into war: the menu shows the risk."
                }
                (_, _, Phase::Crisis) => {
                    "The crisis room. The clock runs from the attack. Convene consultations, propose a package, back it with what you can provide, get your national vote if forces need one. Meet the clock in proportion to the attack."
                }
                _ => "Months pass. The aggressor decides whether and how to test the guarantee.",
            }
        }
    };
    let mut lines = vec![Line::raw(about), Line::raw("")];
    // Every key of the screen, from the same table as its handling and footer.
    for k in keys::help(&app.screen_keys()) {
        lines.push(Line::styled(format!("  {k}"), theme.key()));
    }
    lines.push(Line::raw(""));

    lines.push(Line::styled("Esc or ? closes this help.", theme.dim()));
    let height = (lines.len() as u16 + 6).min(area.height);
    popup(frame, centred(area, 70, height), " Help ", lines, theme);
}
