//! The command line: exit codes, output-folder safety, `check`.

use crate::support::{PROJECT, Project, Site, foro_with_env, list_files};

const VALID: &str = "validation/valid";

/// Every file of the test's temporary folder, to prove nothing changed.
fn snapshot(project: &Project) -> Vec<(String, Vec<u8>)> {
    list_files(project.root())
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(project.root().join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn out_equal_to_the_project_is_refused() {
    let project = Project::from_fixture(VALID);
    let before = snapshot(&project);
    let run = project.foro(&["build", PROJECT, "--out", PROJECT]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("it is the forum project itself"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&project), before, "nothing may change");
}

#[test]
fn out_equal_to_the_project_spelt_differently_is_refused() {
    let project = Project::from_fixture(VALID);
    let before = snapshot(&project);
    let run = project.foro(&["build", PROJECT, "--out", "./forum/../forum/."]);
    run.assert_code(2);
    assert_eq!(snapshot(&project), before);
}

#[test]
fn out_containing_the_project_is_refused() {
    let project = Project::from_fixture(VALID);
    let before = snapshot(&project);
    let run = project.foro(&["build", PROJECT, "--out", "."]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("it contains the forum project"),
        "{}",
        run.stderr
    );
    let parent = project.root().to_str().unwrap().to_string();
    let run = project.foro(&["build", PROJECT, "--out", &parent]);
    run.assert_code(2);
    assert_eq!(snapshot(&project), before, "nothing may change");
}

#[test]
fn out_at_the_root_folder_is_refused() {
    let project = Project::from_fixture(VALID);
    let before = snapshot(&project);
    let run = project.foro(&["build", PROJECT, "--out", "/"]);
    run.assert_code(2);
    assert!(run.stderr.contains("root folder"), "{}", run.stderr);
    assert_eq!(snapshot(&project), before);
}

#[test]
fn out_at_the_home_folder_is_refused() {
    let project = Project::from_fixture(VALID);
    let home = project.root().join("home");
    std::fs::create_dir_all(home.join("Documents")).unwrap();
    std::fs::write(home.join("Documents/letter.txt"), "keep me").unwrap();
    let before = snapshot(&project);
    let run = foro_with_env(
        project.root(),
        &["build", PROJECT, "--out", "home"],
        &[("HOME", &home)],
    );
    run.assert_code(2);
    assert!(run.stderr.contains("home folder"), "{}", run.stderr);
    assert_eq!(snapshot(&project), before);
}

#[test]
fn the_web_target_builds_the_site() {
    let project = Project::from_fixture(VALID);
    project
        .foro(&["build", PROJECT, "--out", "out", "--target", "web"])
        .assert_code(0);
    assert!(project.site().exists("en/index.html"));
    assert!(!project.root().join("out/usb").exists());
}

#[test]
fn an_unknown_option_is_a_usage_error() {
    let project = Project::from_fixture(VALID);
    project
        .foro(&["build", PROJECT, "--colour", "always"])
        .assert_code(2);
    project
        .foro(&["build", PROJECT, "--target", "pdf"])
        .assert_code(2);
}

#[test]
fn help_exits_zero() {
    let project = Project::from_fixture(VALID);
    let run = project.foro(&["build", "--help"]);
    run.assert_code(0);
    assert!(run.stdout.contains("--out"), "{}", run.stdout);
}

#[test]
fn an_output_path_that_is_a_file_is_an_io_error() {
    let project = Project::from_fixture(VALID);
    std::fs::write(project.root().join("out"), "a file, not a folder").unwrap();
    let run = project.build();
    run.assert_code(3);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(project.root().join("out")).unwrap(),
        "a file, not a folder"
    );
}

#[test]
fn a_project_folder_that_does_not_exist_is_an_error() {
    let project = Project::from_fixture(VALID);
    let run = project.foro(&["build", "nowhere", "--out", "out"]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("error: nowhere: the forum project folder does not exist"),
        "{}",
        run.stderr
    );
    assert!(!project.root().join("out").exists());
}

#[test]
fn check_validates_without_writing() {
    let project = Project::from_fixture(VALID);
    let before = snapshot(&project);
    let run = project.foro(&["check", PROJECT]);
    run.assert_code(0);
    assert!(run.stderr.contains(": 0 error(s)"), "{}", run.stderr);
    assert_eq!(snapshot(&project), before, "check writes nothing");
}

#[test]
fn build_defaults_to_content_and_output() {
    // `foro build` with no arguments reads ./content and writes ./output.
    let project = Project::from_fixture(VALID);
    std::fs::rename(project.dir(), project.root().join("content")).unwrap();
    project.foro(&["build"]).assert_code(0);
    assert!(project.root().join("output/site/en/index.html").is_file());
}

#[test]
fn target_usb_builds_only_the_bundle() {
    let project = Project::from_fixture(VALID);
    project
        .foro(&["build", PROJECT, "--out", "out", "--target", "usb"])
        .assert_code(0);
    assert!(project.root().join("out/usb/index.html").is_file());
    assert!(!project.root().join("out/site").exists());
}

#[test]
fn target_all_builds_the_site_and_the_bundle_with_the_same_pages() {
    let project = Project::from_fixture(VALID);
    project
        .foro(&["build", PROJECT, "--out", "out", "--target", "all"])
        .assert_code(0);
    let site: Vec<String> = project
        .site()
        .html_files()
        .into_iter()
        .filter(|f| f != "404.html")
        .collect();
    let usb = Site {
        root: project.root().join("out/usb"),
    };
    assert!(site.len() > 10, "{site:?}");
    assert_eq!(
        usb.html_files(),
        site,
        "the bundle has every page but 404.html"
    );
}

#[test]
fn zip_needs_the_usb_bundle() {
    let project = Project::from_fixture(VALID);
    let run = project.foro(&["build", PROJECT, "--out", "out", "--target", "web", "--zip"]);
    run.assert_code(2);
    assert!(!project.root().join("out").exists());
}
