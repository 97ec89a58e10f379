//! Escaping: YAML text is always escaped, script URLs are refused, raw HTML
//! in Markdown follows `markdown: {raw_html}`.

use super::base;
use crate::support::{PROJECT, Page, Project, sel};

/// Markup, both quotes and an ampersand: escaped, it reads back as itself.
const EVIL: &str = r#"<x-evil onclick="alert(1)">'&"#;

/// `EVIL` as a double-quoted YAML string, after `label`.
fn y(label: &str) -> String {
    format!("\"{label} {}\"", EVIL.replace('"', "\\\""))
}

/// The base forum with `EVIL` in every text field of every YAML file and
/// front matter (Markdown fields aside: they are Markdown).
fn evil_forum() -> Project {
    let p = base();
    p.write(
        "forum.yaml",
        format!(
            "title: {{en: {t}, es: {te}}}\nshort_title: {s}\ntagline: {tg}\nlanguages: [en, es]\n\
             dates: {{start: 2017-09-21, end: 2017-09-22}}\ntimezone: \"America/Lima\"\n\
             venue: {{name: {v}, address: {a}, city: {c}, country: {co}, map_url: \"https://example.org/map?a=1&b='x'\"}}\n\
             base_url: \"https://example.org/foro/\"\n\
             organizers:\n  - {{name: {o}, url: \"https://example.org/o?x=1&y='2'\", logo: images/logo.svg}}\n  - {{name: {o2}, url: \"https://example.org/o2\"}}\n\
             project: {{number: {n}, fund: {f}, sponsor: {sp}}}\n\
             livestream: {{url: \"https://example.org/live?a=1&b=2\", note: {l}}}\n\
             contact: {{email: \"x<x-evil>'&@example.org\", url: \"https://example.org/contact?a&b\"}}\n\
             theme: mine\n",
            t = y("Title"),
            te = y("Título"),
            s = y("Short"),
            tg = y("Tagline"),
            v = y("Venue"),
            a = y("Address"),
            c = y("City"),
            co = y("Country"),
            o = y("Organizer"),
            o2 = y("Organizer two"),
            n = y("Number"),
            f = y("Fund"),
            sp = y("Sponsor"),
            l = y("Live note"),
        ),
    );
    p.write(
        "agenda.yaml",
        format!(
            "days:\n  - date: 2017-09-21\n    title: {d}\n    sessions:\n      - id: opening\n        start: \"09:00\"\n        end: \"09:30\"\n        kind: ceremony\n        title: {{en: {t}, es: {te}}}\n        room: {r}\n        speakers: [ana]\n        presentations: [slides]\n        stream: true\n",
            d = y("Day"),
            t = y("Session"),
            te = y("Sesión"),
            r = y("Room"),
        ),
    );
    p.write(
        "presentations.yaml",
        format!(
            "- id: slides\n  title: {t}\n  speakers: [ana]\n  language: en\n  file: files/slides.pdf\n  slides_url: \"https://example.org/s?a=1&b='2'\"\n  video_url: \"https://example.org/v\"\n",
            t = y("Slides")
        ),
    );
    p.write(
        "speakers/ana.md",
        format!(
            "---\nname: {n}\nhonorific: {h}\nposition: {{en: {po}, es: {pe}}}\norganization: {o}\neconomy: {e}\ngender: female\nphoto: images/ana.svg\nlinks: [{{label: {l}, url: \"https://example.org/ana?a=1&b='2'\"}}]\n---\nBio.\n",
            n = y("Ana"),
            h = y("Ms."),
            po = y("Position"),
            pe = y("Cargo"),
            o = y("Organization"),
            e = y("Economy"),
            l = y("Link"),
        ),
    );
    p.write(
        "speakers/ana.es.md",
        format!("---\norganization: {}\n---\nBio.\n", y("Organización")),
    );
    p.write(
        "pages/about.md",
        format!(
            "---\ntitle: {}\nmenu: true\nhandout: true\n---\nAbout.\n",
            y("About")
        ),
    );
    p.write(
        "report/conclusions.md",
        format!("---\ntitle: {}\n---\n## First\n\nText.\n", y("Conclusions")),
    );
    p.write(
        "participation.yaml",
        format!(
            "participants:\n  - economy: {}\n    women: 2\n    men: 1\n",
            y("Peru")
        ),
    );
    p
}

#[test]
fn every_yaml_field_reaches_html_escaped() {
    let p = evil_forum();
    let run = p.foro(&["build", PROJECT, "--out", "out"]);
    run.assert_code(0);
    let out = p.root().join("out");
    let mut checked = 0;
    for rel in crate::support::list_files(&out) {
        let is_markup = [".html", ".xml", ".svg"].iter().any(|e| rel.ends_with(e));
        if !is_markup {
            continue;
        }
        let text = std::fs::read_to_string(out.join(&rel)).unwrap();
        assert!(
            !text.contains("<x-evil"),
            "{rel}: YAML text is markup there"
        );
        let doc = scraper::Html::parse_document(&text);
        assert!(doc.select(&sel("x-evil")).next().is_none(), "{rel}");
        if let Some(e) = doc.select(&sel("[onclick*=alert]")).next() {
            panic!("{rel}: an attribute came from YAML: {}", e.html());
        }
        checked += 1;
    }
    assert!(checked > 30, "only {checked} files checked");

    // The escaped text reads back as written, in text and in attributes.
    let site = p.site();
    let speaker = site.page("en/speakers/ana/index.html");
    assert!(
        speaker.text("h1").contains(&format!("Ana {EVIL}")),
        "{}",
        speaker.text("h1")
    );
    let home = site.page("en/index.html");
    let hrefs = home.attrs("a", "href");
    for url in [
        "https://example.org/map?a=1&b='x'",
        "https://example.org/live?a=1&b=2",
        "https://example.org/o?x=1&y='2'",
        "https://example.org/contact?a&b",
        "mailto:x<x-evil>'&@example.org",
    ] {
        assert!(
            hrefs.iter().any(|h| h == url),
            "no link to {url} in {hrefs:#?}"
        );
    }
    let alts = home.attrs("img", "alt");
    assert!(
        alts.iter().any(|a| a == &format!("Organizer {EVIL}")),
        "{alts:?}"
    );
    // The schedule data of the home page is JSON inside <script>: it holds
    // no `<` at all, so no title can end or comment out the element.
    let raw = site.read("en/index.html");
    let json = raw.split("class=\"schedule-data\">").nth(1).unwrap();
    let json = &json[..json.find("</script>").unwrap()];
    assert!(!json.contains('<'), "{json}");
    let parsed: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(parsed[0]["title"], format!("Session {EVIL}"));
}

/// The lines and columns of every URL field of the base forum, written with
/// `url` as its value.
fn bad_urls(url: &str) -> (Project, Vec<String>) {
    let p = base();
    let u = format!("\"{url}\"");
    p.write(
        "forum.yaml",
        format!(
            "title: \"Forum\"\nlanguages: [en, es]\ndates: {{start: 2017-09-21, end: 2017-09-22}}\ntimezone: \"America/Lima\"\n\
             venue: {{name: \"Centre\", address: \"A\", city: \"Lima\", country: \"Peru\", map_url: {u}}}\n\
             base_url: {u}\n\
             organizers:\n  - {{name: \"Ministry\", url: {u}}}\n\
             livestream: {{url: {u}}}\n\
             contact: {{url: {u}}}\n"
        ),
    );
    p.write(
        "presentations.yaml",
        format!("- id: slides\n  title: \"Slides\"\n  slides_url: {u}\n  video_url: {u}\n"),
    );
    p.write(
        "speakers/ana.md",
        format!("---\nname: \"Ana\"\nlinks:\n  - {{label: \"Web\", url: {u}}}\n---\nBio.\n"),
    );
    let at = [
        "forum.yaml:5:",    // venue.map_url
        "forum.yaml:6:11:", // base_url
        "forum.yaml:8:",    // organizers[0].url
        "forum.yaml:9:",    // livestream.url
        "forum.yaml:10:",   // contact.url
        "presentations.yaml:3:15:",
        "presentations.yaml:4:14:",
        "speakers/ana.md:4:",
    ];
    (p, at.iter().map(|a| format!("error: forum/{a}")).collect())
}

#[test]
fn script_urls_are_refused_in_every_url_field_at_its_line() {
    for url in [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        " javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:text/html;base64,PHNjcmlwdD4=",
    ] {
        let (p, at) = bad_urls(url);
        let run = p.build();
        run.assert_code(1);
        let errors = run.error_lines();
        for a in &at {
            assert!(
                errors
                    .iter()
                    .any(|l| l.starts_with(a.as_str()) && l.contains("invalid URL")),
                "{url}: no `invalid URL` error at {a}:\n{}",
                run.stderr
            );
        }
        assert!(!p.root().join("out").exists());
    }
}

#[test]
fn script_links_in_markdown_are_refused_at_their_line() {
    let p = base();
    p.write(
        "speakers/ana.md",
        "---\nname: \"Ana\"\n---\n[a](javascript:alert(1))\n\n[b](JaVaScRiPt:alert(1))\n\n<javascript:alert(1)>\n\n[c](java&#x09;script:alert(1))\n\n[d][ref]\n\n[ref]: vbscript:msgbox(1)\n\n![e](javascript:alert(1))\n\n[f](data:text/html,x)\n\n![fine](data:image/png;base64,iVBORw0KGgo=) [fine](https://example.org/javascript:ok)\n",
    );
    let run = p.build();
    run.assert_code(1);
    let errors: Vec<&str> = run
        .error_lines()
        .into_iter()
        .filter(|l| l.contains("could run a script"))
        .collect();
    let lines: Vec<&str> = errors
        .iter()
        .map(|l| l.split(':').nth(2).unwrap())
        .collect();
    assert_eq!(
        lines,
        ["4", "6", "8", "10", "12", "16", "18"],
        "{}",
        run.stderr
    );
    assert!(
        errors
            .iter()
            .all(|l| l.starts_with("error: forum/speakers/ana.md:")),
        "{errors:#?}"
    );
}

/// Raw HTML in every kind of Markdown text: a biography, a page, a report,
/// a session description and a presentation summary.
fn raw_html_forum(raw_html: Option<bool>) -> Project {
    let p = base();
    let forum = std::fs::read_to_string(p.dir().join("forum.yaml")).unwrap();
    let setting = match raw_html {
        Some(v) => format!("markdown: {{raw_html: {v}}}\n"),
        None => String::new(),
    };
    p.write("forum.yaml", format!("{forum}{setting}"));
    let html = |who: &str| {
        format!(
            "<script>window.ran_{who} = 1;</script>\n\n<div class=\"raw-block\">A block</div>\n\nSome <span class=\"raw-inline\">inline</span> HTML.\n"
        )
    };
    p.write(
        "speakers/ana.md",
        format!("---\nname: \"Ana\"\n---\n{}", html("bio")),
    );
    p.write(
        "pages/about.md",
        format!("---\ntitle: \"About\"\nmenu: true\n---\n{}", html("page")),
    );
    p.write(
        "report/conclusions.md",
        format!("---\ntitle: \"Conclusions\"\n---\n{}", html("report")),
    );
    let yaml_md = |who: &str| {
        format!(
            "\"<script>window.ran_{who} = 1;</script>\\n\\n<div class=\\\"raw-block\\\">A block</div>\\n\\nSome <span class=\\\"raw-inline\\\">inline</span> HTML.\\n\""
        )
    };
    p.write(
        "agenda.yaml",
        format!(
            "days:\n  - date: 2017-09-21\n    sessions:\n      - id: opening\n        start: \"09:00\"\n        end: \"09:30\"\n        kind: ceremony\n        title: \"Opening\"\n        speakers: [ana]\n        presentations: [slides]\n        description: {}\n",
            yaml_md("description")
        ),
    );
    p.write(
        "presentations.yaml",
        format!(
            "- id: slides\n  title: \"The slides\"\n  speakers: [ana]\n  file: files/slides.pdf\n  summary: {}\n",
            yaml_md("summary")
        ),
    );
    p.foro(&["build", PROJECT, "--out", "out", "--target", "web"])
        .assert_code(0);
    p
}

/// (page, selector of the Markdown's container, which text)
const MARKDOWN_PLACES: &[(&str, &str, &str)] = &[
    ("en/speakers/ana/index.html", "main", "bio"),
    ("en/pages/about/index.html", "main", "page"),
    ("en/report/conclusions/index.html", "main", "report"),
    (
        "en/agenda/index.html",
        "li#opening .description",
        "description",
    ),
    ("en/presentations/index.html", ".summary", "summary"),
];

fn script_texts(page: &Page, within: &str) -> Vec<String> {
    page.select(&format!("{within} script"))
        .into_iter()
        .map(|s| s.inner_html())
        .collect()
}

#[test]
fn raw_html_passes_through_by_default() {
    for setting in [None, Some(true)] {
        let p = raw_html_forum(setting);
        let site = p.site();
        for (file, within, who) in MARKDOWN_PLACES {
            let page = site.page(file);
            assert_eq!(
                script_texts(&page, within),
                [format!("window.ran_{who} = 1;")],
                "{file}: the author's script is not an element"
            );
            assert_eq!(
                page.select(&format!("{within} div.raw-block")).len(),
                1,
                "{file}"
            );
            assert_eq!(
                page.select(&format!("{within} span.raw-inline")).len(),
                1,
                "{file}"
            );
        }
    }
}

#[test]
fn raw_html_false_shows_markup_as_text() {
    let p = raw_html_forum(Some(false));
    let site = p.site();
    for (file, within, who) in MARKDOWN_PLACES {
        let page = site.page(file);
        assert!(
            script_texts(&page, within).is_empty(),
            "{file}: a script element"
        );
        assert!(
            page.select(&format!("{within} .raw-block")).is_empty(),
            "{file}"
        );
        assert!(
            page.select(&format!("{within} .raw-inline")).is_empty(),
            "{file}"
        );
        let text = page.text(within);
        for shown in [
            format!("<script>window.ran_{who} = 1;</script>"),
            "<div class=\"raw-block\">A block</div>".to_string(),
            "<span class=\"raw-inline\">inline</span>".to_string(),
        ] {
            assert!(
                text.contains(&shown),
                "{file}: `{shown}` not shown as text in {text:?}"
            );
        }
    }
    // Nowhere in the site does the author's script run.
    for rel in site.html_files() {
        let raw = site.read(&rel);
        assert!(!raw.contains("<script>window.ran_"), "{rel}");
    }
}
