//! Resolve stage: where every item is written, and links between outputs.
//!
//! Paths are `/`-separated output paths relative to the output root
//! (`en/agenda/index.html`). Each output links with its own style: the web
//! site by folder (`../agenda/`), the USB bundle by file
//! (`../agenda/index.html`), the 404 page from the site's root path, the
//! handout by anchors inside itself (else the page's web address). This is
//! the only module that writes a link between output files.

use std::collections::BTreeSet;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::model::DocKind;

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

    /// The page of a document.
    pub fn doc(kind: DocKind, lang: &str, slug: &str) -> Target {
        match kind {
            DocKind::Page => Target::Page(lang.to_string(), slug.to_string()),
            DocKind::Report => Target::Report(lang.to_string(), slug.to_string()),
        }
    }

    /// The page written at the output path `path` (the inverse of
    /// [`Target::path`]; any other path gives `None`).
    pub fn from_path(path: &str) -> Option<Target> {
        let parts: Vec<&str> = path.split('/').collect();
        let l = |l: &&str| (*l).to_string();
        Some(match parts.as_slice() {
            ["index.html"] => Target::Chooser,
            ["404.html"] => Target::NotFound,
            [lang, "index.html"] => Target::Home(l(lang)),
            [lang, page, "index.html"] => match *page {
                "agenda" => Target::Agenda(l(lang)),
                "speakers" => Target::Speakers(l(lang)),
                "presentations" => Target::Presentations(l(lang)),
                "report" => Target::Reports(l(lang)),
                "participation" => Target::Participation(l(lang)),
                "handout" => Target::Handout(l(lang)),
                "search" => Target::Search(l(lang)),
                _ => return None,
            },
            [lang, dir, id, "index.html"] => match *dir {
                "speakers" => Target::Speaker(l(lang), (*id).to_string()),
                "pages" => Target::Page(l(lang), (*id).to_string()),
                "report" => Target::Report(l(lang), (*id).to_string()),
                _ => return None,
            },
            _ => return None,
        })
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
    /// Inside the printable handout: an anchor for what the handout holds,
    /// else the absolute web address.
    Handout(HandoutLinks),
    /// Not yet resolved: every link is an internal one (`foro:/<path>`),
    /// which [`rewrite_internal`] turns into the link of an output's style.
    /// A page rendered once this way serves the web site and the USB
    /// bundle alike.
    Internal,
}

/// What the handout of one language holds, to link to it by anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoutLinks {
    pub base_url: String,
    /// The pages whose content is part of the handout (agenda, speakers,
    /// presentations, each speaker, the documents marked `handout`).
    pub inside: BTreeSet<Target>,
}

impl LinkStyle {
    /// The style of the page `target` in an output of this style: the 404
    /// page of the web site is served at any address, so it links from the
    /// site's root.
    #[must_use]
    pub fn for_page(&self, target: &Target, base_url: &str) -> LinkStyle {
        if *target == Target::NotFound && *self == LinkStyle::Folder {
            LinkStyle::Rooted(base_path(base_url))
        } else {
            self.clone()
        }
    }
}

/// The id prefix of a document's headings and notes inside the handout.
pub fn doc_prefix(kind: DocKind, slug: &str) -> String {
    match kind {
        DocKind::Page => format!("page-{slug}-"),
        DocKind::Report => format!("report-{slug}-"),
    }
}

/// The id prefix of a biography inside the handout.
pub fn bio_prefix(id: &str) -> String {
    format!("speaker-{id}-")
}

/// The anchor (without `#`) of `target` inside the handout.
fn handout_anchor(target: &Target, fragment: Option<&str>) -> Option<String> {
    Some(match target {
        Target::Agenda(_) => {
            fragment.map_or_else(|| "agenda".to_string(), |fr| format!("session-{fr}"))
        }
        Target::Speakers(_) => "speakers".to_string(),
        Target::Presentations(_) => fragment.map_or_else(
            || "presentations".to_string(),
            |fr| format!("presentation-{fr}"),
        ),
        Target::Speaker(_, id) => format!("speaker-{id}"),
        Target::Page(_, slug) | Target::Report(_, slug) => {
            let kind = if matches!(target, Target::Page(..)) {
                DocKind::Page
            } else {
                DocKind::Report
            };
            let prefix = doc_prefix(kind, slug);
            fragment.map_or_else(|| format!("{prefix}top"), |fr| format!("{prefix}{fr}"))
        }
        _ => return None,
    })
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

/// The path `to` as a link shows it: folder styles drop `index.html`.
fn shown<'a>(to: &'a str, style: &LinkStyle) -> &'a str {
    match style {
        LinkStyle::File | LinkStyle::Internal => to,
        LinkStyle::Folder | LinkStyle::Rooted(_) | LinkStyle::Handout(_) => {
            to.strip_suffix("index.html").unwrap_or(to)
        }
    }
}

/// The link from the page written at `from` to the output file `to`.
pub fn link(from: &str, to: &str, style: &LinkStyle) -> String {
    link_to(from, to, None, style)
}

/// The link from the page at `from` to the fragment `fragment` of `to`.
pub fn link_to(from: &str, to: &str, fragment: Option<&str>, style: &LinkStyle) -> String {
    let with_fragment = |s: String| match fragment {
        Some(fr) => format!("{s}#{fr}"),
        None => s,
    };
    match style {
        LinkStyle::Rooted(root) => {
            with_fragment(format!("{root}{}", encode_path(shown(to, style))))
        }
        LinkStyle::Handout(h) => {
            let anchor = Target::from_path(to)
                .filter(|t| h.inside.contains(t))
                .and_then(|t| handout_anchor(&t, fragment));
            anchor.map_or_else(
                || with_fragment(absolute(&h.base_url, to)),
                |a| format!("#{a}"),
            )
        }
        LinkStyle::Folder | LinkStyle::File => with_fragment(relative(from, to, style)),
        // A link to the same page is resolved as `link_to` resolves it
        // (`./#x`), not as a Markdown link is (`#x`), even when the caller
        // adds the fragment: marked `foro:=/`.
        LinkStyle::Internal => {
            let mark = if to == from { EXACT } else { INTERNAL };
            with_fragment(format!("{mark}{}", encode_path(to)))
        }
    }
}

/// An internal link, resolved by [`rewrite_internal`].
const INTERNAL: &str = "foro:/";
/// An internal link resolved by [`link_to`] even to the same page.
const EXACT: &str = "foro:=/";

/// The prefix that leads from the page at `from` to the output's root
/// folder (where the search script resolves [`from_root`] links).
pub fn root(from: &str, style: &LinkStyle) -> String {
    match style {
        LinkStyle::Rooted(root) => root.clone(),
        LinkStyle::Handout(h) => absolute(&h.base_url, ""),
        LinkStyle::Folder | LinkStyle::File | LinkStyle::Internal => {
            "../".repeat(from.matches('/').count())
        }
    }
}

/// A link from the site's root folder (as the search script resolves
/// them), in a relative style.
pub fn from_root(to: &str, fragment: Option<&str>, style: &LinkStyle) -> String {
    let shown = encode_path(shown(to, style));
    fragment.map_or_else(|| shown.clone(), |fr| format!("{shown}#{fr}"))
}

fn relative(from: &str, to: &str, style: &LinkStyle) -> String {
    let to_shown = shown(to, style);
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
    const MARK: &str = "\"foro:";
    if !html.contains(MARK) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(MARK) {
        let after = &rest[i + MARK.len()..];
        let (exact, after) = if let Some(a) = after.strip_prefix("=/") {
            (true, a)
        } else if let Some(a) = after.strip_prefix('/') {
            (false, a)
        } else {
            // Not one of ours (`"foro:` written by the forum): kept.
            out.push_str(&rest[..i + MARK.len()]);
            rest = after;
            continue;
        };
        out.push_str(&rest[..=i]);
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
            Some(f) if !exact && path == from && !matches!(style, LinkStyle::Handout(_)) => {
                out.push('#');
                out.push_str(f);
            }
            _ => out.push_str(&link_to(from, path, fragment, style)),
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
mod tests;
