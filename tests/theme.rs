//! The default theme on the example forum (`content/`), checked with the
//! real tools by the Node scripts of `tests/browser` (packages pinned in its
//! `package-lock.json`, Debian's Chromium, no download at run time):
//! axe-core in Chromium on every page type in both languages, html-validate
//! on every page, the page-weight budget, and the screenshot command the
//! README names. `.ci/run` installs Chromium and runs `npm ci`; here the
//! tests are `#[ignore]`d so that a plain `cargo test` needs neither.

use std::path::Path;

use serde_json::Value;

use crate::support::Site;
use crate::usb::example_forum::{Built, Forum};
use crate::usb::tools::{browser_dir, node};

/// The page types every language of the example forum has (see
/// `pageTypes` in tests/browser/site.mjs).
const PAGE_TYPES: &[&str] = &[
    "home",
    "agenda",
    "speakers",
    "speaker",
    "presentations",
    "page",
    "report",
    "participation",
    "search",
    "handout",
];

/// `node tests/browser/<script> <args>`, which must succeed; its stdout
/// parsed as JSON. The script's stderr (tables, notes) is printed.
fn run_json(script: &str, args: &[&str]) -> Value {
    for package in ["axe-core", "html-validate"] {
        assert!(
            browser_dir().join("node_modules").join(package).is_dir(),
            "tests/browser/node_modules/{package} is missing\nhint: npm ci --prefix tests/browser (.ci/run does)"
        );
    }
    let ran = node(script, args);
    eprintln!("{}", ran.stderr);
    ran.assert_ok();
    serde_json::from_str(&ran.stdout)
        .unwrap_or_else(|e| panic!("{script} prints a JSON summary: {e}\n{}", ran.stdout))
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temporary path")
}

#[test]
#[ignore = "needs chromium"]
fn axe_finds_no_serious_or_critical_violation_on_any_page_type_in_either_language() {
    let built = Built::new(&[]);
    let site = built.out().join("site");
    let summary = run_json("axe.mjs", &[path(&site)]);
    println!("{summary:#}");
    for impact in ["critical", "serious"] {
        assert_eq!(summary["violations"][impact], 0, "{impact} violations");
    }
    let by_page = summary["by_page"].as_object().expect("by_page");
    for lang in Forum::load().languages {
        for kind in PAGE_TYPES {
            let key = format!("{kind} ({lang})");
            assert!(by_page.contains_key(&key), "axe did not check {key}");
        }
    }
    for kind in ["chooser", "404"] {
        assert!(by_page.contains_key(kind), "axe did not check {kind}");
    }
    // Light and dark at a laptop's width, and a phone's.
    assert_eq!(
        summary["checks"].as_u64(),
        summary["pages"].as_u64().map(|p| p * 3)
    );
}

#[test]
#[ignore = "needs node"]
fn html_validate_finds_no_error_on_any_generated_page() {
    let built = Built::new(&[]);
    for target in ["site", "usb"] {
        let root = built.out().join(target);
        let pages = Site { root: root.clone() }.html_files().len();
        let summary = run_json("validate.mjs", &[path(&root)]);
        println!("{target}: {summary}");
        assert_eq!(
            summary["files"].as_u64(),
            Some(pages as u64),
            "{target}: every page"
        );
        assert_eq!(summary["errors"], 0, "{target}: {summary}");
    }
}

#[test]
#[ignore = "needs chromium"]
fn every_page_type_stays_within_the_page_weight_budget() {
    let built = Built::new(&[]);
    let site = built.out().join("site");
    // weight.mjs exits 1 over the budget; its table is printed.
    let summary = run_json("weight.mjs", &[path(&site)]);
    let pages = summary["pages"].as_array().expect("pages");
    assert!(pages.len() >= 2 + 2 * PAGE_TYPES.len(), "{summary}");
    for p in pages {
        assert!(p["requests"].as_u64() > Some(0), "{p}");
        // Nothing but the page itself and the theme's files for a page
        // without images: the theme never loads fonts or other scripts.
        if p["page"].as_str().is_some_and(|n| n.starts_with("handout")) {
            assert_eq!(
                p["requests"], 1,
                "the handout is one self-contained file: {p}"
            );
        }
    }
}

/// The width in pixels of a PNG (its IHDR chunk).
fn png_width(bytes: &[u8]) -> u32 {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    u32::from_be_bytes(bytes[16..20].try_into().unwrap())
}

#[test]
#[ignore = "needs chromium"]
fn the_screenshot_command_writes_home_agenda_speaker_and_handout_at_phone_and_laptop_width() {
    let built = Built::new(&[]);
    let out = built.out();
    // The README's command, for one language and the light scheme.
    let ran = node("screenshots.mjs", &[path(&out), "--lang=en", "--light"]);
    println!("{}", ran.stdout);
    ran.assert_ok();
    for kind in ["home", "agenda", "speaker", "handout"] {
        for width in [375, 1280] {
            let file = out.join(format!("screenshots/{kind}-en-{width}.png"));
            let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            // As wide as the window: nothing sticks out sideways.
            assert_eq!(png_width(&bytes), width, "{}", file.display());
        }
    }
}
