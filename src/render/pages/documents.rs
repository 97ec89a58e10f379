//! Render stage: a page or report document, and the list of reports.

use serde::Serialize;

use super::{Link, PageScope};
use crate::diagnostics::Diagnostic;
use crate::model::{DocKind, Document};
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
    let (v, fell) = doc.version(lang, &f.config.languages);
    let shown = fell.then(|| v.body.lang.clone());
    let page = s.page(&v.title, None, shown.as_deref());
    let rendered = ctx
        .prepared
        .docs
        .get(&(kind, slug.to_string(), lang.to_string()))
        .cloned()
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
        page,
    };
    s.render("document.html", &d)
}

#[derive(Serialize)]
struct ReportsCtx {
    page: PageCtx,
    docs: Vec<Link>,
}

pub fn reports(s: &PageScope) -> Result<String, Diagnostic> {
    let PageScope { ctx, lang, .. } = *s;
    let f = ctx.forum;
    let page = s.page(s.t("report"), None, None);
    let docs = f
        .reports
        .iter()
        .map(|d| {
            let (v, fell) = d.version(lang, &f.config.languages);
            Link {
                href: s.link(&Target::doc(DocKind::Report, lang, &d.slug)),
                label: v.title.clone(),
                lang: fell.then(|| v.body.lang.clone()),
            }
        })
        .collect();
    s.render("reports.html", &ReportsCtx { page, docs })
}
