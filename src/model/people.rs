//! Model stage: speakers and their presentations.

use std::path::PathBuf;

use serde::Deserialize;

use super::{Lang, Localized, TextStart};

#[derive(Debug, Clone)]
pub struct Speaker {
    pub id: String,
    pub name: String,
    pub honorific: Option<Localized>,
    pub position: Option<Localized>,
    pub organization: Option<Localized>,
    /// The economy's names in each language (from the table of economies
    /// when it names a known one).
    pub economy: Option<Localized>,
    pub gender: Option<Gender>,
    /// Relative to the project.
    pub photo: Option<String>,
    pub links: Vec<Link>,
    /// Markdown biography per language, default language first.
    pub bio: Vec<Body>,
}

impl Speaker {
    /// The biography for `lang`, or the one its fallback order finds (the
    /// first written when none does), and whether it is a fallback.
    pub fn bio(&self, lang: &Lang) -> (&Body, bool) {
        if let Some(b) = self.bio.iter().find(|b| lang.is(&b.lang)) {
            return (b, false);
        }
        let b = lang
            .chain()
            .find_map(|l| self.bio.iter().find(|b| b.lang == l))
            .unwrap_or(&self.bio[0]);
        (b, true)
    }
}

/// A Markdown text in one language, with where it came from.
#[derive(Debug, Clone)]
pub struct Body {
    pub lang: String,
    /// Relative to the project.
    pub file: PathBuf,
    /// The 1-based line of the body's first line in `file`.
    pub first_line: usize,
    /// Shared with the copy of the file kept for error messages.
    pub markdown: super::Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Gender {
    Female,
    Male,
    Other,
    Undisclosed,
}

impl Gender {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "female" => Some(Gender::Female),
            "male" => Some(Gender::Male),
            "other" => Some(Gender::Other),
            "undisclosed" => Some(Gender::Undisclosed),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub label: Localized,
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct Presentation {
    pub id: String,
    pub title: Localized,
    pub speakers: Vec<String>,
    pub language: Option<String>,
    /// Relative to the project, under `files/`.
    pub file: Option<String>,
    pub slides_url: Option<String>,
    pub video_url: Option<String>,
    pub summary: Option<Localized>,
    /// Where each language's summary starts in presentations.yaml.
    pub summary_lines: Vec<TextStart>,
    /// `recording:` (an extension): the video of the presentation.
    pub recording: Option<super::Recording>,
}
