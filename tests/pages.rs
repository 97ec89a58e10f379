//! Snapshots of the `<main>` of every page type of the kitchen-sink forum,
//! in both its languages, from one shared build.
//!
//! After a deliberate change of a page: `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test --test main pages`), see tests/README.md.

use crate::support::kitchen_sink;

/// Each page type once: (snapshot name, path under `<lang>/`).
const PAGES: &[(&str, &str)] = &[
    ("home", "index.html"),
    ("agenda", "agenda/index.html"),
    ("speakers", "speakers/index.html"),
    ("speaker", "speakers/ana-quispe/index.html"),
    ("presentations", "presentations/index.html"),
    ("page", "pages/about/index.html"),
    ("report", "report/conclusions/index.html"),
    ("participation", "participation/index.html"),
    ("handout", "handout/index.html"),
    ("search", "search/index.html"),
];

fn main_of(rel: &str) -> String {
    let page = kitchen_sink().page(rel);
    page.one("main").html()
}

#[test]
fn main_of_every_page_type_in_both_languages() {
    for lang in ["en", "es"] {
        for (name, rel) in PAGES {
            let html = main_of(&format!("{lang}/{rel}"));
            insta::assert_snapshot!(format!("{name}-{lang}"), html);
        }
    }
}

#[test]
fn main_of_the_chooser_and_the_error_page() {
    for (name, rel) in [("chooser", "index.html"), ("not-found", "404.html")] {
        insta::assert_snapshot!(name, main_of(rel));
    }
}
