//! Model stage: the forum as plain data, with no I/O.
//!
//! Built by `content` from the files of a forum project, or by hand in tests.
//! The parts live in submodules (agenda, people, documents, localized);
//! this file holds the forum itself, its index and configuration.

mod agenda;
mod documents;
mod localized;
mod people;

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Deserialize;

pub use agenda::{Agenda, Day, Session, SessionKind, TextStart, overlaps, start_of};
pub use documents::{DocKind, DocVersion, Document, Publication, Status};
pub use localized::{Localized, Resolved};
pub use people::{Body, Gender, Link, Presentation, Speaker};

#[derive(Debug, Clone)]
pub struct Forum {
    pub config: Config,
    pub agenda: Agenda,
    pub speakers: Vec<Speaker>,
    pub presentations: Vec<Presentation>,
    pub pages: Vec<Document>,
    pub reports: Vec<Document>,
    pub participation: Option<Participation>,
    /// Files under `files/` and `images/`, relative to the project.
    pub assets: Vec<Asset>,
    /// Look-ups by id, made on first use (the forum does not change after
    /// loading). Leave it `Default::default()` when building a forum by hand.
    pub index: std::sync::OnceLock<Index>,
}

/// Ids to positions in a [`Forum`], so that rendering N pages that each
/// look up speakers and sessions stays linear in N.
#[derive(Debug, Clone, Default)]
pub struct Index {
    speakers: std::collections::HashMap<String, usize>,
    presentations: std::collections::HashMap<String, usize>,
    /// Speaker id → the (day, session) positions where they speak or moderate.
    sessions_of: std::collections::HashMap<String, Vec<(usize, usize)>>,
    /// Speaker id → the presentations they give.
    presentations_of: std::collections::HashMap<String, Vec<usize>>,
    /// Presentation id → the first session that lists it.
    session_of: std::collections::HashMap<String, (usize, usize)>,
    /// Asset path → its position in `assets`.
    assets: std::collections::HashMap<String, usize>,
}

impl Index {
    fn build(f: &Forum) -> Index {
        let mut ix = Index::default();
        for (i, s) in f.speakers.iter().enumerate() {
            ix.speakers.entry(s.id.clone()).or_insert(i);
        }
        for (i, p) in f.presentations.iter().enumerate() {
            ix.presentations.entry(p.id.clone()).or_insert(i);
            for sp in &p.speakers {
                ix.presentations_of.entry(sp.clone()).or_default().push(i);
            }
        }
        for (di, d) in f.agenda.days.iter().enumerate() {
            for (si, s) in d.sessions.iter().enumerate() {
                let mut people: Vec<&String> = s.speakers.iter().chain(&s.moderators).collect();
                people.dedup();
                for id in people {
                    let list = ix.sessions_of.entry(id.clone()).or_default();
                    if list.last() != Some(&(di, si)) {
                        list.push((di, si));
                    }
                }
                for p in &s.presentations {
                    ix.session_of.entry(p.clone()).or_insert((di, si));
                }
            }
        }
        for (i, a) in f.assets.iter().enumerate() {
            ix.assets.entry(a.path.clone()).or_insert(i);
        }
        ix
    }
}

impl Forum {
    pub fn default_lang(&self) -> &str {
        &self.config.languages[0]
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::build(self))
    }

    pub fn speaker(&self, id: &str) -> Option<&Speaker> {
        self.index().speakers.get(id).map(|i| &self.speakers[*i])
    }

    pub fn presentation(&self, id: &str) -> Option<&Presentation> {
        self.index()
            .presentations
            .get(id)
            .map(|i| &self.presentations[*i])
    }

    /// The sessions where the speaker `id` speaks or moderates, in agenda order.
    pub fn sessions_of(&self, id: &str) -> impl Iterator<Item = (&Day, &Session)> {
        self.index()
            .sessions_of
            .get(id)
            .into_iter()
            .flatten()
            .map(|(d, s)| (&self.agenda.days[*d], &self.agenda.days[*d].sessions[*s]))
    }

    /// The presentations the speaker `id` gives.
    pub fn presentations_of(&self, id: &str) -> impl Iterator<Item = &Presentation> {
        self.index()
            .presentations_of
            .get(id)
            .into_iter()
            .flatten()
            .map(|i| &self.presentations[*i])
    }

    /// The first session that lists the presentation `id`.
    pub fn session_of(&self, presentation: &str) -> Option<(&Day, &Session)> {
        self.index()
            .session_of
            .get(presentation)
            .map(|(d, s)| (&self.agenda.days[*d], &self.agenda.days[*d].sessions[*s]))
    }

    /// The size of a copied file, by its project path.
    pub fn asset_size(&self, path: &str) -> Option<u64> {
        self.asset(path).map(|a| a.size)
    }

    /// The forum's file or image at `path` (`images/ana.jpg`).
    pub fn asset(&self, path: &str) -> Option<&Asset> {
        self.index().assets.get(path).map(|i| &self.assets[*i])
    }

    pub fn sessions(&self) -> impl Iterator<Item = (&Day, &Session)> {
        self.agenda
            .days
            .iter()
            .flat_map(|d| d.sessions.iter().map(move |s| (d, s)))
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub title: Localized,
    pub short_title: Option<Localized>,
    pub tagline: Option<Localized>,
    /// Default language first.
    pub languages: Vec<String>,
    pub start: Date,
    pub end: Date,
    pub timezone: String,
    pub venue: Venue,
    /// Always ends with `/`.
    pub base_url: String,
    pub organizers: Vec<Organizer>,
    pub project: Option<Project>,
    pub livestream: Option<Livestream>,
    pub contact: Option<Contact>,
    pub theme: Option<String>,
    pub markdown: MarkdownOptions,
    /// `paper:`, `handout:` and `print:` (the PDFs).
    pub print: PrintConfig,
}

/// How the PDFs are printed.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintConfig {
    pub paper: Paper,
    /// The handout's parts, in order.
    pub handout: Vec<HandoutPart>,
    /// Bleed around each page for a print shop, in millimetres (0: none,
    /// and no crop marks).
    pub bleed_mm: f64,
}

impl Default for PrintConfig {
    fn default() -> Self {
        PrintConfig {
            paper: Paper::A4,
            handout: HandoutPart::ALL.to_vec(),
            bleed_mm: 0.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    pub fn parse(s: &str) -> Option<Paper> {
        match s {
            "a4" => Some(Paper::A4),
            "letter" => Some(Paper::Letter),
            _ => None,
        }
    }
}

/// A part of the handout after its cover, contents and agenda at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandoutPart {
    Agenda,
    Speakers,
    Presentations,
    Pages,
    Report,
}

impl HandoutPart {
    /// The default order.
    pub const ALL: [HandoutPart; 5] = [
        HandoutPart::Agenda,
        HandoutPart::Speakers,
        HandoutPart::Presentations,
        HandoutPart::Pages,
        HandoutPart::Report,
    ];

    pub fn parse(s: &str) -> Option<HandoutPart> {
        Some(match s {
            "agenda" => HandoutPart::Agenda,
            "speakers" => HandoutPart::Speakers,
            "presentations" => HandoutPart::Presentations,
            "pages" => HandoutPart::Pages,
            "report" => HandoutPart::Report,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Venue {
    pub name: Localized,
    pub address: String,
    pub city: String,
    pub country: String,
    pub map_url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Organizer {
    pub name: Localized,
    pub url: Option<String>,
    /// Relative to the project, under `images/`.
    pub logo: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Project {
    pub number: Option<String>,
    pub fund: Option<Localized>,
    pub sponsor: Option<Localized>,
}

#[derive(Debug, Clone)]
pub struct Livestream {
    pub url: String,
    pub note: Option<Localized>,
}

#[derive(Debug, Clone)]
pub struct Contact {
    pub email: Option<String>,
    pub url: Option<String>,
}

/// `markdown:` in forum.yaml (an extension of the contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkdownOptions {
    pub smart_punctuation: bool,
    pub raw_html: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            smart_punctuation: false,
            raw_html: true,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Participation {
    pub women_speakers_percent: Option<f64>,
    pub women_participants_percent: Option<f64>,
    pub participants: Vec<EconomyCount>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EconomyCount {
    pub economy: String,
    #[serde(default)]
    pub women: u32,
    #[serde(default)]
    pub men: u32,
    #[serde(default)]
    pub other: u32,
    #[serde(default)]
    pub undisclosed: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetDir {
    Files,
    Images,
}

/// A file copied as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    pub dir: AssetDir,
    /// Relative to the project, `/`-separated, e.g. `files/slides 1.pdf`.
    pub path: String,
    pub size: u64,
    /// The bytes of an image that outputs inline (the handout's photos and
    /// logos, as `data:` URIs), read when the forum is loaded so that
    /// rendering reads no file; `None` for other files.
    pub inline: Option<std::sync::Arc<[u8]>>,
}

impl Asset {
    /// The MIME type of an image outputs can inline, from its extension.
    pub fn inline_mime(path: &str) -> Option<&'static str> {
        let ext = path.rsplit('.').next()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "svg" => "image/svg+xml",
            "png" => "image/png",
            "jpg" | "jpeg" => "image/jpeg",
            "gif" => "image/gif",
            "webp" => "image/webp",
            _ => return None,
        })
    }
}

/// A map from item to anything, ordered for stable output.
pub type ById<T> = BTreeMap<String, T>;
