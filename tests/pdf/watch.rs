//! `foro watch --pdf`: the preview serves the handout and report PDFs
//! beside their pages, laid out again on each rebuild; without `--pdf` it
//! serves none (and no page links one).

use std::time::Duration;

use super::{HANDOUT_EN, REPORT_EN, REPORT_ES};
use crate::support::{Project, raw_get, watch_with};

/// A raw GET: (status, headers, body).
fn get(addr: &str, path: &str) -> (u16, String, Vec<u8>) {
    raw_get(addr, &format!("/{path}"), Duration::from_secs(30))
}

#[test]
fn watch_with_pdf_serves_the_pdfs_and_links_them() {
    let p = Project::from_fixture("pdf/scripts");
    let w = watch_with(&p.dir(), &["--pdf"]);
    for rel in [HANDOUT_EN, REPORT_ES] {
        let (status, head, body) = get(&w.addr, rel);
        assert_eq!(status, 200, "{rel}: {head}");
        assert!(head.contains("application/pdf"), "{head}");
        assert!(body.starts_with(b"%PDF-"), "{rel}");
    }
    let (_, _, page) = get(&w.addr, "en/report/summary/");
    let page = String::from_utf8_lossy(&page);
    assert!(
        page.contains("href=\"scripts-forum-2018-summary-en.pdf\""),
        "{page}"
    );
    // The same PDF as `foro build` writes.
    p.foro(&["build", "forum", "--out", "out", "--target", "web"])
        .assert_code(0);
    let (_, _, served) = get(&w.addr, HANDOUT_EN);
    assert!(served == std::fs::read(p.root().join("out/site").join(HANDOUT_EN)).unwrap());
    // An edit lays the PDFs out again.
    let report = std::fs::read_to_string(p.dir().join("report/summary.md")).unwrap();
    p.write(
        "report/summary.md",
        report.replace("Summary of the forum", "Summary, revised"),
    );
    let start = std::time::Instant::now();
    loop {
        let (_, _, now) = get(&w.addr, REPORT_EN);
        if now.starts_with(b"%PDF-") && String::from_utf8_lossy(&now).contains("Summary, revised") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the served PDF never changed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn watch_without_pdf_serves_none() {
    let p = Project::from_fixture("pdf/scripts");
    let w = watch_with(&p.dir(), &[]);
    let (status, _, _) = get(&w.addr, HANDOUT_EN);
    assert_eq!(status, 404);
    let (status, _, page) = get(&w.addr, "en/report/summary/");
    assert_eq!(status, 200);
    assert!(!String::from_utf8_lossy(&page).contains("pdf-download"));
}
