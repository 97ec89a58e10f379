//! Languages: `<html lang>`, hreflang alternates, canonical URLs, the
//! language switcher, dates, and the fallback of missing translations —
//! with English as the default (kitchen sink) and with Spanish as the
//! default (`fixtures/build/spanish-default`).

use std::collections::BTreeSet;

use crate::build_site::{BASE_URL, LANGS, PAGES, kitchen_sink};
use crate::support::{Page, Site, built, resolve, sel, text_of};

const SPANISH_DEFAULT: &str = "build/spanish-default";
const ES_BASE_URL: &str = "https://www.example.gob.pe/foro-apec/";

/// `https://example.org/foro/en/agenda/` for `en/agenda/index.html`.
fn url(base: &str, path: &str) -> String {
    format!("{base}{}", path.strip_suffix("index.html").unwrap_or(path))
}

/// Checks `<html lang>`, canonical, alternates, x-default and Open Graph
/// of every language page of `site`.
fn check_heads(site: &Site, base: &str, langs: &[&str]) {
    for lang in langs {
        for path in site.lang_pages(lang) {
            let page = site.page(&path);
            let rest = path.strip_prefix(&format!("{lang}/")).unwrap();
            assert_eq!(page.attr("html", "lang"), *lang, "{path}");
            assert_eq!(
                page.attr("link[rel=canonical]", "href"),
                url(base, &path),
                "{path}: canonical"
            );
            for other in langs {
                assert_eq!(
                    page.attr(&format!("link[rel=alternate][hreflang={other}]"), "href"),
                    url(base, &format!("{other}/{rest}")),
                    "{path}: alternate {other}"
                );
            }
            if rest == HANDOUT {
                // See the_handout_has_x_default_and_open_graph.
                continue;
            }
            check_x_default_and_open_graph(&page, base, &url(base, &path));
            assert_eq!(
                page.select("link[rel=alternate]").len(),
                langs.len() + 1,
                "{path}: one alternate per language plus x-default"
            );
        }
    }
}

const HANDOUT: &str = "handout/index.html";

fn check_x_default_and_open_graph(page: &Page, x_default: &str, canonical: &str) {
    let path = &page.path;
    assert_eq!(
        page.attrs("link[rel=alternate][hreflang=x-default]", "href"),
        [x_default],
        "{path}: x-default"
    );
    let og_title = page.attrs("meta[property='og:title']", "content");
    assert!(
        og_title.len() == 1 && !og_title[0].is_empty(),
        "{path}: og:title {og_title:?}"
    );
    assert_eq!(
        page.attrs("meta[property='og:url']", "content"),
        [canonical],
        "{path}: og:url"
    );
}

/// Checks that the switcher of every page links to the same page in each
/// other language.
fn check_switcher(site: &Site, langs: &[&str]) {
    for lang in langs {
        for path in site.lang_pages(lang) {
            let page = site.page(&path);
            let rest = path.strip_prefix(&format!("{lang}/")).unwrap();
            let offered: BTreeSet<String> = page
                .attrs(&switcher(None), "hreflang")
                .into_iter()
                .collect();
            let others: BTreeSet<String> = langs
                .iter()
                .filter(|l| *l != lang)
                .map(|l| (*l).to_string())
                .collect();
            assert_eq!(offered, others, "{path}: languages offered");
            for other in &others {
                let a = page.one(&switcher(Some(other)));
                assert_eq!(a.value().attr("lang"), Some(other.as_str()), "{path}");
                let href = a.value().attr("href").unwrap();
                assert_eq!(
                    resolve(&path, href),
                    Some(format!("{other}/{rest}")),
                    "{path}: switcher link {href}"
                );
            }
        }
    }
}

/// The language switcher's links (the handout has its own bar).
fn switcher(lang: Option<&str>) -> String {
    let a = lang.map_or_else(|| "a[hreflang]".to_string(), |l| format!("a[hreflang={l}]"));
    format!("nav.lang-switch {a}, nav.handout-bar {a}")
}

#[test]
fn the_handout_has_x_default_and_open_graph() {
    // outputs.md: every page has hreflang alternates for each language
    // and x-default, and Open Graph title/description.
    let (_p, site) = kitchen_sink();
    for lang in LANGS {
        let page = site.page(&format!("{lang}/{HANDOUT}"));
        check_x_default_and_open_graph(&page, BASE_URL, &format!("{BASE_URL}{lang}/handout/"));
    }
}

#[test]
fn every_page_has_lang_canonical_alternates_and_open_graph() {
    let (_p, site) = kitchen_sink();
    check_heads(&site, BASE_URL, &LANGS);
    let chooser = site.page("index.html");
    assert_eq!(chooser.attr("link[rel=canonical]", "href"), BASE_URL);
    // x-default is the language chooser, which lists the alternates.
    assert_eq!(
        chooser.attr("link[rel=alternate][hreflang=x-default]", "href"),
        BASE_URL
    );
    for lang in LANGS {
        assert_eq!(
            chooser.attr(&format!("link[rel=alternate][hreflang={lang}]"), "href"),
            format!("{BASE_URL}{lang}/")
        );
    }
    let not_found = site.page("404.html");
    assert!(not_found.select("link[rel=canonical]").is_empty());
    assert!(not_found.select("link[rel=alternate]").is_empty());
}

/// The 404 page is served at any address, in no language of its own: it
/// says everything in each language of the forum, each part marked with its
/// `lang`, and carries no navigation or footer in the default language.
#[test]
fn the_error_page_speaks_every_language_of_the_forum_each_in_its_lang() {
    let (_p, site) = kitchen_sink();
    let page = site.page("404.html");
    assert!(page.select("header, nav, footer, .skip-link").is_empty());
    let sections = page.select("main section[lang]");
    let langs: Vec<&str> = sections
        .iter()
        .filter_map(|s| s.value().attr("lang"))
        .collect();
    assert_eq!(langs, LANGS);
    let titles = [("en", "Page not found"), ("es", "Página no encontrada")];
    for (section, (lang, title)) in sections.iter().zip(titles) {
        assert_eq!(section.value().attr("lang"), Some(lang));
        assert!(text_of(*section).contains(title), "{}", text_of(*section));
        let home = section
            .select(&sel("a[hreflang]"))
            .next()
            .and_then(|a| a.value().attr("href"))
            .unwrap();
        assert!(home.ends_with(&format!("/{lang}/")), "{home}");
    }
}

#[test]
fn the_language_switcher_leads_to_the_same_page_in_the_other_language() {
    let (_p, site) = kitchen_sink();
    check_switcher(&site, &LANGS);
}

#[test]
fn the_language_chooser_links_to_every_home_page() {
    let (_p, site) = kitchen_sink();
    let chooser = site.page("index.html");
    let links: Vec<(String, Option<String>)> = chooser
        .select("main a[hreflang]")
        .into_iter()
        .map(|a| {
            let href = a.value().attr("href").unwrap();
            (
                a.value().attr("hreflang").unwrap().to_string(),
                resolve("index.html", href),
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            ("en".to_string(), Some("en/index.html".to_string())),
            ("es".to_string(), Some("es/index.html".to_string()))
        ]
    );
}

#[test]
fn dates_are_written_the_way_each_language_writes_them() {
    let (_p, site) = kitchen_sink();
    let days = |lang: &str| {
        site.page(&format!("{lang}/agenda/index.html"))
            .texts("section.day h2")
    };
    let en = days("en");
    assert!(en[0].starts_with("Thursday, 21 September 2017"), "{en:?}");
    assert!(en[1].starts_with("Friday, 22 September 2017"), "{en:?}");
    let es = days("es");
    assert!(
        // A heading starts with a capital, also on a day name.
        es[0].starts_with("Jueves, 21 de septiembre de 2017"),
        "{es:?}"
    );
    assert!(
        es[1].starts_with("Viernes, 22 de septiembre de 2017"),
        "{es:?}"
    );
    assert!(
        site.page("es/agenda/index.html")
            .text("main .lead")
            .starts_with("21 y 22 de septiembre de 2017")
    );
    assert!(
        site.page("en/agenda/index.html")
            .text("main .lead")
            .starts_with("21–22 September 2017")
    );
}

#[test]
fn a_missing_biography_falls_back_with_a_note_and_its_language() {
    let (_p, site) = kitchen_sink();
    let es = site.page("es/speakers/bob-script/index.html");
    let note = es.text("p.fallback-note");
    assert!(note.contains("inglés"), "{note}");
    assert_eq!(es.attr("#biography .prose", "lang"), "en");
    assert!(
        es.text("#biography .prose")
            .starts_with("Bob's biography is only written in English.")
    );
    let en = site.page("en/speakers/bob-script/index.html");
    assert!(en.select("p.fallback-note").is_empty());
    assert_eq!(en.one("#biography .prose").value().attr("lang"), None);
    // A translated biography has no note.
    let ana = site.page("es/speakers/ana-quispe/index.html");
    assert!(ana.select("p.fallback-note").is_empty());
    assert_eq!(ana.one("#biography .prose").value().attr("lang"), None);
    assert!(
        ana.text("#biography .prose")
            .starts_with("Ana inaugura el foro")
    );
}

#[test]
fn a_missing_page_translation_falls_back_with_a_note_and_its_language() {
    let (_p, site) = kitchen_sink();
    let es = site.page("es/pages/venue/index.html");
    assert_eq!(
        es.text("p.fallback-note"),
        "Esta página aún no está disponible en español; se muestra en inglés."
    );
    assert_eq!(es.attr("main article", "lang"), "en");
    assert_eq!(es.text("main article h1"), "Venue");
    for path in ["en/pages/venue/index.html", "es/pages/about/index.html"] {
        let page = site.page(path);
        assert!(page.select("p.fallback-note").is_empty(), "{path}");
        assert_eq!(
            page.one("main article").value().attr("lang"),
            None,
            "{path}"
        );
    }
    assert_eq!(
        site.page("es/pages/about/index.html").text("main h1"),
        "Acerca del foro"
    );
}

#[test]
fn fallback_notes_appear_only_on_pages_with_text_in_another_language() {
    let (_p, site) = kitchen_sink();
    let with_note: BTreeSet<String> = site
        .html_files()
        .into_iter()
        .filter(|f| !site.page(f).select("p.fallback-note").is_empty())
        .collect();
    let required: BTreeSet<String> = [
        "es/speakers/bob-script/index.html",
        "es/pages/venue/index.html",
    ]
    .map(String::from)
    .into();
    // The Spanish agenda shows one session title in English, so a note
    // there is right as well (see a_fallback_snippet_is_announced_on_its_page).
    let allowed: BTreeSet<String> = required
        .iter()
        .cloned()
        .chain([
            "es/agenda/index.html".to_string(),
            "es/handout/index.html".to_string(),
        ])
        .collect();
    assert!(with_note.is_superset(&required), "{with_note:?}");
    assert!(with_note.is_subset(&allowed), "{with_note:?}");
}

#[test]
fn a_fallback_snippet_is_marked_with_its_language() {
    let (_p, site) = kitchen_sink();
    let es = site.page("es/agenda/index.html");
    assert_eq!(es.attr("li#networking h3 span[lang]", "lang"), "en");
    assert_eq!(es.text("li#networking h3"), "Networking evening");
    // Texts that exist in Spanish are not marked.
    for id in ["opening", "coffee", "panel-clusters", "keynote-gvc"] {
        assert!(es.select(&format!("li#{id} h3 [lang]")).is_empty(), "{id}");
    }
    let en = site.page("en/agenda/index.html");
    assert!(en.select("main .session [lang]").is_empty());
}

#[test]
fn a_fallback_snippet_is_announced_on_its_page() {
    // content-format.md: a map that lacks a language falls back, and "the
    // page says so visibly". The Spanish agenda shows the English title
    // of the `networking` session.
    let (_p, site) = kitchen_sink();
    let es = site.page("es/agenda/index.html");
    assert!(
        !es.select(".fallback-note").is_empty(),
        "es/agenda/index.html does not say that a text is shown in English"
    );
}

#[test]
fn a_fallback_page_title_in_the_navigation_is_marked_with_its_language() {
    let (_p, site) = kitchen_sink();
    let es = site.page("es/agenda/index.html");
    let venue = es.one("nav.main-nav a[href$='pages/venue/']");
    let marked = venue.value().attr("lang") == Some("en")
        || venue
            .select(&crate::support::sel("[lang=en]"))
            .next()
            .is_some();
    assert!(marked, "{}", venue.html());
}

#[test]
fn the_english_site_never_shows_spanish_and_vice_versa() {
    let (_p, site) = kitchen_sink();
    for path in PAGES.iter().filter(|p| **p != HANDOUT) {
        let en = site.page(&format!("en/{path}"));
        let nav = en.texts("nav.main-nav a");
        assert_eq!(&nav[..3], ["Home", "Agenda", "Speakers"], "en/{path}");
        let es = site.page(&format!("es/{path}"));
        let nav = es.texts("nav.main-nav a");
        assert_eq!(
            &nav[..3],
            ["Inicio", "Programa", "Expositores"],
            "es/{path}"
        );
    }
}

// --- Spanish as the default language -------------------------------------

#[test]
fn spanish_default_every_page_exists_in_both_languages() {
    let (_p, site) = built(SPANISH_DEFAULT);
    let es: BTreeSet<String> = site
        .lang_pages("es")
        .into_iter()
        .map(|p| p.strip_prefix("es/").unwrap().to_string())
        .collect();
    let en: BTreeSet<String> = site
        .lang_pages("en")
        .into_iter()
        .map(|p| p.strip_prefix("en/").unwrap().to_string())
        .collect();
    assert_eq!(es, en);
    for page in [
        "index.html",
        "agenda/index.html",
        "speakers/index.html",
        "speakers/rosa-huaman/index.html",
        "pages/resumen/index.html",
        "report/conclusiones/index.html",
    ] {
        assert!(es.contains(page), "es/{page} missing: {es:?}");
    }
}

#[test]
fn spanish_default_is_x_default_and_canonical_urls_use_the_base_path() {
    let (_p, site) = built(SPANISH_DEFAULT);
    check_heads(&site, ES_BASE_URL, &["es", "en"]);
    check_switcher(&site, &["es", "en"]);
    let chooser = site.page("index.html");
    assert_eq!(chooser.attr("html", "lang"), "es");
    assert_eq!(chooser.attr("link[rel=canonical]", "href"), ES_BASE_URL);
    assert_eq!(
        chooser.attr("link[rel=alternate][hreflang=x-default]", "href"),
        ES_BASE_URL
    );
    let hreflangs = chooser.attrs("main a[hreflang]", "hreflang");
    assert_eq!(hreflangs, ["es", "en"], "the default language comes first");
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://www.example.gob.pe/foro-apec/sitemap.xml")
    );
}

#[test]
fn spanish_default_missing_english_falls_back_to_spanish() {
    let (_p, site) = built(SPANISH_DEFAULT);
    let page = site.page("en/pages/resumen/index.html");
    assert_eq!(
        page.text("p.fallback-note"),
        "This page is not yet available in English; it is shown in Spanish."
    );
    assert_eq!(page.attr("main article", "lang"), "es");
    assert_eq!(page.text("main article h1"), "Resumen");
    let es = site.page("es/pages/resumen/index.html");
    assert!(es.select("p.fallback-note").is_empty());

    let bio = site.page("en/speakers/rosa-huaman/index.html");
    assert!(bio.text("p.fallback-note").contains("Spanish"));
    assert_eq!(bio.attr("#biography .prose", "lang"), "es");
    // The position exists in English; the organization only in Spanish.
    assert_eq!(bio.text("main .position"), "Director of Innovation");
    assert_eq!(bio.attr("main .organization span[lang]", "lang"), "es");

    let agenda = site.page("en/agenda/index.html");
    assert_eq!(agenda.attr("li#clausura h3 span[lang]", "lang"), "es");
    assert_eq!(agenda.text("li#clausura h3"), "Clausura");
    assert!(agenda.select("li#inauguracion h3 [lang]").is_empty());
    assert_eq!(agenda.text("li#inauguracion h3"), "Opening ceremony");
}

#[test]
fn spanish_default_translated_pages_have_no_note() {
    let (_p, site) = built(SPANISH_DEFAULT);
    for path in site.lang_pages("es") {
        assert!(
            site.page(&path).select("p.fallback-note").is_empty(),
            "{path}: the default language never falls back"
        );
    }
    let report = site.page("en/report/conclusiones/index.html");
    assert!(report.select("p.fallback-note").is_empty());
    assert_eq!(report.text("main h1"), "Conclusions");
}

#[test]
fn spanish_default_ui_and_dates_follow_the_page_language() {
    let (_p, site) = built(SPANISH_DEFAULT);
    let es = site.page("es/agenda/index.html");
    assert_eq!(es.text("main h1"), "Programa");
    assert!(es.texts("section.day h2")[0].starts_with("Jueves, 21 de septiembre de 2017"));
    let en = site.page("en/agenda/index.html");
    assert_eq!(en.text("main h1"), "Agenda");
    assert!(en.texts("section.day h2")[0].starts_with("Thursday, 21 September 2017"));
    // Markdown links resolve in the page's language, also in a fallback.
    let summary = site.page("en/pages/resumen/index.html");
    assert_eq!(
        summary.link_target(".prose a", "Rosa Huamán"),
        "en/speakers/rosa-huaman/index.html"
    );
}

#[test]
fn spanish_default_translation_report_lists_english_fallbacks() {
    let project = crate::support::Project::from_fixture(SPANISH_DEFAULT);
    let run = project.build();
    run.assert_code(0);
    for item in [
        "pages/resumen.md: the whole text (shown in es)",
        "speakers/rosa-huaman.md: biography (shown in es)",
    ] {
        assert!(run.stdout.contains(item), "{item}\n{}", run.stdout);
    }
    assert!(run.stdout.contains("translation: en:"), "{}", run.stdout);
    assert!(!run.stdout.contains("translation: es:"), "{}", run.stdout);
}
