//! Render stage: the translation report — what each language shows in
//! another language, out of how many texts.

use crate::model::{DocKind, Forum, Lang};

/// One item that is shown in another language than the page's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fallback {
    /// The page's language.
    pub lang: Lang,
    /// The file the text comes from, relative to the project.
    pub file: String,
    /// What falls back: `biography`, `title of session opening`, …
    pub what: String,
    /// The language shown instead.
    pub shown: String,
}

/// Everything that falls back to another language, per language.
pub fn fallbacks(forum: &Forum) -> Vec<Fallback> {
    translation(forum).fallbacks
}

/// The translation report: what falls back, out of how many texts.
#[derive(Debug, Clone, Default)]
pub struct Translation {
    pub fallbacks: Vec<Fallback>,
    /// Texts a language other than the default one should have.
    pub items: usize,
}

impl Translation {
    /// The share of texts a language has in its own words, in percent.
    pub fn coverage(&self, lang: &str) -> f64 {
        if self.items == 0 {
            return 100.0;
        }
        let missing = self.fallbacks.iter().filter(|f| f.lang == lang).count();
        #[allow(
            clippy::cast_precision_loss,
            reason = "counts of texts are far below 2^52"
        )]
        let share = (self.items - missing.min(self.items)) as f64 * 100.0 / self.items as f64;
        share
    }
}

/// Everything that falls back to another language, and how many texts there are.
pub fn translation(forum: &Forum) -> Translation {
    let order = &forum.config.languages;
    let items = std::cell::Cell::new(0usize);
    let mut out = Vec::new();
    for lang in &order[1..] {
        // The model's one list of localized fields.
        for f in forum.localized_fields() {
            if lang == &order[1] {
                items.set(items.get() + 1);
            }
            let r = f.value.get(lang);
            if r.fallback {
                out.push(Fallback {
                    lang: lang.clone(),
                    file: f.file,
                    what: f.what,
                    shown: r.lang.to_string(),
                });
            }
        }
        if lang == &order[1] {
            items.set(items.get() + forum.speakers.len() + forum.pages.len() + forum.reports.len());
        }
        for s in &forum.speakers {
            let file = format!("speakers/{}.md", s.id);
            if s.bio(lang).1 && s.bio.iter().any(|b| !b.markdown.is_blank()) {
                out.push(Fallback {
                    lang: lang.clone(),
                    file: file.clone(),
                    what: "biography".into(),
                    shown: s.bio(lang).0.lang.clone(),
                });
            }
        }
        for d in forum.pages.iter().chain(&forum.reports) {
            let (v, fell) = d.version(lang);
            if fell {
                let dir = if d.kind == DocKind::Page {
                    "pages"
                } else {
                    "report"
                };
                out.push(Fallback {
                    lang: lang.clone(),
                    file: format!("{dir}/{}.md", d.slug),
                    what: "the whole text".into(),
                    shown: v.body.lang.clone(),
                });
            }
        }
    }
    Translation {
        fallbacks: out,
        items: items.get(),
    }
}
