//! Classes of hostile input the cases suggest: clock changes,
//! numbers out of range, ids the theme uses, names equal under Unicode
//! normalisation, a theme file where the build writes one.

use super::base;
use crate::support::PROJECT;

const ABOUT: &str = "---\ntitle: \"About\"\nmenu: true\n---\nAbout the forum.\n\n";

/// The forum in Madrid on the day the clocks go forward (02:00 → 03:00)
/// and the day they go back (03:00 → 02:00) in 2017.
fn in_madrid(start: &str, end: &str, date: &str) -> crate::support::Project {
    let p = base();
    let forum = std::fs::read_to_string(p.dir().join("forum.yaml")).unwrap();
    p.write(
        "forum.yaml",
        forum.replace("America/Lima", "Europe/Madrid").replace(
            "{start: 2017-09-21, end: 2017-09-22}",
            "{start: 2017-03-26, end: 2017-10-29}",
        ),
    );
    let agenda = std::fs::read_to_string(p.dir().join("agenda.yaml")).unwrap();
    let agenda = agenda
        .replacen("2017-09-21", date, 1)
        .replace("start: \"09:00\"", &format!("start: \"{start}\""))
        .replace("end: \"09:30\"", &format!("end: \"{end}\""));
    p.write("agenda.yaml", agenda);
    p
}

#[test]
fn a_time_the_clocks_skip_is_an_error_and_a_repeated_one_a_warning() {
    let p = in_madrid("02:30", "03:30", "2017-03-26");
    let run = p.foro(&["check", PROJECT]);
    run.assert_code(1);
    assert!(
        run.error_lines()
            .iter()
            .any(|l| l.contains("agenda.yaml:") && l.contains("02:30 does not exist on 2017-03-26")),
        "{}",
        run.stderr
    );
    let p = in_madrid("02:15", "02:45", "2017-10-29");
    let run = p.foro(&["check", PROJECT]);
    assert!(
        run.warning_lines()
            .iter()
            .any(|l| l.contains("02:15 happens twice on 2017-10-29")),
        "{}",
        run.stderr
    );
}

#[test]
fn numbers_out_of_range_are_errors_at_their_position_not_crashes() {
    for (participation, at) in [
        // Each fits in its type, their sum would not.
        (
            "participants:\n  - {economy: Peru, women: 4294967295, men: 4294967295}\n",
            "participation.yaml:2:28:",
        ),
        (
            "participants:\n  - {economy: Chile, women: 99999999999}\n",
            "participation.yaml:2:29:",
        ),
    ] {
        let p = base();
        p.write("participation.yaml", participation);
        p.write(
            "pages/about.md",
            "---\ntitle: \"About\"\nweight: 99999999999999999999999\n---\nx\n",
        );
        let run = p.foro(&["build", PROJECT, "--out", "out"]);
        run.assert_code(1);
        let errors = run.error_lines();
        for at in [at, "pages/about.md:3:9:"] {
            assert!(
                errors.iter().any(|l| l.contains(at)),
                "{at}:\n{}",
                run.stderr
            );
        }
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(!run.stderr.contains("syntax error"), "{}", run.stderr);
    }
}

#[test]
fn every_id_of_the_built_in_theme_is_reserved_from_headings() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for part in text.split(" id=\"").skip(1) {
            let id = part.split('"').next().unwrap();
            if !id.contains("{{") && !id.contains("{%") {
                assert!(
                    foro::render::RESERVED_IDS.contains(&id),
                    "the theme uses id `{id}`, which a heading could take"
                );
            }
        }
    }
    // Headings named like the theme's elements get other ids.
    let p = base();
    let headings: String = [
        "Main",
        "Main menu",
        "Contents",
        "Contents title",
        "Search input",
    ]
    .join("\n\ntext\n\n## ");
    let headings = format!("## {headings}\n\ntext\n");
    p.write("pages/about.md", format!("{ABOUT}{headings}"));
    p.build().assert_code(0);
    let page = p.site().page("en/pages/about/index.html");
    let twice: Vec<_> = page.ids().into_iter().filter(|(_, n)| *n > 1).collect();
    assert!(twice.is_empty(), "ids used twice: {twice:?}");
}

#[test]
fn file_names_equal_under_unicode_normalisation_are_refused() {
    let p = base();
    // "é" precomposed and "e" + combining acute: two files on Linux, one on
    // macOS and on many USB drives.
    p.write("files/caf\u{e9}.pdf", "one");
    p.write("files/cafe\u{301}.pdf", "two");
    let run = p.foro(&["build", PROJECT, "--out", "out", "--target", "all"]);
    run.assert_code(1);
    assert!(
        run.error_lines()
            .iter()
            .any(|l| l.contains("files/caf") && l.contains("same name")),
        "{}",
        run.stderr
    );
}

#[test]
fn a_theme_static_file_never_replaces_a_generated_one() {
    for name in ["highlight.css", "search-en.js"] {
        let p = base();
        p.write(&format!("themes/mine/static/{name}"), "body{display:none}");
        let run = p.build();
        run.assert_code(1);
        assert!(
            run.error_lines()
                .iter()
                .any(|l| l.contains(&format!("themes/mine/static/{name}"))
                    && l.contains("foro writes")),
            "{}",
            run.stderr
        );
    }
}
