//! Every word in the reader's language: the visible text of every page and
//! calendar of each language holds no UI string, economy name, month or
//! day name of the other language — on the example (English first) and on
//! a Peruvian forum written in Spanish first (`fixtures/i18n/peru`). Also
//! the grammar of people's labels, texts declared in another language, and
//! economies by name or code.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use scraper::{ElementRef, Node};

use crate::support::{Page, Project, Site, copy_dir, foro, list_files};

const PERU: &str = "i18n/peru";

/// Official names that differ between English and Spanish.
const ECONOMIES: &[(&str, &str)] = &[
    ("Peru", "Perú"),
    ("Mexico", "México"),
    ("Republic of Korea", "Corea"),
    ("Thailand", "Tailandia"),
    ("Papua New Guinea", "Papúa Nueva Guinea"),
    ("United States", "Estados Unidos"),
    ("Philippines", "Filipinas"),
    ("Malaysia", "Malasia"),
    ("Japan", "Japón"),
    ("Canada", "Canadá"),
    ("Singapore", "Singapur"),
    ("New Zealand", "Nueva Zelanda"),
    ("Chinese Taipei", "Taipéi Chino"),
    ("Russia", "Rusia"),
    ("European Union", "Unión Europea"),
];

/// Words both languages write alike, or that are also ordinary words of
/// the other language's texts ("agenda" is Spanish too).
const SHARED: &[&str] = &[
    "Agenda",
    "Panel",
    "Total",
    "Video",
    "Networking",
    "Email",
    "Chile",
    "China",
    "Indonesia",
    "Australia",
    "Viet Nam",
    "Hong Kong, China",
    "Brunei Darussalam",
];

type Strings = BTreeMap<String, serde_yaml::Value>;

fn strings(lang: &str) -> Strings {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("themes/default/i18n/{lang}.yaml"));
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every string of a language, its variants' included (`es-PE`).
fn all_values(lang: &str) -> Vec<String> {
    let mut out = values(&strings(lang));
    if lang == "es" {
        out.extend(values(&strings("es-PE")));
    }
    out
}

fn values(s: &Strings) -> Vec<String> {
    let mut out = Vec::new();
    for v in s.values() {
        match v {
            serde_yaml::Value::String(t) => out.push(t.clone()),
            serde_yaml::Value::Sequence(l) => {
                out.extend(l.iter().filter_map(|x| x.as_str().map(str::to_string)));
            }
            serde_yaml::Value::Mapping(m) => {
                out.extend(m.values().filter_map(|x| x.as_str().map(str::to_string)));
            }
            _ => {}
        }
    }
    out
}

/// What a reader of `lang` must never meet: the other language's UI
/// strings (those it does not share), its month and day names, and its
/// economy names.
fn foreign_words(lang: &str) -> Vec<String> {
    let other = if lang == "es" { "en" } else { "es" };
    let mine: Vec<String> = all_values(lang)
        .into_iter()
        .map(|s| s.to_lowercase())
        .collect();
    let mut out: Vec<String> = all_values(other)
        .into_iter()
        // Patterns are checked by their filled-in results (dates).
        .filter(|s| !s.contains('{') && s.chars().count() >= 4)
        .filter(|s| !mine.contains(&s.to_lowercase()))
        .filter(|s| !SHARED.contains(&s.as_str()))
        .collect();
    for (en, es) in ECONOMIES {
        out.push((if lang == "es" { *en } else { *es }).to_string());
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn the_foreign_word_lists_hold_ui_strings_dates_and_economies() {
    let es = foreign_words("es");
    for w in [
        "Add to calendar",
        "September",
        "Thursday",
        "Peru",
        "Speakers",
    ] {
        assert!(es.contains(&w.to_string()), "{w}");
    }
    let en = foreign_words("en");
    for w in [
        "Añadir al calendario",
        "septiembre",
        "setiembre",
        "jueves",
        "Perú",
        "Expositores",
    ] {
        assert!(en.contains(&w.to_string()), "{w}");
    }
    assert!(!en.contains(&"Panel".to_string()));
}

/// Where `word` occurs in `text` as a whole word (case-insensitive).
fn has_word(text: &str, word: &str) -> bool {
    let (t, w) = (text.to_lowercase(), word.to_lowercase());
    t.match_indices(&w).any(|(i, _)| {
        let before = t[..i].chars().next_back();
        let after = t[i + w.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The text a reader of `lang` meets on `page`: its title, text, `alt`,
/// `aria-label` and `title` attributes, leaving out every part marked as
/// written in another language (`lang="en"` on a Spanish page), scripts
/// and code.
fn visible_text(page: &Page, lang: &str) -> Vec<String> {
    fn walk(el: ElementRef, lang: &str, out: &mut Vec<String>) {
        if el.value().attr("lang").is_some_and(|l| l != lang) {
            return;
        }
        if matches!(el.value().name(), "script" | "style" | "code" | "pre") {
            return;
        }
        for a in ["alt", "aria-label", "title", "placeholder"] {
            if let Some(v) = el.value().attr(a) {
                out.push(v.to_string());
            }
        }
        for child in el.children() {
            match child.value() {
                Node::Text(t) => out.push(t.to_string()),
                Node::Element(_) => walk(ElementRef::wrap(child).unwrap(), lang, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(page.html.root_element(), lang, &mut out);
    out.into_iter()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect()
}

/// The text of a page in no language of its own (the chooser, the 404
/// page), each part with the language it is marked with (the nearest
/// `lang`), as [`visible_text`] reads it. The head is left out: its title
/// names the page in every language at once.
fn texts_by_lang(page: &Page) -> Vec<(String, String)> {
    fn walk(el: ElementRef, lang: &str, out: &mut Vec<(String, String)>) {
        let lang = el.value().attr("lang").unwrap_or(lang);
        if matches!(
            el.value().name(),
            "head" | "script" | "style" | "code" | "pre"
        ) {
            return;
        }
        for a in ["alt", "aria-label", "title", "placeholder"] {
            if let Some(v) = el.value().attr(a) {
                out.push((lang.to_string(), v.to_string()));
            }
        }
        for child in el.children() {
            match child.value() {
                Node::Text(t) => out.push((lang.to_string(), t.to_string())),
                Node::Element(_) => walk(ElementRef::wrap(child).unwrap(), lang, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(page.html.root_element(), "", &mut out);
    out.into_iter()
        .map(|(l, s)| (l, s.split_whitespace().collect::<Vec<_>>().join(" ")))
        .filter(|(_, s)| !s.is_empty())
        .collect()
}

/// The pages at the root of the site, in every language of the forum.
const ROOT_PAGES: [&str; 2] = ["index.html", "404.html"];

/// SUMMARY, DESCRIPTION and LOCATION of every event of a calendar, unfolded
/// and unescaped.
fn calendar_text(ics: &str) -> Vec<String> {
    let unfolded = ics.replace("\r\n ", "");
    unfolded
        .lines()
        .filter_map(|l| {
            ["SUMMARY:", "DESCRIPTION:", "LOCATION:"]
                .iter()
                .find_map(|p| l.strip_prefix(p))
        })
        .map(|v| {
            v.replace("\\n", "\n")
                .replace("\\,", ",")
                .replace("\\;", ";")
                .replace("\\\\", "\\")
        })
        .collect()
}

/// Fails with every foreign word found in every page and calendar of each
/// language of the site at `root`.
fn check_every_word(root: &Path, langs: &[&str]) {
    let site = Site {
        root: root.to_path_buf(),
    };
    let mut found = Vec::new();
    for lang in langs {
        let foreign = foreign_words(lang);
        let mut texts: Vec<(String, String)> = Vec::new();
        for path in site.lang_pages(lang) {
            let page = site.page(&path);
            for t in visible_text(&page, lang) {
                texts.push((path.clone(), t));
            }
        }
        for path in site.files() {
            if path.starts_with(&format!("{lang}/")) && path.ends_with(".ics") {
                for t in calendar_text(&site.read(&path)) {
                    texts.push((path.clone(), t));
                }
            }
        }
        assert!(texts.len() > 100, "{lang}: too little text found");
        for (path, text) in &texts {
            for w in &foreign {
                if has_word(text, w) {
                    found.push(format!("{path}: `{w}` in {text:?}"));
                }
            }
        }
    }
    // The chooser and the 404 page: every part in the language it is
    // marked with (the page's own `lang` for the unmarked ones).
    for path in ROOT_PAGES {
        let page = site.page(path);
        let mut seen = Vec::new();
        for (lang, text) in texts_by_lang(&page) {
            assert!(
                langs.contains(&lang.as_str()),
                "{path}: {text:?} is marked `{lang}`"
            );
            for w in foreign_words(&lang) {
                if has_word(&text, &w) {
                    found.push(format!("{path} ({lang}): `{w}` in {text:?}"));
                }
            }
            seen.push(lang);
        }
        for lang in langs {
            assert!(seen.iter().any(|l| l == lang), "{path}: nothing in {lang}");
        }
    }
    found.sort();
    found.dedup();
    assert!(
        found.is_empty(),
        "{} words of the other language:\n{}",
        found.len(),
        found.join("\n")
    );
}

fn build_all(project_dir: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(project_dir, &tmp.path().join("forum"));
    let run = foro(tmp.path(), &["build", "forum", "--out", "out"]);
    run.assert_code(0);
    let out = tmp.path().join("out");
    (tmp, out)
}

/// Each organizer is named in every language on the pages at the root,
/// each name marked with its language (the logo's `alt` in the first).
fn check_organizers(root: &Path, names: &[(&str, &str)]) {
    let site = Site {
        root: root.to_path_buf(),
    };
    for path in ROOT_PAGES {
        let texts = texts_by_lang(&site.page(path));
        for (lang, name) in names {
            assert!(
                texts.iter().any(|(l, t)| l == lang && t == name),
                "{path}: {name:?} in {lang}: {texts:?}"
            );
        }
    }
}

#[test]
fn an_english_reader_meets_no_spanish_and_a_spanish_reader_no_english_in_the_example() {
    let (_tmp, out) = build_all(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    check_every_word(&out.join("site"), &["en", "es"]);
    check_organizers(
        &out.join("site"),
        &[
            ("en", "Ministry of Production of Peru"),
            ("es", "Ministerio de la Producción del Perú"),
            ("en", "APEC Small and Medium Enterprises Working Group"),
        ],
    );
    let site = Site {
        root: out.join("site"),
    };
    // The tab's title names the error page in every language.
    let title = site.page("404.html").text("title");
    assert!(
        title.contains("Page not found") && title.contains("Página no encontrada"),
        "{title}"
    );
}

#[test]
fn every_word_is_in_the_readers_language_on_a_spanish_first_forum() {
    let (_tmp, out) = build_all(&crate::support::fixture(PERU));
    check_every_word(&out.join("site"), &["es", "en"]);
    check_organizers(
        &out.join("site"),
        &[
            ("es", "Ministerio de la Producción"),
            ("en", "Ministry of Production"),
        ],
    );
    // The USB read-me: one per language, each in its language.
    let usb = out.join("usb");
    let leeme = std::fs::read_to_string(usb.join("LEEME.txt")).unwrap();
    let readme = std::fs::read_to_string(usb.join("README.txt")).unwrap();
    for w in foreign_words("es") {
        assert!(!has_word(&leeme, &w), "LEEME.txt: {w}");
    }
    for w in foreign_words("en") {
        assert!(!has_word(&readme, &w), "README.txt: {w}");
    }
    assert!(
        leeme.contains("setiembre") && leeme.contains("Lima, Perú"),
        "{leeme}"
    );
    assert!(
        readme.contains("September") && readme.contains("Lima, Peru"),
        "{readme}"
    );
}

#[test]
fn a_third_language_gets_its_read_me_from_its_i18n_file_alone() {
    let project = Project::from_fixture(PERU);
    let forum = std::fs::read_to_string(project.dir().join("forum.yaml")).unwrap();
    project.write(
        "forum.yaml",
        forum.replace("languages: [es, en]", "languages: [es, en, pt]"),
    );
    let en = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/en.yaml"),
    )
    .unwrap();
    project.write(
        "themes/mine/i18n/pt.yaml",
        en.replace("readme_file: \"README.txt\"", "readme_file: \"LEIAME.txt\"")
            .replace("This USB drive holds", "Esta memória USB contém"),
    );
    let forum = std::fs::read_to_string(project.dir().join("forum.yaml")).unwrap();
    project.write("forum.yaml", format!("{forum}theme: mine\n"));
    let run = project.foro(&["build", "forum", "--out", "out"]);
    run.assert_code(0);
    let files = list_files(&project.root().join("out/usb"));
    for f in ["LEEME.txt", "README.txt", "LEIAME.txt"] {
        assert!(files.contains(&f.to_string()), "{f}: {files:?}");
    }
    let pt = std::fs::read_to_string(project.root().join("out/usb/LEIAME.txt")).unwrap();
    assert!(pt.contains("Esta memória USB contém"), "{pt}");
}

#[test]
fn labels_of_people_agree_with_their_number_and_gender() {
    let (_tmp, out) = build_all(&crate::support::fixture(PERU));
    let site = Site {
        root: out.join("site"),
    };
    for (lang, id, labels) in [
        ("es", "inauguracion", vec!["Expositora: Rosa Huamán"]),
        (
            "es",
            "panel",
            vec![
                "Expositores: Rosa Huamán, Min-jun Lee",
                "Moderador: Pedro Quispe",
            ],
        ),
        (
            "es",
            "taller",
            vec!["Expositor: Min-jun Lee", "Moderadora: Rosa Huamán"],
        ),
        ("en", "inauguracion", vec!["Speaker: Rosa Huamán"]),
        (
            "en",
            "panel",
            vec![
                "Speakers: Rosa Huamán, Min-jun Lee",
                "Moderator: Pedro Quispe",
            ],
        ),
    ] {
        let page = site.page(&format!("{lang}/agenda/index.html"));
        let people: Vec<String> = page
            .texts(&format!("li#{id} p.people"))
            .into_iter()
            .map(|t| t.replace(" ,", ","))
            .collect();
        assert_eq!(people, labels, "{lang} {id}");
    }
    // A speaker's page names their role with their gender.
    let rosa = site.page("es/speakers/rosa-huaman/index.html");
    assert!(
        rosa.text("main").contains("Moderadora"),
        "{}",
        rosa.text("main")
    );
    // Peruvian usage: "setiembre", and a heading starts with a capital.
    let agenda = site.page("es/agenda/index.html");
    assert!(agenda.texts("section.day h2")[0].starts_with("Jueves, 21 de setiembre de 2017"));
    assert!(agenda.text("p.lead").contains("hora de Lima (UTC−5)"));
    let en = site.page("en/agenda/index.html");
    assert!(en.text("p.lead").contains("Lima time (UTC−5)"));
}

#[test]
fn a_text_declared_in_another_language_is_wrapped_in_its_lang() {
    let (_tmp, out) = build_all(&crate::support::fixture(PERU));
    let site = Site {
        root: out.join("site"),
    };
    let es = site.page("es/speakers/min-jun-lee/index.html");
    let marked = es.select("main [lang=en]");
    assert!(
        marked.iter().any(|e| crate::support::text_of(*e)
            == "Korea Institute for Industrial Economics and Trade (KIET)"),
        "the English name is not marked on the Spanish page"
    );
    // A deliberate foreign name is no missing translation.
    assert!(es.select("p.fallback-note").is_empty());
    // On the English page it is the page's own language.
    let en = site.page("en/speakers/min-jun-lee/index.html");
    assert!(en.select("main [lang=en]").is_empty());
}

#[test]
fn economies_are_named_by_code_or_name_in_each_language_and_unknown_ones_warned() {
    let (_tmp, out) = build_all(&crate::support::fixture(PERU));
    let site = Site {
        root: out.join("site"),
    };
    // KOR, Perú and the forum's own EU, in each language.
    for (lang, id, name) in [
        ("es", "min-jun-lee", "Corea"),
        ("en", "min-jun-lee", "Republic of Korea"),
        ("es", "rosa-huaman", "Perú"),
        ("en", "rosa-huaman", "Peru"),
        ("es", "pedro-quispe", "Unión Europea"),
        ("en", "pedro-quispe", "European Union"),
    ] {
        let page = site.page(&format!("{lang}/speakers/{id}/index.html"));
        assert!(
            page.text("p.economy").ends_with(name),
            "{lang} {id}: {}",
            page.text("p.economy")
        );
    }
    let table = site.page("es/participation/index.html");
    let rows = table.texts("tbody th[scope=row]");
    assert!(
        rows.contains(&"Perú".to_string()) && rows.contains(&"Corea".to_string()),
        "{rows:?}"
    );

    let project = Project::from_fixture(PERU);
    project.write(
        "speakers/ana.md",
        "---\nname: \"Ana\"\neconomy: \"Tailand\"\n---\nBio.\n",
    );
    let run = project.build();
    run.assert_code(0);
    let warning = run
        .warning_lines()
        .into_iter()
        .find(|l| l.contains("Tailand"))
        .unwrap_or_else(|| panic!("no warning:\n{}", run.stderr));
    assert!(warning.contains("speakers/ana.md:3:"), "{warning}");
    assert!(
        run.stderr.contains("did you mean `Thailand`?"),
        "{}",
        run.stderr
    );
}

const PYTHON_CALENDARS: &str = r"
import sys
from icalendar import Calendar
es, en = (Calendar.from_ical(open(p, 'rb').read()) for p in sys.argv[1:3])
def event(cal, uid):
    return next(e for e in cal.walk('VEVENT') if str(e['UID']).startswith(uid + '.'))
e, n = event(es, 'panel'), event(en, 'panel')
assert str(e['SUMMARY']) == 'Panel: innovación en las regiones', e['SUMMARY']
assert str(n['SUMMARY']) == 'Panel: innovation in the regions', n['SUMMARY']
assert '/es/agenda/#panel' in str(e['URL']) and '/en/agenda/#panel' in str(n['URL'])
assert 'Expositores: Rosa Huamán, Min-jun Lee' in str(e['DESCRIPTION']), e['DESCRIPTION']
assert 'Speakers: Rosa Huamán, Min-jun Lee' in str(n['DESCRIPTION']), n['DESCRIPTION']
assert str(e['LOCATION']) == 'Auditorio principal, Centro de Convenciones de Lima, Av. de la Arqueología 206, San Borja, Lima, Perú', e['LOCATION']
assert str(n['LOCATION']) == 'Main hall, Lima Convention Centre, Av. de la Arqueología 206, San Borja, Lima, Peru', n['LOCATION']
geo = e.decoded('GEO')
lat, lon = (geo.latitude, geo.longitude) if hasattr(geo, 'latitude') else geo
assert abs(lat + 12.0866) < 1e-6 and abs(lon + 76.9967) < 1e-6, geo
print('ok')
";

#[test]
#[ignore = "needs python3 icalendar"]
fn each_language_has_its_own_calendars_read_by_python_icalendar() {
    let (_tmp, out) = build_all(&crate::support::fixture(PERU));
    let site = out.join("site");
    for lang in ["es", "en"] {
        assert!(site.join(format!("{lang}/schedule.ics")).is_file());
        assert!(site.join(format!("{lang}/schedule/panel.ics")).is_file());
    }
    let run = Command::new("python3")
        .arg("-c")
        .arg(PYTHON_CALENDARS)
        .arg(site.join("es/schedule.ics"))
        .arg(site.join("en/schedule/panel.ics"))
        .output()
        .expect("running python3");
    assert!(
        run.status.success(),
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    // The buttons of each language's agenda give that language's files.
    let page = Site { root: site }.page("es/agenda/index.html");
    let hrefs = page.attrs("a[type='text/calendar']", "href");
    assert!(
        hrefs.iter().all(|h| h.starts_with("../schedule")),
        "{hrefs:?}"
    );
}

#[test]
fn tables_scroll_in_labelled_regions_and_footnote_back_links_are_named() {
    let (_tmp, out) = build_all(&crate::support::fixture(PERU));
    let site = Site {
        root: out.join("site"),
    };
    // The summary page has no heading: the table is named by its number.
    for (lang, table, back) in [
        ("es", "Tabla 1", "Volver a la llamada 1"),
        ("en", "Table 1", "Back to reference 1"),
    ] {
        let page = site.page(&format!("{lang}/pages/resumen/index.html"));
        assert_eq!(
            page.attrs("section.table-wrap[tabindex='0']", "aria-label"),
            [table]
        );
        assert_eq!(page.attrs("a.footnote-back", "aria-label"), [back]);
        assert!(page.select("pre.code").len() >= 2, "{lang}: code blocks");
    }
}

/// Runs axe-core in Chromium on the Spanish-first forum, whose summary page
/// has bash, Rust and YAML blocks: the highlighting colours must meet WCAG
/// AA contrast in the light and the dark scheme (axe's colour-contrast
/// rule is "serious").
#[test]
#[ignore = "needs chromium"]
fn axe_finds_no_contrast_problem_on_highlighted_code_in_either_scheme() {
    let (_tmp, out) = build_all(&crate::support::fixture(PERU));
    let site = out.join("site");
    assert!(site.join("assets/highlight.css").is_file());
    let ran = crate::usb::tools::node("axe.mjs", &[site.to_str().unwrap()]);
    eprintln!("{}", ran.stderr);
    ran.assert_ok();
    let summary: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    for impact in ["critical", "serious"] {
        assert_eq!(summary["violations"][impact], 0, "{impact}: {summary:#}");
    }
    let by_page = summary["by_page"].as_object().unwrap();
    assert!(by_page.contains_key("page (es)") && by_page.contains_key("page (en)"));
    assert!(!ran.stderr.contains("color-contrast"), "{}", ran.stderr);
}
