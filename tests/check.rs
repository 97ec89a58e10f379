//! `foro check`, `foro new` and the diagnostics' exact wording (snapshots).
//!
//! Update the snapshots after an intended change of wording with
//! `INSTA_UPDATE=always cargo test --test main check::` and review the diff.

use std::io::{Read, Write};
use std::net::TcpListener;

use crate::support::{PROJECT, Project, foro};

/// `foro new forum` in a fresh temporary folder.
fn starter(languages: &str) -> Project {
    let project = Project::from_fixture("check/empty");
    std::fs::remove_dir_all(project.dir()).unwrap();
    project
        .foro(&["new", PROJECT, "--languages", languages])
        .assert_code(0);
    project
}

#[test]
fn every_class_of_error_is_reported_with_its_caret_and_hint() {
    let root = crate::support::fixture("validation");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n != "valid")
        .collect();
    names.sort();
    assert!(names.len() > 20);
    for name in names {
        let project = Project::from_fixture(&format!("validation/{name}"));
        let run = project.foro(&["check", PROJECT]);
        assert!(
            !run.stderr.contains('\u{1b}'),
            "no colour when not on a terminal"
        );
        insta::assert_snapshot!(name.as_str(), run.stderr);
    }
}

#[test]
fn a_new_forum_builds_and_checks_without_warnings() {
    let project = starter("en,es");
    let run = project.foro(&["check", PROJECT, "--strict"]);
    run.assert_code(0);
    assert!(run.warning_lines().is_empty(), "{}", run.stderr);
    let run = project.build();
    run.assert_code(0);
    let home = std::fs::read_to_string(project.site().root.join("es/index.html")).unwrap();
    assert!(home.contains("<html lang=\"es\">"));
    assert!(home.contains("Foro de ejemplo sobre mipymes y clústeres"));
    // The starter explains itself.
    let forum = std::fs::read_to_string(project.dir().join("forum.yaml")).unwrap();
    assert!(forum.contains("# The forum's languages; the first one is the default language."));
}

#[test]
fn a_new_forum_can_have_spanish_as_its_default_language() {
    let project = starter("es,en");
    project.build().assert_code(0);
    let chooser =
        std::fs::read_to_string(project.site().root.join("es/agenda/index.html")).unwrap();
    assert!(chooser.contains("hreflang=\"es\" href=\"https://www.example.org/forum/es/agenda/\""));
    assert!(chooser.contains("hreflang=\"x-default\" href=\"https://www.example.org/forum/\""));
    assert!(project.dir().join("speakers/ana-ejemplo.en.md").is_file());
}

#[test]
fn new_refuses_a_folder_that_is_not_empty_and_bad_languages() {
    let project = starter("en,es");
    let run = project.foro(&["new", PROJECT]);
    run.assert_code(2);
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    let run = project.foro(&["new", "other", "--languages", "en,EN"]);
    run.assert_code(2);
    assert!(!project.root().join("other").exists());
}

#[test]
fn strict_fails_on_an_untranslated_page_and_passes_once_it_is_translated() {
    let project = starter("en,es");
    let translation = project.dir().join("pages/about.es.md");
    let text = std::fs::read_to_string(&translation).unwrap();
    std::fs::remove_file(&translation).unwrap();
    let run = project.foro(&["check", PROJECT]);
    run.assert_code(0);
    assert!(
        run.stderr
            .contains("translation: es: 96% (1 of 25 texts shown in another language)"),
        "{}",
        run.stderr
    );
    let run = project.foro(&["check", PROJECT, "--strict"]);
    run.assert_code(1);
    let warnings = run.warning_lines();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0]
            .starts_with("warning: forum/pages/about.md: es: the whole text is shown in `en`"),
        "{}",
        warnings[0]
    );
    std::fs::write(&translation, text).unwrap();
    project.foro(&["check", PROJECT, "--strict"]).assert_code(0);
}

#[test]
fn the_agenda_is_checked_for_what_is_valid_but_probably_wrong() {
    let project = starter("en,es");
    let agenda = std::fs::read_to_string(project.dir().join("agenda.yaml")).unwrap();
    // Bruno speaks in the panel and, at the same time, in a new session elsewhere.
    let agenda = agenda
        + "      - id: side-event\n        start: \"10:30\"\n        end: \"11:00\"\n        kind: talk\n        title: \"Side event\"\n        room: \"Room B\"\n        speakers: [bruno-muestra]\n      - id: late\n        start: \"23:30\"\n        end: \"23:45\"\n        kind: other\n        title: \"Late\"\n";
    project.write("agenda.yaml", agenda);
    project.write(
        "speakers/carla-nadie.md",
        "---\nname: \"Carla Nadie\"\n---\nNo session.\n",
    );
    project.write("speakers/carla-nadie.es.md", "Sin sesión.\n");
    project.write(
        "presentations.yaml",
        "- id: orphan-slides\n  title: \"Slides nobody presents\"\n  slides_url: \"https://www.example.org/slides\"\n",
    );
    let about = std::fs::read_to_string(project.dir().join("pages/about.md")).unwrap();
    project.write("pages/about.md", about + "\n![](../images/none.png)\n");
    project.write("images/none.png", [0u8; 8]);
    let run = project.foro(&["check", PROJECT]);
    run.assert_code(0);
    let warnings = run.warning_lines().join("\n");
    for expected in [
        "`bruno-muestra` is in `panel-clusters` and `side-event` at the same time",
        "`late` runs outside 06:00–23:00",
        "warning: forum/speakers/carla-nadie.md: `carla-nadie` has no session in the agenda",
        "warning: forum/presentations.yaml:1:7: the presentation `orphan-slides` is not linked from any session",
        "the image has no alternative text",
    ] {
        assert!(
            warnings.contains(expected),
            "missing {expected:?} in\n{warnings}"
        );
    }
    project.foro(&["check", PROJECT, "--strict"]).assert_code(1);
}

#[test]
fn a_broken_link_in_a_theme_template_is_an_error() {
    let project = starter("en,es");
    let forum = std::fs::read_to_string(project.dir().join("forum.yaml")).unwrap();
    project.write("forum.yaml", forum + "theme: mine\n");
    let reports = "{% extends \"base.html\" %}{% block content %}<a href=\"../nowhere/\">x</a><a href=\"#missing\">y</a>{% endblock content %}";
    project.write("themes/mine/templates/document.html", reports);
    let run = project.foro(&["check", PROJECT]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("en/pages/about/index.html: broken link `../nowhere/`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("has no element with id `missing`"),
        "{}",
        run.stderr
    );
}

/// A one-thread HTTP server on loopback: `/ok` answers 200, anything else 404.
fn serve(requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let mut s = stream.unwrap();
            let mut buf = [0u8; 2048];
            let n = s.read(&mut buf).unwrap_or(0);
            let req = String::from_utf8_lossy(&buf[..n]);
            let status = if req.split_whitespace().nth(1) == Some("/ok") {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let _ = write!(
                s,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    addr
}

#[test]
fn external_links_are_checked_over_http_and_network_errors_do_not_fail() {
    let project = starter("en");
    let addr = serve(16);
    let about = std::fs::read_to_string(project.dir().join("pages/about.md")).unwrap();
    project.write(
        "pages/about.md",
        format!("{about}\n[ok](http://{addr}/ok) [gone](http://{addr}/gone) [down](http://127.0.0.1:9/)\n"),
    );
    let forum = std::fs::read_to_string(project.dir().join("forum.yaml")).unwrap();
    project.write(
        "forum.yaml",
        forum.replace(
            "url: \"https://www.example.org\"",
            &format!("url: \"http://{addr}/ok\""),
        ),
    );
    let run = project.foro(&["check", PROJECT, "--external"]);
    run.assert_code(0);
    assert!(
        run.stderr.contains(&format!(
            "the external link `http://{addr}/gone` answers HTTP 404"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("note: could not check http://127.0.0.1:9/"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains(&format!("`http://{addr}/ok`")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("external links: 3 checked, 1 broken, 1 not reachable"),
        "{}",
        run.stderr
    );
}

#[test]
fn help_shows_examples_and_exit_codes_for_every_command() {
    let tmp = tempfile::tempdir().unwrap();
    for cmd in ["build", "watch", "check", "verify", "copy", "new"] {
        let run = foro(tmp.path(), &[cmd, "--help"]);
        run.assert_code(0);
        assert!(run.stdout.contains("Examples:"), "{cmd}:\n{}", run.stdout);
    }
    let run = foro(tmp.path(), &["--help"]);
    assert!(run.stdout.contains("Exit codes: 0 ok, 1 errors in the forum's files, 2 usage errors, 3 reading or writing failed"));
    let run = foro(tmp.path(), &["--version"]);
    assert!(run.stdout.starts_with("foro "));
}
