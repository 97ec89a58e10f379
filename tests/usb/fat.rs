//! A bundle must fit on a FAT32 or exFAT drive: a file name those refuse
//! fails the build, naming the file, and nothing is written.
//!
//! The fixture (`tests/fixtures/usb/fat-names`) is a valid forum; each test
//! adds the offending file to its temporary copy, because committed such
//! names would break checking out the repository on Windows (`:`) and
//! macOS (names equal but for case).

use crate::support::{PROJECT, Project, Run};

const FIXTURE: &str = "usb/fat-names";

/// `foro build forum --out out`: every product, as organisers run it.
fn build(project: &Project) -> Run {
    project.foro(&["build", PROJECT, "--out", "out"])
}

/// A tiny PDF, enough for a file under `files/`.
const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";

#[test]
fn the_fat_names_fixture_builds_as_it_is() {
    let project = Project::from_fixture(FIXTURE);
    build(&project).assert_code(0);
    assert!(project.root().join("out/usb/files/slides.pdf").is_file());
}

#[test]
fn a_file_name_with_a_colon_fails_the_build_naming_the_file() {
    let project = Project::from_fixture(FIXTURE);
    project.write("files/agenda 10:30.pdf", PDF);
    let run = build(&project);
    run.assert_code(1);
    let errors = run.error_lines();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].contains("files/agenda 10:30.pdf"),
        "the error must name the file: {}",
        errors[0]
    );
    assert!(
        errors[0].contains("`:`"),
        "the error must name the character: {}",
        errors[0]
    );
    assert!(
        !project.root().join("out").exists(),
        "nothing may be written on an error"
    );
}

#[test]
fn two_file_names_equal_but_for_case_fail_the_build_naming_both() {
    let project = Project::from_fixture(FIXTURE);
    project.write("files/Slides.pdf", PDF);
    let run = build(&project);
    run.assert_code(1);
    let errors = run.error_lines();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    for name in ["files/Slides.pdf", "files/slides.pdf"] {
        assert!(
            errors[0].contains(name),
            "the error must name {name}: {}",
            errors[0]
        );
    }
    assert!(
        !project.root().join("out").exists(),
        "nothing may be written on an error"
    );
}
