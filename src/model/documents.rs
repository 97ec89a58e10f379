//! Model stage: pages and report documents.

use super::{Body, Lang};

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
    /// `version`, `date` and `status` (report documents; printed on the
    /// report's PDF title page).
    pub publication: Publication,
}

/// A report document's publication details, from its front matter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Publication {
    pub version: Option<String>,
    pub date: Option<jiff::civil::Date>,
    pub status: Option<Status>,
    /// Who approved a final report (`approved_by`), in this file's language.
    pub approved_by: Option<String>,
    /// The change log (`changes`), as written.
    pub changes: Vec<Change>,
}

/// One entry of a report's change log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub version: String,
    pub date: jiff::civil::Date,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Draft,
    Final,
}

impl Document {
    /// The version for `lang`, or the one its fallback order finds (the
    /// first when none does), and whether it is a fallback.
    pub fn version<'a>(&'a self, lang: &Lang) -> (&'a DocVersion, bool) {
        if let Some(v) = self.versions.iter().find(|v| lang.is(&v.body.lang)) {
            return (v, false);
        }
        let v = lang
            .chain()
            .find_map(|l| self.versions.iter().find(|v| v.body.lang == l))
            .unwrap_or(&self.versions[0]);
        (v, true)
    }

    /// The default-language version's settings (weight, menu, handout).
    pub fn main(&self) -> &DocVersion {
        &self.versions[0]
    }
}
