//! Model stage: the forum as plain data, with no I/O.
//!
//! Built by `content` from the files of a forum project, or by hand in tests.
//! The parts live in submodules (agenda, people, documents, localized);
//! this file holds the forum itself, its index and configuration.

mod agenda;
mod documents;
pub mod economies;
mod lang;
mod localized;
mod participation;
mod people;
mod print;
mod recording;
pub mod text;

use std::collections::BTreeMap;

use jiff::civil::Date;

pub use agenda::{Agenda, Day, Session, SessionKind, TextStart, overlaps, start_of};
pub use documents::{Change, DocKind, DocVersion, Document, Publication, Status};
pub use lang::{LAST_RESORT, Lang, check_code, check_variant};
pub use localized::{Localized, Resolved};
pub use participation::{EconomyCount, EconomyGroup, Expected, Participation};
pub use people::{Body, Gender, Link, Presentation, Speaker};
pub use print::{HandoutPart, Paper, PrintConfig};
pub use recording::{Caption, Recording};
pub use text::{FileText, Text};

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
    /// The forum's default language (the first of `languages`).
    pub fn default_lang(&self) -> &Lang {
        &self.config.languages[0]
    }

    /// The forum's language whose code is `code`.
    pub fn lang(&self, code: &str) -> Option<&Lang> {
        self.config.languages.iter().find(|l| l.as_str() == code)
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
    /// Default language first, each with its variant (`variants:` in
    /// forum.yaml) and fallback order.
    pub languages: Vec<Lang>,
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
    /// `surveys:` (an extension): links to the participants' surveys.
    pub surveys: Surveys,
    /// How people name the time zone's place ("Lima"); by default the
    /// city of the IANA name.
    pub timezone_city: Option<Localized>,
    /// `economies:` — names the forum adds or overrides, by code or name.
    pub economies: BTreeMap<String, Localized>,
    /// `publish:` in forum.yaml: where `foro publish NAME` uploads the site.
    pub publish: BTreeMap<String, PublishTarget>,
    /// `paper:`, `handout:` and `print:` (the PDFs).
    pub print: PrintConfig,
}

/// One named entry of `publish:` in forum.yaml. It never holds a password
/// or a key: `foro publish` authenticates with `--identity` or ssh-agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishTarget {
    /// `sftp://USER@HOST[:PORT]/PATH` or `file:///PATH`, checked when loaded.
    pub url: String,
    /// Refuse a publish that would delete more files (default 100).
    pub max_deletes: Option<usize>,
}

/// The opening and closing surveys of the forum, a URL for every language
/// or one per language.
#[derive(Debug, Clone, Default)]
pub struct Surveys {
    pub opening: Option<Localized>,
    pub closing: Option<Localized>,
}

impl Surveys {
    pub fn is_empty(&self) -> bool {
        self.opening.is_none() && self.closing.is_none()
    }
}

#[derive(Debug, Clone)]
pub struct Venue {
    pub name: Localized,
    pub address: Localized,
    pub city: Localized,
    /// The economy's or country's name in each language.
    pub country: Localized,
    pub map_url: Option<String>,
    /// Latitude and longitude, for calendars.
    pub geo: Option<(f64, f64)>,
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
    /// The file as checked when the forum was loaded: every copy reads it
    /// through this check, so a file swapped afterwards is never followed.
    pub source: crate::safe_path::SourceFile,
    /// The bytes of an image that outputs inline (the handout's photos and
    /// logos, as `data:` URIs), read when the forum is loaded so that
    /// rendering reads no file; `None` for other files.
    pub inline: Option<std::sync::Arc<[u8]>>,
}

impl Asset {
    /// A `WebVTT` captions file (`.vtt`), which the USB bundle inlines: a
    /// browser loads no caption track from another `file://` URL.
    pub fn is_captions(path: &str) -> bool {
        path.rsplit_once('.')
            .is_some_and(|(_, e)| e.eq_ignore_ascii_case("vtt"))
    }

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

// The one list of the forum's localized fields: the translation report
// counts and checks exactly these (the pages render each through the page
// scope's one accessor, which notes its fallbacks).

/// One localized value of the forum.
pub struct Field<'a> {
    /// The file it is written in, relative to the project.
    pub file: String,
    /// What it is ("title", "title of session `opening`", …).
    pub what: String,
    pub value: &'a Localized,
}

impl Forum {
    /// Every localized value of the forum, in file order.
    pub fn localized_fields(&self) -> Vec<Field<'_>> {
        fn add<'a>(out: &mut Vec<Field<'a>>, file: &str, what: String, v: Option<&'a Localized>) {
            if let Some(value) = v {
                out.push(Field {
                    file: file.to_string(),
                    what,
                    value,
                });
            }
        }
        let mut out = Vec::new();
        let c = &self.config;
        let forum = "forum.yaml";
        add(&mut out, forum, "title".into(), Some(&c.title));
        add(
            &mut out,
            forum,
            "short_title".into(),
            c.short_title.as_ref(),
        );
        add(&mut out, forum, "tagline".into(), c.tagline.as_ref());
        add(
            &mut out,
            forum,
            "timezone_city".into(),
            c.timezone_city.as_ref(),
        );
        add(&mut out, forum, "venue name".into(), Some(&c.venue.name));
        add(
            &mut out,
            forum,
            "venue address".into(),
            Some(&c.venue.address),
        );
        add(&mut out, forum, "venue city".into(), Some(&c.venue.city));
        add(
            &mut out,
            forum,
            "venue country".into(),
            Some(&c.venue.country),
        );
        for (i, o) in c.organizers.iter().enumerate() {
            add(
                &mut out,
                forum,
                format!("name of organizer {}", i + 1),
                Some(&o.name),
            );
        }
        if let Some(p) = &c.project {
            add(&mut out, forum, "project fund".into(), p.fund.as_ref());
            add(
                &mut out,
                forum,
                "project sponsor".into(),
                p.sponsor.as_ref(),
            );
        }
        if let Some(l) = &c.livestream {
            add(&mut out, forum, "livestream note".into(), l.note.as_ref());
        }
        for day in &self.agenda.days {
            let agenda = "agenda.yaml";
            add(
                &mut out,
                agenda,
                format!("title of day {}", day.date),
                day.title.as_ref(),
            );
            for s in &day.sessions {
                add(
                    &mut out,
                    agenda,
                    format!("title of session `{}`", s.id),
                    Some(&s.title),
                );
                add(
                    &mut out,
                    agenda,
                    format!("room of session `{}`", s.id),
                    s.room.as_ref(),
                );
                add(
                    &mut out,
                    agenda,
                    format!("description of session `{}`", s.id),
                    s.description.as_ref(),
                );
            }
        }
        for p in &self.presentations {
            let file = "presentations.yaml";
            add(
                &mut out,
                file,
                format!("title of presentation `{}`", p.id),
                Some(&p.title),
            );
            add(
                &mut out,
                file,
                format!("summary of presentation `{}`", p.id),
                p.summary.as_ref(),
            );
        }
        for s in &self.speakers {
            let file = format!("speakers/{}.md", s.id);
            add(&mut out, &file, "position".into(), s.position.as_ref());
            add(
                &mut out,
                &file,
                "organization".into(),
                s.organization.as_ref(),
            );
            add(&mut out, &file, "honorific".into(), s.honorific.as_ref());
            add(&mut out, &file, "economy".into(), s.economy.as_ref());
            for (i, l) in s.links.iter().enumerate() {
                add(
                    &mut out,
                    &file,
                    format!("label of link {}", i + 1),
                    Some(&l.label),
                );
            }
        }
        if let Some(p) = &self.participation {
            for e in &p.participants {
                add(
                    &mut out,
                    "participation.yaml",
                    format!("economy `{}`", e.economy),
                    e.name.as_ref(),
                );
            }
        }
        out
    }
}
