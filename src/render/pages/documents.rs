//! Render stage: a page or report document, and the list of reports.

use serde::Serialize;

use super::{Link, PageScope};
use crate::diagnostics::Diagnostic;
use crate::i18n::I18n;
use crate::model::{DocKind, Document, Lang, Publication, Status};
use crate::render::context::PageCtx;
use crate::urls::Target;

#[derive(Serialize)]
struct DocCtx {
    page: PageCtx,
    html: String,
    toc: Vec<crate::markdown::TocEntry>,
    report: bool,
    text_lang: Option<String>,
    pdf: Option<crate::render::pdf::Download>,
    /// "Draft, version 0.3, 15 September 2017", for a report with details.
    status: Option<String>,
    /// The "Draft" mark beside the title.
    draft: Option<String>,
    changes: Vec<ChangeRow>,
}

#[derive(Serialize)]
struct ChangeRow {
    version: String,
    date: String,
    note: String,
}

/// The "Draft" label of a draft report in `lang`, shown beside its title
/// wherever the report is named.
pub fn draft_label(i18n: &I18n, lang: &Lang, p: &Publication) -> Option<String> {
    (p.status == Some(Status::Draft)).then(|| i18n.t(lang, "status_draft").to_string())
}

/// "Draft, version 0.3, 15 September 2017" / "Final version 1.0, 30 October
/// 2017, approved by the APEC Secretariat", or nothing without details.
pub fn status_line(i18n: &I18n, lang: &Lang, p: &Publication) -> Option<String> {
    let mut parts = Vec::new();
    let version = |key| {
        p.version
            .as_ref()
            .map(|v| i18n.fill(lang, key, &[("version", v)]))
    };
    match p.status {
        Some(Status::Draft) => {
            parts.push(i18n.t(lang, "status_draft").to_string());
            parts.extend(version("status_version"));
        }
        Some(Status::Final) => parts.push(
            version("status_final_version").unwrap_or_else(|| i18n.t(lang, "pdf_final").into()),
        ),
        None => parts.extend(version("pdf_version")),
    }
    parts.extend(p.date.map(|d| i18n.short_date(lang, d)));
    parts.extend(
        p.approved_by
            .as_ref()
            .map(|who| i18n.fill(lang, "status_approved_by", &[("who", who)])),
    );
    (!parts.is_empty()).then(|| parts.join(", "))
}

pub fn document(s: &PageScope, kind: DocKind, slug: &str) -> Result<String, Diagnostic> {
    let PageScope { ctx, lang, .. } = *s;
    let f = ctx.forum;
    let list = if kind == DocKind::Page {
        &f.pages
    } else {
        &f.reports
    };
    let doc: &Document = list
        .iter()
        .find(|d| d.slug == slug)
        .ok_or_else(|| Diagnostic::error("", None, format!("no document `{slug}`")))?;
    let (v, fell) = doc.version(lang);
    let shown = fell.then(|| v.body.lang.clone());
    let page = s.page(&v.title, None, shown.as_deref());
    let rendered = ctx
        .prepared
        .docs
        .get(&(kind, slug.to_string(), lang.to_string()))
        .map(|r| crate::markdown::Rendered::clone(r))
        .unwrap_or_default();
    let d = DocCtx {
        html: rendered.html,
        toc: if kind == DocKind::Report {
            rendered.toc
        } else {
            Vec::new()
        },
        report: kind == DocKind::Report,
        text_lang: shown,
        pdf: crate::render::pdf::download(ctx, &Target::doc(kind, lang, slug), lang),
        status: status_line(ctx.i18n, lang, &v.publication),
        draft: draft_label(ctx.i18n, lang, &v.publication),
        changes: v
            .publication
            .changes
            .iter()
            .map(|c| ChangeRow {
                version: c.version.clone(),
                date: ctx.i18n.short_date(lang, c.date),
                note: c.note.clone(),
            })
            .collect(),
        page,
    };
    s.render("document.html", &d)
}

#[derive(Serialize)]
struct ReportsCtx {
    page: PageCtx,
    docs: Vec<ReportLink>,
}

/// A report as lists show it: its link, its "Draft" label, and its status
/// line ("Draft, version 0.3, 15 September 2017").
#[derive(Serialize)]
pub struct ReportLink {
    #[serde(flatten)]
    link: Link,
    draft: Option<String>,
    status: Option<String>,
}

/// Every report of the forum, as the reports list and the home page show
/// them.
pub fn report_links(s: &PageScope) -> Vec<ReportLink> {
    let PageScope { ctx, lang, .. } = *s;
    let f = ctx.forum;
    f.reports
        .iter()
        .map(|d| {
            let (v, fell) = d.version(lang);
            ReportLink {
                link: Link {
                    href: s.link(&Target::doc(DocKind::Report, lang, &d.slug)),
                    label: v.title.clone(),
                    lang: fell.then(|| v.body.lang.clone()),
                },
                draft: draft_label(ctx.i18n, lang, &v.publication),
                status: status_line(ctx.i18n, lang, &v.publication),
            }
        })
        .collect()
}

pub fn reports(s: &PageScope) -> Result<String, Diagnostic> {
    let page = s.page(s.t("report"), None, None);
    let docs = report_links(s);
    s.render("reports.html", &ReportsCtx { page, docs })
}
