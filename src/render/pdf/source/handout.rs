//! Render stage: the markup of the handout's PDF, as a print shop expects
//! it: cover, contents with page numbers, the agenda at a glance on one
//! page, then the parts in the order `handout:` in forum.yaml gives.

use std::fmt::Write as _;

use super::writer::Writer;
use crate::i18n::I18n;
use crate::model::{DocKind, HandoutPart, Session};
use crate::render::pdf::markup::{esc, str_lit, url as url_markup};
use crate::urls::{self, Target};

pub(super) fn write(w: &mut Writer) {
    let lang = w.lang;
    let c = &w.f.config;
    let title = format!(
        "{} – {}",
        c.title.get(lang).text,
        w.ctx.i18n.t(lang, "handout")
    );
    let mut keywords: Vec<String> = c
        .short_title
        .iter()
        .map(|s| s.get(lang).text.to_string())
        .collect();
    keywords.extend(
        c.project
            .as_ref()
            .and_then(|p| p.number.clone())
            .map(|n| format!("APEC {n}")),
    );
    w.preamble(&title, &keywords, false);
    w.out.push_str(
        "#show heading.where(level: 1): it => { pagebreak(weak: true); set text(size: 18pt); block(below: 10pt, it) }\n#show heading.where(level: 2): set text(size: 13pt)\n",
    );
    cover(w);
    let _ = writeln!(w.out, "#outline(title: [{}], depth: 2)\n", w.i("contents"));
    at_a_glance(w);
    for part in w.f.config.print.handout.clone() {
        if w.full() {
            return;
        }
        match part {
            HandoutPart::Agenda => agenda(w),
            HandoutPart::Speakers => speakers(w),
            HandoutPart::Presentations => presentations(w),
            HandoutPart::Pages => documents(w, DocKind::Page),
            HandoutPart::Report => documents(w, DocKind::Report),
        }
    }
}

fn cover(w: &mut Writer) {
    let lang = w.lang;
    let c = &w.f.config;
    let o = w.order();
    let logos = w.logos();
    let title = w.l(&c.title, "forum.yaml");
    let tagline = c
        .tagline
        .as_ref()
        .map(|t| w.l(t, "forum.yaml"))
        .unwrap_or_default();
    let dates = esc(&w.ctx.i18n.date_range(lang, c.start, c.end));
    let venue_name = w.l(&c.venue.name, "forum.yaml");
    let venue = format!(
        "{venue_name}, {}, {}, {}",
        w.l(&c.venue.address, "forum.yaml"),
        w.l(&c.venue.city, "forum.yaml"),
        w.l(&c.venue.country, "forum.yaml")
    );
    let _ = o;
    let project = c
        .project
        .as_ref()
        .and_then(|p| p.number.as_deref())
        .map(|n| {
            let n = esc(n);
            format!("{}: {n}", w.i("project_number"))
        })
        .unwrap_or_default();
    let home = urls::absolute(&c.base_url, &Target::Home(lang.to_string()).path());
    let qr = qr_svg(&home).map(|svg| {
        w.add_file("/qr.svg", svg.into_bytes());
        format!(
            "#grid(columns: (32mm, 1fr), column-gutter: 6mm, align: horizon, image(\"/qr.svg\", width: 32mm, alt: {alt}), [{scan} \\\n#link({url})[{url_text}]])",
            alt = str_lit(&format!("{}: {home}", w.ctx.i18n.t(lang, "scan_qr"))),
            scan = w.i("scan_qr"),
            url = str_lit(&home),
            url_text = url_markup(&home),
        )
    });
    let _ = write!(
        w.out,
        r#"#page(header: none, footer: none)[
#set par(justify: false)
{logos}
#v(1fr)
#text(size: 24pt, weight: "bold", hyphenate: false)[{title}]
#v(4mm)
#text(size: 13pt)[{tagline}]
#v(10mm)
#text(size: 12pt)[{dates} \
{venue} \
{project}]
#v(1fr)
{qr}
]
"#,
        qr = qr.unwrap_or_default(),
    );
}

fn sorted(sessions: &[Session]) -> Vec<&Session> {
    let mut s: Vec<&Session> = sessions.iter().collect();
    s.sort_by_key(|s| (s.start, s.end));
    s
}

/// Both days on one page: time, title and room of every session.
fn at_a_glance(w: &mut Writer) {
    let days = &w.f.agenda.days;
    if days.is_empty() {
        return;
    }
    let _ = writeln!(
        w.out,
        "#heading(level: 1)[{}]\n#set text(size: 8.5pt)\n#set par(justify: false)\n#grid(columns: {}, column-gutter: 5mm,",
        w.i("pdf_at_a_glance"),
        days.len().min(2)
    );
    for d in days {
        let date = esc(&w.ctx.i18n.date(w.lang, d.date));
        let mut rows = String::new();
        for s in sorted(&d.sessions) {
            let room = s
                .room
                .as_ref()
                .map(|r| w.l(r, "agenda.yaml"))
                .unwrap_or_default();
            let title = w.l(&s.title, "agenda.yaml");
            let _ = write!(
                rows,
                "[{}–{}], [{title}], [{room}], ",
                I18n::time(s.start),
                I18n::time(s.end)
            );
        }
        let _ = writeln!(
            w.out,
            "  [#strong[{date}]\n  #table(columns: (auto, 1fr, auto), stroke: none, inset: 2pt, {rows})],"
        );
    }
    w.out
        .push_str(")\n#set text(size: 10.5pt)\n#set par(justify: true)\n");
}

fn names(w: &mut Writer, ids: &[String]) -> String {
    let names: Vec<String> = ids
        .iter()
        .filter_map(|id| w.f.speaker(id).map(|s| s.name.clone()))
        .collect();
    let names: Vec<String> = names.iter().map(|n| w.t(n, "speakers/")).collect();
    names.join(", ")
}

fn agenda(w: &mut Writer) {
    let lang = w.lang;
    let note = esc(&w
        .ctx
        .i18n
        .fill(lang, "agenda_intro", &[("timezone", &w.f.config.timezone)]));
    let _ = writeln!(w.out, "#heading(level: 1)[{}]\n\n{note}\n", w.i("agenda"));
    for d in &w.f.agenda.days {
        let date = esc(&w.ctx.i18n.date(lang, d.date));
        let title = d
            .title
            .as_ref()
            .map(|t| format!(" – {}", w.l(t, "agenda.yaml")))
            .unwrap_or_default();
        let _ = writeln!(w.out, "#heading(level: 2)[{date}{title}]\n");
        for s in sorted(&d.sessions) {
            let title = w.l(&s.title, "agenda.yaml");
            let mut meta = vec![esc(&w.ctx.i18n.kind_label(lang, s.kind))];
            if let Some(r) = &s.room {
                meta.push(w.l(r, "agenda.yaml"));
            }
            let mut people = String::new();
            if !s.speakers.is_empty() {
                let _ = writeln!(people, "{} \\", names(w, &s.speakers));
            }
            if !s.moderators.is_empty() {
                let _ = writeln!(
                    people,
                    "#emph[{}: {}] \\",
                    w.i("moderators"),
                    names(w, &s.moderators)
                );
            }
            let desc = s
                .description
                .as_ref()
                .map(|d| {
                    let text = d.get(lang).text.to_string();
                    w.md_text(&text, "agenda.yaml")
                })
                .unwrap_or_default();
            let _ = writeln!(
                w.out,
                "#block(breakable: false, width: 100%, above: 8pt, below: 8pt)[#text(weight: \"bold\")[{}–{}] #h(0.6em) #text(size: 9pt, fill: luma(30%))[{}] \\\n#strong[{title}] \\\n{people}#text(size: 9.5pt)[{desc}]]\n",
                I18n::time(s.start),
                I18n::time(s.end),
                meta.join(" · "),
            );
        }
    }
}

fn speakers(w: &mut Writer) {
    let lang = w.lang;
    let _ = writeln!(w.out, "#heading(level: 1)[{}]\n", w.i("speakers"));
    let mut people: Vec<_> = w.f.speakers.iter().collect();
    people.sort_by_cached_key(|s| crate::render::format::sort_key(&s.name));
    for s in people {
        if w.full() {
            return;
        }
        let file = s.bio[0].file.to_string_lossy().to_string();
        let name = w.t(&s.name, &file);
        let mut about = Vec::new();
        for l in [&s.honorific, &s.position, &s.organization]
            .into_iter()
            .flatten()
        {
            about.push(w.l(l, &file));
        }
        if let Some(e) = &s.economy {
            about.push(w.l(e, &file));
        }
        let alt = w.ctx.i18n.fill(lang, "photo_of", &[("name", &s.name)]);
        let photo = s.photo.as_deref().and_then(|p| w.image(p)).map_or_else(
            || "box(width: 24mm, height: 30mm, fill: luma(92%))".into(),
            |p| {
                format!(
                    "image({}, width: 24mm, height: 30mm, fit: \"cover\", alt: {})",
                    str_lit(&p),
                    str_lit(&alt)
                )
            },
        );
        let body = s.bio(lang).0.clone();
        let bio = w.md(&body, 3);
        let _ = writeln!(
            w.out,
            "#block(breakable: false, width: 100%, below: 12pt)[#grid(columns: (24mm, 1fr), column-gutter: 5mm, {photo}, [#text(size: 12pt, weight: \"bold\")[{name}] \\\n#text(size: 9pt, fill: luma(30%))[{}]\n\n#text(size: 9.5pt)[{bio}]])]\n",
            about.join(", ")
        );
    }
}

fn presentations(w: &mut Writer) {
    let lang = w.lang;
    let _ = writeln!(w.out, "#heading(level: 1)[{}]\n", w.i("presentations"));
    let c = &w.f.config;
    for p in &w.f.presentations {
        let title = w.l(&p.title, "presentations.yaml");
        let who = names(w, &p.speakers);
        let mut meta = Vec::new();
        if let Some(file) = &p.file {
            meta.push(format!(
                "{}, {}",
                crate::render::format::file_type(file),
                crate::render::format::asset_size(w.f, file, w.ctx.i18n, lang)
            ));
        }
        if let Some(l) = &p.language {
            meta.push(w.ctx.i18n.language_name(lang, l));
        }
        // The full address is the link's target; the short link, the
        // text a reader of the paper types.
        let url = p
            .file
            .as_ref()
            .map(|file| urls::absolute(&c.base_url, file))
            .or_else(|| p.slides_url.clone());
        let link = url
            .map(|u| {
                let short = crate::render::short_links::printed(&c.base_url, lang, &p.id);
                format!(" \\\n#link({})[{}]", str_lit(&u), url_markup(&short))
            })
            .unwrap_or_default();
        let _ = writeln!(
            w.out,
            "#block(breakable: false, width: 100%, below: 9pt)[#strong[{title}] \\\n{who}{sep}#text(size: 9pt, fill: luma(30%))[{meta}]{link}]\n",
            sep = if who.is_empty() || meta.is_empty() {
                ""
            } else {
                " · "
            },
            meta = esc(&meta.join(" · ")),
        );
    }
}

fn documents(w: &mut Writer, kind: DocKind) {
    let list = match kind {
        DocKind::Page => &w.f.pages,
        DocKind::Report => &w.f.reports,
    };
    let mut docs: Vec<_> = list.iter().filter(|d| d.main().handout).collect();
    docs.sort_by_key(|d| (d.main().weight, d.slug.clone()));
    for d in docs {
        let (v, _) = d.version(w.lang);
        let file = v.body.file.to_string_lossy().to_string();
        let title = w.t(&v.title, &file);
        let _ = writeln!(w.out, "#heading(level: 1)[{title}]\n");
        let body = v.body.clone();
        let text = w.md(&body, 0);
        w.out.push_str(&text);
        w.out.push('\n');
    }
}

/// The cover's QR code to `url`, as SVG.
fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(160, 160)
            .quiet_zone(true)
            .build(),
    )
}
