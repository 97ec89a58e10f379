//! The web site built from the bilingual kitchen-sink forum
//! (`fixtures/build/kitchen-sink`): which files exist, that every link
//! works, and what a reader sees on the pages.

use std::collections::{BTreeMap, BTreeSet};

use foro::render::sitemap;

use crate::support::{Project, Site, built, fixture, internal_links, list_files, text_of};

pub const KITCHEN_SINK: &str = "build/kitchen-sink";
pub const BASE_URL: &str = "https://example.org/foro/";
pub const LANGS: [&str; 2] = ["en", "es"];

/// The pages every language of the kitchen sink has, relative to `<lang>/`.
pub const PAGES: &[&str] = &[
    "index.html",
    "agenda/index.html",
    "speakers/index.html",
    "speakers/ana-quispe/index.html",
    "speakers/bob-script/index.html",
    "speakers/carla-nunez/index.html",
    "presentations/index.html",
    "pages/about/index.html",
    "pages/venue/index.html",
    "report/conclusions/index.html",
    "participation/index.html",
    "handout/index.html",
    "search/index.html",
];

const PDF: &str = "files/informe final ñ.pdf";

#[test]
fn every_page_exists_in_both_languages() {
    let (_p, site) = built(KITCHEN_SINK);
    for lang in LANGS {
        let expected: BTreeSet<String> = PAGES.iter().map(|p| format!("{lang}/{p}")).collect();
        let found: BTreeSet<String> = site.lang_pages(lang).into_iter().collect();
        assert_eq!(found, expected, "the pages of `{lang}/`");
        for page in &expected {
            assert_eq!(site.page(page).attr("html", "lang"), lang, "{page}");
        }
    }
    for f in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "assets/style.css",
        "assets/foro.js",
        "images/ana-quispe.svg",
        "images/logo.svg",
        PDF,
    ] {
        assert!(site.exists(f), "site/{f} is missing");
    }
}

#[test]
fn every_internal_link_resolves_to_a_file() {
    let (_p, site) = built(KITCHEN_SINK);
    let links = internal_links(&site, BASE_URL);
    assert!(links.len() > 300, "only {} links found", links.len());
    let broken: Vec<String> = links
        .iter()
        .filter(|l| !l.target.as_deref().is_some_and(|t| site.exists(t)))
        .map(|l| format!("{}: {} {} → {:?}", l.from, l.what, l.href, l.target))
        .collect();
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_link_fragment_names_an_id_on_its_target_page() {
    let (_p, site) = built(KITCHEN_SINK);
    let mut anchors: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut checked = 0;
    let mut missing = Vec::new();
    for link in internal_links(&site, BASE_URL) {
        let (Some(target), Some(fragment)) = (&link.target, &link.fragment) else {
            continue;
        };
        let ids = anchors
            .entry(target.clone())
            .or_insert_with(|| site.page(target).anchors());
        checked += 1;
        if !ids.contains(fragment) {
            missing.push(format!(
                "{}: {} → {target}#{fragment}",
                link.from, link.href
            ));
        }
    }
    // Skip links, day links, session links, the report's contents and
    // footnotes, and the speaker pages' session links.
    assert!(checked > 40, "only {checked} links with fragments");
    assert!(
        missing.is_empty(),
        "missing targets:\n{}",
        missing.join("\n")
    );
}

#[test]
fn no_page_repeats_an_id() {
    let (_p, site) = built(KITCHEN_SINK);
    for file in site.html_files() {
        let twice: Vec<_> = site
            .page(&file)
            .ids()
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .collect();
        assert!(
            twice.is_empty(),
            "{file}: ids used more than once: {twice:?}"
        );
    }
}

#[test]
fn text_from_yaml_is_escaped_never_markup() {
    let (_p, site) = built(KITCHEN_SINK);
    let name = "<script>alert(1)</script>";
    for file in site.html_files() {
        // Unescaped, the name would be a <script> element wherever it is.
        let raw = site.read(&file);
        assert!(!raw.contains("<script>alert"), "{file}: the name is markup");
    }
    for lang in LANGS {
        let page = site.page(&format!("{lang}/speakers/bob-script/index.html"));
        assert!(
            page.select("script")
                .iter()
                .all(|s| !text_of(*s).contains("alert(1)")),
            "a <script> element came from a YAML field"
        );
        assert_eq!(page.text("main h1"), name);
        assert!(page.text("title").starts_with(name), "the <title>");
        assert!(
            page.attr("meta[property='og:title']", "content")
                .starts_with(name)
        );
        assert_eq!(page.text("main p.organization"), "Escaping Institute & Co.");
        let agenda = site.page(&format!("{lang}/agenda/index.html"));
        let people = agenda.texts("li#keynote-gvc p.people a");
        assert_eq!(people, [name]);
        let raw = site.read(&format!("{lang}/speakers/index.html"));
        assert!(raw.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }
}

#[test]
fn agenda_lists_days_and_sessions_with_people_and_materials() {
    let (_p, site) = built(KITCHEN_SINK);
    let page = site.page("en/agenda/index.html");
    assert_eq!(
        page.attrs("section.day", "id"),
        ["day-2017-09-21", "day-2017-09-22"]
    );
    let ids = page.attrs("li.session", "id");
    assert_eq!(
        ids,
        [
            "opening",
            "coffee",
            "panel-clusters",
            "keynote-gvc",
            "networking"
        ]
    );
    let coffee = page.one("li#coffee");
    assert!(coffee.value().classes().any(|c| c == "kind-break"));
    assert_eq!(page.text("li#coffee .session-time"), "10:30–11:00");
    assert_eq!(page.text("li#coffee h3"), "Coffee break");
    let panel_people = page.texts("li#panel-clusters p.people");
    assert_eq!(
        panel_people,
        [
            "Speakers: Ana María Quispe, <script>alert(1)</script>",
            // One moderator: the label agrees.
            "Moderator: Carla Núñez"
        ]
    );
    assert_eq!(
        page.link_target("li#panel-clusters p.people a", "Carla Núñez"),
        "en/speakers/carla-nunez/index.html"
    );
    assert_eq!(
        page.link_target("li#panel-clusters .materials a", "Final report on clusters"),
        PDF
    );
    assert_eq!(
        page.text("li#panel-clusters .room"),
        "Main hall",
        "the room of the panel"
    );
    let es = site.page("es/agenda/index.html");
    assert_eq!(es.text("li#panel-clusters .room"), "Auditorio principal");
    assert_eq!(es.text("li#coffee h3"), "Pausa para el café");
}

#[test]
fn speaker_pages_show_photo_profile_sessions_and_materials() {
    let (_p, site) = built(KITCHEN_SINK);
    let en = site.page("en/speakers/ana-quispe/index.html");
    assert_eq!(en.text("main h1"), "Ms. Ana María Quispe");
    assert_eq!(
        en.text("main .position"),
        "Director of Productive Development"
    );
    let photo = crate::support::resolve(&en.path, &en.attr("main img.photo", "src"));
    assert_eq!(photo.as_deref(), Some("images/ana-quispe.svg"));
    assert_eq!(
        site.bytes("images/ana-quispe.svg"),
        std::fs::read(fixture(KITCHEN_SINK).join("images/ana-quispe.svg")).unwrap()
    );
    assert_eq!(
        en.link_target("#sessions a", "Opening ceremony"),
        "en/agenda/index.html#opening"
    );
    assert_eq!(
        en.link_target("#sessions a", "Panel: cluster policy"),
        "en/agenda/index.html#panel-clusters"
    );
    assert_eq!(
        en.link_target("#materials a", "Final report on clusters"),
        PDF
    );

    let es = site.page("es/speakers/ana-quispe/index.html");
    assert_eq!(es.text("main h1"), "Sra. Ana María Quispe");
    // The translation's front matter overrides the localized position.
    assert_eq!(
        es.text("main .position"),
        "Directora General de Desarrollo Productivo"
    );
    assert_eq!(es.text("main .organization"), "Ministerio de la Producción");

    let moderator = site.page("en/speakers/carla-nunez/index.html");
    assert_eq!(
        moderator.texts("#sessions li"),
        ["Panel: cluster policy Thursday, 21 September 2017, 11:00–12:30 · Moderator"]
    );

    let grid = site.page("en/speakers/index.html");
    let names = grid.texts("li.speaker-card h2");
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.contains(&"Ana María Quispe".to_string()));
}

#[test]
fn report_has_numbered_headings_and_a_table_of_contents() {
    let (_p, site) = built(KITCHEN_SINK);
    for (lang, first) in [("en", "Context"), ("es", "Contexto")] {
        let page = site.page(&format!("{lang}/report/conclusions/index.html"));
        let headings = page.select(".prose h2, .prose h3");
        let numbers: Vec<String> = headings
            .iter()
            .map(|h| {
                let secno = h.select(&crate::support::sel("span.secno")).next();
                secno.map(text_of).unwrap_or_default()
            })
            .collect();
        assert_eq!(numbers, ["1", "2", "2.1", "2.2", "3"], "{lang}");
        assert_eq!(text_of(headings[0]), format!("1 {first}"));

        let toc = page.select("nav.toc li a");
        assert_eq!(toc.len(), 5, "{lang}: one contents entry per heading");
        for (entry, heading) in toc.iter().zip(&headings) {
            let id = heading.value().attr("id").expect("headings have ids");
            assert_eq!(entry.value().attr("href"), Some(format!("#{id}").as_str()));
            assert_eq!(text_of(*entry), text_of(*heading), "{lang}");
        }
    }
}

#[test]
fn report_footnotes_link_both_ways() {
    let (_p, site) = built(KITCHEN_SINK);
    for lang in LANGS {
        let page = site.page(&format!("{lang}/report/conclusions/index.html"));
        let anchors = page.anchors();
        let refs = page.select("sup.footnote-ref a");
        assert_eq!(refs.len(), 1, "{lang}");
        let to_note = refs[0].value().attr("href").unwrap();
        let ref_id = refs[0].value().attr("id").expect("the reference has an id");
        let note_id = to_note.strip_prefix('#').expect("an in-page link");
        assert!(anchors.contains(note_id), "{lang}: no note #{note_id}");
        let back = page.one(&format!("li#{note_id} a.footnote-back"));
        assert_eq!(
            back.value().attr("href"),
            Some(format!("#{ref_id}").as_str())
        );
    }
    let en = site.page("en/report/conclusions/index.html");
    assert!(
        en.text("section.footnotes li")
            .starts_with("At the Pacific Centre.")
    );
}

#[test]
fn a_site_with_more_pages_than_a_sitemap_holds_gets_a_sitemap_index() {
    let project = fixture(KITCHEN_SINK);
    let snap = foro::build::prepare(&project, None).expect("the kitchen-sink forum builds");
    let ctx = snap.context();
    let targets = foro::render::site::targets(&ctx);
    let text = |f: &foro::output::OutFile| match &f.content {
        foro::render::Content::Bytes(b) => String::from_utf8(b.clone()).unwrap(),
        _ => panic!("{} not in memory", f.path),
    };
    let whole: Vec<foro::output::OutFile> = sitemap::files(&ctx, &targets, None, sitemap::PROTOCOL)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(whole.len(), 1);
    assert_eq!(whole[0].path, "sitemap.xml");
    let locs = |xml: &str| -> Vec<String> {
        let doc = roxmltree::Document::parse(xml).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("loc"))
            .map(|n| n.text().unwrap().to_string())
            .collect()
    };
    let all = locs(&text(&whole[0]));
    assert!(all.len() > 7, "the fixture has {} pages", all.len());

    let small = sitemap::Limits {
        urls: 7,
        bytes: sitemap::PROTOCOL.bytes,
    };
    let split: Vec<foro::output::OutFile> = sitemap::files(&ctx, &targets, None, small)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let (index, parts) = split.split_last().unwrap();
    assert_eq!(index.path, "sitemap.xml");
    let index_xml = text(index);
    let root = roxmltree::Document::parse(&index_xml).unwrap();
    assert_eq!(root.root_element().tag_name().name(), "sitemapindex");
    let base = &ctx.forum.config.base_url;
    let listed = locs(&index_xml);
    let names: Vec<String> = parts.iter().map(|f| format!("{base}{}", f.path)).collect();
    assert_eq!(listed, names);
    assert_eq!(parts.len(), all.len().div_ceil(7));
    let mut again = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        assert_eq!(p.path, format!("sitemap-{}.xml", i + 1));
        let xml = text(p);
        assert!(xml.starts_with("<?xml") && xml.ends_with("</urlset>\n"));
        let these = locs(&xml);
        assert!(!these.is_empty() && these.len() <= 7);
        again.extend(these);
    }
    assert_eq!(again, all, "every page once, in order");
}

#[test]
fn sitemap_lists_every_page_with_its_alternates() {
    let (_p, site) = built(KITCHEN_SINK);
    let xml = site.read("sitemap.xml");
    assert!(xml.starts_with("<?xml"));
    assert!(xml.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let url = |lang: &str, page: &str| {
        format!(
            "{BASE_URL}{lang}/{}",
            page.strip_suffix("index.html").unwrap()
        )
    };
    let entries: Vec<&str> = xml.split("<url>").skip(1).collect();
    let locs: BTreeSet<String> = entries
        .iter()
        .map(|e| between(e, "<loc>", "</loc>").to_string())
        .collect();
    let expected: BTreeSet<String> = LANGS
        .iter()
        .flat_map(|l| PAGES.iter().map(move |p| url(l, p)))
        .collect();
    assert_eq!(locs, expected);
    assert_eq!(entries.len(), expected.len(), "each page once");
    for entry in entries {
        let loc = between(entry, "<loc>", "</loc>");
        let (lang, rest) = loc
            .strip_prefix(BASE_URL)
            .and_then(|r| r.split_once('/'))
            .unwrap();
        assert!(LANGS.contains(&lang));
        for (hreflang, to) in [("en", "en"), ("es", "es")] {
            let link = format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{hreflang}\" href=\"{BASE_URL}{to}/{rest}\"/>"
            );
            assert!(entry.contains(&link), "{loc}: no {link}");
        }
        // x-default is the language chooser.
        let link =
            format!("<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{BASE_URL}\"/>");
        assert!(entry.contains(&link), "{loc}: no {link}");
    }
    let robots = site.read("robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l == "Sitemap: https://example.org/foro/sitemap.xml"),
        "{robots}"
    );
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> &'a str {
    let start = s.find(open).map(|i| i + open.len()).unwrap();
    let end = s[start..].find(close).unwrap() + start;
    &s[start..end]
}

#[test]
fn a_file_name_with_spaces_and_accents_is_copied_and_linked_encoded() {
    let (_p, site) = built(KITCHEN_SINK);
    let original = std::fs::read(fixture(KITCHEN_SINK).join(PDF)).unwrap();
    assert_eq!(site.bytes(PDF), original, "copied byte for byte");
    let encoded = "files/informe%20final%20%C3%B1.pdf";
    for lang in LANGS {
        let page = site.page(&format!("{lang}/presentations/index.html"));
        assert_eq!(
            page.attr("tr#informe-final td a[href*='files/']", "href"),
            format!("../../{encoded}")
        );
        let agenda = site.page(&format!("{lang}/agenda/index.html"));
        assert_eq!(
            agenda.attr("li#panel-clusters .materials a", "href"),
            format!("../../{encoded}")
        );
    }
}

#[test]
fn a_markdown_link_to_a_file_with_spaces_and_accents_works() {
    // `[report](<../files/informe final ñ.pdf>)` comes out as
    // `informe%2520final%2520%25C3%25B1.pdf`: pulldown-cmark escapes the
    // internal `foro:/` URL, then urls::rewrite_internal encodes it again.
    let project = Project::from_fixture(KITCHEN_SINK);
    project.write(
        "pages/download.md",
        "---\ntitle: \"Download\"\n---\n[Spaces](<../files/informe final ñ.pdf>) and\n[escapes](../files/informe%20final%20%C3%B1.pdf).\n",
    );
    project.build().assert_code(0);
    let page = project.site().page("en/pages/download/index.html");
    for label in ["Spaces", "escapes"] {
        assert_eq!(page.link_target(".prose a", label), PDF, "[{label}]");
        assert_eq!(
            page.attrs(".prose a", "href")[0],
            "../../../files/informe%20final%20%C3%B1.pdf"
        );
    }
}

#[test]
fn presentations_index_shows_type_size_language_speakers_and_session() {
    let (_p, site) = built(KITCHEN_SINK);
    let pdf_size = std::fs::metadata(fixture(KITCHEN_SINK).join(PDF))
        .unwrap()
        .len();
    for (lang, language) in [("en", "Spanish"), ("es", "español")] {
        let page = site.page(&format!("{lang}/presentations/index.html"));
        let cells = page.texts("tr#informe-final td");
        assert_eq!(cells[1], "PDF", "{lang}: type");
        assert_eq!(cells[2], format!("{pdf_size} B"), "{lang}: size");
        assert!(
            cells[3].eq_ignore_ascii_case(language),
            "{lang}: language {:?}",
            cells[3]
        );
        assert_eq!(
            page.link_target("tr#informe-final td a", "Ana María Quispe"),
            format!("{lang}/speakers/ana-quispe/index.html")
        );
        let session = page.select("tr#informe-final td:last-child a");
        assert_eq!(session.len(), 1);
        let href = session[0].value().attr("href").unwrap();
        assert_eq!(href, "../agenda/#panel-clusters");
        // Slides only: an external link.
        assert_eq!(
            page.attrs("tr#gvc-slides a", "href")[0],
            "https://example.org/slides"
        );
    }
}

#[test]
fn markdown_links_to_source_files_go_to_pages_in_the_same_language() {
    let (_p, site) = built(KITCHEN_SINK);
    let cases = [
        ("en", "pages/about", "Ana", "speakers/ana-quispe/index.html"),
        ("en", "pages/about", "agenda", "agenda/index.html"),
        (
            "en",
            "pages/about",
            "conclusions",
            "report/conclusions/index.html",
        ),
        ("en", "pages/about", "programme", "../files/programme.pdf"),
        ("es", "pages/about", "programa", "../files/programme.pdf"),
        ("es", "pages/about", "Ana", "speakers/ana-quispe/index.html"),
        ("es", "pages/about", "agenda", "agenda/index.html"),
        (
            "es",
            "pages/about",
            "conclusiones",
            "report/conclusions/index.html",
        ),
        // A page shown in English on the Spanish site still links to Spanish pages.
        (
            "es",
            "pages/venue",
            "Carla",
            "speakers/carla-nunez/index.html",
        ),
        // Biographies, with a fragment, and a biography that falls back.
        (
            "en",
            "speakers/ana-quispe",
            "forum",
            "agenda/index.html#opening",
        ),
        (
            "es",
            "speakers/ana-quispe",
            "foro",
            "agenda/index.html#opening",
        ),
        (
            "es",
            "speakers/ana-quispe",
            "Bob",
            "speakers/bob-script/index.html",
        ),
        (
            "es",
            "speakers/bob-script",
            "conclusions",
            "report/conclusions/index.html",
        ),
        (
            "en",
            "report/conclusions",
            "the agenda",
            "agenda/index.html",
        ),
        ("es", "report/conclusions", "la agenda", "agenda/index.html"),
    ];
    for (lang, page, label, to) in cases {
        let p = site.page(&format!("{lang}/{page}/index.html"));
        assert_eq!(
            p.link_target(".prose a", label),
            // `../files/x` is outside the language folder.
            to.strip_prefix("../")
                .map_or_else(|| format!("{lang}/{to}"), str::to_string),
            "{lang}/{page}: [{label}]"
        );
    }
    // Links in session descriptions (Markdown in agenda.yaml).
    for (lang, label, fragment) in [
        ("en", "recommendations", "recommendations"),
        ("es", "recomendaciones", "recomendaciones"),
    ] {
        let agenda = site.page(&format!("{lang}/agenda/index.html"));
        assert_eq!(
            agenda.link_target("li#panel-clusters .description a", label),
            format!("{lang}/report/conclusions/index.html#{fragment}")
        );
        assert_eq!(
            agenda.link_target("li#panel-clusters .description a", "Carla"),
            format!("{lang}/speakers/carla-nunez/index.html")
        );
    }
}

#[test]
fn home_page_shows_title_dates_venue_livestream_and_days() {
    let (_p, site) = built(KITCHEN_SINK);
    let en = site.page("en/index.html");
    assert_eq!(en.text("main h1"), "Kitchen Sink Forum on Clusters");
    assert_eq!(en.text("main .tagline"), "Every part of the contract, once");
    let facts = en.text("main dl.facts");
    for part in [
        "21–22 September 2017",
        "Pacific Centre",
        "Lima",
        "SME 01 2017A",
    ] {
        assert!(facts.contains(part), "{facts}");
    }
    assert!(
        en.attrs("main a", "href")
            .contains(&"https://example.org/live".to_string())
    );
    assert_eq!(
        en.text("main .livestream-note"),
        "The main hall is streamed."
    );
    assert_eq!(
        en.link_target(
            ".day-links a",
            "Thursday, 21 September 2017 Day 1 — Clusters"
        ),
        "en/agenda/index.html#day-2017-09-21"
    );
    let es = site.page("es/index.html");
    assert_eq!(es.text("main h1"), "Foro de prueba sobre clústeres");
    assert!(
        es.text("main dl.facts")
            .contains("21 y 22 de septiembre de 2017")
    );
    let footer = es.text("footer");
    assert!(footer.contains("info@example.org"), "{footer}");
    assert_eq!(
        es.attr("footer .organizers img", "alt"),
        "Ministerio de Pruebas"
    );
}

#[test]
fn participation_page_reports_the_share_of_women() {
    let (_p, site) = built(KITCHEN_SINK);
    // Speakers: Ana (female), Bob (male), Carla (undisclosed): 1 of 3.
    // Participants: 8 women of 15; Peru 6 of 12. Targets 40 % and 50 %.
    for (lang, figures) in [
        ("en", ["33.3%", "53.3%", "50.0%", "40%", "50%"]),
        ("es", ["33,3%", "53,3%", "50,0%", "40%", "50%"]),
    ] {
        let page = site.page(&format!("{lang}/participation/index.html"));
        // Spacing before `%` is a matter of typography, not of the figures.
        let main = page.text("main").replace([' ', '\u{a0}', '\u{202f}'], "");
        for figure in figures {
            assert!(main.contains(figure), "{lang}: no {figure} in {main}");
        }
        let peru = if lang == "es" { "Perú50" } else { "Peru50" };
        assert!(main.contains(peru) && main.contains("Chile66"), "{main}");
    }
}

#[test]
fn the_project_theme_adds_its_static_files() {
    let (_p, site) = built(KITCHEN_SINK);
    assert_eq!(
        site.bytes("assets/extra.css"),
        std::fs::read(fixture(KITCHEN_SINK).join("themes/ks/static/extra.css")).unwrap()
    );
}

#[test]
fn building_twice_gives_identical_bytes() {
    let project = Project::from_fixture(KITCHEN_SINK);
    project.build_into("first").assert_code(0);
    project.build_into("second").assert_code(0);
    let (a, b) = (project.site_in("first"), project.site_in("second"));
    let files = a.files();
    assert_eq!(files, b.files());
    let differ: Vec<&String> = files.iter().filter(|f| a.bytes(f) != b.bytes(f)).collect();
    assert!(
        differ.is_empty(),
        "these files differ between builds: {differ:?}"
    );
}

#[test]
fn a_new_build_replaces_the_previous_output_completely() {
    let project = Project::from_fixture(KITCHEN_SINK);
    project.build().assert_code(0);
    let site = project.site();
    std::fs::write(site.path("stale.txt"), "from an older build").unwrap();
    std::fs::remove_file(project.dir().join("pages/venue.md")).unwrap();
    project.build().assert_code(0);
    assert!(!site.exists("stale.txt"));
    assert!(!site.exists("en/pages/venue/index.html"));
    assert!(site.exists("en/pages/about/index.html"));
    let out = list_files(&project.root().join("out"));
    assert!(
        out.iter()
            .all(|f| f.starts_with("site/") || f.starts_with("usb/")),
        "leftovers beside the products: {out:?}"
    );
}

#[test]
fn build_prints_a_summary_and_the_translation_report() {
    let project = Project::from_fixture(KITCHEN_SINK);
    let run = project.build();
    run.assert_code(0);
    assert!(run.warning_lines().is_empty(), "{}", run.stderr);
    assert!(
        run.stdout.contains("built 26 pages (en 13, es 13)"),
        "{}",
        run.stdout
    );
    for item in [
        "speakers/bob-script.md: biography (shown in en)",
        "pages/venue.md: the whole text (shown in en)",
        "agenda.yaml: title of session `networking` (shown in en)",
    ] {
        assert!(run.stdout.contains(item), "{item}\n{}", run.stdout);
    }
}

/// The site of the kitchen sink, for other modules.
pub fn kitchen_sink() -> (Project, Site) {
    built(KITCHEN_SINK)
}
