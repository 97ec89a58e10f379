//! Content stage: where each language's text of a YAML field starts, so
//! that errors in Markdown inside YAML point at the right line and column.

use crate::model::{Localized, TextStart};
use crate::yaml::{Positions, Seg};

/// Where each language's text of the localized value at `path` starts
/// (`""` for a single text): past a block scalar's `|` or `>` line, with
/// the block's indentation.
pub(crate) fn localized_lines(
    text: &str,
    positions: &Positions,
    path: &[Seg],
    value: &Localized,
) -> Vec<TextStart> {
    let start_at = |lang: &str, path: &[Seg]| {
        let pos = positions.value(path);
        let line = text.lines().nth(pos.line.saturating_sub(1)).unwrap_or("");
        let rest: String = line.chars().skip(pos.col.saturating_sub(1)).collect();
        let rest = rest.trim_start_matches(['"', '\'']);
        if rest.starts_with('|') || rest.starts_with('>') {
            let next = text.lines().nth(pos.line).unwrap_or("");
            TextStart {
                lang: lang.to_string(),
                line: pos.line + 1,
                indent: next.len() - next.trim_start().len(),
            }
        } else {
            let quoted = line
                .chars()
                .nth(pos.col.saturating_sub(1))
                .is_some_and(|c| c == '"' || c == '\'');
            TextStart {
                lang: lang.to_string(),
                line: pos.line,
                indent: pos.col.saturating_sub(1) + usize::from(quoted),
            }
        }
    };
    if value.is_one() {
        let mut p = path.to_vec();
        if value.written_in().is_some() {
            p.push(Seg::Key("text"));
        }
        return vec![start_at("", &p)];
    }
    value
        .keys()
        .map(|lang| {
            let mut p = path.to_vec();
            p.push(Seg::Key(lang));
            start_at(lang, &p)
        })
        .collect()
}
