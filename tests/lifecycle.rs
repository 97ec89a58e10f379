//! A report's life cycle: `status`, `version`, `date`, `approved_by` and
//! `changes` in its front matter, shown on the report page, the reports
//! list and the handout, in each language.
//!
//! Cases start from `tests/fixtures/schedule/three-days` and add report
//! documents at test time.

use crate::support::{Project, Run};

const DRAFT_EN: &str = "---
title: \"Conclusions\"
version: \"0.3\"
date: 2017-09-15
status: draft
changes:
  - version: \"0.2\"
    date: 2017-09-01
    note: \"First draft.\"
  - version: \"0.3\"
    date: 2017-09-15
    note: \"Comments of the delegations.\"
---
The text.
";

const DRAFT_ES: &str = "---
title: \"Conclusiones\"
version: \"0.3\"
date: 2017-09-15
status: draft
---
El texto.
";

const FINAL_EN: &str = "---
title: \"Annex\"
weight: 20
version: \"1.0\"
date: 2017-10-30
status: final
approved_by: \"the APEC Secretariat\"
---
The annex.
";

fn build(project: &Project) -> Run {
    project.foro(&[
        "build", "forum", "--out", "out", "--target", "web", "--no-pdf",
    ])
}

fn with_reports() -> Project {
    let project = Project::from_fixture("schedule/three-days");
    project.write("report/conclusions.md", DRAFT_EN);
    project.write("report/conclusions.es.md", DRAFT_ES);
    project.write("report/annex.md", FINAL_EN);
    project
}

#[test]
fn a_draft_report_is_marked_on_every_page_that_names_it_in_each_language() {
    let project = with_reports();
    build(&project).assert_code(0);
    let site = project.site();
    for (lang, draft, line) in [
        ("en", "Draft", "Draft, version 0.3, 15 September 2017"),
        (
            "es",
            "Borrador",
            "Borrador, versión 0.3, 15 de septiembre de 2017",
        ),
    ] {
        let page = site.page(&format!("{lang}/report/conclusions/index.html"));
        assert_eq!(page.text("h1 .draft-mark"), draft, "{lang}");
        assert_eq!(page.text(".doc-status"), line, "{lang}");
        let list = site.page(&format!("{lang}/report/index.html"));
        assert_eq!(list.texts(".link-cards .draft-mark"), [draft], "{lang}");
        let handout = site.page(&format!("{lang}/handout/index.html"));
        assert_eq!(
            handout.texts("article.report-doc h2 .draft-mark"),
            [draft],
            "{lang}"
        );
        assert_eq!(handout.texts(".handout-toc .draft-mark"), [draft], "{lang}");
        let home = site.page(&format!("{lang}/index.html"));
        let statuses = home.texts(".report-links .status-line");
        assert!(statuses.iter().any(|s| s == line), "{lang}: {statuses:?}");
    }
}

#[test]
fn a_final_report_shows_who_approved_it_and_no_draft_mark() {
    let project = with_reports();
    build(&project).assert_code(0);
    let page = project.site().page("en/report/annex/index.html");
    assert_eq!(
        page.text(".doc-status"),
        "Final version 1.0, 30 October 2017, approved by the APEC Secretariat"
    );
    assert!(page.select(".draft-mark").is_empty());
    let home = project.site().page("en/index.html");
    assert!(
        home.texts(".report-links .status-line")
            .iter()
            .any(|s| s == "Final version 1.0, 30 October 2017, approved by the APEC Secretariat"),
        "{:?}",
        home.texts(".report-links .status-line")
    );
}

#[test]
fn the_change_log_lists_each_version_in_the_readers_language() {
    let project = with_reports();
    build(&project).assert_code(0);
    let page = project.site().page("en/report/conclusions/index.html");
    assert_eq!(page.text("#changes-title"), "Versions");
    assert_eq!(
        page.texts(".changes tbody td"),
        [
            "0.2",
            "1 September 2017",
            "First draft.",
            "0.3",
            "15 September 2017",
            "Comments of the delegations."
        ]
    );
    // No `changes`, no table.
    let es = project.site().page("es/report/conclusions/index.html");
    assert!(es.select(".changes").is_empty());
}

#[test]
fn approved_by_on_a_draft_and_a_bad_change_date_are_errors_at_their_lines() {
    let project = Project::from_fixture("schedule/three-days");
    project.write(
        "report/conclusions.md",
        "---\ntitle: \"C\"\nstatus: draft\napproved_by: \"the APEC Secretariat\"\nchanges:\n  - version: \"0.1\"\n    date: 2017-13-01\n    note: \"x\"\n---\nText.\n",
    );
    let run = build(&project);
    run.assert_code(1);
    let errors = run.error_lines();
    assert!(
        errors
            .iter()
            .any(|l| l.starts_with("error: forum/report/conclusions.md:4:")
                && l.contains("approved_by")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|l| l.starts_with("error: forum/report/conclusions.md:7:")
                && l.contains("2017-13-01")),
        "{errors:?}"
    );
}
