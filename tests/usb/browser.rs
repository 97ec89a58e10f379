//! The example forum's USB bundle in the system's Chromium over `file://`,
//! driven by the Node scripts of `tests/browser` (playwright-core, no
//! downloaded browser). Run in CI by `.ci/run`, which installs Chromium and
//! runs `npm ci --prefix tests/browser`.

use super::example_forum::{Built, Forum, speaker_name};
use super::tools::node;

#[test]
#[ignore = "needs chromium"]
fn usb_bundle_crawls_in_chromium_with_no_broken_link_error_or_outside_request() {
    let built = Built::new(&[]);
    let usb = built.usb();
    // A participant whose browser is in Peruvian Spanish.
    let ran = node("crawl.mjs", &[usb.root.to_str().unwrap(), "--locale=es-PE"]);
    println!("{}", ran.stdout);
    ran.assert_ok();
    let summary: serde_json::Value =
        serde_json::from_str(&ran.stdout).expect("crawl.mjs prints a JSON summary");
    let pages = usb.html_files().len();
    assert_eq!(
        summary["pages_visited"], pages,
        "every page of the bundle is reached: {summary}"
    );
    assert!(
        summary["links_checked"].as_u64().unwrap_or(0) > 10 * pages as u64,
        "{summary}"
    );
    assert!(
        Forum::load().languages.iter().any(|l| l == "es"),
        "the example forum is in Spanish"
    );
    assert_eq!(
        summary["chooser_redirect"], "es/index.html",
        "with a Spanish browser, index.html opens the Spanish home page once"
    );
}

/// Lower case without accents, as a participant without a Spanish
/// keyboard types it.
fn plain(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

#[test]
#[ignore = "needs chromium"]
fn search_finds_a_speaker_by_her_name_typed_with_and_without_accents_in_her_language() {
    let built = Built::new(&[]);
    let usb = built.usb();
    let id = "lucia-mendoza-salas";
    // "Lucía Mendoza": the first two words of her name, as written.
    let typed: String = speaker_name(id)
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let unaccented = plain(&typed);
    assert_ne!(typed, unaccented, "the test needs a name with an accent");
    let cases = [
        ("es", typed.clone()),
        ("es", unaccented),
        // The same name on the English search page finds the English page.
        ("en", typed),
    ];
    for (lang, query) in cases {
        let expected = format!("{lang}/speakers/{id}/index.html");
        let ran = node(
            "search.mjs",
            &[usb.root.to_str().unwrap(), lang, &query, &expected],
        );
        println!("{}", ran.stdout);
        ran.assert_ok();
    }
}
