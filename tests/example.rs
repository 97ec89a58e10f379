//! The repository's example forum (`content/`) builds cleanly.

use std::path::Path;

use crate::support::{Run, Site, copy_dir, foro, internal_links};

/// Builds a copy of `content/` (others may be editing it) and returns the run.
fn build_example() -> (tempfile::TempDir, Run, Site) {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &tmp.path().join("content"),
    );
    let run = foro(tmp.path(), &["build", "content", "--out", "out"]);
    let site = Site {
        root: tmp.path().join("out/site"),
    };
    (tmp, run, site)
}

#[test]
fn the_example_forum_builds_without_warnings() {
    let (_tmp, run, site) = build_example();
    run.assert_code(0);
    assert!(
        run.warning_lines().is_empty(),
        "the example forum should build without warnings:\n{}",
        run.stderr
    );
    for lang in ["en", "es"] {
        assert!(site.exists(&format!("{lang}/index.html")));
    }
}

#[test]
fn every_internal_link_of_the_example_resolves() {
    let (_tmp, run, site) = build_example();
    run.assert_code(0);
    let forum =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("content/forum.yaml"))
            .unwrap();
    let base_url = forum
        .lines()
        .find_map(|l| l.strip_prefix("base_url:"))
        .map(|v| v.trim().trim_matches('"').to_string())
        .expect("base_url in content/forum.yaml");
    let broken: Vec<String> = internal_links(&site, &base_url)
        .into_iter()
        .filter(|l| !l.target.as_deref().is_some_and(|t| site.exists(t)))
        .map(|l| format!("{}: {}", l.from, l.href))
        .collect();
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn check_accepts_the_example_forum() {
    let project_root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = foro(project_root, &["check", "content"]);
    run.assert_code(0);
    assert!(run.warning_lines().is_empty(), "{}", run.stderr);
}
