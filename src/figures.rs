//! Plain text tables for the command line (simulate, tournament, replay).

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

/// `rows` under `header` (none if empty) as text: no borders, two spaces
/// between columns, the first column (labels) left-aligned and the others
/// (figures) right-aligned. Widths count terminal cells, so wide characters
/// line up; every line ends in `\n`, without trailing spaces.
///
/// The layout never depends on the terminal (comfy-table is built without
/// its tty feature and told not to arrange content), so the text is the same
/// in a terminal, a pipe or a file.
pub fn figures(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut table = Table::new();
    table
        .load_style(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled);
    if !header.is_empty() {
        table.set_header(header.to_vec());
    }
    table.add_rows(rows);
    for (i, column) in table.column_iter_mut().enumerate() {
        if i == 0 {
            column.set_padding((0, 0));
        } else {
            column.set_padding((2, 0));
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut text = table.trim_fmt();
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_left_figures_right_two_spaces_apart() {
        let text = figures(
            &["bot", "games", "win rate"],
            [
                vec!["normal".into(), "10".into(), "40.0%".into()],
                vec!["hardliner".into(), "7".into(), "0.0%".into()],
            ],
        );
        assert_eq!(
            text,
            "bot        games  win rate\n\
             normal        10     40.0%\n\
             hardliner      7      0.0%\n"
        );
    }

    #[test]
    fn wide_characters_take_two_cells() {
        // "日本" is four cells wide in a terminal, though two characters.
        let text = figures(
            &[],
            [
                vec!["日本".into(), "1".into()],
                vec!["abcde".into(), "2".into()],
            ],
        );
        assert_eq!(text, "日本   1\nabcde  2\n");
    }
}
