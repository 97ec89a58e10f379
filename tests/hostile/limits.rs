//! Limits: a huge presentation file, a huge Markdown file, bytes that are
//! not UTF-8, and a YAML alias bomb.

use std::fmt::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::base;
use crate::support::{PROJECT, Project, Run};

/// Runs `foro` with `args` in the project's folder, killing it after
/// `limit`; panics if it had to be killed.
pub(super) fn foro_within(p: &Project, args: &[&str], limit: Duration) -> (Run, Duration) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_foro"))
        .args(args)
        .current_dir(p.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read the pipes on threads so that a chatty child never blocks.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut out, &mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut s);
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("foro {args:?} ran for more than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    (run, started.elapsed())
}

#[test]
fn invalid_utf8_is_an_error_naming_the_file_and_byte_offset() {
    let p = base();
    // Line 5, column 11: "Biography " then a Latin-1 `é` (0xE9).
    let mut bio = b"---\nname: \"Ana\"\nphoto: images/ana.svg\n---\nBiography ".to_vec();
    let offset = bio.len();
    bio.extend_from_slice(b"caf\xe9 and more.\n");
    p.write("speakers/ana.md", &bio);
    // A YAML file saved as UTF-16: not UTF-8 from its first byte.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("days: []\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    p.write("agenda.yaml", utf16);
    let run = p.build();
    run.assert_code(1);
    let errors = run.error_lines();
    let expected = [
        format!(
            "error: forum/speakers/ana.md:5:14: the file is not valid UTF-8 text (byte offset {})",
            offset + 3
        ),
        "error: forum/agenda.yaml:1:1: the file is not valid UTF-8 text (byte offset 0)".into(),
    ];
    for e in &expected {
        assert!(
            errors.contains(&e.as_str()),
            "missing `{e}` in:\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    // "Billion laughs": nine levels of nine aliases, 9^9 strings if expanded.
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        let refs = vec![format!("*{prev}"); 9].join(",");
        let _ = writeln!(bomb, "{name}: &{name} [{refs}]");
    }
    for file in [
        "forum.yaml",
        "agenda.yaml",
        "presentations.yaml",
        "participation.yaml",
    ] {
        let p = base();
        let text = if file == "forum.yaml" {
            let forum = std::fs::read_to_string(p.dir().join("forum.yaml")).unwrap();
            format!("{forum}{}", bomb.replace("a: &a", "x_a: &a"))
        } else {
            bomb.clone()
        };
        p.write(file, text);
        let (run, took) = foro_within(
            &p,
            &["build", PROJECT, "--out", "out"],
            Duration::from_secs(20),
        );
        run.assert_code(1);
        assert!(!run.error_lines().is_empty(), "{file}: {}", run.stderr);
        assert!(took < Duration::from_secs(10), "{file}: took {took:?}");
    }
    // The same in a speaker's front matter.
    let p = base();
    p.write(
        "speakers/ana.md",
        format!(
            "---\nname: \"Ana\"\n{}---\nBio.\n",
            bomb.replace("a: &a", "x: &a")
        ),
    );
    let (run, took) = foro_within(
        &p,
        &["build", PROJECT, "--out", "out"],
        Duration::from_secs(20),
    );
    run.assert_code(1);
    assert!(
        took < Duration::from_secs(10),
        "front matter: took {took:?}"
    );
}

#[test]
fn deeply_nested_yaml_is_refused_quickly() {
    let p = base();
    let depth = 100_000;
    p.write(
        "agenda.yaml",
        format!("days: {}{}\n", "[".repeat(depth), "]".repeat(depth)),
    );
    p.write(
        "presentations.yaml",
        format!("{}{}\n", "{a: ".repeat(depth), "}".repeat(depth)),
    );
    let (run, took) = foro_within(
        &p,
        &["build", PROJECT, "--out", "out"],
        Duration::from_secs(30),
    );
    run.assert_code(1);
    assert!(took < Duration::from_secs(15), "took {took:?}");
}

/// About 5 MB of ordinary report Markdown: headings (many with the same
/// text), paragraphs with links and emphasis, lists, tables, footnotes and
/// code.
fn big_markdown() -> String {
    let mut md = String::from("---\ntitle: \"Big report\"\n---\n");
    let mut i = 0;
    while md.len() < 5 * 1024 * 1024 {
        i += 1;
        let _ = write!(
            md,
            "## Findings\n\n### Section {i}\n\nParagraph {i} with *emphasis*, **strong text**, `code`, a [link to Ana](../speakers/ana.md) and a note[^n{i}].\nIt goes on for a while to look like prose written by people, with accents: información, económica, políticas.\n\n- item one of {i}\n- item two with [a web link](https://example.org/{i})\n\n| economy | women | men |\n| --- | ---: | ---: |\n| Peru | {i} | 2 |\n\n[^n{i}]: The note number {i}.\n\n"
        );
        if i % 50 == 0 {
            md.push_str("```rust\nfn main() {\n    println!(\"hello\");\n}\n```\n\n");
        }
    }
    md
}

#[test]
fn a_5_mb_markdown_file_renders() {
    let p = base();
    let md = big_markdown();
    p.write("report/conclusions.md", &md);
    let (run, took) = foro_within(
        &p,
        &["build", PROJECT, "--out", "out", "--target", "web"],
        Duration::from_secs(300),
    );
    run.assert_code(0);
    eprintln!("5 MB of Markdown built in {took:?}");
    let html = std::fs::read_to_string(p.site().path("en/report/conclusions/index.html")).unwrap();
    assert!(
        html.len() > md.len(),
        "the report page is only {} bytes",
        html.len()
    );
    let last = md.matches("### Section ").count();
    assert!(html.contains(&format!("Paragraph {last} with")));
    // Repeated headings get unique ids.
    assert!(html.contains("id=\"findings-1000\""));
}

/// Peak memory (KiB) of `foro build` on the project, from `/usr/bin/time -v`.
fn peak_rss_kib(p: &Project, args: &[&str]) -> u64 {
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(env!("CARGO_BIN_EXE_foro"))
        .args(args)
        .current_dir(p.root())
        .output()
        .expect("running /usr/bin/time (apt-get install time)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no maximum resident set size in:\n{stderr}"))
}

#[test]
#[ignore = "needs GNU time"]
fn a_200_mb_presentation_file_is_copied_streaming() {
    let args = ["build", PROJECT, "--out", "out", "--zip"];
    let small = base();
    let baseline = peak_rss_kib(&small, &args);

    let big = base();
    let size: u64 = 200 * 1024 * 1024;
    {
        // Not sparse: real blocks, so that every copy really moves 200 MB.
        use std::io::Write;
        let mut f = std::fs::File::create(big.dir().join("files/slides.pdf")).unwrap();
        let block: Vec<u8> = (0..1024 * 1024u32)
            .map(|i| u8::try_from(i % 251).unwrap())
            .collect();
        for _ in 0..200 {
            f.write_all(&block).unwrap();
        }
    }
    let peak = peak_rss_kib(&big, &args);
    eprintln!(
        "peak RSS of foro build --zip: {} MiB with a 200 MB file, {} MiB without",
        peak / 1024,
        baseline / 1024
    );
    for copy in ["out/site/files/slides.pdf", "out/usb/files/slides.pdf"] {
        let len = std::fs::metadata(big.root().join(copy)).unwrap().len();
        assert_eq!(len, size, "{copy}");
    }
    assert!(
        peak < baseline + 100 * 1024,
        "peak RSS {} MiB, baseline {} MiB: the file is held in memory",
        peak / 1024,
        baseline / 1024
    );
}

#[test]
fn a_forum_lasting_centuries_is_refused() {
    // Found by fuzzing (load_project): `start: 1008-09-21` made the schedule
    // exports list 368 000 days, 100 s and 1 GB for one build.
    let p = base();
    let forum = std::fs::read_to_string(p.dir().join("forum.yaml")).unwrap();
    let forum = forum.replace("start: 2017-09-21", "start: 1008-09-21");
    let line = forum.lines().position(|l| l.starts_with("dates:")).unwrap() + 1;
    let col = forum
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("2017-09-22")
        .unwrap()
        + 1;
    p.write("forum.yaml", forum);
    let (run, took) = foro_within(
        &p,
        &["build", PROJECT, "--out", "out"],
        Duration::from_secs(20),
    );
    run.assert_code(1);
    let expected = format!(
        "error: forum/forum.yaml:{line}:{col}: the forum lasts from 1008-09-21 to 2017-09-22, more than 366 days"
    );
    assert!(
        run.error_lines().contains(&expected.as_str()),
        "{}",
        run.stderr
    );
    assert!(took < Duration::from_secs(10));
}
