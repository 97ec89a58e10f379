//! Model stage: the forum as plain data, with no I/O.
//!
//! Built by `content` from the files of a forum project, or by hand in tests.

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::{Date, Time};
use serde::Deserialize;

/// A value given once for every language, or per language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Localized {
    One(String),
    /// In the order written.
    Map(Vec<(String, String)>),
}

/// A localized value resolved for one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved<'a> {
    pub text: &'a str,
    /// The language the text is in.
    pub lang: &'a str,
    /// True when `lang` is not the language asked for.
    pub fallback: bool,
}

impl Localized {
    /// The text for `lang`, falling back to the languages in `order` (the
    /// forum's languages, default first).
    pub fn get<'a>(&'a self, lang: &'a str, order: &'a [String]) -> Resolved<'a> {
        match self {
            Localized::One(text) => Resolved {
                text,
                lang,
                fallback: false,
            },
            Localized::Map(map) => {
                let find = |l: &str| map.iter().find(|(k, _)| k == l).map(|(_, v)| v.as_str());
                if let Some(text) = find(lang) {
                    return Resolved {
                        text,
                        lang,
                        fallback: false,
                    };
                }
                order
                    .iter()
                    .find_map(|l| find(l).map(|text| (l.as_str(), text)))
                    .or_else(|| map.first().map(|(l, t)| (l.as_str(), t.as_str())))
                    .map_or(
                        Resolved {
                            text: "",
                            lang,
                            fallback: false,
                        },
                        |(l, text)| Resolved {
                            text,
                            lang: l,
                            fallback: true,
                        },
                    )
            }
        }
    }

    /// The language keys written in a map.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        let keys: &[(String, String)] = match self {
            Localized::One(_) => &[],
            Localized::Map(m) => m,
        };
        keys.iter().map(|(k, _)| k.as_str())
    }

    /// Replaces (or adds) the text for one language.
    pub fn set(&mut self, lang: &str, text: String, default_lang: &str) {
        match self {
            Localized::One(all) => {
                if lang == default_lang {
                    *all = text;
                } else {
                    *self = Localized::Map(vec![
                        (default_lang.to_string(), all.clone()),
                        (lang.to_string(), text),
                    ]);
                }
            }
            Localized::Map(map) => match map.iter_mut().find(|(k, _)| k == lang) {
                Some(entry) => entry.1 = text,
                None => map.push((lang.to_string(), text)),
            },
        }
    }
}

impl<'de> Deserialize<'de> for Localized {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Localized;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a text, or a map from language code to text like {en: \"…\", es: \"…\"}",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Localized, E> {
                Ok(Localized::One(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Localized, E> {
                Ok(Localized::One(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Localized, E> {
                Ok(Localized::One(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Localized, E> {
                Ok(Localized::One(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Localized, A::Error> {
                let mut map = Vec::new();
                while let Some((k, v)) = a.next_entry::<String, String>()? {
                    map.push((k, v));
                }
                Ok(Localized::Map(map))
            }
        }
        d.deserialize_any(V)
    }
}

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
    asset_sizes: std::collections::HashMap<String, u64>,
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
        for a in &f.assets {
            ix.asset_sizes.insert(a.path.clone(), a.size);
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
        self.index().asset_sizes.get(path).copied()
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

#[derive(Debug, Clone)]
pub struct Speaker {
    pub id: String,
    pub name: String,
    pub honorific: Option<Localized>,
    pub position: Option<Localized>,
    pub organization: Option<Localized>,
    pub economy: Option<String>,
    pub gender: Option<Gender>,
    /// Relative to the project.
    pub photo: Option<String>,
    pub links: Vec<Link>,
    /// Markdown biography per language, default language first.
    pub bio: Vec<Body>,
}

/// A Markdown text in one language, with where it came from.
#[derive(Debug, Clone)]
pub struct Body {
    pub lang: String,
    /// Relative to the project.
    pub file: PathBuf,
    /// The 1-based line of the body's first line in `file`.
    pub first_line: usize,
    pub markdown: String,
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
    pub label: String,
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
}

/// Which collection a document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    Page,
    Report,
}

/// A page or a report document: one slug, one version per language.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: DocKind,
    pub slug: String,
    /// Default language first, if it exists.
    pub versions: Vec<DocVersion>,
}

#[derive(Debug, Clone)]
pub struct DocVersion {
    pub title: String,
    pub weight: i64,
    pub menu: bool,
    pub handout: bool,
    pub body: Body,
}

impl Document {
    /// The version for `lang`, or the fallback one and whether it is a fallback.
    pub fn version<'a>(&'a self, lang: &str, order: &[String]) -> (&'a DocVersion, bool) {
        if let Some(v) = self.versions.iter().find(|v| v.body.lang == lang) {
            return (v, false);
        }
        let v = order
            .iter()
            .find_map(|l| self.versions.iter().find(|v| &v.body.lang == l))
            .unwrap_or(&self.versions[0]);
        (v, true)
    }

    /// The default-language version's settings (weight, menu, handout).
    pub fn main(&self) -> &DocVersion {
        &self.versions[0]
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
}

/// A map from item to anything, ordered for stable output.
pub type ById<T> = BTreeMap<String, T>;

#[cfg(test)]
mod tests {
    use super::*;

    fn langs() -> Vec<String> {
        vec!["es".into(), "en".into()]
    }

    #[test]
    fn one_string_serves_every_language() {
        let l = Localized::One("Lima".into());
        let r = l.get("en", &[]);
        assert_eq!((r.text, r.fallback), ("Lima", false));
    }

    #[test]
    fn missing_language_falls_back_to_the_default_not_to_english() {
        let l = Localized::Map(vec![
            ("en".into(), "Opening".into()),
            ("es".into(), "Apertura".into()),
        ]);
        let order = langs();
        let r = l.get("fr", &order);
        assert_eq!((r.text, r.lang, r.fallback), ("Apertura", "es", true));
        let r = l.get("en", &order);
        assert_eq!((r.text, r.fallback), ("Opening", false));
    }

    #[test]
    fn set_turns_one_string_into_a_map() {
        let mut l = Localized::One("Director".into());
        l.set("es", "Directora".into(), "en");
        assert_eq!(l.get("es", &[]).text, "Directora");
        assert_eq!(l.get("en", &[]).text, "Director");
    }
}
