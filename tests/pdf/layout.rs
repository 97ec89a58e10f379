//! The handout's page breaks as a print shop checks them, read page by page
//! with `pdftotext -layout`: no heading alone at the foot of a page, no
//! session or biography split across pages, no single line of a paragraph
//! alone at the top or the foot of a page, web addresses wrapped only after
//! `/` or `.`, footnotes at the foot of the page that calls them. The forum
//! is made long enough to break pages everywhere: 24 sessions, 20
//! biographies and a 30-section page, of lengths that vary.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use super::{HANDOUT_EN, info};
use crate::support::Project;

const URL: &str = "https://www.produce.gob.pe/documentos/publicaciones/2017/foro-apec-clusters/informe-final-de-resultados-del-foro-de-clusters-2017.pdf";

/// `n` words, the same for the same `seed`.
fn words(n: usize, seed: u64) -> String {
    const WORDS: [&str; 14] = [
        "cluster",
        "firm",
        "supplier",
        "network",
        "policy",
        "region",
        "export",
        "market",
        "value",
        "chain",
        "training",
        "credit",
        "innovation",
        "university",
    ];
    let mut x = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            WORDS[usize::try_from(x >> 33).unwrap() % WORDS.len()]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn long_forum() -> Project {
    let p = Project::from_fixture("pdf/scripts");
    let mut sessions = String::new();
    for i in 1..=24_usize {
        let (h, m) = (8 + i / 3, (i % 3) * 20);
        let _ = write!(
            sessions,
            "      - id: s{i}\n        start: \"{h:02}:{m:02}\"\n        end: \"{h:02}:{:02}\"\n        kind: talk\n        title: \"Session {i} title\"\n        room: \"Room {}\"\n        description: \"{} endsession{i}.\"\n",
            m + 15,
            i % 3,
            words(40 + (i * 37) % 80, i as u64)
        );
    }
    let agenda = std::fs::read_to_string(p.dir().join("agenda.yaml")).unwrap();
    p.write(
        "agenda.yaml",
        agenda.replacen("    sessions:\n", &format!("    sessions:\n{sessions}"), 1),
    );
    for i in 1..=20_usize {
        let n = 60 + (i * 53) % 160;
        p.write(
            &format!("speakers/person-{i:02}.md"),
            format!(
                "---\nname: \"Person {i:02}\"\norganization: \"Org {i}\"\n---\nbeginbio{i} {}\n\n{} endbio{i}.\n",
                words(n, 100 + i as u64),
                words(n / 2, 200 + i as u64)
            ),
        );
    }
    let mut page = String::from("---\ntitle: \"Long page\"\nhandout: true\n---\n");
    for i in 1..=30_usize {
        let _ = write!(page, "## Section {i}\n\n");
        for j in 0..=(i % 3) {
            let k = format!("{i}x{j}");
            let note = (i * 3 + j) % 4 == 0;
            let _ = write!(
                page,
                "para{k} {}{} endpara{k}.\n\n",
                words(30 + (i * 17 + j * 29) % 120, (300 + i * 10 + j) as u64),
                if note {
                    format!("[^n{k}]")
                } else {
                    String::new()
                }
            );
            if note {
                let _ = write!(page, "[^n{k}]: Footnote {k} text.\n\n");
            }
        }
        if i == 7 {
            let _ = write!(page, "See {URL} now.\n\n");
        }
    }
    p.write("pages/long.md", page);
    p
}

/// A page's lines as laid out: the body only, without the running
/// header, the footer and the footnotes; and the footnotes apart.
struct Page {
    body: Vec<String>,
    notes: Vec<String>,
    /// Every line in order, as `pdftotext -layout` gives it.
    all: Vec<String>,
}

fn page(pdf: &Path, n: usize) -> Page {
    let out = Command::new("pdftotext")
        .args([
            "-layout",
            "-enc",
            "UTF-8",
            "-f",
            &n.to_string(),
            "-l",
            &n.to_string(),
        ])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("running pdftotext (poppler-utils)");
    let all: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty() && l != "\u{c}")
        .collect();
    let mut body = Vec::new();
    let mut notes = Vec::new();
    for (i, l) in all.iter().enumerate() {
        if (i == 0 && n > 1 && l.starts_with("Scripts Forum 2018")) || l.starts_with("Page ") {
            continue;
        }
        if l.contains("Footnote ") {
            notes.push(l.clone());
        } else {
            body.push(l.clone());
        }
    }
    Page { body, notes, all }
}

fn is_heading(line: &str) -> bool {
    let section = line
        .strip_prefix("Section ")
        .is_some_and(|n| n.parse::<usize>().is_ok());
    section
        || ["Agenda", "Speakers", "Presentations", "Long page"].contains(&line)
        || line.ends_with(" November 2018")
}

#[test]
#[ignore = "needs poppler"]
fn page_breaks_keep_headings_sessions_biographies_lines_addresses_and_footnotes_together() {
    let p = long_forum();
    let run = p.foro(&["build", "forum", "--out", "out", "--target", "web"]);
    run.assert_code(0);
    let pdf = p.root().join("out/site").join(HANDOUT_EN);
    let count: usize = info(&pdf, "Pages").parse().unwrap();
    assert!(count > 20, "the forum must break pages: {count} pages");
    let pages: Vec<Page> = (1..=count).map(|n| page(&pdf, n)).collect();
    // The first page (after the contents) where a line holds `needle`.
    let find = |needle: &str| -> usize {
        (3..=count)
            .find(|&n| pages[n - 1].body.iter().any(|l| l.contains(needle)))
            .unwrap_or_else(|| panic!("`{needle}` is on no page"))
    };

    // No heading is the last line of a page: it is kept with what follows.
    for (i, pg) in pages.iter().enumerate().skip(2) {
        if let Some(last) = pg.body.last() {
            assert!(
                !is_heading(last),
                "page {} ends with the heading `{last}`",
                i + 1
            );
        }
    }

    // A session, or a biography, is on one page (each fits on one).
    for i in 1..=24 {
        let end = find(&format!("endsession{i}."));
        assert!(
            pages[end - 1]
                .body
                .iter()
                .any(|l| l == &format!("Session {i} title")),
            "session {i} is split: it ends on page {end}"
        );
    }
    for i in 1..=20 {
        let end = find(&format!("endbio{i}."));
        let on = &pages[end - 1].body;
        assert!(
            on.iter().any(|l| l.starts_with(&format!("beginbio{i} ")))
                && on.iter().any(|l| l.contains(&format!("Person {i:02}"))),
            "the biography of Person {i:02} is split: it ends on page {end}"
        );
    }

    // A paragraph split across pages leaves at least two lines on each:
    // no orphan at the foot, no widow at the top.
    let mut split = 0;
    for i in 1..=30 {
        for j in 0..=(i % 3) {
            let k = format!("{i}x{j}");
            let (start, end) = (find(&format!("para{k} ")), find(&format!("endpara{k}.")));
            if start == end {
                continue;
            }
            split += 1;
            assert_eq!(end, start + 1, "para{k} spans pages {start} to {end}");
            let first = &pages[start - 1].body;
            let at = first
                .iter()
                .position(|l| l.starts_with(&format!("para{k} ")))
                .unwrap();
            assert!(
                first.len() - at >= 2,
                "para{k}: one line alone at the foot of page {start}"
            );
            let next = &pages[end - 1].body;
            let upto = next
                .iter()
                .position(|l| l.contains(&format!("endpara{k}.")))
                .unwrap();
            assert!(
                upto >= 1,
                "para{k}: one line alone at the top of page {end}"
            );
        }
    }
    assert!(split >= 3, "only {split} paragraphs cross a page: no test");

    // The long address wraps after a `/` or a `.`, its words whole.
    let n = find("https://www.produce.gob.pe/");
    let body = &pages[n - 1].body;
    let at = body
        .iter()
        .position(|l| l.contains("https://www.produce.gob.pe/"))
        .unwrap();
    let head = body[at].rsplit(' ').next().unwrap();
    assert!(
        head.ends_with('/') || head.ends_with('.'),
        "the address breaks after `{head}`"
    );
    let tail = body[at + 1].split(' ').next().unwrap();
    assert_eq!(format!("{head}{tail}"), format!("{URL}"), "{body:#?}");

    // Each footnote is at the foot of the page that calls it.
    let mut notes = 0;
    for (i, pg) in pages.iter().enumerate() {
        for note in &pg.notes {
            notes += 1;
            let k = note
                .split("Footnote ")
                .nth(1)
                .and_then(|r| r.strip_suffix(" text."))
                .unwrap_or_else(|| panic!("{note}"));
            assert!(
                pg.body.iter().any(|l| l.contains(&format!("endpara{k}."))),
                "footnote {k} is on page {} but not its call",
                i + 1
            );
            // Below every line of the body.
            let note_at = pg.all.iter().position(|l| l == note).unwrap();
            let last_body = pg
                .all
                .iter()
                .rposition(|l| pg.body.last() == Some(l))
                .unwrap();
            assert!(
                note_at > last_body,
                "footnote {k} is not at the foot of page {}",
                i + 1
            );
        }
    }
    assert!(notes >= 10, "{notes} footnotes");
}
