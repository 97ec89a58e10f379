//! Validation: one invalid copy of a small forum per rule of the content
//! contract (`fixtures/validation/<rule>/`, each a copy of
//! `fixtures/validation/valid/` with one thing broken). Every case checks
//! the exit code, the exact `file:line:col` printed, a fragment of the
//! message, and that a failed build leaves the previous output alone.

use crate::support::{PROJECT, Project, Run, list_files};

/// Builds `validation/<case>` over an `out/site` that holds `marker.txt`,
/// expects exit 1 with exactly the errors given as (`file:line:col`,
/// message fragment), in that order, and checks that nothing in `out/`
/// changed. Returns the run for further checks.
fn expect_errors(case: &str, expected: &[(&str, &str)]) -> Run {
    let project = Project::from_fixture(&format!("validation/{case}"));
    expect_errors_in(&project, expected)
}

fn expect_errors_in(project: &Project, expected: &[(&str, &str)]) -> Run {
    let site = project.site();
    std::fs::create_dir_all(&site.root).unwrap();
    std::fs::write(site.path("marker.txt"), "previous build").unwrap();

    let run = project.build();
    run.assert_code(1);
    let errors = run.error_lines();
    assert_eq!(
        errors.len(),
        expected.len(),
        "expected {} error(s), got:\n{}",
        expected.len(),
        run.stderr
    );
    for (line, (location, fragment)) in errors.iter().zip(expected) {
        let head = format!("error: {PROJECT}/{location}: ");
        assert!(
            line.starts_with(&head),
            "expected an error at {PROJECT}/{location}, got:\n{line}\n--- stderr\n{}",
            run.stderr
        );
        assert!(
            line.contains(fragment),
            "expected {fragment:?} in:\n{line}\n--- stderr\n{}",
            run.stderr
        );
    }
    let n = expected.len();
    let summary = format!(
        "error: {n} error{} found; nothing was written",
        if n == 1 { "" } else { "s" }
    );
    assert!(
        run.stderr.lines().any(|l| l == summary),
        "no summary line {summary:?}:\n{}",
        run.stderr
    );
    assert_eq!(
        list_files(&project.root().join("out")),
        ["site/marker.txt"],
        "a failed build must leave the output folder as it was"
    );
    assert_eq!(site.read("marker.txt"), "previous build");
    run
}

/// The hint printed under the error at `location`.
fn hint_after<'a>(run: &'a Run, location: &str) -> &'a str {
    let head = format!("error: {PROJECT}/{location}: ");
    let mut lines = run.stderr.lines().skip_while(|l| !l.starts_with(&head));
    lines.next().expect("the error line");
    lines
        .take_while(|l| !l.starts_with("error: ") && !l.starts_with("warning: "))
        .find_map(|l| l.strip_prefix("  = hint: "))
        .unwrap_or_else(|| panic!("no hint after {location}:\n{}", run.stderr))
}

#[test]
fn the_baseline_of_the_validation_fixtures_is_valid() {
    let project = Project::from_fixture("validation/valid");
    let run = project.build();
    run.assert_code(0);
    assert!(run.warning_lines().is_empty(), "{}", run.stderr);
}

#[test]
fn unknown_speaker_in_a_session() {
    let run = expect_errors(
        "unknown-speaker",
        &[(
            "agenda.yaml:9:25",
            "unknown speaker `nobody` in session `opening`",
        )],
    );
    // The source line and a caret under the id.
    assert!(
        run.stderr
            .contains("9 |         speakers: [ana, nobody]\n  |                         ^\n"),
        "{}",
        run.stderr
    );
    assert!(hint_after(&run, "agenda.yaml:9:25").contains("speakers/nobody.md"));
}

#[test]
fn unknown_moderator_gets_a_did_you_mean_hint() {
    let run = expect_errors(
        "unknown-moderator",
        &[("agenda.yaml:10:22", "unknown speaker `anna`")],
    );
    assert_eq!(hint_after(&run, "agenda.yaml:10:22"), "did you mean `ana`?");
}

#[test]
fn unknown_presentation_in_a_session() {
    let run = expect_errors(
        "unknown-presentation",
        &[(
            "agenda.yaml:10:25",
            "unknown presentation `cluster` in session `opening`",
        )],
    );
    assert_eq!(
        hint_after(&run, "agenda.yaml:10:25"),
        "did you mean `clusters`?"
    );
}

#[test]
fn duplicate_session_id() {
    expect_errors(
        "duplicate-session-id",
        &[(
            "agenda.yaml:10:13",
            "the session id `opening` is already used on line 4",
        )],
    );
}

#[test]
fn session_end_not_after_start() {
    expect_errors(
        "end-before-start",
        &[
            (
                "agenda.yaml:12:14",
                "ends (10:30) before or when it starts (11:00)",
            ),
            (
                "agenda.yaml:17:14",
                "ends (12:00) before or when it starts (12:00)",
            ),
        ],
    );
}

#[test]
fn day_outside_the_forum_dates() {
    expect_errors(
        "day-outside-dates",
        &[(
            "agenda.yaml:2:11",
            "2017-09-25 is outside the forum's dates (2017-09-21 to 2017-09-22)",
        )],
    );
}

#[test]
fn unknown_session_kind_suggests_the_near_miss() {
    let run = expect_errors(
        "unknown-kind",
        &[("agenda.yaml:7:15", "`keynot` is not a session kind")],
    );
    assert_eq!(
        hint_after(&run, "agenda.yaml:7:15"),
        "did you mean `keynote`?"
    );
}

#[test]
fn invalid_ids_in_speaker_file_names() {
    let run = expect_errors(
        "invalid-speaker-file-name",
        &[
            (
                "speakers/Ana.md",
                "invalid speaker id `Ana` in the file name",
            ),
            (
                "speakers/bob_smith.md",
                "invalid speaker id `bob_smith` in the file name: `_` is not allowed",
            ),
        ],
    );
    assert!(hint_after(&run, "speakers/Ana.md").contains("`ana.md`"));
    assert!(hint_after(&run, "speakers/bob_smith.md").contains("`bob-smith.md`"));
}

#[test]
fn invalid_session_ids() {
    let run = expect_errors(
        "invalid-session-id",
        &[
            ("agenda.yaml:4:13", "invalid session id `Opening`"),
            (
                "agenda.yaml:10:13",
                "invalid session id `coffee_break`: `_` is not allowed",
            ),
        ],
    );
    assert!(hint_after(&run, "agenda.yaml:10:13").contains("`coffee-break`"));
}

#[test]
fn localized_map_key_that_is_not_a_language() {
    expect_errors(
        "localized-key-not-a-language",
        &[(
            "agenda.yaml:8:32",
            "`fr` is not one of the forum's languages (en, es)",
        )],
    );
}

#[test]
fn translation_without_a_default_language_file() {
    expect_errors(
        "translation-without-default",
        &[(
            "speakers/bob.es.md",
            "a translation for the speaker `bob`, who has no speakers/bob.md",
        )],
    );
}

#[test]
fn translation_front_matter_cannot_override_the_name() {
    expect_errors(
        "translation-overrides-name",
        &[("speakers/ana.es.md:2:1", "unknown field `name`")],
    );
}

#[test]
fn photo_that_does_not_exist() {
    expect_errors(
        "missing-photo",
        &[("speakers/ana.md:4:8", "`images/ana.jpg` does not exist")],
    );
}

#[test]
fn presentation_files_outside_the_project_or_missing() {
    let project = Project::from_fixture("validation/presentation-files");
    // The file exists beside the project: it must still be refused.
    std::fs::write(project.root().join("secret.pdf"), "secret").unwrap();
    expect_errors_in(
        &project,
        &[
            (
                "presentations.yaml:6:9",
                "`../secret.pdf` points outside the forum project",
            ),
            (
                "presentations.yaml:9:9",
                "`/etc/passwd` points outside the forum project",
            ),
            (
                "presentations.yaml:12:9",
                "`files/missing.pdf` does not exist",
            ),
        ],
    );
}

#[test]
fn missing_forum_yaml() {
    expect_errors(
        "missing-forum-yaml",
        &[("forum.yaml", "the project has no forum.yaml")],
    );
}

#[test]
fn missing_agenda_yaml() {
    expect_errors(
        "missing-agenda-yaml",
        &[("agenda.yaml", "the project has no agenda.yaml")],
    );
}

#[test]
fn yaml_syntax_error_at_the_parser_position() {
    let run = expect_errors(
        "yaml-syntax-error",
        &[(
            "agenda.yaml:8:23",
            "mapping values are not allowed in this context",
        )],
    );
    assert!(
        run.stderr
            .contains("8 |         title: Opening: day one\n  |                       ^\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn unclosed_quote_is_reported_where_it_opens() {
    // agenda.yaml has 9 lines; line 8 is `        title: "Opening` (the
    // quote opens at column 16). serde_yaml reports the end of the stream
    // (10:1) and keeps "at line 8 column 16" in its message; the location
    // printed should be the one the author has to fix, with its source line.
    let run = expect_errors(
        "yaml-unclosed-quote",
        &[("agenda.yaml:8:16", "quoted scalar")],
    );
    assert!(
        !run.stderr.contains("at line 8 column 16"),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_key_on_line_4_of_a_speaker_front_matter() {
    // Lines count from the top of the file, the opening `---` being line 1.
    let project = Project::from_fixture("validation/bad-key-on-line-4");
    let run = project.build();
    run.assert_code(1);
    let line = run
        .error_lines()
        .into_iter()
        .find(|l| l.starts_with("error: forum/speakers/ana.md:"))
        .unwrap_or_else(|| panic!("no error in speakers/ana.md:\n{}", run.stderr));
    assert!(
        line.starts_with("error: forum/speakers/ana.md:4:1: unknown field `positon`"),
        "{line}"
    );
    assert!(
        run.stderr.contains("4 | positon: \"Director\"\n  | ^\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_speaker_file_is_not_also_an_unknown_speaker() {
    // speakers/ana.md exists but has a misspelt key; agenda.yaml refers to
    // `ana`. The one error is in the speaker file; "unknown speaker `ana`
    // ... add speakers/ana.md" sends the author to create a file that exists.
    expect_errors(
        "bad-key-on-line-4",
        &[("speakers/ana.md:4:1", "unknown field `positon`")],
    );
}

#[test]
fn invalid_date() {
    expect_errors(
        "invalid-date",
        &[("forum.yaml:3:16", "`2017-21-09` is not a date")],
    );
}

#[test]
fn invalid_time() {
    let run = expect_errors(
        "invalid-time",
        &[("agenda.yaml:5:16", "`9am` is not a time")],
    );
    assert!(hint_after(&run, "agenda.yaml:5:16").contains("HH:MM"));
}

#[test]
fn invalid_timezone() {
    expect_errors(
        "invalid-timezone",
        &[("forum.yaml:4:11", "`America/Lma` is not a known time zone")],
    );
}

#[test]
fn invalid_base_url() {
    expect_errors(
        "invalid-base-url",
        &[("forum.yaml:6:11", "invalid URL `www.example.org/foro/`")],
    );
}

#[test]
fn markdown_link_to_a_source_file_that_does_not_exist() {
    let run = expect_errors(
        "broken-markdown-link",
        &[(
            "pages/about.md:7:31",
            "the link `../speakers/nobody.md` points to `speakers/nobody.md`, which does not exist",
        )],
    );
    assert!(
        run.stderr
            .contains("7 | [Ana](../speakers/ana.md) and [Nobody](../speakers/nobody.md).\n")
    );
}

#[test]
fn markdown_link_in_a_session_description_is_reported_at_its_line() {
    // The link is on line 13 of agenda.yaml, in a block scalar; foro
    // counts the description's lines as if it started on line 1.
    let project = Project::from_fixture("validation/valid");
    let agenda = std::fs::read_to_string(project.dir().join("agenda.yaml")).unwrap();
    project.write(
        "agenda.yaml",
        format!(
            "{agenda}        description: |\n          Welcome.\n\n          See [Bob](speakers/bob.md).\n"
        ),
    );
    expect_errors_in(
        &project,
        &[(
            "agenda.yaml:13:15",
            "the link `speakers/bob.md` points to `speakers/bob.md`, which does not exist",
        )],
    );
}

#[test]
fn unknown_gender_value() {
    let run = expect_errors(
        "unknown-gender",
        &[("speakers/ana.md:3:9", "`femme` is not a gender value")],
    );
    assert!(hint_after(&run, "speakers/ana.md:3:9").contains("female, male, other, undisclosed"));
}

#[test]
fn errors_in_several_files_are_reported_in_one_run() {
    expect_errors(
        "several-errors",
        &[
            ("agenda.yaml:7:15", "`keynot` is not a session kind"),
            ("forum.yaml:4:11", "`Mars/Olympus` is not a known time zone"),
            (
                "presentations.yaml:3:9",
                "`files/missing.pdf` does not exist",
            ),
            ("speakers/ana.md:3:9", "`femme` is not a gender value"),
        ],
    );
}

#[test]
fn markdown_errors_are_reported_with_the_other_errors() {
    let project = Project::from_fixture("validation/unknown-kind");
    project.write(
        "pages/about.md",
        "---\ntitle: \"About\"\n---\nSee [Nobody](../speakers/nobody.md).\n",
    );
    expect_errors_in(
        &project,
        &[
            ("agenda.yaml:7:15", "`keynot` is not a session kind"),
            ("pages/about.md:4:5", "which does not exist"),
        ],
    );
}

#[test]
fn overlapping_sessions_in_one_room_are_a_warning() {
    let project = Project::from_fixture("validation/overlap-warning");
    let run = project.build();
    run.assert_code(0);
    assert!(run.error_lines().is_empty(), "{}", run.stderr);
    assert_eq!(
        run.warning_lines(),
        ["warning: forum/agenda.yaml:12:16: `keynote` overlaps `opening` in the same room"],
        "parallel sessions in different rooms are fine"
    );
    assert!(project.site().exists("en/agenda/index.html"));
    // --quiet prints errors only.
    let quiet = project.foro(&["build", PROJECT, "--out", "out", "--quiet"]);
    quiet.assert_code(0);
    assert!(quiet.warning_lines().is_empty(), "{}", quiet.stderr);
}

#[test]
fn check_reports_the_same_errors_and_writes_nothing() {
    let project = Project::from_fixture("validation/several-errors");
    let run = project.foro(&["check", PROJECT]);
    run.assert_code(1);
    assert_eq!(run.error_lines().len(), 4, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: forum/speakers/ana.md:3:9: `femme` is not a gender value"),
        "{}",
        run.stderr
    );
    assert_eq!(
        list_files(project.root())
            .into_iter()
            .filter(|f| !f.starts_with(&format!("{PROJECT}/")))
            .collect::<Vec<_>>(),
        Vec::<String>::new(),
        "check writes nothing"
    );
}

#[test]
fn a_diagnostic_shows_the_source_line_a_caret_and_a_hint() {
    // The whole report, byte for byte (no colour: stderr is not a terminal).
    let project = Project::from_fixture("validation/unknown-kind");
    let run = project.build();
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "error: forum/agenda.yaml:7:15: `keynot` is not a session kind\n  \
         |\n\
         7 |         kind: keynot\n  \
         |               ^\n  \
         = hint: did you mean `keynote`?\n\
         error: 1 error found; nothing was written\n"
    );
}

#[test]
fn a_template_error_names_the_template_line_page_and_language() {
    // themes/mine/templates/speakers.html uses an undefined variable on
    // line 4: one error (not one per page, language and product), naming
    // every page it breaks.
    expect_errors(
        "theme-template-error",
        &[(
            "themes/mine/templates/speakers.html:4:7",
            "`nothing_here` is not defined",
        )],
    );
    let project = Project::from_fixture("validation/theme-template-error");
    let run = project.build();
    for lang in ["en", "es"] {
        assert!(
            run.stderr.contains(&format!("speakers.html in `{lang}`")),
            "{lang}:\n{}",
            run.stderr
        );
    }
}

#[test]
fn check_strict_fails_on_warnings() {
    let project = Project::from_fixture("validation/overlap-warning");
    project.foro(&["check", PROJECT]).assert_code(0);
    let run = project.foro(&["check", PROJECT, "--strict"]);
    run.assert_code(1);
    let warnings = run.warning_lines();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("`keynote` overlaps `opening` in the same room")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: --strict: warnings count as errors"),
        "{}",
        run.stderr
    );
}

/// Languages are BCP 47 tags checked when forum.yaml is loaded: a code
/// that is none, a variant of another language or one that is no tag is an
/// error at its line and column.
#[test]
fn a_bad_language_code_or_variant_is_an_error_at_its_line_and_column() {
    let project = Project::from_fixture("validation/valid");
    let forum = std::fs::read_to_string(project.dir().join("forum.yaml")).unwrap();
    project.write(
        "forum.yaml",
        forum.replace("languages: [en, es]", "languages: [en, Spanish]"),
    );
    let run = expect_errors_in(
        &project,
        &[("forum.yaml:2:17", "`Spanish` is not a language code")],
    );
    assert!(hint_after(&run, "forum.yaml:2:17").contains("BCP 47"));

    project.write(
        "forum.yaml",
        format!("{forum}variants:\n  es: pe-ES\n  en: en_GB\n  pt: pt-BR\n"),
    );
    expect_errors_in(
        &project,
        &[
            ("forum.yaml:8:7", "`pe-ES` is not a variant of `es`"),
            ("forum.yaml:9:7", "`en_GB` is not a language tag"),
            (
                "forum.yaml:10:7",
                "`pt` is not one of the forum's languages",
            ),
        ],
    );
}
