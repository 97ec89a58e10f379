//! Messages about hostile or broken input: each names its file, line,
//! column and item, shows a long line only around the column, and comes
//! once.

use super::base;
use crate::support::PROJECT;

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_named_and_exits_with_the_io_code() {
    use std::os::unix::fs::PermissionsExt;
    let p = base();
    let file = p.dir().join("files/slides.pdf");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&file).is_ok() {
        // Running as root: permissions do not stop reading.
        return;
    }
    let run = p.foro(&["build", PROJECT, "--out", "out", "--target", "all"]);
    run.assert_code(3);
    assert!(
        run.error_lines()
            .iter()
            .any(|l| l.contains("files/slides.pdf") && l.contains("ermission")),
        "{}",
        run.stderr
    );
    assert!(!p.root().join("out").exists());
}

#[test]
fn base_urls_that_would_leak_or_break_links_are_refused_at_their_position() {
    for (url, why) in [
        ("https://user:secret@example.org/", "password"),
        ("https://example.org/?utm=x", "query"),
        ("https://example.org/#top", "fragment"),
        ("https://example.org:99999/", "65535"),
    ] {
        let p = base();
        let text = std::fs::read_to_string(p.dir().join("forum.yaml")).unwrap();
        let text = text.replace("https://example.org/foro/", url);
        p.write("forum.yaml", text);
        let run = p.foro(&["check", PROJECT]);
        run.assert_code(1);
        let errors = run.error_lines();
        assert!(
            errors
                .iter()
                .any(|l| l.contains("forum/forum.yaml:6:11:") && l.contains(why)),
            "{url}:\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_long_line_is_shown_only_around_the_column() {
    let p = base();
    let long = "x".repeat(200_000);
    p.write(
        "presentations.yaml",
        format!("- id: slides\n  title: \"{long}\"\n  file: nowhere/x.pdf\n  bad_field: 1\n"),
    );
    let text = std::fs::read_to_string(p.dir().join("agenda.yaml")).unwrap();
    p.write(
        "agenda.yaml",
        text.replace(
            "title: \"Opening\"",
            &format!("title: \"Opening {long}\" : x"),
        ),
    );
    let run = p.foro(&["check", PROJECT]);
    run.assert_code(1);
    assert!(run.stderr.len() < 5_000, "{} bytes", run.stderr.len());
    assert!(run.stderr.contains('…'), "{}", run.stderr);
}

#[test]
fn an_include_loop_in_a_theme_names_the_template() {
    let p = base();
    p.write(
        "themes/mine/templates/footer.html",
        "{% include \"partials/x.html\" %}",
    );
    p.write(
        "themes/mine/templates/partials/x.html",
        "{% include \"footer.html\" %}",
    );
    let run = p.foro(&["check", PROJECT]);
    run.assert_code(1);
    assert!(
        run.error_lines()
            .iter()
            .any(|l| l.contains("themes/mine/templates/") && l.contains("ircular include")),
        "{}",
        run.stderr
    );
}
