//! Path safety: no file from outside the project is read or published, and
//! `--out` deletes nothing but what foro itself wrote there.

use std::path::Path;

use super::{base, manifest};
use crate::support::{PROJECT, Project, Run};

/// The build failed on an error naming `what` as a symbolic link.
fn refused_as_symlink(run: &Run, what: &str) {
    run.assert_code(1);
    assert!(
        run.error_lines()
            .iter()
            .any(|l| l.contains(what) && l.contains("symbolic link")),
        "no error about `{what}` being a symbolic link:\n{}",
        run.stderr
    );
    assert!(!run.stderr.contains("TOP-SECRET"), "{}", run.stderr);
}

/// Moves `rel` (file or folder) out of the project to `<tmp>/outside/rel`,
/// marks it, and puts a symbolic link in its place.
#[cfg(unix)]
fn link_outside(p: &Project, rel: &str) {
    let inside = p.dir().join(rel);
    let outside = p.root().join("outside").join(rel);
    std::fs::create_dir_all(outside.parent().unwrap()).unwrap();
    if inside.exists() {
        std::fs::rename(&inside, &outside).unwrap();
    } else {
        std::fs::write(&outside, "women_speakers_percent: 40\n").unwrap();
    }
    if outside.is_file() && rel.ends_with(".md") {
        let text = std::fs::read_to_string(&outside).unwrap();
        std::fs::write(&outside, format!("{text}\nTOP-SECRET\n")).unwrap();
    }
    std::os::unix::fs::symlink(&outside, &inside).unwrap();
}

#[cfg(unix)]
#[test]
fn content_files_that_are_symlinks_are_refused() {
    for rel in [
        "forum.yaml",
        "agenda.yaml",
        "presentations.yaml",
        "participation.yaml",
        "speakers/ana.md",
        "speakers/ana.es.md",
        "pages/about.md",
        "report/conclusions.md",
    ] {
        let p = base();
        link_outside(&p, rel);
        let run = p.build();
        refused_as_symlink(&run, rel);
        assert!(
            !p.root().join("out").exists(),
            "{rel}: something was written"
        );
    }
}

#[cfg(unix)]
#[test]
fn images_presentation_files_and_theme_files_that_are_symlinks_are_refused() {
    // (link, where the error must be, the reference's line and column)
    for (rel, at) in [
        ("images/ana.svg", "forum/speakers/ana.md:3:8:"),
        ("images/logo.svg", "forum/forum.yaml:8:67:"),
        ("files/slides.pdf", "forum/presentations.yaml:4:9:"),
        (
            "themes/mine/static/extra.css",
            "forum/themes/mine/static/extra.css",
        ),
    ] {
        let p = base();
        link_outside(&p, rel);
        let run = p.build();
        refused_as_symlink(&run, rel);
        assert!(
            run.error_lines()
                .iter()
                .any(|l| l.starts_with(&format!("error: {at}")) && l.contains("symbolic link")),
            "{rel}: no error at {at}:\n{}",
            run.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn folders_that_are_symlinks_are_refused() {
    for rel in [
        "speakers",
        "pages",
        "report",
        "images",
        "files",
        "themes/mine",
        "themes",
    ] {
        let p = base();
        link_outside(&p, rel);
        let run = p.build();
        refused_as_symlink(&run, &format!("`{rel}` is a symbolic link"));
        assert!(
            !p.root().join("out").exists(),
            "{rel}: something was written"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_files_folder_linked_to_outside_publishes_nothing() {
    // files/ pointing at a folder of private documents: not one is copied.
    let p = base();
    let private = p.root().join("private");
    std::fs::create_dir_all(&private).unwrap();
    std::fs::write(private.join("payroll.pdf"), "TOP-SECRET").unwrap();
    std::fs::rename(p.dir().join("files"), p.root().join("files-moved")).unwrap();
    std::os::unix::fs::symlink(&private, p.dir().join("files")).unwrap();
    p.write(
        "presentations.yaml",
        "- id: slides\n  title: \"The slides\"\n  speakers: [ana]\n  file: files/payroll.pdf\n",
    );
    let run = p.build();
    refused_as_symlink(&run, "`files` is a symbolic link");
    assert!(!p.root().join("out").exists());
}

#[test]
fn references_that_leave_the_project_are_refused_at_their_line() {
    let p = base();
    std::fs::write(p.root().join("secret.pdf"), "TOP-SECRET").unwrap();
    p.write(
        "presentations.yaml",
        "- id: slides\n  title: \"The slides\"\n  file: ../secret.pdf\n- id: other\n  title: \"Other\"\n  file: /etc/passwd\n- id: third\n  title: \"Third\"\n  file: files/../../secret.pdf\n",
    );
    p.write(
        "speakers/ana.md",
        "---\nname: \"Ana\"\nphoto: images/../../secret.svg\n---\nSee [the secret](../../secret.pdf) and ![x](../../../etc/passwd).\n",
    );
    let run = p.build();
    run.assert_code(1);
    let errors = run.error_lines();
    for at in [
        "forum/presentations.yaml:3:9:",
        "forum/presentations.yaml:6:9:",
        "forum/presentations.yaml:9:9:",
        "forum/speakers/ana.md:3:8:",
        "forum/speakers/ana.md:5:5:",
        "forum/speakers/ana.md:5:40:",
    ] {
        assert!(
            errors.iter().any(|l| l.starts_with(&format!("error: {at}"))
                && l.contains("outside the forum project")),
            "no `outside the forum project` error at {at}:\n{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("TOP-SECRET"));
}

#[test]
fn out_deletes_nothing_beside_it_nor_files_it_did_not_write() {
    let p = base();
    let root = p.root();
    std::fs::write(root.join("neighbour.txt"), "keep me").unwrap();
    std::fs::create_dir_all(root.join("out/notes")).unwrap();
    std::fs::write(root.join("out/notes/todo.txt"), "keep me too").unwrap();
    std::fs::write(root.join("out/README"), "mine").unwrap();
    let before_neighbour = std::fs::read(root.join("neighbour.txt")).unwrap();
    for _ in 0..2 {
        p.foro(&["build", PROJECT, "--out", "out"]).assert_code(0);
    }
    assert_eq!(
        std::fs::read(root.join("neighbour.txt")).unwrap(),
        before_neighbour
    );
    assert_eq!(
        std::fs::read_to_string(root.join("out/notes/todo.txt")).unwrap(),
        "keep me too"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("out/README")).unwrap(),
        "mine"
    );
    let mut names: Vec<String> = std::fs::read_dir(root.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["README", "notes", "site", "usb"]);
}

#[cfg(unix)]
#[test]
fn links_inside_out_are_replaced_never_followed() {
    // out/site, and a leftover staging folder, that are links to folders
    // elsewhere: foro removes the links, never what they point to.
    let p = base();
    let root = p.root();
    for name in ["precious-site", "precious-staging", "precious-old"] {
        std::fs::create_dir_all(root.join(name)).unwrap();
        std::fs::write(root.join(name).join("index.html"), name).unwrap();
    }
    std::fs::create_dir_all(root.join("out")).unwrap();
    let link = |target: &str, name: &str| {
        std::os::unix::fs::symlink(root.join(target), root.join("out").join(name)).unwrap();
    };
    link("precious-site", "site");
    link("precious-staging", ".foro-staging-site-1");
    link("precious-old", ".foro-old-usb-1");
    p.foro(&["build", PROJECT, "--out", "out"]).assert_code(0);
    for name in ["precious-site", "precious-staging", "precious-old"] {
        assert_eq!(
            std::fs::read_to_string(root.join(name).join("index.html")).unwrap(),
            name,
            "{name} was touched"
        );
    }
    let site = root.join("out/site");
    assert!(!site.symlink_metadata().unwrap().file_type().is_symlink());
    assert!(site.join("en/index.html").is_file());
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let p = base();
    p.foro(&["build", PROJECT, "--out", "out"]).assert_code(0);
    let out = p.root().join("out");
    let before = manifest(&out);
    assert!(before.iter().any(|(f, _)| f == "site/en/index.html"));
    p.write(
        "agenda.yaml",
        "days:\n  - date: 2017-09-21\n    sessions:\n      - id: opening\n        start: \"09:00\"\n        end: \"09:30\"\n        kind: nonsense\n        title: \"Opening\"\n",
    );
    p.write(
        "pages/about.md",
        "---\ntitle: \"About, changed\"\n---\nNew text.\n",
    );
    p.foro(&["build", PROJECT, "--out", "out"]).assert_code(1);
    assert!(manifest(&out) == before, "the previous output changed");
    assert_no_leftovers(&out);
}

#[test]
fn a_build_failing_while_its_pages_are_written_leaves_the_previous_output_byte_identical() {
    // Pages go to the staging folder as they are rendered: a template that
    // breaks only the speakers' list fails after other pages of both
    // products were written there. None of them may reach `out`.
    let p = base();
    p.foro(&["build", PROJECT, "--out", "out"]).assert_code(0);
    let out = p.root().join("out");
    let before = manifest(&out);
    p.write(
        "themes/mine/templates/speakers.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ nothing_here.x }}\n{% endblock %}\n",
    );
    let run = p.foro(&["build", PROJECT, "--out", "out"]);
    run.assert_code(1);
    assert!(run.stderr.contains("nothing_here"), "{}", run.stderr);
    assert!(manifest(&out) == before, "the previous output changed");
    assert_no_leftovers(&out);
}

/// No staging or old folder is left in `out`.
pub(super) fn assert_no_leftovers(out: &Path) {
    let left: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".foro-"))
        .collect();
    assert!(
        left.is_empty(),
        "left behind in {}: {left:?}",
        out.display()
    );
}
