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
    fn label(&self, lang: &str, key: &str, n: usize) -> String {
        format!("{key} {n} ({lang})")
    }

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

/// The Markdown fuzz target: the first byte holds the flags (1: raw HTML
/// on, 2: numbered headings and smart punctuation), the rest is the text.
/// With raw HTML off, the page must hold only foro's own markup.
pub fn markdown_bytes(data: &[u8], highlighter: &Highlighter) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let raw_html = flags & 1 == 1;
    let numbered = flags & 2 == 2;
    let (html, _errors) = markdown(text, highlighter, raw_html, numbered);
    if !raw_html {
        if let Err(why) = only_our_markup(&html) {
            panic!(
                "raw_html: false let author markup through: {why}\n--- input\n{text}\n--- html\n{html}"
            );
        }
    }
}

/// Elements pulldown-cmark, the highlighter and foro write.
const TAGS: &[&str] = &[
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "input",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "span",
    "strong",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
    "div",
];
const ATTRS: &[&str] = &[
    "href",
    "src",
    "alt",
    "title",
    "id",
    "class",
    "type",
    "checked",
    "disabled",
    "start",
    "role",
    "data-lang",
    "tabindex",
    "aria-label",
];

/// Checks every tag of `html` against the lists above, and that no link or
/// image goes to a `javascript:` URL.
pub fn only_our_markup(html: &str) -> Result<(), String> {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(p) = html[i..].find('<') {
        let start = i + p;
        let mut j = start + 1;
        if b.get(j) == Some(&b'/') {
            j += 1;
        }
        let name_end = html[j..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(html.len(), |e| j + e);
        let name = html[j..name_end].to_ascii_lowercase();
        if !TAGS.contains(&name.as_str()) {
            return Err(format!("element <{name}> at {start}"));
        }
        // Attributes up to the closing `>`, skipping quoted values.
        let mut k = name_end;
        loop {
            while k < b.len() && (b[k] as char).is_ascii_whitespace() {
                k += 1;
            }
            match b.get(k) {
                None => return Err(format!("unclosed tag at {start}")),
                Some(b'>') => break,
                Some(b'/') => {
                    k += 1;
                    continue;
                }
                _ => {}
            }
            let attr_end = html[k..]
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
                .map_or(html.len(), |e| k + e);
            let attr = html[k..attr_end].to_ascii_lowercase();
            if !ATTRS.contains(&attr.as_str()) {
                return Err(format!("attribute `{attr}` on <{name}> at {start}"));
            }
            k = attr_end;
            if b.get(k) == Some(&b'=') {
                k += 1;
                if b.get(k) != Some(&b'"') {
                    return Err(format!("unquoted value of `{attr}` at {start}"));
                }
                let close = html[k + 1..]
                    .find('"')
                    .ok_or_else(|| format!("unclosed value at {start}"))?;
                let value = &html[k + 1..k + 1 + close];
                let lower = value.trim_start().to_ascii_lowercase();
                if (attr == "href" || attr == "src")
                    && (lower.starts_with("javascript:") || lower.starts_with("vbscript:"))
                {
                    return Err(format!("script URL `{value}` at {start}"));
                }
                if value.contains('<') {
                    return Err(format!("`<` inside `{attr}` at {start}"));
                }
                k = k + 1 + close + 1;
            }
        }
        i = k + 1;
    }
    Ok(())
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
                let _ = d.render(&dir, r.sources.get(&d.file).as_deref());
            }
            r.warnings.items.len()
        }
        Err(crate::build::BuildError::Content {
            diagnostics,
            sources,
        }) => {
            for d in &diagnostics.items {
                let _ = d.render(&dir, sources.get(&d.file).as_deref());
            }
            diagnostics.items.len()
        }
        Err(_) => 0,
    };
    let _ = std::fs::remove_dir_all(&dir);
    count
}

/// The load-project fuzz input as files: sections that start with a line
/// `=== <path>`; text before the first one is `forum.yaml`.
pub fn split_files(data: &[u8]) -> Vec<(&str, &[u8])> {
    const MARK: &[u8] = b"=== ";
    let mut files = Vec::new();
    let mut name = "forum.yaml";
    let mut start = 0;
    let mut i = 0;
    while i <= data.len() {
        let at_line_start = i == 0 || data[i - 1] == b'\n';
        if i == data.len() || (at_line_start && data[i..].starts_with(MARK)) {
            files.push((name, &data[start..i]));
            if i == data.len() {
                break;
            }
            let line_end = data[i..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(data.len(), |p| i + p);
            name = std::str::from_utf8(&data[i + MARK.len()..line_end])
                .unwrap_or("")
                .trim();
            start = (line_end + 1).min(data.len());
            i = start;
            continue;
        }
        i += 1;
    }
    files
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
    use std::path::Path;

    use crate::highlight::Highlighter;

    /// Every committed seed of `target`, read from `fuzz/corpus/<target>/`.
    fn seeds(target: &str) -> Vec<Vec<u8>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/corpus")
            .join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no seeds in {}", dir.display());
        files.iter().map(|f| std::fs::read(f).unwrap()).collect()
    }

    /// The seeds CI's fuzzing starts from hold every target's invariants,
    /// so a change that breaks one (a new attribute the Markdown check does
    /// not know) fails here, not after the fuzz build in CI.
    #[test]
    fn every_fuzz_target_holds_on_its_seed_corpus() {
        let highlighter = Highlighter::default();
        for seed in seeds("markdown") {
            super::markdown_bytes(&seed, &highlighter);
        }
        for seed in seeds("front_matter") {
            if let Ok(text) = std::str::from_utf8(&seed) {
                super::front_matter(text);
            }
        }
        for seed in seeds("yaml") {
            if let Ok(text) = std::str::from_utf8(&seed) {
                super::yaml(text);
            }
        }
        for seed in seeds("request_path") {
            super::request_path(&seed);
        }
        let loaded: usize = seeds("load_project")
            .iter()
            .map(|seed| super::load_files(&super::split_files(seed)))
            .sum();
        assert!(loaded > 0, "the fixtures' seeds give their warnings");
    }

    /// The Markdown check refuses what it exists to refuse.
    #[test]
    fn the_markup_check_refuses_author_markup() {
        for bad in [
            "<p>x</p><script>alert(1)</script>",
            "<p onclick=\"x()\">y</p>",
            "<a href=\"javascript:alert(1)\">z</a>",
            "<a href=x>unquoted</a>",
        ] {
            assert!(super::only_our_markup(bad).is_err(), "{bad}");
        }
        assert!(
            super::only_our_markup("<pre class=\"code\" tabindex=\"0\"><code>a</code></pre>")
                .is_ok()
        );
    }

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
            "GET //etc/passwd HTTP/1.1\r\n\r\n",
            "GET /%2F%2Fetc/passwd HTTP/1.1\r\n\r\n",
        ] {
            super::request_path(request.as_bytes());
        }
    }
}
