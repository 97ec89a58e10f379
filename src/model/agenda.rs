//! Model stage: the agenda — days, sessions and their kinds.

use jiff::civil::{Date, Time};

use super::Localized;

#[derive(Debug, Clone, Default)]
pub struct Agenda {
    pub days: Vec<Day>,
}

#[derive(Debug, Clone)]
pub struct Day {
    pub date: Date,
    pub title: Option<Localized>,
    pub sessions: Vec<Session>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionKind {
    Ceremony,
    Keynote,
    Talk,
    Panel,
    Workshop,
    Break,
    Networking,
    Other,
}

impl SessionKind {
    pub const ALL: [SessionKind; 8] = [
        SessionKind::Ceremony,
        SessionKind::Keynote,
        SessionKind::Talk,
        SessionKind::Panel,
        SessionKind::Workshop,
        SessionKind::Break,
        SessionKind::Networking,
        SessionKind::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SessionKind::Ceremony => "ceremony",
            SessionKind::Keynote => "keynote",
            SessionKind::Talk => "talk",
            SessionKind::Panel => "panel",
            SessionKind::Workshop => "workshop",
            SessionKind::Break => "break",
            SessionKind::Networking => "networking",
            SessionKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    pub start: Time,
    pub end: Time,
    pub kind: SessionKind,
    pub title: Localized,
    pub room: Option<Localized>,
    pub speakers: Vec<String>,
    pub moderators: Vec<String>,
    pub presentations: Vec<String>,
    /// Markdown.
    pub description: Option<Localized>,
    /// Where each language's description starts in agenda.yaml (`""` for one
    /// text for every language), for the line numbers of its errors.
    pub description_lines: Vec<TextStart>,
    pub stream: bool,
    /// `recording:` (an extension): the video of the session.
    pub recording: Option<super::Recording>,
}

/// Where a language's text of a YAML field starts: its line, and the
/// columns before it on each line (the indentation of a block scalar).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextStart {
    /// The language, `""` for one text for every language.
    pub lang: String,
    pub line: usize,
    pub indent: usize,
}

/// Where the text of language `lang` starts (see `description_lines`).
pub fn start_of(starts: &[TextStart], lang: &str) -> (usize, usize) {
    starts
        .iter()
        .find(|t| t.lang == lang)
        .or_else(|| starts.iter().find(|t| t.lang.is_empty()))
        .map_or((1, 0), |t| (t.line, t.indent))
}

/// Calls `found(a, b)` for every pair of `items` whose spans overlap, `a`
/// before `b` in the list, by one sweep: `items` must be sorted by the start
/// of their `span` (start, end), so that each item is compared only with
/// those that start before it ends — linear in the items when overlaps are
/// few. Used for sessions in one room and for a person's sessions.
pub fn overlaps<T, P: Ord>(
    items: &[T],
    span: impl Fn(&T) -> (P, P),
    mut found: impl FnMut(&T, &T),
) {
    for (k, a) in items.iter().enumerate() {
        let end = span(a).1;
        for b in items[k + 1..].iter().take_while(|b| span(b).0 < end) {
            found(a, b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::overlaps;

    fn pairs(items: &[(u32, u32, &'static str)]) -> Vec<(&'static str, &'static str)> {
        let mut out = Vec::new();
        overlaps(items, |x| (x.0, x.1), |a, b| out.push((a.2, b.2)));
        out
    }

    #[test]
    fn the_sweep_finds_every_overlap_and_nothing_else() {
        // Touching spans (one ends when the next starts) do not overlap.
        assert_eq!(pairs(&[(9, 10, "a"), (10, 11, "b")]), []);
        // One long span overlaps everything that starts inside it.
        assert_eq!(
            pairs(&[
                (9, 12, "long"),
                (9, 10, "x"),
                (10, 11, "y"),
                (12, 13, "after")
            ]),
            [("long", "x"), ("long", "y")]
        );
        // Same start.
        assert_eq!(pairs(&[(9, 10, "a"), (9, 10, "b")]), [("a", "b")]);
        assert_eq!(pairs(&[]), []);
    }

    #[test]
    fn spans_can_carry_the_day() {
        // (day, time): a session on day 1 never overlaps one on day 2.
        let items = [((1, 9), (1, 18), "d1"), ((2, 8), (2, 10), "d2")];
        let mut out = Vec::new();
        overlaps(&items, |x| (x.0, x.1), |a, b| out.push((a.2, b.2)));
        assert!(out.is_empty());
    }
}
