//! The example forum's USB bundle, checked without a browser: `foro verify`,
//! `sha256sum -c`, the zip, the read-me files, the links and the handouts'
//! self-containment.

use std::collections::BTreeSet;
use std::io::Read;
use std::process::Command;
use std::time::{Duration, Instant};

use super::example_forum::{Built, Forum, repo};
use super::tools::run;
use crate::support::{copy_dir, foro, has_scheme, list_files, resolve, sel};

/// The value after `prefix` on each line of `text` that starts with it.
fn lines_after<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    text.lines()
        .filter_map(|l| l.strip_prefix(prefix))
        .collect()
}

#[test]
fn verify_reports_exactly_the_changed_missing_and_extra_files_of_a_copy() {
    let built = Built::new(&[]);
    let drive = built.tmp.path().join("drive");
    copy_dir(&built.usb().root, &drive);
    let drive_arg = drive.to_str().unwrap();

    let intact = foro(repo(), &["verify", drive_arg]);
    intact.assert_code(0);
    for prefix in ["missing: ", "changed: ", "extra: "] {
        assert!(
            lines_after(&intact.stdout, prefix).is_empty(),
            "an intact copy:\n{}",
            intact.stdout
        );
    }
    assert!(intact.stdout.starts_with("ok: "), "{}", intact.stdout);

    // One byte changed (same size: verify must hash, not compare sizes), one
    // presentation deleted (a name with a space or an accent where there is
    // one), one file added.
    let changed = "es/index.html";
    let mut bytes = std::fs::read(drive.join(changed)).unwrap();
    let i = bytes.len() / 2;
    bytes[i] = if bytes[i] == b'x' { b'y' } else { b'x' };
    std::fs::write(drive.join(changed), bytes).unwrap();
    let files: Vec<String> = list_files(&drive)
        .into_iter()
        .filter(|f| f.starts_with("files/"))
        .collect();
    let missing = files
        .iter()
        .find(|f| f.contains(' ') || !f.is_ascii())
        .or(files.first())
        .expect("the example forum has presentations under files/")
        .clone();
    std::fs::remove_file(drive.join(&missing)).unwrap();
    let extra = "en/notes.txt";
    std::fs::write(drive.join(extra), "added on the drive\n").unwrap();

    let run = foro(repo(), &["verify", drive_arg]);
    run.assert_code(1);
    assert_eq!(
        lines_after(&run.stdout, "missing: "),
        [missing.as_str()],
        "{}",
        run.stdout
    );
    assert_eq!(
        lines_after(&run.stdout, "changed: "),
        [changed],
        "{}",
        run.stdout
    );
    assert_eq!(
        lines_after(&run.stdout, "extra: "),
        [extra],
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("1 missing, 1 changed, 1 extra"),
        "{}",
        run.stdout
    );
}

#[test]
fn sha256sum_checks_the_bundle_against_its_manifest() {
    let built = Built::new(&[]);
    let usb = built.usb();
    let mut cmd = Command::new("sha256sum");
    cmd.args(["--check", "--strict", "--quiet", "MANIFEST.sha256"])
        .current_dir(&usb.root);
    let ran = run(&mut cmd, Duration::from_secs(60), "coreutils");
    ran.assert_ok();
    assert!(ran.stderr.is_empty(), "sha256sum warned:\n{}", ran.stderr);

    let listed: BTreeSet<String> = usb
        .read("MANIFEST.sha256")
        .lines()
        .map(|l| {
            l.split_once("  ")
                .unwrap_or_else(|| panic!("not `<sha256>  <path>`: {l:?}"))
                .1
                .to_string()
        })
        .collect();
    let on_disk: BTreeSet<String> = usb
        .files()
        .into_iter()
        .filter(|f| f != "MANIFEST.sha256")
        .collect();
    assert_eq!(
        listed, on_disk,
        "MANIFEST.sha256 must list every other file of the bundle"
    );
}

#[test]
fn zip_is_the_same_bytes_for_two_builds_and_holds_the_bundle() {
    let first = Built::new(&["--zip"]);
    let built_at = Instant::now();
    // The second build reads a fresh copy of content/ (new modification
    // times) at least 2 s later (zip stores times in 2 s steps).
    let second = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &second.path().join("content"));
    std::thread::sleep(Duration::from_millis(2100).saturating_sub(built_at.elapsed()));
    foro(
        second.path(),
        &["build", "content", "--out", "out", "--zip"],
    )
    .assert_code(0);

    let a = std::fs::read(first.out().join("forum-usb.zip")).expect("out/forum-usb.zip");
    let b = std::fs::read(second.path().join("out/forum-usb.zip")).expect("out/forum-usb.zip");
    assert!(
        a.starts_with(b"PK\x03\x04"),
        "forum-usb.zip is not a zip archive"
    );
    assert!(
        a == b,
        "two builds of the same forum give different zip files ({} and {} bytes)",
        a.len(),
        b.len()
    );

    let usb = first.usb();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(a)).expect("a readable zip");
    let mut names = BTreeSet::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        assert!(
            bytes == usb.bytes(&name),
            "{name} in the zip differs from usb/{name}"
        );
        names.insert(name);
    }
    let files: BTreeSet<String> = usb.files().into_iter().collect();
    assert_eq!(names, files, "the zip must hold exactly the bundle's files");
}

#[test]
fn readme_and_leeme_say_what_the_drive_holds_how_to_open_it_and_where_the_site_is() {
    let built = Built::new(&[]);
    let usb = built.usb();
    let forum = Forum::load();
    for (file, lang) in [("README.txt", "en"), ("LEEME.txt", "es")] {
        assert!(usb.exists(file), "usb/{file} is missing");
        let text = usb.read(file);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for (what, needle) in [
            ("how to open the drive", "index.html".to_string()),
            ("the forum's web address", forum.base_url.clone()),
            ("the forum's title", forum.title(lang)),
            ("the checksum file", "MANIFEST.sha256".to_string()),
        ] {
            assert!(
                flat.contains(&needle),
                "usb/{file} does not give {what} ({needle:?}):\n{text}"
            );
        }
    }
}

#[test]
fn every_href_and_src_of_the_usb_pages_is_relative_and_names_a_file() {
    let built = Built::new(&[]);
    let usb = built.usb();
    let mut problems = Vec::new();
    let mut checked = 0;
    let pages = usb.html_files();
    for from in &pages {
        let page = usb.page(from);
        for el in page.html.select(&sel("[href], [src]")) {
            let tag = el.value().name();
            let rel = el.value().attr("rel").unwrap_or("");
            for attr in ["href", "src"] {
                let Some(url) = el.value().attr(attr) else {
                    continue;
                };
                let what = format!("{from}: <{tag} {attr}=\"{url}\">");
                if url.starts_with('#') {
                    continue;
                }
                if has_scheme(url) {
                    // Navigation may leave the drive; loading may not.
                    let navigation = matches!(tag, "a" | "area")
                        || (tag == "link"
                            && rel
                                .split_whitespace()
                                .any(|r| r == "canonical" || r == "alternate"));
                    if !navigation && !url.starts_with("data:") {
                        problems.push(format!("{what}: loads a file from outside the bundle"));
                    }
                    continue;
                }
                checked += 1;
                let path = url.split(['#', '?']).next().unwrap_or_default();
                if url.starts_with('/') {
                    problems.push(format!(
                        "{what}: starts with `/`, which from file:// is the disk's root"
                    ));
                } else if path.is_empty() {
                    problems.push(format!("{what}: names no file"));
                } else if path.ends_with('/')
                    || path
                        .rsplit('/')
                        .next()
                        .is_some_and(|last| last == "." || last == "..")
                {
                    problems.push(format!(
                        "{what}: names a folder; from file:// it must name a file (index.html)"
                    ));
                } else {
                    match resolve(from, path) {
                        Some(target) if usb.exists(&target) => {}
                        Some(target) => problems.push(format!("{what}: broken, no file {target}")),
                        None => problems.push(format!("{what}: climbs out of the bundle")),
                    }
                }
            }
        }
    }
    assert!(
        checked > pages.len() * 10,
        "only {checked} links on {} pages",
        pages.len()
    );
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn search_index_is_a_script_and_nothing_in_the_bundle_fetches() {
    let built = Built::new(&[]);
    let usb = built.usb();
    let forum = Forum::load();
    for lang in &forum.languages {
        let page = usb.page(&format!("{lang}/search/index.html"));
        let scripts = page.attrs("script", "src");
        assert!(
            scripts
                .iter()
                .any(|s| s.ends_with(&format!("assets/search-{lang}.js"))),
            "{lang}/search/index.html does not load the index as a script: {scripts:?}"
        );
    }
    assert!(
        forum.languages.iter().all(|lang| usb
            .read(&format!("assets/search-{lang}.js"))
            .starts_with("window.FORO_SEARCH")),
        "the index must set a global, not be JSON to fetch"
    );
    for js in usb.files().into_iter().filter(|f| f.ends_with(".js")) {
        let text = usb.read(&js);
        for call in ["fetch(", "XMLHttpRequest", "import("] {
            assert!(
                !text.contains(call),
                "usb/{js} uses {call}, which fails from file://"
            );
        }
    }
}

#[test]
fn handouts_are_self_contained_in_both_outputs() {
    let built = Built::new(&[]);
    let forum = Forum::load();
    for output in ["usb", "site"] {
        let root = crate::support::Site {
            root: built.out().join(output),
        };
        for lang in &forum.languages {
            let rel = format!("{lang}/handout/index.html");
            let page = root.page(&rel);
            let at = format!("{output}/{rel}");
            assert!(
                page.select("link[rel~=stylesheet], script[src], iframe, object")
                    .is_empty(),
                "{at} loads a file"
            );
            for src in page.attrs("img", "src") {
                assert!(
                    src.starts_with("data:"),
                    "{at}: <img src=\"{src}\"> is not inlined"
                );
            }
            let css: String = page
                .select("style")
                .into_iter()
                .flat_map(|s| s.text())
                .collect();
            assert!(
                css.contains("@page"),
                "{at} has no inline print CSS with @page"
            );
            assert!(
                !page.select("svg").is_empty(),
                "{at}: no inline SVG (the QR code of the cover)"
            );
        }
    }
}
