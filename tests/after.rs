//! The forum during and after the event: the surveys (home page and
//! handout), the agenda's "now" and "next" marks (in Chromium with a faked
//! clock and a reader in another time zone), recordings and the materials
//! download. The participation targets are tested with the participation
//! report (`schedule/participation.rs`).
//!
//! Most cases start from `tests/fixtures/schedule/three-days` (Lima,
//! 14–16 May 2018, UTC−5) and add what they need at test time.

use serde_json::Value;

use crate::support::{Project, sel};
use crate::usb::tools::node;

const SURVEYS: &str = "surveys:
  opening: \"https://forms.example.org/opening\"
  closing: {en: \"https://forms.example.org/closing-en\", es: \"https://forms.example.org/closing-es\"}
";

/// three-days with both surveys.
fn with_surveys() -> Project {
    let project = Project::from_fixture("schedule/three-days");
    let forum = std::fs::read_to_string(project.dir().join("forum.yaml")).unwrap();
    project.write("forum.yaml", format!("{forum}{SURVEYS}"));
    project
}

#[test]
fn survey_links_are_on_the_home_page_in_each_language_from_their_day() {
    let project = with_surveys();
    project.build().assert_code(0);
    let site = project.site();
    for (lang, opening, closing) in [
        ("en", "Opening survey", "Closing survey"),
        ("es", "Encuesta de apertura", "Encuesta de cierre"),
    ] {
        let page = site.page(&format!("{lang}/index.html"));
        let links: Vec<(String, String)> = page
            .select("#surveys li a")
            .into_iter()
            .map(|a| {
                (
                    crate::support::text_of(a),
                    a.value().attr("href").unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            links,
            [
                (
                    opening.to_string(),
                    "https://forms.example.org/opening".to_string()
                ),
                (
                    closing.to_string(),
                    format!("https://forms.example.org/closing-{lang}")
                ),
            ],
            "{lang}"
        );
        // Shown without JavaScript; foro.js hides each before midnight of
        // its day in Lima (UTC−5): 14 May and 16 May 2018, 05:00 UTC.
        assert!(
            page.select("#surveys[hidden], #surveys li[hidden]")
                .is_empty()
        );
        assert_eq!(
            page.attrs("#surveys li", "data-show-from"),
            ["1526274000000", "1526446800000"]
        );
    }
}

#[test]
fn the_handout_has_a_labelled_qr_code_per_survey() {
    let project = with_surveys();
    project.build().assert_code(0);
    let page = project.site().page("es/handout/index.html");
    let figures = page.select(".cover-surveys figure");
    assert_eq!(figures.len(), 2);
    for (fig, url) in figures.iter().zip([
        "https://forms.example.org/opening",
        "https://forms.example.org/closing-es",
    ]) {
        let svg = fig.select(&sel("svg")).next().expect("a QR code");
        let label = svg.value().attr("aria-labelledby").unwrap();
        let caption = fig.select(&sel("figcaption")).next().unwrap();
        assert_eq!(caption.value().attr("id"), Some(label));
        assert!(crate::support::text_of(caption).contains(url));
    }
    // The site's own QR code keeps its label, and no id is repeated.
    assert!(page.ids().values().all(|n| *n == 1), "{:?}", page.ids());
}

#[test]
fn a_survey_url_that_is_not_http_is_an_error_at_its_line() {
    let project = Project::from_fixture("schedule/three-days");
    let forum = std::fs::read_to_string(project.dir().join("forum.yaml")).unwrap();
    let line = forum.lines().count() + 4;
    project.write(
        "forum.yaml",
        format!("{forum}surveys:\n  closing:\n    en: \"https://forms.example.org/c\"\n    es: \"javascript:alert(1)\"\n"),
    );
    let run = project.build();
    run.assert_code(1);
    let errors = run.error_lines();
    assert!(
        errors.iter().any(
            |l| l.starts_with(&format!("error: forum/forum.yaml:{line}:"))
                && l.contains("javascript:alert(1)")
        ),
        "{errors:?}"
    );
}

/// What foro.js shows on the USB bundle's agenda and home page at `iso`,
/// for a reader in `zone`.
fn shown_at(usb: &std::path::Path, lang: &str, iso: &str, zone: &str) -> Value {
    let ran = node("now.mjs", &[usb.to_str().unwrap(), lang, iso, zone]);
    ran.assert_ok();
    serde_json::from_str(&ran.stdout).unwrap_or_else(|e| panic!("{e}: {}", ran.stdout))
}

#[test]
#[ignore = "needs chromium"]
fn the_agenda_marks_the_session_running_now_and_the_next_in_the_forums_time_zone() {
    let project = with_surveys();
    project
        .foro(&["build", "forum", "--out", "out", "--target", "usb"])
        .assert_code(0);
    let usb = project.root().join("out/usb");
    // Lima is UTC−5; the reader is in Tokyo (UTC+9), where 09:10 in Lima is
    // already 23:10 the same day: a clock read in the reader's zone would
    // mark nothing or the wrong session.
    let cases = [
        // (time in Lima, now, next, opening survey shown, closing shown)
        (
            "2018-05-14T09:10:00-05:00",
            vec!["opening"],
            vec!["keynote"],
            true,
            false,
        ),
        // The evening of day 1: the parallel workshops of day 2 are next.
        (
            "2018-05-14T20:00:00-05:00",
            vec![],
            vec!["workshop-a", "workshop-b"],
            true,
            false,
        ),
        (
            "2018-05-15T09:30:00-05:00",
            vec!["workshop-a", "workshop-b"],
            vec!["networking", "qa"],
            true,
            false,
        ),
        // Two days before and after the forum: no mark; the surveys follow their days.
        ("2018-05-12T09:00:00-05:00", vec![], vec![], false, false),
        ("2018-05-18T09:00:00-05:00", vec![], vec![], true, true),
    ];
    for (iso, now, next, opening, closing) in cases {
        let got = shown_at(&usb, "en", iso, "Asia/Tokyo");
        let ids = |k: &str| {
            let mut v: Vec<String> = got[k]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect();
            v.sort();
            v
        };
        assert_eq!(ids("now"), now, "now at {iso}");
        assert_eq!(ids("next"), next, "next at {iso}");
        assert_eq!(ids("current"), now, "aria-current at {iso}");
        let badges = got["badges"].as_array().unwrap();
        assert_eq!(
            badges.len(),
            now.len() + next.len(),
            "badges at {iso}: {got}"
        );
        assert!(badges.iter().all(|b| b == "Now" || b == "Next"), "{got}");
        // The home page's box says the same.
        assert_eq!(
            got["box"].as_array().unwrap().len(),
            now.len() + next.len(),
            "home box at {iso}: {got}"
        );
        assert_eq!(
            got["surveys"]["opening"], opening,
            "opening survey at {iso}"
        );
        assert_eq!(
            got["surveys"]["closing"], closing,
            "closing survey at {iso}"
        );
    }
    // In Spanish, with a reader in Lima itself.
    let got = shown_at(&usb, "es", "2018-05-14T09:10:00-05:00", "America/Lima");
    assert_eq!(
        got["badges"],
        serde_json::json!(["Ahora", "A continuación"])
    );
}

/// The example forum's sample recording: a 4-second `.webm` video with captions in
/// English and Spanish, and its poster.
const SAMPLE: [&str; 4] = [
    "files/opening-ceremony.webm",
    "files/opening-ceremony.en.vtt",
    "files/opening-ceremony.es.vtt",
    "images/opening-ceremony-poster.svg",
];

/// three-days with the example's sample recording on the opening session
/// and an external recording on its presentation.
fn with_recordings() -> Project {
    let project = Project::from_fixture("schedule/three-days");
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for f in SAMPLE {
        project.write(f, std::fs::read(example.join(f)).unwrap());
    }
    let agenda = std::fs::read_to_string(project.dir().join("agenda.yaml")).unwrap();
    project.write(
        "agenda.yaml",
        agenda.replacen(
            "        speakers: [ana]\n        stream: true\n",
            "        speakers: [ana]\n        stream: true\n        recording:\n          file: files/opening-ceremony.webm\n          captions: {es: files/opening-ceremony.es.vtt, en: files/opening-ceremony.en.vtt}\n          poster: images/opening-ceremony-poster.svg\n",
            1,
        ),
    );
    let presentations = std::fs::read_to_string(project.dir().join("presentations.yaml")).unwrap();
    project.write(
        "presentations.yaml",
        format!("{presentations}  recording: {{url: \"https://video.example.org/clusters\"}}\n"),
    );
    project
}

#[test]
fn a_recording_file_plays_in_a_video_with_a_captions_track_per_language() {
    let project = with_recordings();
    project
        .foro(&["build", "forum", "--out", "out", "--target", "all"])
        .assert_code(0);
    for folder in ["site", "usb"] {
        let root = project.root().join("out").join(folder);
        for lang in ["en", "es"] {
            let rel = format!("{lang}/agenda/index.html");
            let html =
                scraper::Html::parse_document(&std::fs::read_to_string(root.join(&rel)).unwrap());
            let videos: Vec<_> = html.select(&sel("#opening video")).collect();
            assert_eq!(videos.len(), 1, "{folder}/{rel}");
            let video = videos[0].value();
            assert_eq!(video.attr("preload"), Some("none"));
            assert!(video.attr("controls").is_some());
            assert_eq!(
                video.attr("poster"),
                Some("../../images/opening-ceremony-poster.svg")
            );
            let source = html.select(&sel("#opening video source")).next().unwrap();
            assert_eq!(
                source.value().attr("src"),
                Some("../../files/opening-ceremony.webm")
            );
            assert_eq!(source.value().attr("type"), Some("video/webm"));
            let tracks: Vec<(String, String, bool, String)> = html
                .select(&sel("#opening video track"))
                .map(|t| {
                    let a = |k: &str| t.value().attr(k).unwrap_or_default().to_string();
                    assert_eq!(a("kind"), "captions");
                    (
                        a("srclang"),
                        a("src"),
                        t.value().attr("default").is_some(),
                        a("label"),
                    )
                })
                .collect();
            // The USB bundle inlines the captions (a browser loads no track
            // from another file:// URL); the files are there all the same.
            let tracks: Vec<(String, String, bool, String)> = tracks
                .into_iter()
                .map(|(l, src, d, label)| {
                    let file = format!("files/opening-ceremony.{l}.vtt");
                    let src = if folder == "usb" {
                        use base64::Engine as _;
                        let b64 = src
                            .strip_prefix("data:text/vtt;base64,")
                            .unwrap_or_else(|| panic!("{folder}/{rel}: {src}"));
                        let bytes = base64::engine::general_purpose::STANDARD
                            .decode(b64)
                            .unwrap();
                        assert_eq!(bytes, std::fs::read(root.join(&file)).unwrap());
                        format!("../../{file}")
                    } else {
                        src
                    };
                    (l, src, d, label)
                })
                .collect();
            let label = |en: &str, es: &str| if lang == "en" { en } else { es }.to_string();
            assert_eq!(
                tracks,
                [
                    (
                        "en".to_string(),
                        "../../files/opening-ceremony.en.vtt".to_string(),
                        lang == "en",
                        label("English", "Inglés")
                    ),
                    (
                        "es".to_string(),
                        "../../files/opening-ceremony.es.vtt".to_string(),
                        lang == "es",
                        label("Spanish", "Español")
                    ),
                ],
                "{folder}/{rel}: one track per language, the page's on"
            );
            // Every file the player needs is in the output, and the captions parse.
            for (_, src, _, _) in &tracks {
                let path = root.join(src.trim_start_matches("../../"));
                let cues = foro::content::webvtt::parse(&std::fs::read_to_string(&path).unwrap())
                    .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
                assert_eq!(cues.len(), 2);
                assert!(
                    cues.iter().all(|c| c.end_ms <= 4000),
                    "inside the 4 s video"
                );
            }
            assert!(root.join("files/opening-ceremony.webm").is_file());
            // The external recording is a link; nothing is embedded.
            let pres = scraper::Html::parse_document(
                &std::fs::read_to_string(root.join(format!("{lang}/presentations/index.html")))
                    .unwrap(),
            );
            let links: Vec<&str> = pres
                .select(&sel("#clusters .recording a.video-link"))
                .filter_map(|a| a.value().attr("href"))
                .collect();
            assert_eq!(links, ["https://video.example.org/clusters"]);
            assert_eq!(pres.select(&sel("iframe, #clusters video")).count(), 0);
        }
    }
    let manifest = std::fs::read_to_string(project.root().join("out/usb/MANIFEST.sha256")).unwrap();
    for f in SAMPLE {
        assert!(
            manifest.contains(&format!(" {f}\n")) || manifest.contains(&format!("*{f}\n")),
            "{f} not in\n{manifest}"
        );
    }
}

#[test]
fn bad_captions_and_recordings_are_errors_at_their_line_and_column() {
    let project = with_recordings();
    project.write(
        "files/opening-ceremony.es.vtt",
        "WEBVTT\n\n00:00.000 --> 00:02.000\nBien\n\n00:03.000 --> 00:02.500\nmal\n\n00:04.000 --> 00:5.000\nmal\n",
    );
    let agenda = std::fs::read_to_string(project.dir().join("agenda.yaml")).unwrap();
    project.write(
        "agenda.yaml",
        agenda.replacen(
            "{es: files/opening-ceremony.es.vtt, en: files/opening-ceremony.en.vtt}",
            "{es: files/opening-ceremony.es.vtt, en: files/opening-ceremony.en.vtt, fr: files/x.vtt}",
            1,
        ),
    );
    let presentations = std::fs::read_to_string(project.dir().join("presentations.yaml")).unwrap();
    project.write(
        "presentations.yaml",
        presentations.replace(
            "recording: {url: \"https://video.example.org/clusters\"}",
            "recording: {file: files/clusters.pdf}",
        ),
    );
    let run = project.build();
    run.assert_code(1);
    let errors = run.error_lines();
    for want in [
        "error: forum/files/opening-ceremony.es.vtt:6:11: the cue ends (00:00:02.500) before or when it starts (00:00:03.000)",
        "error: forum/files/opening-ceremony.es.vtt:9:15: `00:5.000` is not a cue end time",
        "error: forum/presentations.yaml:7:21: `files/clusters.pdf` is not an MP4 or WebM video",
    ] {
        assert!(errors.contains(&want), "{want}\nnot in {errors:#?}");
    }
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("error: forum/agenda.yaml:")
                && e.contains("`fr` is not one of the forum's languages")),
        "{errors:#?}"
    );
}

#[test]
fn captions_that_run_past_the_end_of_the_video_are_an_error_at_the_cue() {
    let project = with_recordings();
    // The sample video lasts 4 s; the second cue ends at 4.5 s.
    project.write(
        "files/opening-ceremony.en.vtt",
        "WEBVTT\n\n00:00.000 --> 00:02.000\nWelcome\n\n00:02.000 --> 00:04.500\nToo long\n",
    );
    let run = project.build();
    run.assert_code(1);
    assert_eq!(
        run.error_lines(),
        [
            "error: forum/files/opening-ceremony.en.vtt:6:1: the cue ends at 00:00:04.500, after the end of the video (00:00:04.000, files/opening-ceremony.webm)"
        ]
    );
}

#[test]
#[ignore = "needs chromium"]
fn the_recording_plays_from_file_urls_of_the_usb_bundle_with_its_captions() {
    let project = with_recordings();
    project
        .foro(&["build", "forum", "--out", "out", "--target", "usb"])
        .assert_code(0);
    let usb = project.root().join("out/usb");
    let ran = node(
        "video.mjs",
        &[usb.to_str().unwrap(), "es/agenda/index.html"],
    );
    ran.assert_ok();
    let got: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert!(got["error"].is_null(), "{got}");
    assert!(
        got["played"].as_f64().unwrap() > 0.5,
        "currentTime advances: {got}"
    );
    let tracks = got["tracks"].as_array().unwrap();
    assert_eq!(tracks.len(), 2, "{got}");
    for t in tracks {
        assert_eq!(t["cues"], 2, "{got}");
        assert_eq!(t["default"], t["lang"] == "es", "{got}");
    }
    assert!(
        tracks[1]["first"]
            .as_str()
            .unwrap()
            .starts_with("Bienvenidos"),
        "{got}"
    );
}

#[test]
fn the_materials_zip_of_each_language_holds_the_presentations_and_is_the_same_bytes_twice() {
    let project = Project::from_fixture("schedule/three-days");
    project.write("files/second deck.pptx", vec![1u8; 5000]);
    let presentations = std::fs::read_to_string(project.dir().join("presentations.yaml")).unwrap();
    project.write(
        "presentations.yaml",
        format!(
            "{presentations}- id: second\n  title: \"Second\"\n  file: files/second deck.pptx\n- id: link-only\n  title: \"Link\"\n  slides_url: \"https://example.org/s\"\n"
        ),
    );
    // Without the PDFs, which the archive also holds (tests/pdf/links.rs).
    let build = |out: &str| {
        project
            .foro(&[
                "build", "forum", "--out", out, "--target", "all", "--no-pdf",
            ])
            .assert_code(0);
    };
    build("a");
    build("b");
    for lang in ["en", "es"] {
        let rel = format!("{lang}/presentations/materials-{lang}.zip");
        for folder in ["site", "usb"] {
            let a = std::fs::read(project.root().join("a").join(folder).join(&rel)).unwrap();
            let b = std::fs::read(project.root().join("b").join(folder).join(&rel)).unwrap();
            assert!(a == b, "{folder}/{rel}: two builds, two archives");
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(a.clone())).unwrap();
            let mut names: Vec<String> = (0..zip.len())
                .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
                .collect();
            names.sort();
            assert_eq!(
                names,
                [
                    format!("materials-{lang}/clusters.pdf"),
                    format!("materials-{lang}/second deck.pptx")
                ],
                "the presentations' files, nothing else"
            );
            for (name, src) in [
                ("clusters.pdf", "files/clusters.pdf"),
                ("second deck.pptx", "files/second deck.pptx"),
            ] {
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(
                    &mut zip.by_name(&format!("materials-{lang}/{name}")).unwrap(),
                    &mut bytes,
                )
                .unwrap();
                assert_eq!(bytes, std::fs::read(project.dir().join(src)).unwrap());
            }
            // Linked from the presentations page with its size.
            let page = scraper::Html::parse_document(
                &std::fs::read_to_string(
                    project
                        .root()
                        .join("a")
                        .join(folder)
                        .join(format!("{lang}/presentations/index.html")),
                )
                .unwrap(),
            );
            let link = page
                .select(&sel(".materials-download a"))
                .next()
                .expect("a link");
            assert_eq!(
                link.value().attr("href"),
                Some(format!("materials-{lang}.zip").as_str())
            );
            let size = crate::support::text_of(
                page.select(&sel(".materials-download .file-type"))
                    .next()
                    .unwrap(),
            );
            // Kilobytes with one decimal, cut (not rounded), as file sizes are.
            let tenths = a.len() / 100;
            let sep = if lang == "en" { "." } else { "," };
            let want = format!("ZIP, {}{sep}{} KB", tenths / 10, tenths % 10);
            assert_eq!(size, want, "{folder}/{lang}");
        }
    }
    let manifest = std::fs::read_to_string(project.root().join("a/usb/MANIFEST.sha256")).unwrap();
    assert!(
        manifest.contains("  en/presentations/materials-en.zip\n"),
        "{manifest}"
    );
}

#[test]
fn a_streamed_zip_has_the_size_computed_before_and_the_same_bytes_twice() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("deck.pdf");
    std::fs::write(&src, vec![7u8; 70_000]).unwrap();
    let files = vec![
        foro::output::OutFile {
            path: "materiales/presentación cadenas globales.pdf".into(),
            content: foro::output::Content::Copy(
                foro::safe_path::SourceFile::check(dir.path(), std::path::Path::new("deck.pdf"))
                    .unwrap(),
            ),
        },
        foro::output::OutFile::bytes("materiales/a.txt", b"hola".to_vec()),
        foro::output::OutFile::bytes("materiales/empty", Vec::new()),
    ];
    let zip = foro::output::OutFile {
        path: "es/materials.zip".into(),
        content: foro::output::Content::Zip(files.clone()),
    };
    let mut a = Vec::new();
    foro::output::stream_zip(&mut a, &files).unwrap();
    let mut b = Vec::new();
    foro::output::stream_zip(&mut b, &files.iter().rev().cloned().collect::<Vec<_>>()).unwrap();
    assert_eq!(a, b);
    assert_eq!(zip.size(), a.len() as u64);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(a)).unwrap();
    assert_eq!(archive.len(), 3);
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("materiales/a.txt").unwrap(), &mut text)
        .unwrap();
    assert_eq!(text, "hola");
    // Written to disk when staged, with the same bytes.
    let out = dir.path().join("out");
    let staged = foro::output::stage(&out, "site", &[zip]).unwrap();
    foro::output::commit(vec![staged]).unwrap();
    assert_eq!(std::fs::read(out.join("site/es/materials.zip")).unwrap(), b);
}
