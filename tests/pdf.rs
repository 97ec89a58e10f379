//! The handout and report PDFs of `foro build`, read with poppler's tools
//! (pdfinfo, pdftotext, pdffonts, pdftohtml, pdftoppm) and zbarimg as a
//! print shop or a publications office would check them. The fixture
//! `pdf/scripts` has Vietnamese, Chinese, Japanese and Russian
//! speakers and a draft report.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::Project;

mod layout;
mod links;
mod watch;

const HANDOUT_EN: &str = "en/handout/scripts-forum-2018-handout-en.pdf";
const HANDOUT_ES: &str = "es/handout/scripts-forum-2018-handout-es.pdf";
const REPORT_EN: &str = "en/report/summary/scripts-forum-2018-summary-en.pdf";
const REPORT_ES: &str = "es/report/summary/scripts-forum-2018-summary-es.pdf";

fn built(args: &[&str]) -> (Project, PathBuf) {
    let p = Project::from_fixture("pdf/scripts");
    let mut all = vec!["build", "forum", "--out", "out"];
    all.extend_from_slice(args);
    let run = p.foro(&all);
    run.assert_code(0);
    assert!(
        run.warning_lines().is_empty(),
        "unexpected warnings: {}",
        run.stderr
    );
    let site = p.root().join("out/site");
    (p, site)
}

fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| panic!("running {name} (poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn text(pdf: &Path, page: Option<usize>) -> String {
    let mut args = vec!["-enc".to_string(), "UTF-8".to_string()];
    if let Some(n) = page {
        args.extend(["-f".into(), n.to_string(), "-l".into(), n.to_string()]);
    }
    let out = Command::new("pdftotext")
        .args(&args)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("running pdftotext (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn info(pdf: &Path, key: &str) -> String {
    tool("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .unwrap_or_else(|| panic!("pdfinfo shows no {key}"))
        .trim()
        .to_string()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_handout_too_long_to_print_is_a_warning_and_the_reports_are_still_written() {
    // 300 speakers of 6 KB: a handout source over the 1.5 MB cap, which
    // the writer stops adding to once it is over.
    let p = Project::from_fixture("pdf/scripts");
    let bio = "Works on supplier development for small firms. ".repeat(120);
    for i in 0..300 {
        p.write(
            &format!("speakers/extra-{i:03}.md"),
            format!("---\nname: \"Speaker {i:03}\"\n---\n{bio}\n"),
        );
    }
    let run = p.foro(&["build", "forum", "--out", "out"]);
    run.assert_code(0);
    let warnings = run.warning_lines();
    assert!(
        warnings.iter().any(|w| w.contains(
            "scripts-forum-2018-handout-en.pdf is not written: its text is over 1500 KB"
        )),
        "{}",
        run.stderr
    );
    let site = p.root().join("out/site");
    assert!(!site.join(HANDOUT_EN).exists());
    assert!(site.join(REPORT_EN).is_file(), "the reports are laid out");
}

#[test]
fn both_languages_get_a_handout_and_report_pdfs_in_the_site_and_the_bundle() {
    let (p, site) = built(&[]);
    let usb = p.root().join("out/usb");
    for rel in [HANDOUT_EN, HANDOUT_ES, REPORT_EN, REPORT_ES] {
        let bytes = std::fs::read(site.join(rel)).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{rel} is not a PDF");
        assert_eq!(std::fs::read(usb.join(rel)).unwrap(), bytes, "{rel}");
    }
    let manifest = std::fs::read_to_string(usb.join("MANIFEST.sha256")).unwrap();
    assert!(manifest.contains(HANDOUT_ES), "{manifest}");
    assert!(manifest.contains(REPORT_EN));
    // Each page links the PDF beside it, with its size, in its language.
    let report = std::fs::read_to_string(site.join("en/report/summary/index.html")).unwrap();
    assert!(
        report.contains("href=\"scripts-forum-2018-summary-en.pdf\""),
        "{report}"
    );
    assert!(report.contains(">Download the PDF, "));
    let handout = std::fs::read_to_string(site.join("es/handout/index.html")).unwrap();
    assert!(handout.contains("href=\"scripts-forum-2018-handout-es.pdf\""));
    assert!(handout.contains(">Descargar el PDF, "));
}

#[test]
fn two_builds_give_identical_pdfs() {
    let (_p1, a) = built(&[]);
    let (_p2, b) = built(&[]);
    for rel in [HANDOUT_EN, HANDOUT_ES, REPORT_EN, REPORT_ES] {
        assert!(
            std::fs::read(a.join(rel)).unwrap() == std::fs::read(b.join(rel)).unwrap(),
            "{rel} differs between two builds"
        );
    }
}

#[test]
fn no_pdf_skips_them() {
    let (_p, site) = built(&["--no-pdf"]);
    assert!(!site.join(HANDOUT_EN).exists());
    assert!(!site.join(REPORT_EN).exists());
    let report = std::fs::read_to_string(site.join("en/report/summary/index.html")).unwrap();
    assert!(!report.contains("pdf-download"));
}

#[test]
fn a_glyph_no_font_has_is_a_warning_naming_the_text_and_its_file() {
    let p = Project::from_fixture("pdf/scripts");
    p.write(
        "speakers/scribe.md",
        "---\nname: \"Scribe 𓀀\"\n---\nA scribe.\n",
    );
    let run = p.foro(&["build", "forum", "--out", "out", "--target", "web"]);
    run.assert_code(0);
    let warnings = run.warning_lines();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("forum/speakers/scribe.md") || w.contains("speakers/scribe.md")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Scribe 𓀀"), "{}", run.stderr);
    assert!(run.stderr.contains("U+13000"), "{}", run.stderr);
}

#[test]
fn bad_paper_handout_order_and_status_are_errors_with_their_position() {
    let p = Project::from_fixture("pdf/scripts");
    let forum = std::fs::read_to_string(p.dir().join("forum.yaml")).unwrap();
    p.write(
        "forum.yaml",
        format!("{forum}paper: a3\nhandout: [agenda, slides]\n"),
    );
    let summary = std::fs::read_to_string(p.dir().join("report/summary.md")).unwrap();
    p.write(
        "report/summary.md",
        summary.replace("status: draft", "status: published"),
    );
    let run = p.foro(&["build", "forum", "--out", "out"]);
    run.assert_code(1);
    let errors = run.error_lines().join("\n");
    let lines = forum.lines().count();
    assert!(
        errors.contains(&format!(
            "forum/forum.yaml:{}:8: `a3` is not a paper size",
            lines + 1
        )),
        "{errors}"
    );
    assert!(
        errors.contains(&format!(
            "forum/forum.yaml:{}:19: `slides` is not a part of the handout",
            lines + 2
        )),
        "{errors}"
    );
    assert!(
        errors.contains("forum/report/summary.md:5:9: `published` is not a status"),
        "{errors}"
    );
}

#[test]
#[ignore = "needs poppler"]
fn page_sizes_a4_by_default_letter_from_forum_yaml_or_the_command_line() {
    let (_p, site) = built(&[]);
    assert!(info(&site.join(HANDOUT_EN), "Page size").contains("(A4)"));
    assert!(info(&site.join(REPORT_ES), "Page size").contains("(A4)"));
    let (_p, site) = built(&["--paper", "letter"]);
    assert!(
        info(&site.join(HANDOUT_EN), "Page size").starts_with("612 x 792"),
        "{}",
        info(&site.join(HANDOUT_EN), "Page size")
    );
    let p = Project::from_fixture("pdf/scripts");
    let forum = std::fs::read_to_string(p.dir().join("forum.yaml")).unwrap();
    p.write("forum.yaml", format!("{forum}paper: letter\n"));
    p.foro(&["build", "forum", "--out", "out", "--target", "web"])
        .assert_code(0);
    let letter = info(&p.root().join("out/site").join(REPORT_EN), "Page size");
    assert!(letter.starts_with("612 x 792"), "{letter}");
}

#[test]
#[ignore = "needs poppler"]
fn a_bleed_adds_to_the_page_and_prints_crop_marks() {
    let p = Project::from_fixture("pdf/scripts");
    let forum = std::fs::read_to_string(p.dir().join("forum.yaml")).unwrap();
    p.write("forum.yaml", format!("{forum}print: {{bleed_mm: 3}}\n"));
    p.foro(&["build", "forum", "--out", "out", "--target", "web"])
        .assert_code(0);
    // A4 plus 3 mm of bleed and 10 mm for the crop marks on each side.
    let size = info(&p.root().join("out/site").join(HANDOUT_EN), "Page size");
    let w: f64 = size.split_whitespace().next().unwrap().parse().unwrap();
    let expected = (210.0 + 26.0) / 25.4 * 72.0;
    assert!((w - expected).abs() < 1.0, "{size}");
}

#[test]
#[ignore = "needs poppler"]
fn every_font_is_embedded_and_the_pdfs_are_tagged() {
    let (_p, site) = built(&[]);
    for rel in [HANDOUT_EN, HANDOUT_ES, REPORT_EN, REPORT_ES] {
        let pdf = site.join(rel);
        let fonts = tool("pdffonts", &[], &pdf);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{rel}: no fonts");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type... emb sub uni object ID: `emb` is the 5th from the end.
            assert_eq!(cols[cols.len() - 5], "yes", "{rel}: not embedded: {row}");
        }
        assert_eq!(info(&pdf, "Tagged"), "yes", "{rel}");
    }
}

#[test]
#[ignore = "needs poppler"]
fn every_script_prints() {
    let (_p, site) = built(&[]);
    for rel in [HANDOUT_EN, HANDOUT_ES] {
        let all = collapse(&text(&site.join(rel), None));
        for name in [
            "Nguyễn Thị Minh Khai",
            "李明华",
            "佐藤 花子",
            "김민준",
            "Ирина Иванова",
            "Trung tâm Hội nghị Quốc gia",
        ] {
            assert!(all.contains(name), "{rel}: no {name}");
        }
    }
    let fonts = tool("pdffonts", &[], &site.join(HANDOUT_EN));
    assert!(fonts.contains("DroidSansFallback"), "{fonts}");
    assert!(fonts.contains("NanumSquare"), "{fonts}");
}

/// `(title, page)` of each line of the contents page (`Title . . . 3`).
fn contents(pdf: &Path, page: usize) -> Vec<(String, usize)> {
    let text = text(pdf, Some(page));
    text.lines()
        .filter(|l| l.contains(". ."))
        .filter_map(|l| {
            let l = l.replace('\u{2060}', "");
            let (title, n) = l.trim().rsplit_once(' ')?;
            let n: usize = n.parse().ok()?;
            let title = title.trim_end_matches([' ', '.']).trim();
            (!title.is_empty()).then(|| (title.to_string(), n))
        })
        .collect()
}

#[test]
#[ignore = "needs poppler"]
fn the_contents_page_numbers_are_the_pages_of_the_headings() {
    let (_p, site) = built(&[]);
    for (rel, expected) in [
        (
            HANDOUT_EN,
            vec![
                "Agenda at a glance",
                "Agenda",
                "Speakers",
                "Presentations",
                "Summary of the forum",
            ],
        ),
        (REPORT_EN, vec!["1 Findings", "1.1 Details", "2 Next steps"]),
    ] {
        let pdf = site.join(rel);
        let entries = contents(&pdf, 2);
        let titles: Vec<&str> = entries.iter().map(|(t, _)| t.as_str()).collect();
        for e in &expected {
            assert!(
                titles.contains(e),
                "{rel}: no {e} in the contents: {titles:?}"
            );
        }
        for (title, page) in &entries {
            let on_page = collapse(&text(&pdf, Some(*page)));
            assert!(
                on_page.contains(title.as_str()),
                "{rel}: `{title}` is not on page {page}:\n{on_page}"
            );
        }
        // The outline (bookmarks) lists the same sections.
        let xml = tool("pdftohtml", &["-xml", "-stdout", "-i", "-q"], &pdf);
        let outline = xml.split_once("<outline>").map_or("", |(_, o)| o);
        for e in &expected {
            assert!(
                outline.contains(e),
                "{rel}: no {e} in the outline:\n{outline}"
            );
        }
    }
}

#[test]
#[ignore = "needs poppler"]
fn the_footer_counts_pages_in_the_readers_language() {
    let (_p, site) = built(&[]);
    let pages: usize = info(&site.join(HANDOUT_ES), "Pages").parse().unwrap();
    let second = collapse(&text(&site.join(HANDOUT_ES), Some(2)));
    assert!(second.contains(&format!("Página 2 de {pages}")), "{second}");
    let first = collapse(&text(&site.join(HANDOUT_EN), Some(2)));
    assert!(first.contains("Page 2 of "), "{first}");
}

#[test]
#[ignore = "needs poppler"]
fn a_draft_report_says_so_on_every_page_with_its_publication_details() {
    let (_p, site) = built(&[]);
    let pdf = site.join(REPORT_EN);
    let pages: usize = info(&pdf, "Pages").parse().unwrap();
    for n in 1..=pages {
        assert!(
            text(&pdf, Some(n)).contains("DRAFT"),
            "page {n} does not say DRAFT"
        );
    }
    let title = collapse(&text(&pdf, Some(1)));
    for part in [
        "Summary of the forum",
        "APEC project SME 01 2018",
        "Version 1.0",
        "1 December 2018",
        "Draft",
    ] {
        assert!(title.contains(part), "no {part} on the title page: {title}");
    }
    assert_eq!(info(&pdf, "Title"), "Summary of the forum");
    assert_eq!(info(&pdf, "Author"), "Ministry of Planning and Investment");
    assert!(info(&pdf, "Keywords").contains("SME 01 2018"));
    let es = collapse(&text(&site.join(REPORT_ES), Some(1)));
    assert!(
        es.contains("Borrador") && es.contains("Versión 1.0"),
        "{es}"
    );
    // The footnote is at the foot of its page, not at the end.
    let findings = (1..=pages)
        .map(|n| text(&pdf, Some(n)))
        .find(|t| t.contains("Findings") && t.contains("existing firms"))
        .expect("the page of Findings");
    assert!(findings.contains("As the panel said."), "{findings}");
    // Typst's own characters in the Markdown print as written.
    assert!(
        collapse(&findings).contains("# $ * _ @ < \\ ` stays"),
        "{findings}"
    );
}

#[test]
#[ignore = "needs zbarimg"]
fn the_cover_qr_code_leads_to_the_site_in_that_language() {
    let (p, site) = built(&[]);
    for (rel, lang) in [(HANDOUT_EN, "en"), (HANDOUT_ES, "es")] {
        let png = p.root().join(format!("cover-{lang}"));
        let ok = Command::new("pdftoppm")
            .args(["-f", "1", "-l", "1", "-r", "150", "-png", "-singlefile"])
            .arg(site.join(rel))
            .arg(&png)
            .status()
            .expect("running pdftoppm (poppler-utils)");
        assert!(ok.success());
        let out = Command::new("zbarimg")
            .args(["--quiet", "--raw"])
            .arg(png.with_extension("png"))
            .output()
            .expect("running zbarimg (zbar-tools)");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            format!("https://example.org/scripts/{lang}/")
        );
    }
}

/// The catalog dictionary of a PDF (Typst writes it uncompressed).
fn catalog(pdf: &[u8]) -> String {
    let text = String::from_utf8_lossy(pdf);
    let at = text.find("/Type/Catalog").expect("a catalog");
    text[at..].chars().take(400).collect()
}

#[test]
fn the_pdfs_are_pdf_ua_1_in_the_language_of_their_reader() {
    let p = Project::from_fixture("pdf/scripts");
    // An image without alternative text (a warning) is decorative on paper
    // too: an artifact, so the PDF stays PDF/UA-1.
    p.write(
        "images/mark.svg",
        "<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'><rect width='8' height='8'/></svg>",
    );
    let summary = std::fs::read_to_string(p.dir().join("report/summary.md")).unwrap();
    p.write(
        "report/summary.md",
        format!("{summary}\n![](../images/mark.svg)\n"),
    );
    let run = p.foro(&["build", "forum", "--out", "out", "--target", "web"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("PDF/UA"), "{}", run.stderr);
    let site = p.root().join("out/site");
    for (rel, lang) in [
        (HANDOUT_EN, "en"),
        (HANDOUT_ES, "es"),
        (REPORT_EN, "en"),
        (REPORT_ES, "es"),
    ] {
        let bytes = std::fs::read(site.join(rel)).unwrap();
        let catalog = catalog(&bytes);
        assert!(
            catalog.contains(&format!("/Lang({lang})")),
            "{rel}: {catalog}"
        );
        assert!(
            catalog.contains("/MarkInfo<</Marked true"),
            "{rel}: {catalog}"
        );
        let xmp = String::from_utf8_lossy(&bytes);
        assert!(
            xmp.contains("<pdfuaid:part>1</pdfuaid:part>"),
            "{rel} does not claim PDF/UA-1"
        );
        assert!(
            xmp.contains(&format!("<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li>")),
            "{rel}"
        );
    }
}

#[test]
#[ignore = "needs poppler"]
fn pdfinfo_reads_the_pdf_ua_1_claim_and_the_language() {
    let (_p, site) = built(&[]);
    for (rel, lang) in [(HANDOUT_ES, "es"), (REPORT_EN, "en")] {
        let meta = tool("pdfinfo", &["-meta"], &site.join(rel));
        assert!(
            meta.contains("<pdfuaid:part>1</pdfuaid:part>"),
            "{rel}: {meta}"
        );
        assert!(
            meta.contains(&format!("<rdf:li>{lang}</rdf:li>")),
            "{rel}: {meta}"
        );
    }
}

#[test]
#[ignore = "needs poppler"]
fn a_final_report_prints_who_approved_it_and_its_change_log_in_the_readers_language() {
    let p = Project::from_fixture("pdf/scripts");
    for (rel, who, note) in [
        (
            "report/summary.md",
            "the APEC Secretariat",
            "First draft, circulated to the speakers.",
        ),
        (
            "report/summary.es.md",
            "la Secretaría de APEC",
            "Primer borrador, enviado a los ponentes.",
        ),
    ] {
        let text = std::fs::read_to_string(p.dir().join(rel)).unwrap();
        p.write(
            rel,
            text.replace(
                "status: draft",
                &format!(
                    "status: final\napproved_by: \"{who}\"\nchanges:\n  - version: \"0.9\"\n    date: 2018-11-20\n    note: \"{note}\"\n  - version: \"1.0\"\n    date: 2018-12-01\n    note: \"Final #1 $x$ *y*\"\n"
                ),
            ),
        );
    }
    p.foro(&["build", "forum", "--out", "out", "--target", "web"])
        .assert_code(0);
    let site = p.root().join("out/site");
    for (rel, approved, versions, row) in [
        (
            REPORT_EN,
            "Approved by the APEC Secretariat",
            "Versions",
            "0.9 20 November 2018 First draft, circulated to the speakers.",
        ),
        (
            REPORT_ES,
            "Aprobado por la Secretaría de APEC",
            "Versiones",
            "0.9 20 de noviembre de 2018 Primer borrador, enviado a los ponentes.",
        ),
    ] {
        let pdf = site.join(rel);
        let title = collapse(&text(&pdf, Some(1)));
        assert!(title.contains(approved), "{rel}: {title}");
        assert!(!title.contains("DRAFT") && !title.contains("BORRADOR"));
        // The change log closes the report, as on the report page.
        let pages: usize = info(&pdf, "Pages").parse().unwrap();
        let last = collapse(&text(&pdf, Some(pages)));
        let log = last
            .split_once(versions)
            .unwrap_or_else(|| panic!("{rel}: no {versions} on the last page: {last}"))
            .1;
        assert!(log.contains(row), "{rel}: {log}");
        // Typst's own characters in a note print as written.
        assert!(
            log.contains("1.0 ") && log.contains("Final #1 $x$ *y*"),
            "{rel}: {log}"
        );
    }
}
