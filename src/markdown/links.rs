//! Render stage: URL helpers of the Markdown renderer (script schemes,
//! links from the site's root or to `file:`, local links prefixed with the
//! page's ids, project-relative paths).

use std::path::Path;

use crate::html::Anchors;

/// Turns a link to a project file into an output path (`None`: points to nothing).
pub trait SourceLinks: Sync {
    /// `path` is relative to the project (`speakers/ana.md`, `agenda.yaml`).
    fn resolve(&self, path: &str, lang: &str) -> Option<String>;

    /// The UI string `key` in `lang` with `{n}` filled in: the accessible
    /// names of footnote back links (`footnote_back`) and of scrolling
    /// tables (`table_region`). No default: every renderer of pages takes
    /// them from the theme's strings of the text's language.
    fn label(&self, lang: &str, key: &str, n: usize) -> String;
}

/// Why a link breaks in some output: one from the site's root (`/x`) breaks
/// on the USB bundle and under a sub-path, a `file:` one points to the
/// author's own computer.
pub(super) fn unportable(url: &str) -> Option<&'static str> {
    let lower = url.trim_start().to_ascii_lowercase();
    if lower.starts_with("file:") {
        Some("points to a file on the author's computer (`file:`), which readers do not have")
    } else if url.starts_with('/') && !url.starts_with("//") {
        Some(
            "starts with `/`: it breaks on the USB bundle and when the site is published \
             under a sub-path",
        )
    } else {
        None
    }
}

/// The scheme of a URL that would run script when followed (`javascript:`,
/// `vbscript:`, and `data:` except images' `data:image/…`), read the way
/// browsers read it: ASCII tabs and line breaks dropped, leading spaces and
/// control characters trimmed, letters in any case.
pub(super) fn script_scheme(url: &str, image: bool) -> Option<&'static str> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = ["javascript", "vbscript", "data"]
        .into_iter()
        .find(|s| cleaned.strip_prefix(s).is_some_and(|r| r.starts_with(':')))?;
    (!(image && scheme == "data" && cleaned.starts_with("data:image/"))).then_some(scheme)
}

/// In a text whose ids carry a prefix, `href="#x"` pointing at one of its
/// own ids becomes `href="#<prefix>x"`; other local links stay.
pub(super) fn prefix_local_links(html: &str, anchors: &Anchors) -> String {
    const MARK: &str = "href=\"#";
    if anchors.prefix().is_empty() || !html.contains(MARK) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(i) = rest.find(MARK) {
        out.push_str(&rest[..i + MARK.len()]);
        let after = &rest[i + MARK.len()..];
        let end = after.find('"').unwrap_or(after.len());
        let id = &after[..end];
        let prefixed = format!("{}{id}", anchors.prefix());
        if !id.starts_with(anchors.prefix()) && anchors.contains(&prefixed) {
            out.push_str(&prefixed);
        } else {
            out.push_str(id);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// `base/rel` normalised, or `None` if it climbs out of the project.
pub fn join_inside(base: &Path, rel: &str) -> Option<String> {
    let mut parts: Vec<String> = base
        .iter()
        .map(|s| s.to_string_lossy().to_string())
        .collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_string()),
        }
    }
    Some(parts.join("/"))
}
