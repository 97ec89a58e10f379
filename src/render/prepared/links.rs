//! Render stage: how Markdown links to project source files find the
//! forum's items ([`ForumLinks`]).

use std::path::Path;

use crate::i18n::I18n;
use crate::markdown::SourceLinks;
use crate::model::Forum;
use crate::urls::Target;

/// Resolves links to project source files against the forum's items.
pub struct ForumLinks<'a> {
    pub forum: &'a Forum,
    /// When the forum was loaded with errors, a source file that exists is
    /// taken as a valid target (its own error is reported already).
    pub project: Option<&'a Path>,
    /// The theme's strings, for the labels of rendered Markdown.
    pub i18n: &'a I18n,
}

impl SourceLinks for ForumLinks<'_> {
    fn label(&self, lang: &str, key: &str, n: usize) -> String {
        let f = self.forum;
        let lang = f.lang(lang).unwrap_or_else(|| f.default_lang());
        self.i18n.fill(lang, key, &[("n", &n.to_string())])
    }

    fn resolve(&self, path: &str, lang: &str) -> Option<String> {
        let f = self.forum;
        let l = lang.to_string();
        let target = match path {
            "forum.yaml" => Some(Target::Home(l.clone())),
            "agenda.yaml" => Some(Target::Agenda(l.clone())),
            "presentations.yaml" => Some(Target::Presentations(l.clone())),
            "participation.yaml" => f
                .participation
                .as_ref()
                .map(|_| Target::Participation(l.clone())),
            _ => None,
        };
        if let Some(t) = target {
            return Some(t.path());
        }
        if path.starts_with("files/") || path.starts_with("images/") {
            return f
                .assets
                .iter()
                .any(|a| a.path == path)
                .then(|| path.to_string());
        }
        let (dir, name) = path.split_once('/')?;
        let id = name.strip_suffix(".md")?.split('.').next()?;
        let target = match dir {
            "speakers" => f.speaker(id).map(|_| Target::Speaker(l, id.to_string())),
            "pages" => f
                .pages
                .iter()
                .any(|d| d.slug == id)
                .then(|| Target::Page(l, id.to_string())),
            "report" => f
                .reports
                .iter()
                .any(|d| d.slug == id)
                .then(|| Target::Report(l, id.to_string())),
            _ => None,
        };
        let on_disk = || self.project.is_some_and(|p| p.join(path).is_file());
        match (target, dir) {
            (Some(t), _) => Some(t.path()),
            (None, "speakers") if on_disk() => {
                Some(Target::Speaker(lang.to_string(), id.to_string()).path())
            }
            (None, "pages") if on_disk() => {
                Some(Target::Page(lang.to_string(), id.to_string()).path())
            }
            (None, "report") if on_disk() => {
                Some(Target::Report(lang.to_string(), id.to_string()).path())
            }
            _ => None,
        }
    }
}
