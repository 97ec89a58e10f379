//! Content stage: `pages/<slug>.md`, `report/<slug>.md` and their translations.

use std::path::Path;

use serde::Deserialize;

use super::Reader;
use crate::diagnostics::Diagnostic;
use crate::model::{Body, Change, DocKind, DocVersion, Document, Publication, Status};
use crate::yaml::{Pos, Positions, Seg};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    title: Option<String>,
    weight: Option<i64>,
    menu: Option<bool>,
    handout: Option<bool>,
    version: Option<String>,
    date: Option<String>,
    status: Option<String>,
    approved_by: Option<String>,
    changes: Option<Vec<RawChange>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChange {
    version: String,
    date: String,
    note: String,
}

pub(crate) fn dir(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Page => "pages",
        DocKind::Report => "report",
    }
}

pub(super) fn load(r: &mut Reader, kind: DocKind, langs: &[String]) -> Vec<Document> {
    let mut docs: Vec<Document> = Vec::new();
    for (rel, stem) in super::markdown_files(r, dir(kind)) {
        let Some((slug, lang)) = super::split_lang_stem(r, &rel, &stem, langs, "slug") else {
            continue;
        };
        let lang = lang.unwrap_or_else(|| langs[0].clone());
        let Some(version) = version(r, &rel, kind, lang) else {
            continue;
        };
        match docs.iter_mut().find(|d| d.slug == slug) {
            Some(d) => d.versions.push(version),
            None => docs.push(Document {
                kind,
                slug,
                versions: vec![version],
            }),
        }
    }
    let default = &langs[0];
    docs.retain_mut(|d| {
        if let Some(i) = d.versions.iter().position(|v| &v.body.lang == default) {
            let main = d.versions.remove(i);
            d.versions.insert(0, main);
            return true;
        }
        let file = &d.versions[0].body.file;
        r.diags.extend(super::listing::orphan_translation(
            &r.root,
            file,
            (dir(kind), &d.slug),
            &format!("of `{}`, which", d.slug),
            default,
            "",
        ));
        false
    });
    docs.sort_by(|a, b| (a.main().weight, &a.slug).cmp(&(b.main().weight, &b.slug)));
    docs
}

fn version(r: &mut Reader, rel: &Path, kind: DocKind, lang: String) -> Option<DocVersion> {
    let text = r.read(rel)?;
    let fm = super::front_matter::split_or_report(r, rel, &text)?;
    let raw: Raw = r.parse(rel, fm.yaml, fm.yaml_line - 1)?;
    let publication = publication(r, rel, kind, &raw, fm.yaml, fm.yaml_line - 1);
    let title = match raw.title {
        Some(t) if !t.trim().is_empty() => t,
        _ => {
            r.diags.push(
                Diagnostic::error(
                    rel,
                    Some(Pos { line: 1, col: 1 }),
                    "the document has no title",
                )
                .hint("add front matter with a title: `---` / `title: \"Summary\"` / `---`"),
            );
            return None;
        }
    };
    if kind == DocKind::Report && raw.menu.is_some() {
        r.diags.push(
            Diagnostic::warning(
                rel,
                Some(Pos { line: 1, col: 1 }),
                "`menu` applies to pages only; report documents are always listed under the report",
            )
            .hint("remove `menu` from this file"),
        );
    }
    Some(DocVersion {
        title,
        publication,
        weight: raw.weight.unwrap_or(0),
        menu: raw.menu.unwrap_or(false),
        handout: raw.handout.unwrap_or(kind == DocKind::Report),
        body: Body {
            lang,
            file: rel.to_path_buf(),
            first_line: fm.body_line,
            markdown: text.part(fm.body),
        },
    })
}

/// `version`, `date`, `status`, `approved_by` and `changes`: a report's
/// publication details.
fn publication(
    r: &mut Reader,
    rel: &Path,
    kind: DocKind,
    raw: &Raw,
    yaml: &str,
    line_offset: usize,
) -> Publication {
    let at = |key: &'static str| Positions::of(yaml, line_offset).value(&[Seg::Key(key)]);
    let mut p = Publication {
        version: raw.version.clone(),
        ..Publication::default()
    };
    let any = raw.version.is_some()
        || raw.date.is_some()
        || raw.status.is_some()
        || raw.approved_by.is_some()
        || raw.changes.is_some();
    if kind == DocKind::Page && any {
        let key = if raw.version.is_some() {
            "version"
        } else if raw.date.is_some() {
            "date"
        } else if raw.status.is_some() {
            "status"
        } else if raw.approved_by.is_some() {
            "approved_by"
        } else {
            "changes"
        };
        r.diags.push(
            Diagnostic::warning(
                rel,
                Some(at(key)),
                "`version`, `date`, `status`, `approved_by` and `changes` apply to report documents only",
            )
            .hint("remove them from this page, or move it to report/"),
        );
        return Publication::default();
    }
    if let Some(d) = &raw.date {
        match super::forum::parse_date(d) {
            Some(d) => p.date = Some(d),
            None => r.diags.push(
                Diagnostic::error(rel, Some(at("date")), format!("`{d}` is not a date"))
                    .hint("write dates as YYYY-MM-DD, e.g. 2017-10-15"),
            ),
        }
    }
    if let Some(s) = &raw.status {
        match s.as_str() {
            "draft" => p.status = Some(Status::Draft),
            "final" => p.status = Some(Status::Final),
            other => r.diags.push(
                Diagnostic::error(
                    rel,
                    Some(at("status")),
                    format!("`{other}` is not a status"),
                )
                .hint("write `status: draft` or `status: final`"),
            ),
        }
    }
    if let Some(a) = &raw.approved_by {
        if p.status == Some(Status::Final) {
            p.approved_by = Some(a.clone());
        } else {
            r.diags.push(
                Diagnostic::error(
                    rel,
                    Some(at("approved_by")),
                    "`approved_by` is only for a final report",
                )
                .hint("add `status: final`, or remove `approved_by` while the report is a draft"),
            );
        }
    }
    let positions = Positions::of(yaml, line_offset);
    for (i, c) in raw.changes.iter().flatten().enumerate() {
        match super::forum::parse_date(&c.date) {
            Some(date) => p.changes.push(Change {
                version: c.version.clone(),
                date,
                note: c.note.clone(),
            }),
            None => r.diags.push(
                Diagnostic::error(
                    rel,
                    Some(positions.value(&[Seg::Key("changes"), Seg::Index(i), Seg::Key("date")])),
                    format!("`{}` is not a date", c.date),
                )
                .hint("write dates as YYYY-MM-DD, e.g. 2017-10-15"),
            ),
        }
    }
    p
}
