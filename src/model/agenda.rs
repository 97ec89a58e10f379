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
