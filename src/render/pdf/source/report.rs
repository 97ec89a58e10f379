//! Render stage: the markup of a report document's PDF, for publication:
//! a title page (project number, version, date, status), contents,
//! numbered headings, footnotes at the foot of their page, and "draft" on
//! every page of a draft.

use std::fmt::Write as _;

use super::writer::Writer;
use crate::model::{Change, Document, Status};
use crate::render::pdf::markup::esc;

pub(super) fn write(w: &mut Writer, doc: &Document) {
    let lang = w.lang;
    let (version, _) = doc.version(lang);
    let file = version.body.file.to_string_lossy().to_string();
    let config = &w.f.config;
    let forum_title = config.title.get(lang).text.to_string();
    let short = config
        .short_title
        .as_ref()
        .map(|s| s.get(lang).text.to_string());
    let number = config.project.as_ref().and_then(|p| p.number.clone());
    let mut keywords: Vec<String> = short.iter().cloned().collect();
    keywords.extend(number.iter().map(|n| format!("APEC {n}")));
    keywords.push(version.title.clone());
    let publication = &version.publication;
    let draft = publication.status == Some(Status::Draft);
    w.preamble(&version.title, &keywords, draft);
    w.out.push_str("#set heading(numbering: \"1.1\")\n");
    w.out.push_str(
        "#show heading.where(level: 1): set text(size: 15pt)\n#show heading.where(level: 2): set text(size: 12.5pt)\n",
    );
    // The title page.
    let logos = w.logos();
    let title = w.t(&version.title, &file);
    let forum = w.t(&forum_title, "forum.yaml");
    let mut details = Vec::new();
    if let Some(n) = &number {
        let n = w.t(n, "forum.yaml");
        details.push(w.i("pdf_project").replace("\\{number\\}", &n));
    }
    if let Some(number) = &publication.version {
        let number = w.t(number, &file);
        details.push(w.i("pdf_version").replace("\\{version\\}", &number));
    }
    if let Some(date) = publication.date {
        details.push(markup_esc(&w.ctx.i18n.date(lang, date)));
    }
    if let Some(status) = w.status(publication.status) {
        details.push(format!("#strong[{status}]"));
    }
    if let Some(who) = &publication.approved_by {
        let who = w.t(who, &file);
        details.push(w.i("pdf_approved_by").replace("\\{who\\}", &who));
    }
    let organizers: Vec<String> = config
        .organizers
        .iter()
        .map(|o| esc(o.name.get(lang).text))
        .collect();
    let _ = write!(
        w.out,
        r#"#page(header: none, footer: none)[
#set par(justify: false)
{logos}
#v(1fr)
#text(size: 11pt)[{forum}]
#v(4mm)
#text(size: 24pt, weight: "bold", hyphenate: false)[{title}]
#v(8mm)
#text(size: 12pt)[{details}]
#v(1fr)
#text(size: 9pt)[{org_label}: {organizers}]
]
#outline(title: [{contents}], depth: 3)
#pagebreak(weak: true)
"#,
        details = details.join(" \\\n"),
        org_label = w.i("organizers_label"),
        organizers = organizers.join("; "),
        contents = w.i("contents"),
    );
    let body = version.body.clone();
    let text = w.md(&body, -1);
    w.out.push_str(&text);
    changes(w, &publication.changes, &file);
}

/// The change log at the end, as the report page shows it: "Versions",
/// a table of version, date and changes, in the reader's language.
fn changes(w: &mut Writer, changes: &[Change], file: &str) {
    if changes.is_empty() {
        return;
    }
    let mut rows = String::new();
    for c in changes {
        let version = w.t(&c.version, file);
        let date = esc(&w.ctx.i18n.short_date(w.lang, c.date));
        let note = w.t(&c.note, file);
        let _ = writeln!(rows, "[{version}], [{date}], [{note}],");
    }
    let _ = write!(
        w.out,
        "\n#heading(level: 1, numbering: none)[{title}]\n#table(columns: (auto, auto, 1fr), stroke: (x, y) => if y == 0 {{ (bottom: 0.6pt) }}, align: left, table.header([*{version}*], [*{date}*], [*{note}*]),\n{rows})\n",
        title = w.i("versions"),
        version = w.i("versions_version"),
        date = w.i("versions_date"),
        note = w.i("versions_note"),
    );
}

fn markup_esc(s: &str) -> String {
    esc(s)
}
