//! The forum during and after the event: the surveys (home page and
//! handout), the agenda's "now" and "next" marks (in Chromium with a faked
//! clock and a reader in another time zone), recordings and the materials
//! download. The participation targets are tested with the participation
//! report (`schedule/participation.rs`).
//!
//! Most cases start from `tests/fixtures/schedule/three-days` (Lima,
//! 14–16 May 2018, UTC−5) and add what they need at test time.

use serde_json::Value;

use crate::support::{Project, sel};
use crate::usb::tools::node;

const SURVEYS: &str = "surveys:
  opening: \"https://forms.example.org/opening\"
  closing: {en: \"https://forms.example.org/closing-en\", es: \"https://forms.example.org/closing-es\"}
";

/// three-days with both surveys.
fn with_surveys() -> Project {
    let project = Project::from_fixture("schedule/three-days");
    let forum = std::fs::read_to_string(project.dir().join("forum.yaml")).unwrap();
    project.write("forum.yaml", format!("{forum}{SURVEYS}"));
    project
}

#[test]
fn survey_links_are_on_the_home_page_in_each_language_from_their_day() {
    let project = with_surveys();
    project.build().assert_code(0);
    let site = project.site();
    for (lang, opening, closing) in [
        ("en", "Opening survey", "Closing survey"),
        ("es", "Encuesta de apertura", "Encuesta de cierre"),
    ] {
        let page = site.page(&format!("{lang}/index.html"));
        let links: Vec<(String, String)> = page
            .select("#surveys li a")
            .into_iter()
            .map(|a| {
                (
                    crate::support::text_of(a),
                    a.value().attr("href").unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            links,
            [
                (
                    opening.to_string(),
                    "https://forms.example.org/opening".to_string()
                ),
                (
                    closing.to_string(),
                    format!("https://forms.example.org/closing-{lang}")
                ),
            ],
            "{lang}"
        );
        // Shown without JavaScript; foro.js hides each before midnight of
        // its day in Lima (UTC−5): 14 May and 16 May 2018, 05:00 UTC.
        assert!(
            page.select("#surveys[hidden], #surveys li[hidden]")
                .is_empty()
        );
        assert_eq!(
            page.attrs("#surveys li", "data-show-from"),
            ["1526274000000", "1526446800000"]
        );
    }
}

#[test]
fn the_handout_has_a_labelled_qr_code_per_survey() {
    let project = with_surveys();
    project.build().assert_code(0);
    let page = project.site().page("es/handout/index.html");
    let figures = page.select(".cover-surveys figure");
    assert_eq!(figures.len(), 2);
    for (fig, url) in figures.iter().zip([
        "https://forms.example.org/opening",
        "https://forms.example.org/closing-es",
    ]) {
        let svg = fig.select(&sel("svg")).next().expect("a QR code");
        let label = svg.value().attr("aria-labelledby").unwrap();
        let caption = fig.select(&sel("figcaption")).next().unwrap();
        assert_eq!(caption.value().attr("id"), Some(label));
        assert!(crate::support::text_of(caption).contains(url));
    }
    // The site's own QR code keeps its label, and no id is repeated.
    assert!(page.ids().values().all(|n| *n == 1), "{:?}", page.ids());
}

#[test]
fn a_survey_url_that_is_not_http_is_an_error_at_its_line() {
    let project = Project::from_fixture("schedule/three-days");
    let forum = std::fs::read_to_string(project.dir().join("forum.yaml")).unwrap();
    let line = forum.lines().count() + 4;
    project.write(
        "forum.yaml",
        format!("{forum}surveys:\n  closing:\n    en: \"https://forms.example.org/c\"\n    es: \"javascript:alert(1)\"\n"),
    );
    let run = project.build();
    run.assert_code(1);
    let errors = run.error_lines();
    assert!(
        errors.iter().any(
            |l| l.starts_with(&format!("error: forum/forum.yaml:{line}:"))
                && l.contains("javascript:alert(1)")
        ),
        "{errors:?}"
    );
}

/// What foro.js shows on the USB bundle's agenda and home page at `iso`,
/// for a reader in `zone`.
fn shown_at(usb: &std::path::Path, lang: &str, iso: &str, zone: &str) -> Value {
    let ran = node("now.mjs", &[usb.to_str().unwrap(), lang, iso, zone]);
    ran.assert_ok();
    serde_json::from_str(&ran.stdout).unwrap_or_else(|e| panic!("{e}: {}", ran.stdout))
}

#[test]
#[ignore = "needs chromium"]
fn the_agenda_marks_the_session_running_now_and_the_next_in_the_forums_time_zone() {
    let project = with_surveys();
    project
        .foro(&["build", "forum", "--out", "out", "--target", "usb"])
        .assert_code(0);
    let usb = project.root().join("out/usb");
    // Lima is UTC−5; the reader is in Tokyo (UTC+9), where 09:10 in Lima is
    // already 23:10 the same day: a clock read in the reader's zone would
    // mark nothing or the wrong session.
    let cases = [
        // (time in Lima, now, next, opening survey shown, closing shown)
        (
            "2018-05-14T09:10:00-05:00",
            vec!["opening"],
            vec!["keynote"],
            true,
            false,
        ),
        // The evening of day 1: the parallel workshops of day 2 are next.
        (
            "2018-05-14T20:00:00-05:00",
            vec![],
            vec!["workshop-a", "workshop-b"],
            true,
            false,
        ),
        (
            "2018-05-15T09:30:00-05:00",
            vec!["workshop-a", "workshop-b"],
            vec!["networking", "qa"],
            true,
            false,
        ),
        // Two days before and after the forum: no mark; the surveys follow their days.
        ("2018-05-12T09:00:00-05:00", vec![], vec![], false, false),
        ("2018-05-18T09:00:00-05:00", vec![], vec![], true, true),
    ];
    for (iso, now, next, opening, closing) in cases {
        let got = shown_at(&usb, "en", iso, "Asia/Tokyo");
        let ids = |k: &str| {
            let mut v: Vec<String> = got[k]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect();
            v.sort();
            v
        };
        assert_eq!(ids("now"), now, "now at {iso}");
        assert_eq!(ids("next"), next, "next at {iso}");
        assert_eq!(ids("current"), now, "aria-current at {iso}");
        let badges = got["badges"].as_array().unwrap();
        assert_eq!(
            badges.len(),
            now.len() + next.len(),
            "badges at {iso}: {got}"
        );
        assert!(badges.iter().all(|b| b == "Now" || b == "Next"), "{got}");
        // The home page's box says the same.
        assert_eq!(
            got["box"].as_array().unwrap().len(),
            now.len() + next.len(),
            "home box at {iso}: {got}"
        );
        assert_eq!(
            got["surveys"]["opening"], opening,
            "opening survey at {iso}"
        );
        assert_eq!(
            got["surveys"]["closing"], closing,
            "closing survey at {iso}"
        );
    }
    // In Spanish, with a reader in Lima itself.
    let got = shown_at(&usb, "es", "2018-05-14T09:10:00-05:00", "America/Lima");
    assert_eq!(
        got["badges"],
        serde_json::json!(["Ahora", "A continuación"])
    );
}
