//! Render stage: URL helpers of the Markdown renderer (script schemes,
//! links from the site's root or to `file:`, local links prefixed with the
//! page's ids, project-relative paths), and the rewriting of a text's links
//! to project files into internal links.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::html::Anchors;

use crate::yaml::Pos;

/// The scheme of internal links before an output resolves them.
pub const INTERNAL: &str = "foro:/";

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

/// Where a link is, for the errors of [`rewrite`]: its file, the language
/// of its text, and its position (counted only when an error needs it).
pub(super) struct At<'a> {
    pub file: &'a Path,
    pub lang: &'a str,
    pub pos: &'a dyn Fn() -> Pos,
}

/// An internal link for a project path, `None` to keep the URL as it is;
/// what is wrong with the link goes to `diags`.
pub(super) fn rewrite(
    links: &dyn SourceLinks,
    url: &str,
    image: bool,
    at: &At,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let what = if image { "image" } else { "link" };
    let mut error = |message: String, hint: &str| {
        diags.push(Diagnostic::error(at.file, Some((at.pos)()), message).hint(hint));
    };
    if let Some(scheme) = script_scheme(url, image) {
        error(
            format!(
                "the {what} `{url}` uses `{scheme}:`, which could run a script in the reader's browser"
            ),
            "link to a web address (https://…) or to a file of the project",
        );
        // Never published: the build stops on this error, and the link
        // goes nowhere should the HTML be used all the same.
        return Some("#".into());
    }
    if let Some(why) = unportable(url) {
        error(
            format!("the {what} `{url}` {why}"),
            "write a relative link to the project file, e.g. `../pages/<slug>.md` \
             or `../files/<name>`, or a full address (https://…)",
        );
        return None;
    }
    if url.is_empty() || url.starts_with('#') || url.contains(':') || url.starts_with("//") {
        return None;
    }
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let base = at.file.parent().unwrap_or(Path::new(""));
    let Some(project_path) = join_inside(base, &path) else {
        error(
            format!("the link `{url}` points outside the forum project"),
            "link to files of the project by their path, e.g. `../speakers/<id>.md`",
        );
        return None;
    };
    let source_like = project_path.ends_with(".md")
        || project_path.ends_with(".yaml")
        || project_path.starts_with("files/")
        || project_path.starts_with("images/");
    if !source_like {
        return None;
    }
    if let Some(out) = links.resolve(&project_path, at.lang) {
        // Encoded here, so that a `#` or `%` in a file name (written
        // `%23`, `%25`) stays part of the name.
        let out = crate::urls::encode_path(&out);
        return Some(match fragment {
            Some(f) => format!("{INTERNAL}{out}#{f}"),
            None => format!("{INTERNAL}{out}"),
        });
    }
    error(
        format!("the {what} `{url}` points to `{project_path}`, which does not exist"),
        "check the path: links to content use the source file, e.g. `../speakers/<id>.md`, `../agenda.yaml`, `../report/<slug>.md`",
    );
    None
}
