//! Resolve stage: where every item is written, and links between outputs.
//!
//! Paths are `/`-separated output paths relative to the output root
//! (`en/agenda/index.html`). Each output links with its own style: the web
//! site by folder (`../agenda/`), the USB bundle by file
//! (`../agenda/index.html`), the 404 page from the site's root path.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Every page a forum produces, per language where it has one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Chooser,
    NotFound,
    Home(String),
    Agenda(String),
    Speakers(String),
    Speaker(String, String),
    Presentations(String),
    Page(String, String),
    Reports(String),
    Report(String, String),
    Participation(String),
    Handout(String),
    Search(String),
}

impl Target {
    /// The output file this page is written to.
    pub fn path(&self) -> String {
        match self {
            Target::Chooser => "index.html".into(),
            Target::NotFound => "404.html".into(),
            Target::Home(l) => format!("{l}/index.html"),
            Target::Agenda(l) => format!("{l}/agenda/index.html"),
            Target::Speakers(l) => format!("{l}/speakers/index.html"),
            Target::Speaker(l, id) => format!("{l}/speakers/{id}/index.html"),
            Target::Presentations(l) => format!("{l}/presentations/index.html"),
            Target::Page(l, slug) => format!("{l}/pages/{slug}/index.html"),
            Target::Reports(l) => format!("{l}/report/index.html"),
            Target::Report(l, slug) => format!("{l}/report/{slug}/index.html"),
            Target::Participation(l) => format!("{l}/participation/index.html"),
            Target::Handout(l) => format!("{l}/handout/index.html"),
            Target::Search(l) => format!("{l}/search/index.html"),
        }
    }

    pub fn lang(&self) -> Option<&str> {
        match self {
            Target::Chooser | Target::NotFound => None,
            Target::Home(l)
            | Target::Agenda(l)
            | Target::Speakers(l)
            | Target::Speaker(l, _)
            | Target::Presentations(l)
            | Target::Page(l, _)
            | Target::Reports(l)
            | Target::Report(l, _)
            | Target::Participation(l)
            | Target::Handout(l)
            | Target::Search(l) => Some(l),
        }
    }

    /// The same page in another language.
    #[must_use]
    pub fn in_lang(&self, lang: &str) -> Target {
        let l = lang.to_string();
        match self {
            Target::Chooser => Target::Chooser,
            Target::NotFound => Target::NotFound,
            Target::Home(_) => Target::Home(l),
            Target::Agenda(_) => Target::Agenda(l),
            Target::Speakers(_) => Target::Speakers(l),
            Target::Speaker(_, id) => Target::Speaker(l, id.clone()),
            Target::Presentations(_) => Target::Presentations(l),
            Target::Page(_, s) => Target::Page(l, s.clone()),
            Target::Reports(_) => Target::Reports(l),
            Target::Report(_, s) => Target::Report(l, s.clone()),
            Target::Participation(_) => Target::Participation(l),
            Target::Handout(_) => Target::Handout(l),
            Target::Search(_) => Target::Search(l),
        }
    }
}

/// How an output writes links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkStyle {
    /// Relative, folders end in `/` (`../agenda/`): the web site.
    Folder,
    /// Relative, always to a file (`../agenda/index.html`): the USB bundle.
    File,
    /// From the site's root path (`/foro/en/agenda/`): pages served at any URL, like 404.html.
    Rooted(String),
}

/// Characters escaped in a path segment of a link.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'\'');

/// Percent-encodes each segment of a `/`-separated path.
pub fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// The link from the page written at `from` to the output file `to`.
pub fn link(from: &str, to: &str, style: &LinkStyle) -> String {
    let to_shown = match style {
        LinkStyle::File => to,
        LinkStyle::Folder | LinkStyle::Rooted(_) => to.strip_suffix("index.html").unwrap_or(to),
    };
    if let LinkStyle::Rooted(root) = style {
        return format!("{root}{}", encode_path(to_shown));
    }
    let from_dir: Vec<&str> = match from.rfind('/') {
        Some(i) => from[..i].split('/').collect(),
        None => Vec::new(),
    };
    let to_parts: Vec<&str> = to_shown.split('/').collect();
    // Only the folders of `to` can be shared with `from`'s folder.
    let to_dirs = &to_parts[..to_parts.len() - 1];
    let common = from_dir
        .iter()
        .zip(to_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dir.len() - common);
    out.push_str(&encode_path(&to_parts[common..].join("/")));
    // `a:b/` would read as a URL with the scheme `a:`.
    let first = out.split('/').next().unwrap_or("");
    if out.is_empty() || first.contains(':') {
        out.insert_str(0, "./");
    }
    out
}

/// Turns every `"foro:/<path>#frag"` attribute value in `html` into a link
/// from the page at `from` in the given style.
pub fn rewrite_internal(html: &str, from: &str, style: &LinkStyle) -> String {
    const MARK: &str = "\"foro:/";
    if !html.contains(MARK) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(MARK) {
        out.push_str(&rest[..=i]);
        let after = &rest[i + MARK.len()..];
        let end = after.find('"').unwrap_or(after.len());
        let target = &after[..end];
        let (path, fragment) = match target.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (target, None),
        };
        // Markdown's writer has already percent-encoded the path: decode it,
        // so that `link` encodes it exactly once.
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let path = decoded.as_ref();
        match fragment {
            Some(f) if path == from => {
                out.push('#');
                out.push_str(f);
            }
            Some(f) => {
                out.push_str(&link(from, path, style));
                out.push('#');
                out.push_str(f);
            }
            None => out.push_str(&link(from, path, style)),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The absolute URL of an output file under `base_url` (ending in `/`).
pub fn absolute(base_url: &str, to: &str) -> String {
    let to = to.strip_suffix("index.html").unwrap_or(to);
    format!("{base_url}{}", encode_path(to))
}

/// The path part of `base_url` (`https://x.org/foro/` → `/foro/`).
pub fn base_path(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match rest.find('/') {
        Some(i) => rest[i..].to_string(),
        None => "/".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_links_are_relative_and_end_in_a_slash() {
        let s = LinkStyle::Folder;
        assert_eq!(
            link("en/agenda/index.html", "en/speakers/ana/index.html", &s),
            "../speakers/ana/"
        );
        assert_eq!(link("en/index.html", "en/index.html", &s), "./");
        assert_eq!(
            link(
                "en/speakers/ana/index.html",
                "es/speakers/ana/index.html",
                &s
            ),
            "../../../es/speakers/ana/"
        );
        assert_eq!(link("index.html", "en/index.html", &s), "en/");
        assert_eq!(
            link("en/index.html", "assets/style.css", &s),
            "../assets/style.css"
        );
    }

    #[test]
    fn a_colon_in_the_first_segment_is_not_a_scheme() {
        // Found by the property test `props::folder_links_resolve_to_the_target`.
        assert_eq!(
            link("index.html", ":/index.html", &LinkStyle::Folder),
            "./:/"
        );
        assert_eq!(
            link("en/index.html", "en/a:b.pdf", &LinkStyle::File),
            "./a:b.pdf"
        );
    }

    #[test]
    fn file_links_name_the_file() {
        let s = LinkStyle::File;
        assert_eq!(
            link("en/agenda/index.html", "en/index.html", &s),
            "../index.html"
        );
        assert_eq!(link("index.html", "es/index.html", &s), "es/index.html");
    }

    #[test]
    fn names_with_spaces_and_accents_are_encoded() {
        let s = LinkStyle::Folder;
        assert_eq!(
            link(
                "en/presentations/index.html",
                "files/presentación 1.pdf",
                &s
            ),
            "../../files/presentaci%C3%B3n%201.pdf"
        );
    }

    #[test]
    fn internal_links_are_rewritten_per_output() {
        let html = r#"<a href="foro:/en/speakers/ana/index.html#bio">A</a> <a href="foro:/en/agenda/index.html#x">B</a>"#;
        assert_eq!(
            rewrite_internal(html, "en/agenda/index.html", &LinkStyle::File),
            r##"<a href="../speakers/ana/index.html#bio">A</a> <a href="#x">B</a>"##
        );
        assert_eq!(
            rewrite_internal(html, "en/agenda/index.html", &LinkStyle::Folder),
            r##"<a href="../speakers/ana/#bio">A</a> <a href="#x">B</a>"##
        );
    }

    #[test]
    fn internal_links_already_encoded_are_encoded_once() {
        let html = r#"<a href="foro:/files/informe%20final%20%C3%B1.pdf">x</a>"#;
        assert_eq!(
            rewrite_internal(html, "en/pages/a/index.html", &LinkStyle::Folder),
            r#"<a href="../../../files/informe%20final%20%C3%B1.pdf">x</a>"#
        );
    }

    #[test]
    fn rooted_links_start_at_the_base_path() {
        let s = LinkStyle::Rooted(base_path("https://www.gob.pe/foro/"));
        assert_eq!(link("404.html", "es/index.html", &s), "/foro/es/");
        assert_eq!(
            absolute("https://www.gob.pe/foro/", "es/agenda/index.html"),
            "https://www.gob.pe/foro/es/agenda/"
        );
    }
}
