//! `foro watch`: the preview server, rebuilds, broken edits, path safety,
//! and incremental rebuilds that give the same bytes as a full build.

use std::path::{Path, PathBuf};

use std::time::{Duration, Instant};

use foro::build::{self, Products};
use foro::render::Content;
use foro::watch::Session;

/// A copy of the example forum in a temporary folder.
fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("forum");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &project,
    );
    (dir, project)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

use crate::support::watch as start;

/// A raw GET: (status, body).
fn get(addr: &str, path: &str) -> (u16, String) {
    let (status, _, body) = crate::support::raw_get(addr, path, Duration::from_secs(10));
    (status, String::from_utf8_lossy(&body).to_string())
}

/// Polls until `check` holds (at most 10 s); returns how long it took.
fn wait_for(what: &str, mut check: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if check() {
            return start.elapsed();
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("timed out waiting for {what}");
}

#[test]
fn an_edit_is_served_a_broken_edit_keeps_the_last_good_site() {
    let (_dir, project) = example_copy();
    let w = start(&project);
    let page = "/en/speakers/zhou-weiming/";
    let (status, body) = get(&w.addr, page);
    assert_eq!(status, 200);
    assert!(body.contains("Zhou Weiming"));
    assert!(
        body.contains("/__foro/live.js"),
        "the preview injects its live-reload script"
    );

    let bio = project.join("speakers/zhou-weiming.md");
    let mut text = std::fs::read_to_string(&bio).unwrap();
    text.push_str("\nA sentence added while previewing.\n");
    std::fs::write(&bio, &text).unwrap();
    wait_for("the edited biography", || {
        get(&w.addr, page)
            .1
            .contains("A sentence added while previewing.")
    });

    // Break the YAML: the error is reported, the last good page stays served.
    let forum = project.join("forum.yaml");
    let good = std::fs::read_to_string(&forum).unwrap();
    std::fs::write(
        &forum,
        good.replace("languages: [en, es]", "languages: [en, es"),
    )
    .unwrap();
    wait_for("the error", || {
        let (_, status) = get(&w.addr, "/__foro/status");
        status.contains("forum.yaml") && status.contains("\"error\":\"error:")
    });
    let (status, body) = get(&w.addr, page);
    assert_eq!(status, 200);
    assert!(body.contains("A sentence added while previewing."));

    // Fix it: the error goes, and a new edit shows.
    std::fs::write(&forum, &good).unwrap();
    wait_for("the error to clear", || {
        get(&w.addr, "/__foro/status").1.contains("\"error\":null")
    });
    std::fs::write(&bio, text.replace("while previewing", "after the fix")).unwrap();
    wait_for("the edit after the fix", || {
        get(&w.addr, page)
            .1
            .contains("A sentence added after the fix.")
    });
}

#[test]
fn the_preview_serves_nothing_outside_the_site() {
    let (_dir, project) = example_copy();
    std::fs::write(project.parent().unwrap().join("secret.txt"), "top secret").unwrap();
    let w = start(&project);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/en/..%2f..%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/..\\secret.txt",
        "/en/../../secret.txt",
        "//secret.txt",
        "/%5c..%5csecret.txt",
        "/files/%2e%2e/forum.yaml",
        "/files/..%2f..%2fsecret.txt",
        "/en/%00/../../secret.txt",
        "/forum.yaml",
        "/speakers/zhou-weiming.md",
    ] {
        let (status, body) = get(&w.addr, path);
        assert!(status == 403 || status == 404, "{path}: {status}");
        assert!(
            !body.contains("top secret") && !body.contains("languages:"),
            "{path} leaked"
        );
    }
    assert_eq!(get(&w.addr, "/en/").0, 200);
    assert_eq!(get(&w.addr, "/").0, 200);
}

#[cfg(unix)]
#[test]
fn a_symlink_added_while_previewing_is_refused_not_served() {
    let (dir, project) = example_copy();
    std::fs::write(dir.path().join("secret.txt"), "top secret").unwrap();
    let w = start(&project);
    assert_eq!(get(&w.addr, "/en/").0, 200);
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        project.join("files/leak.pdf"),
    )
    .unwrap();
    wait_for("the symbolic link error", || {
        let (_, status) = get(&w.addr, "/__foro/status");
        status.contains("files/leak.pdf") && status.contains("symbolic link")
    });
    let (status, body) = get(&w.addr, "/files/leak.pdf");
    assert_eq!(status, 404, "{body}");
    assert!(!body.contains("top secret"));
}

/// Every file of the web target, as a full build writes it.
fn full_build(project: &Path) -> Vec<(String, Vec<u8>)> {
    let rendered = build::render(project, Products::Web).unwrap();
    let (_, files) = rendered
        .products
        .into_iter()
        .find(|(f, _)| *f == "site")
        .unwrap();
    files
        .into_iter()
        .map(|f| (f.path, bytes_of(f.content)))
        .collect()
}

/// A build (without PDFs) whose pages are written to a staging folder in
/// `out` as they are rendered, as `foro build` writes them.
fn streamed_build(project: &Path, products: Products, out: &Path) -> build::Rendered {
    let no_pdf = foro::render::pdf::PdfOptions {
        enabled: false,
        paper: None,
    };
    build::render_into(project, products, no_pdf, Some(out)).unwrap()
}

/// Appends `text` to the file at `path`.
fn append(path: &Path, text: &str) {
    let before = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, before + text).unwrap();
}

/// The bytes a file of a build holds, wherever they are.
fn bytes_of(content: Content) -> Vec<u8> {
    match content {
        Content::Bytes(b) => b,
        Content::Copy(src) => {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut src.open().unwrap(), &mut bytes).unwrap();
            bytes
        }
        Content::Zip(entries) => {
            let mut b = Vec::new();
            foro::output::stream_zip(&mut b, &entries).unwrap();
            b
        }
        // Written to the staging folder as it was rendered (`render_into`).
        Content::Staged { file, .. } => std::fs::read(file).unwrap(),
    }
}

#[test]
fn an_incremental_rebuild_gives_the_same_bytes_as_a_full_build() {
    let (_dir, project) = example_copy();
    let mut session = Session::new(&project);
    if let foro::watch::Outcome::Failed(message) = session.rebuild() {
        panic!("the first build failed:\n{message}");
    }
    // Look at pages, so that the preview has rendered and cached them.
    for (path, _) in full_build(&project) {
        session.preview.file(&path).unwrap().unwrap();
    }
    // Edit a biography, a page and the agenda, then rebuild incrementally.
    append(
        &project.join("speakers/seo-yeon-han.es.md"),
        "\nUn párrafo nuevo con una [nota](../report/conclusions.md).\n",
    );
    let page = project.join("pages/venue.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("---\n\n", "---\n\n## A new heading\n\n"),
    )
    .unwrap();
    let agenda = project.join("agenda.yaml");
    let text = std::fs::read_to_string(&agenda).unwrap();
    std::fs::write(&agenda, text.replacen("\"09:30\"", "\"09:35\"", 1)).unwrap();
    assert!(matches!(
        session.rebuild(),
        foro::watch::Outcome::Built { .. }
    ));

    let full = full_build(&project);
    assert!(full.len() > 50);
    for (path, bytes) in &full {
        let served = session
            .preview
            .file(path)
            .unwrap_or_else(|| panic!("{path} is not served"))
            .unwrap();
        assert!(
            served == *bytes,
            "{path} differs between the incremental and the full build"
        );
    }
}

/// A build writes its pages to the staging folder as they are rendered,
/// each language's speaker pages and handout together (a biography
/// rendered once for both, the handout never held whole): every file is
/// the same bytes as in a build held in memory, as the preview serves it,
/// in the site and on the drive, links included.
#[test]
fn a_build_written_as_it_is_rendered_is_the_build_rendered_whole() {
    let (_dir, project) = example_copy();
    append(
        &project.join("speakers/seo-yeon-han.es.md"),
        "\nVéase [la agenda](../agenda.yaml) y [las conclusiones](../report/conclusions.md).\n",
    );
    let whole = build::render(&project, Products::All).unwrap();
    let out = tempfile::tempdir().unwrap();
    let streamed = streamed_build(&project, Products::All, out.path());
    let mut staged_pages = 0;
    for ((folder, files), (name, written)) in whole.products.into_iter().zip(streamed.products) {
        assert_eq!(folder, name);
        let mut written: std::collections::BTreeMap<String, Content> =
            written.into_iter().map(|f| (f.path, f.content)).collect();
        assert_eq!(written.len(), files.len(), "{folder}: not the same files");
        for f in files {
            let content = written
                .remove(&f.path)
                .unwrap_or_else(|| panic!("{folder}/{} is not in the build", f.path));
            if f.path.ends_with(".html") {
                assert!(
                    matches!(content, Content::Staged { .. }),
                    "{folder}/{} was not written as it was rendered",
                    f.path
                );
                staged_pages += 1;
            }
            let on_disk = bytes_of(content);
            assert!(
                on_disk == bytes_of(f.content),
                "{folder}/{} differs between the streamed and the whole render",
                f.path
            );
            assert!(
                !String::from_utf8_lossy(&on_disk).contains("<!--foro:bio-"),
                "a mark is left in {folder}/{}",
                f.path
            );
        }
    }
    // Every page of the site (the 404 page too) and of the drive.
    assert!(staged_pages > 90, "{staged_pages} pages");
}

/// Adds `n` speakers to the project, enough for their handout to be
/// rendered in several windows of speakers.
fn add_speakers(project: &Path, n: usize) {
    for i in 0..n {
        std::fs::write(
            project.join(format!("speakers/gen-{i:04}.md")),
            format!(
                "---\nname: \"Sample Speaker {i:04}\"\nposition: {{en: \"Analyst\", es: \"Analista\"}}\norganization: \"PRODUCE\"\ngender: other\n---\nWorks on [the agenda](../agenda.yaml) and clusters, *number {i}*.\n"
            ),
        )
        .unwrap();
    }
}

/// The handout of `lang` written by a streamed web build, and the same
/// handout rendered whole in memory.
fn handouts(project: &Path, lang: &str) -> (String, String) {
    let out = tempfile::tempdir().unwrap();
    let streamed = streamed_build(project, Products::Web, out.path());
    let path = format!("{lang}/handout/index.html");
    let find = |files: Vec<foro::output::OutFile>| {
        files.into_iter().find(|f| f.path == path).unwrap().content
    };
    let (_, files) = streamed.products.into_iter().next().unwrap();
    let written = find(files);
    assert!(matches!(written, Content::Staged { .. }));
    let written = String::from_utf8(bytes_of(written)).unwrap();
    let (_, files) = build::render(project, Products::Web)
        .unwrap()
        .products
        .into_iter()
        .next()
        .unwrap();
    let whole = String::from_utf8(bytes_of(find(files))).unwrap();
    (written, whole)
}

/// A handout of more speakers than one render of its template holds is
/// made a window of speakers at a time: the page written is the page
/// rendered whole, and every speaker is in it once, in order.
#[test]
fn a_handout_of_thousands_of_speakers_written_in_parts_is_the_handout_rendered_whole() {
    let (_dir, project) = example_copy();
    add_speakers(&project, 2 * foro::render::windows::WINDOW + 7);
    let (written, whole) = handouts(&project, "es");
    assert!(
        written == whole,
        "the handout differs from the whole render"
    );
    assert!(
        !written.contains("foro:bio-"),
        "a mark is left in the handout"
    );
    let ids: Vec<usize> = written
        .match_indices("id=\"speaker-gen-")
        .map(|(at, m)| written[at + m.len()..at + m.len() + 4].parse().unwrap())
        .collect();
    assert_eq!(
        ids,
        (0..2 * foro::render::windows::WINDOW + 7).collect::<Vec<_>>()
    );
    assert!(written.contains("<em>número 1500</em>") || written.contains("<em>number 1500</em>"));
}

/// A speakers page longer than one render of its template holds is made a
/// window of cards at a time: each speaker is listed once, in order, linked
/// to their page, and nothing of the marks the windows are cut at is left.
#[test]
fn a_speakers_page_of_thousands_lists_each_speaker_once_in_order() {
    let (_dir, project) = example_copy();
    let n = 2 * foro::render::windows::WINDOW + 7;
    add_speakers(&project, n);
    let out = tempfile::tempdir().unwrap();
    let streamed = streamed_build(&project, Products::Web, out.path());
    let (_, files) = streamed.products.into_iter().next().unwrap();
    for lang in ["en", "es"] {
        let path = format!("{lang}/speakers/index.html");
        let page = files.iter().find(|f| f.path == path).unwrap();
        let html = String::from_utf8(bytes_of(page.content.clone())).unwrap();
        assert!(
            !html.contains('\u{E000}') && !html.contains("foro-card-"),
            "{path}"
        );
        let doc = scraper::Html::parse_document(&html);
        let cards = scraper::Selector::parse("li.speaker-card").unwrap();
        let link = scraper::Selector::parse("h2 a").unwrap();
        let listed: Vec<(String, String)> = doc
            .select(&cards)
            .map(|card| {
                let a = card.select(&link).next().unwrap();
                (
                    a.value().attr("href").unwrap().to_string(),
                    a.text().collect(),
                )
            })
            .collect();
        assert_eq!(listed.len(), n + 12, "{path}: every speaker once");
        let generated: Vec<&(String, String)> = listed
            .iter()
            .filter(|(_, name)| name.starts_with("Sample Speaker"))
            .collect();
        for (i, (href, name)) in generated.iter().enumerate() {
            assert_eq!(name, &format!("Sample Speaker {i:04}"), "{path}");
            assert_eq!(href, &format!("gen-{i:04}/"), "{path}");
        }
        assert_eq!(generated.len(), n);
        let position = doc
            .select(&scraper::Selector::parse("li.speaker-card p.position").unwrap())
            .filter(|p| {
                p.text().collect::<String>() == if lang == "en" { "Analyst" } else { "Analista" }
            })
            .count();
        assert_eq!(
            position, n,
            "{path}: each card's position in the page's language"
        );
    }
}

/// A theme that numbers the speakers of its handout (`loop.index`) cannot
/// be put together from windows: its handout is rendered whole, numbers
/// right.
#[test]
fn a_handout_that_numbers_its_speakers_is_rendered_whole() {
    let (_dir, project) = example_copy();
    add_speakers(&project, foro::render::windows::WINDOW + 3);
    let default =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/handout.html");
    let template = std::fs::read_to_string(default).unwrap();
    let card = "<article class=\"bio\" id=\"speaker-{{ s.id }}\">";
    assert!(template.contains(card));
    let theme = project.join("themes/numbered/templates");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(
        theme.join("handout.html"),
        template.replace(
            card,
            &format!("{card}<span class=\"n\">{{{{ loop.index }}}}</span>"),
        ),
    )
    .unwrap();
    let forum = std::fs::read_to_string(project.join("forum.yaml")).unwrap();
    std::fs::write(project.join("forum.yaml"), forum + "theme: numbered\n").unwrap();
    let (written, whole) = handouts(&project, "en");
    assert!(
        written == whole,
        "the handout differs from the whole render"
    );
    let total = written.matches("<article class=\"bio\"").count();
    assert!(
        total > foro::render::windows::WINDOW + 3,
        "{total} speakers"
    );
    assert!(written.contains(&format!("<span class=\"n\">{total}</span>")));
    assert!(!written.contains(&format!("<span class=\"n\">{}</span>", total + 1)));
}

/// A theme that escapes the biographies in its handout (so the marks a
/// streamed handout is cut at never show) gets its handout rendered whole,
/// exactly as it asked.
#[test]
fn a_theme_that_escapes_the_biographies_gets_its_handout_as_it_wrote_it() {
    let (_dir, project) = example_copy();
    let default =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/handout.html");
    let template = std::fs::read_to_string(default).unwrap();
    assert!(template.contains("{{ s.html | safe }}"));
    let theme = project.join("themes/plain/templates");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(
        theme.join("handout.html"),
        template.replace("{{ s.html | safe }}", "{{ s.html }}"),
    )
    .unwrap();
    let forum = std::fs::read_to_string(project.join("forum.yaml")).unwrap();
    std::fs::write(project.join("forum.yaml"), forum + "theme: plain\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let streamed = streamed_build(&project, Products::Web, out.path());
    let (_, files) = &streamed.products[0];
    let handout = files
        .iter()
        .find(|f| f.path == "en/handout/index.html")
        .unwrap();
    let Content::Staged { file, .. } = &handout.content else {
        panic!("the handout was not written to the staging folder");
    };
    let html = std::fs::read_to_string(file).unwrap();
    assert!(!html.contains("foro:bio-"), "a mark is left in the handout");
    // The biographies are there, escaped as the theme asked.
    assert!(
        html.contains("&lt;p&gt;"),
        "no escaped biography in the handout"
    );
    let whole = build::render(&project, Products::Web).unwrap();
    let Content::Bytes(bytes) = &whole.products[0]
        .1
        .iter()
        .find(|f| f.path == "en/handout/index.html")
        .unwrap()
        .content
    else {
        panic!("`render` keeps its pages");
    };
    assert!(html.as_bytes() == bytes.as_slice());
}
