//! Entry points for the fuzz targets in `fuzz/` (not part of the API).
//!
//! Each function runs one stage of the pipeline on arbitrary input and
//! panics only where an invariant of that stage is broken, so that a crash
//! found by `cargo fuzz` is always a bug in foro.

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::highlight::Highlighter;
use crate::html::Anchors;
use crate::markdown::{Renderer, Source, SourceLinks};
use crate::model::MarkdownOptions;
use crate::yaml::Seg;

/// Splits front matter and checks that the pieces are where the line
/// numbers say.
pub fn front_matter(text: &str) {
    match crate::content::split_front_matter(text) {
        Ok(fm) => {
            let start = |part: &str| part.as_ptr() as usize - text.as_ptr() as usize;
            let lines_before = |part: &str| text[..start(part)].matches('\n').count();
            // An empty body after a last `---` without a line break "starts"
            // on the next line, which does not exist: nothing points there.
            if !fm.body.is_empty() {
                assert_eq!(
                    fm.body_line,
                    lines_before(fm.body) + 1,
                    "body_line of {text:?}"
                );
            }
            if !fm.yaml.is_empty() {
                assert_eq!(fm.yaml_line, lines_before(fm.yaml) + 1, "yaml_line");
                assert!(start(fm.yaml) + fm.yaml.len() <= start(fm.body));
            }
            assert!(start(fm.body) + fm.body.len() == text.len());
        }
        Err(line) => assert_eq!(line, 1),
    }
}

/// Parses any text as the loaders do: the typed pass (`serde_yaml`, behind
/// the nesting guard) and the position pass (`yaml-rust2`), then looks up
/// a few paths. Must return quickly whatever the nesting or aliases.
pub fn yaml(text: &str) {
    let typed = crate::yaml::from_str::<serde_yaml::Value>(text);
    let positions = crate::yaml::Positions::of(text, 2);
    for path in [
        &[Seg::Key("days"), Seg::Index(0), Seg::Key("sessions")][..],
        &[Seg::Index(3), Seg::Key("title")],
        &[Seg::Key("title"), Seg::Key("en")],
    ] {
        let (v, k) = (positions.value(path), positions.key(path));
        assert!(v.line >= 1 && k.line >= 1 && v.col >= 1 && k.col >= 1);
    }
    if let Err(e) = typed {
        assert!(e.pos.line >= 1, "{e:?}");
    }
}

/// Source links for fuzzing: `speakers/ana.md` exists, nothing else.
struct Links;

impl SourceLinks for Links {
    fn resolve(&self, path: &str, lang: &str) -> Option<String> {
        (path == "speakers/ana.md" || path == "agenda.yaml")
            .then(|| format!("{lang}/speakers/ana/index.html"))
    }
}

/// Renders `text` as a page of `pages/a.md`; returns the HTML and whether
/// the renderer reported an error.
pub fn markdown(
    text: &str,
    highlighter: &Highlighter,
    raw_html: bool,
    numbered: bool,
) -> (String, bool) {
    let r = Renderer {
        links: &Links,
        highlighter,
        options: MarkdownOptions {
            smart_punctuation: numbered,
            raw_html,
        },
    };
    let src = Source {
        file: Path::new("pages/a.md"),
        first_line: 3,
        indent: 0,
        lang: "en",
    };
    let mut anchors = if numbered {
        Anchors::prefixed("page-a-")
    } else {
        Anchors::default()
    };
    anchors.reserve(["main", "top"]);
    let (out, diags) = r.render(text, src, &mut anchors, numbered);
    for d in &diags {
        let _ = d.render(Path::new("content"), Some(text));
    }
    let html = crate::urls::rewrite_internal(
        &out.html,
        "en/pages/a/index.html",
        &crate::urls::LinkStyle::Folder,
    );
    let errors = diags
        .iter()
        .any(|d| d.severity == crate::diagnostics::Severity::Error);
    (html, errors)
}

/// Writes `files` (project-relative path, bytes) into a fresh folder, loads
/// it as a forum project and, when it loads, renders the web site without
/// writing it (the USB bundle would halve the executions per second for
/// little more code); every diagnostic is formatted as the CLI prints it.
///
/// Paths that could leave the folder, and theme files (templates are code,
/// not content), are skipped. Returns the number of diagnostics.
pub fn load_files(files: &[(&str, &[u8])]) -> usize {
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let shm = Path::new("/dev/shm");
    let tmp = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let dir = tmp.join(format!(
        "foro-fuzz-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let written = files.iter().filter_map(|(name, bytes)| {
        let rel = safe_name(name)?;
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent()?).ok()?;
        std::fs::write(&path, bytes).ok()
    });
    let _ = written.count();
    let count = match crate::build::render(&dir, crate::build::Products::Web) {
        Ok(r) => {
            for d in &r.warnings.items {
                let _ = d.render(&dir, r.sources.get(&d.file));
            }
            r.warnings.items.len()
        }
        Err(crate::build::BuildError::Content {
            diagnostics,
            sources,
        }) => {
            for d in &diagnostics.items {
                let _ = d.render(&dir, sources.get(&d.file));
            }
            diagnostics.items.len()
        }
        Err(_) => 0,
    };
    let _ = std::fs::remove_dir_all(&dir);
    count
}

/// `name` as a relative path of at most four plain parts, outside `themes/`.
fn safe_name(name: &str) -> Option<PathBuf> {
    let p = Path::new(name);
    let parts: Vec<_> = p.components().collect();
    let plain = parts
        .iter()
        .all(|c| matches!(c, Component::Normal(s) if !s.is_empty() && s.len() < 100));
    (plain && !parts.is_empty() && parts.len() <= 4 && !name.starts_with("themes"))
        .then(|| p.to_path_buf())
}

/// The preview's request parsing on any bytes: the request line is found
/// only once the headers end, and a path it accepts never leaves the site
/// (no `..` or `.` segment, no backslash, no NUL, no leading `/`), however
/// it is encoded.
pub fn request_path(bytes: &[u8]) {
    let Some(line) = crate::serve::request_line(bytes) else {
        return;
    };
    assert!(!line.contains('\n'), "{line:?}");
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    if let Some(rel) = crate::serve::safe_path(path) {
        assert!(!rel.starts_with('/'), "{path:?} → {rel:?}");
        assert!(
            !rel.contains('\\') && !rel.contains('\0'),
            "{path:?} → {rel:?}"
        );
        assert!(
            rel.split('/').all(|s| s != ".." && s != "."),
            "{path:?} → {rel:?}"
        );
        let again = percent_encoding::percent_decode_str(&rel).decode_utf8_lossy();
        assert!(
            again.split('/').all(|s| s != ".."),
            "{path:?} → {rel:?} decodes to `..` again"
        );
    }
}

#[cfg(test)]
mod fuzz_seeds {
    /// The request-path fuzz target's invariants on its seeds and on the
    /// encodings that have let paths out of other servers.
    #[test]
    fn the_request_path_target_holds_on_hostile_requests() {
        for request in [
            "GET /en/agenda/ HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /%2e%2e/etc/passwd HTTP/1.1\r\n\r\n",
            "GET /%252e%252e/x HTTP/1.1\r\n\r\n",
            "GET /files/a%20b.pdf?x=1#y HTTP/1.1\n\n",
            "GET /a/%2e%2e%2f%2e%2e/x HTTP/1.1\r\n\r\n",
            "GET /%c0%ae%c0%ae/x HTTP/1.1\r\n\r\n",
            "GET /..%5c..%5cx HTTP/1.1\r\n\r\n",
            "GET /%00 HTTP/1.1\r\n\r\n",
            "GET /%25%32%65%25%32%65/x HTTP/1.1\r\n\r\n",
        ] {
            super::request_path(request.as_bytes());
        }
    }
}
