//! Nothing outside the project is read, shown or published: files swapped
//! for links after they were checked (during a build, under the preview),
//! named pipes and devices, names that would drive a terminal.

use std::path::Path;
use std::time::{Duration, Instant};

use foro::build::{self, BuildOptions, Products};

use super::base;
use super::limits::foro_within;
use crate::support::{PROJECT, Project};

/// Replaces the project file `rel` with a symbolic link to a file outside
/// the project that holds `TOP-SECRET`.
#[cfg(unix)]
fn swap_for_link(project: &Path, rel: &str) {
    let outside = project.parent().unwrap().join("secret.txt");
    std::fs::write(&outside, "TOP-SECRET\n").unwrap();
    std::fs::remove_file(project.join(rel)).unwrap();
    std::os::unix::fs::symlink(&outside, project.join(rel)).unwrap();
}

/// Every file under `root` that holds `TOP-SECRET`.
fn leaks(root: &Path) -> Vec<String> {
    if !root.exists() {
        return Vec::new();
    }
    crate::support::list_files(root)
        .into_iter()
        .filter(|rel| {
            std::fs::read(root.join(rel))
                .unwrap()
                .windows(10)
                .any(|w| w == b"TOP-SECRET")
        })
        .collect()
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_file_swapped_for_a_link_between_load_and_copy_is_not_published() {
    // The build's two halves, with the swap between them: the files were
    // checked when the forum was loaded; the copy must not follow the link.
    let p = base();
    let project = p.dir();
    let opts = BuildOptions {
        project: project.clone(),
        out: p.root().join("out"),
        products: Products::All,
        zip: true,
        progress: false,
        pdf: foro::render::pdf::PdfOptions {
            enabled: false,
            paper: None,
        },
    };
    build::check_options(&opts).unwrap();
    let rendered = build::render(&project, opts.products).unwrap();
    swap_for_link(&project, "files/slides.pdf");
    let Err(build::BuildError::Io(message)) = build::write(&opts, rendered, Instant::now()) else {
        panic!("the build went on after files/slides.pdf became a link");
    };
    assert!(message.contains("files/slides.pdf"), "{message}");
    assert!(leaks(&p.root().join("out")).is_empty());
    let left: Vec<_> = std::fs::read_dir(p.root().join("out"))
        .map(|d| d.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[cfg(unix)]
#[test]
fn the_preview_never_serves_a_file_swapped_for_a_link() {
    let p = base();
    let project = p.dir();
    let snapshot = build::prepare(&project, None).unwrap();
    let site = foro::serve::SiteState::new(snapshot);
    let before = site.file("files/slides.pdf").unwrap().unwrap();
    assert_eq!(
        before.as_slice(),
        std::fs::read(project.join("files/slides.pdf")).unwrap()
    );
    swap_for_link(&project, "files/slides.pdf");
    let after = site.file("files/slides.pdf").unwrap();
    let message = after.unwrap_err();
    assert!(message.contains("files/slides.pdf"), "{message}");
    assert!(!message.contains("TOP-SECRET"));
    // Replaced by another regular file: not what the build checked either.
    std::fs::remove_file(project.join("files/slides.pdf")).unwrap();
    std::fs::write(project.join("files/slides.pdf"), "TOP-SECRET").unwrap();
    assert!(site.file("files/slides.pdf").unwrap().is_err());
}

#[cfg(unix)]
#[test]
fn named_pipes_are_refused_by_name_and_never_opened() {
    for (rel, what) in [
        ("files/stream.pdf", "files/stream.pdf"),
        ("speakers/bob.md", "speakers/bob.md"),
        ("images/pipe.png", "images/pipe.png"),
        ("forum.yaml", "forum.yaml"),
    ] {
        let p = base();
        let path = p.dir().join(rel);
        if path.exists() {
            std::fs::remove_file(&path).unwrap();
        }
        mkfifo(&path);
        let (run, _) = foro_within(
            &p,
            &["build", PROJECT, "--out", "out"],
            Duration::from_secs(60),
        );
        run.assert_code(1);
        assert!(
            run.error_lines()
                .iter()
                .any(|l| l.contains(what) && l.contains("named pipe")),
            "{rel}:\n{}",
            run.stderr
        );
        assert!(!run.stderr.contains("has no forum.yaml"), "{}", run.stderr);
    }
}

#[cfg(unix)]
#[test]
fn verify_refuses_a_manifest_that_is_a_named_pipe() {
    let p = base();
    p.foro(&["build", PROJECT, "--out", "out", "--target", "usb"])
        .assert_code(0);
    let usb = p.root().join("out/usb");
    let manifest = usb.join("MANIFEST.sha256");
    std::fs::remove_file(&manifest).unwrap();
    mkfifo(&manifest);
    let (run, _) = foro_within(&p, &["verify", "out/usb"], Duration::from_secs(60));
    run.assert_code(3);
    assert!(
        run.stderr.contains("MANIFEST.sha256") && run.stderr.contains("named pipe"),
        "{}",
        run.stderr
    );
}

/// A name that clears the screen, sets the window title and fakes a line.
const EVIL: &str = "x\u{1b}[2J\u{1b}]0;pwned\u{7}\nok: all good";

#[cfg(unix)]
#[test]
fn names_from_a_drive_are_escaped_in_verify() {
    let p = base();
    p.foro(&["build", PROJECT, "--out", "out", "--target", "usb"])
        .assert_code(0);
    let usb = p.root().join("out/usb");
    std::fs::write(usb.join(EVIL), "extra").unwrap();
    let run = p.foro(&["verify", "out/usb"]);
    run.assert_code(1);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(!all.contains('\u{1b}') && !all.contains('\u{7}'), "{all:?}");
    assert!(!all.lines().any(|l| l.starts_with("ok:")), "{all}");
    assert!(all.contains("extra: x\\u{1b}[2J"), "{all}");
}

#[cfg(unix)]
#[test]
fn names_in_a_project_are_escaped_in_build_errors() {
    let p = base();
    p.write(&format!("files/{EVIL}"), "x");
    let run = p.foro(&["build", PROJECT, "--out", "out", "--target", "usb"]);
    run.assert_code(1);
    assert!(
        !run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'),
        "{:?}",
        run.stderr
    );
    assert!(run.stderr.contains("\\u{1b}"), "{}", run.stderr);
    assert!(!run.stderr.lines().any(|l| l.starts_with("ok:")));
}

#[test]
fn out_inside_the_project_is_refused_and_out_site_must_be_a_folder() {
    let p: Project = base();
    let run = p.foro(&["build", PROJECT, "--out", "forum/files/out"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("inside the forum project"),
        "{}",
        run.stderr
    );
    assert!(!p.dir().join("files/out").exists());

    std::fs::create_dir_all(p.root().join("out")).unwrap();
    std::fs::write(p.root().join("out/site"), "mine").unwrap();
    let run = p.build();
    run.assert_code(2);
    assert!(run.stderr.contains("is not a folder"), "{}", run.stderr);
    assert_eq!(std::fs::read(p.root().join("out/site")).unwrap(), b"mine");
    let names: Vec<_> = std::fs::read_dir(p.root().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["site"]);
}

#[test]
fn a_zip_that_cannot_be_written_leaves_the_output_as_it_was() {
    let p = base();
    p.foro(&["build", PROJECT, "--out", "out", "--target", "all"])
        .assert_code(0);
    let before = super::manifest(&p.root().join("out"));
    // A folder where the zip goes: refused before anything is written.
    std::fs::create_dir(p.root().join("out/forum-usb.zip")).unwrap();
    p.write("pages/about.md", "---\ntitle: Changed\n---\nChanged.\n");
    let run = p.foro(&["build", PROJECT, "--out", "out", "--target", "all", "--zip"]);
    run.assert_code(2);
    std::fs::remove_dir(p.root().join("out/forum-usb.zip")).unwrap();
    assert_eq!(super::manifest(&p.root().join("out")), before);
}
