//! Render stage: the pages of the site, one module per page family, each a
//! function from a [`PageScope`] to the page's HTML.
//!
//! The scope holds what every page builder needs (context, target, link
//! style, language) and the typed accessors that turn model values into
//! template values for that page: localized texts, links, people, rendered
//! Markdown. The views shared by several pages and by the handout
//! ([`Card`], [`SessionCtx`], [`Material`], [`Link`]) live here too.

pub mod agenda;
pub mod chooser;
pub mod documents;
pub mod error;
pub mod home;
pub mod presentations;
pub mod speakers;
pub mod surveys;

use serde::Serialize;

pub use super::context::NavItem;
use super::context::PageCtx;
use super::format::{asset_size, file_type, initials};
use super::{Context, Txt};
use crate::i18n::I18n;
use crate::model::{Localized, Presentation, Session, Speaker};
use crate::urls::{self, LinkStyle, Target};

/// What a page builder renders from: one page of one output.
#[derive(Clone, Copy)]
pub struct PageScope<'a> {
    pub ctx: &'a Context<'a>,
    pub target: &'a Target,
    pub style: &'a LinkStyle,
    /// The page's language (the default language for pages without one).
    pub lang: &'a str,
}

impl<'a> PageScope<'a> {
    pub fn new(ctx: &'a Context<'a>, target: &'a Target, style: &'a LinkStyle) -> PageScope<'a> {
        let lang = target.lang().unwrap_or_else(|| ctx.forum.default_lang());
        PageScope {
            ctx,
            target,
            style,
            lang,
        }
    }

    /// The language order of the forum, for fallbacks.
    pub fn order(&self) -> &'a [String] {
        &self.ctx.forum.config.languages
    }

    /// The output path of the page.
    pub fn from(&self) -> String {
        self.target.path()
    }

    /// The common part of the page's template context.
    pub fn page(&self, title: &str, description: Option<&str>, fallback: Option<&str>) -> PageCtx {
        PageCtx::new(
            self.ctx,
            self.target,
            self.style,
            title,
            description,
            fallback,
        )
    }

    /// A localized text in the page's language.
    pub fn txt(&self, l: &Localized) -> Txt {
        Txt::new(l, self.lang, self.order())
    }

    pub fn opt(&self, l: Option<&Localized>) -> Option<Txt> {
        Txt::opt(l, self.lang, self.order())
    }

    /// A translated interface string.
    pub fn t(&self, key: &'a str) -> &'a str {
        self.ctx.i18n.t(self.lang, key)
    }

    /// The link from this page to another page.
    pub fn link(&self, to: &Target) -> String {
        urls::link(&self.from(), &to.path(), self.style)
    }

    /// The link from this page to a fragment of another page.
    pub fn link_to(&self, to: &Target, fragment: &str) -> String {
        urls::link_to(&self.from(), &to.path(), Some(fragment), self.style)
    }

    /// The link from this page to one of the forum's files or images.
    pub fn file(&self, path: &str) -> String {
        urls::link(&self.from(), path, self.style)
    }

    /// Links to the pages of the speakers `ids` (unknown ids are skipped).
    pub fn people(&self, ids: &[String]) -> Vec<Link> {
        ids.iter()
            .filter_map(|id| self.ctx.forum.speaker(id))
            .map(|s| Link {
                href: self.link(&Target::Speaker(self.lang.to_string(), s.id.clone())),
                label: s.name.clone(),
            })
            .collect()
    }

    /// A session of the agenda, with its people and materials.
    pub fn session(&self, s: &Session) -> SessionCtx {
        let f = self.ctx.forum;
        SessionCtx {
            id: s.id.clone(),
            start: I18n::time(s.start),
            end: I18n::time(s.end),
            kind: s.kind.name(),
            kind_label: self.ctx.i18n.kind_label(self.lang, s.kind),
            title: self.txt(&s.title),
            room: self.opt(s.room.as_ref()),
            speakers: self.people(&s.speakers),
            moderators: self.people(&s.moderators),
            materials: s
                .presentations
                .iter()
                .filter_map(|id| f.presentation(id))
                .map(|p| self.material(p))
                .collect(),
            description: self.description(&s.id),
            stream: s.stream && f.config.livestream.is_some(),
        }
    }

    /// A speaker's biography, rendered, in the page's language.
    pub fn bio(&self, id: &str) -> Option<&'a str> {
        let key = (id.to_string(), self.lang.to_string());
        self.ctx.prepared.bios.get(&key).map(|r| r.html.as_str())
    }

    /// A session's description, rendered.
    pub fn description(&self, id: &str) -> Option<String> {
        let key = (id.to_string(), self.lang.to_string());
        self.ctx
            .prepared
            .descriptions
            .get(&key)
            .map(|r| r.html.clone())
    }

    /// A presentation's summary, rendered.
    pub fn summary(&self, id: &str) -> Option<String> {
        let key = (id.to_string(), self.lang.to_string());
        self.ctx
            .prepared
            .summaries
            .get(&key)
            .map(|r| r.html.clone())
    }

    /// A speaker's card, linking to their page and photo.
    pub fn card(&self, s: &Speaker) -> Card {
        Card {
            id: s.id.clone(),
            href: self.link(&Target::Speaker(self.lang.to_string(), s.id.clone())),
            name: s.name.clone(),
            honorific: self.opt(s.honorific.as_ref()),
            position: self.opt(s.position.as_ref()),
            organization: self.opt(s.organization.as_ref()),
            economy: s.economy.clone(),
            photo: s.photo.as_deref().map(|p| self.file(p)),
            photo_alt: self
                .ctx
                .i18n
                .fill(self.lang, "photo_of", &[("name", &s.name)]),
            initials: initials(&s.name),
        }
    }

    /// A presentation as a downloadable item.
    pub fn material(&self, p: &Presentation) -> Material {
        let (href, detail) = match (&p.file, &p.slides_url) {
            (Some(file), _) => (
                Some(self.file(file)),
                format!(
                    "{}, {}",
                    file_type(file),
                    asset_size(self.ctx.forum, file, self.ctx.i18n, self.lang)
                ),
            ),
            (None, Some(url)) => (Some(url.clone()), self.t("slides").to_string()),
            (None, None) => (None, String::new()),
        };
        Material {
            title: self.txt(&p.title),
            href,
            detail,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub href: String,
    pub label: String,
}

#[derive(Clone, Serialize)]
/// A session as the agenda page and the handout show it.
pub struct SessionCtx {
    pub id: String,
    pub start: String,
    pub end: String,
    pub kind: &'static str,
    pub kind_label: String,
    pub title: Txt,
    pub room: Option<Txt>,
    pub speakers: Vec<Link>,
    pub moderators: Vec<Link>,
    pub materials: Vec<Material>,
    pub description: Option<String>,
    pub stream: bool,
}

/// A speaker as the speakers page, a speaker's page and the handout show
/// them.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub id: String,
    pub href: String,
    pub name: String,
    pub honorific: Option<Txt>,
    pub position: Option<Txt>,
    pub organization: Option<Txt>,
    pub economy: Option<String>,
    pub photo: Option<String>,
    pub photo_alt: String,
    pub initials: String,
}

/// A presentation to download.
#[derive(Debug, Clone, Serialize)]
pub struct Material {
    pub title: Txt,
    pub href: Option<String>,
    pub detail: String,
}
