//! `foro check`: everything `build` validates, plus what only a finished
//! site shows — links and anchors between generated pages, the agenda's
//! sanity, and the translation report — without writing anything.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::build::{self, BuildError, Products};
use crate::content::Sources;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::{self, Translation};
use crate::model::Forum;
use crate::render::{Content, OutFile};
use crate::yaml::{Positions, Seg};

/// What `check` found.
pub struct Report {
    pub diagnostics: Diagnostics,
    pub sources: Sources,
    pub translation: Translation,
    pub languages: Vec<String>,
    pub pages: usize,
    pub links: usize,
    /// External `http(s)` links of the web site, each with a page it is on.
    pub external: Vec<(String, String)>,
}

/// Runs every check on the project at `project`.
pub fn check(project: &Path) -> Result<Report, BuildError> {
    let rendered = build::render(project, Products::All)?;
    let mut diags = rendered.warnings;
    let mut pages = 0;
    let mut links = 0;
    let mut external = std::collections::BTreeMap::new();
    // The site's own absolute addresses must lead to pages it has.
    let base_url = rendered.forum.config.base_url.as_str();
    let site_paths: HashSet<String> = rendered
        .products
        .iter()
        .filter(|(folder, _)| *folder == "site")
        .flat_map(|(_, files)| files.iter().map(|f| f.path.clone()))
        .collect();
    let own = (!site_paths.is_empty()).then_some(Own {
        base_url,
        paths: &site_paths,
    });
    for (folder, files) in &rendered.products {
        if *folder == "site" {
            for f in files {
                if let (true, Content::Bytes(b)) = (f.path.ends_with(".html"), &f.content) {
                    for url in scan(&String::from_utf8_lossy(b)).0 {
                        // The site's own addresses are not published yet when it is checked.
                        let own = url.starts_with(&rendered.forum.config.base_url);
                        if !own && (url.starts_with("http://") || url.starts_with("https://")) {
                            external.entry(url).or_insert_with(|| f.path.clone());
                        }
                    }
                }
            }
        }
        let (p, l, found) = check_links(folder, files, own.as_ref());
        pages += p;
        links += l;
        diags.extend(found);
    }
    diags.extend(agenda_sanity(&rendered.forum, &rendered.sources));
    let translation = i18n::translation(&rendered.forum);
    for f in &translation.fallbacks {
        diags.push(
            Diagnostic::warning(
                &f.file,
                None,
                format!(
                    "{}: {} is shown in `{}`, not yet translated",
                    f.lang, f.what, f.shown
                ),
            )
            .hint(format!(
                "add the `{}` text (see docs/content-format.md, Localized values)",
                f.lang
            )),
        );
    }
    Ok(Report {
        diagnostics: diags.sorted(),
        sources: rendered.sources,
        translation,
        languages: rendered
            .forum
            .config
            .languages
            .iter()
            .map(ToString::to_string)
            .collect(),
        pages,
        links,
        external: external.into_iter().collect(),
    })
}

/// The `href`/`src` values and the ids of an HTML page.
fn scan(html: &str) -> (Vec<String>, HashSet<String>) {
    let mut urls = Vec::new();
    let mut ids = HashSet::new();
    for (attr, is_id) in [(" href=\"", false), (" src=\"", false), (" id=\"", true)] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            let after = &rest[i + attr.len()..];
            let end = after.find('"').unwrap_or(after.len());
            let value = after[..end].replace("&amp;", "&");
            if is_id {
                ids.insert(value);
            } else {
                urls.push(value);
            }
            rest = &after[end..];
        }
    }
    (urls, ids)
}

/// `from`'s folder joined with `rel`, or `None` if it climbs above the root.
fn resolve(from: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The web site's own address and the files it has: absolute links under
/// `base_url` must lead to one of them.
pub struct Own<'a> {
    pub base_url: &'a str,
    pub paths: &'a HashSet<String>,
}

impl Own<'_> {
    /// The problem with `url` if it is under `base_url` and leads to no
    /// file of the site.
    fn problem(&self, url: &str) -> Option<String> {
        let rest = url.strip_prefix(self.base_url)?;
        let path = rest.split(['#', '?']).next().unwrap_or("");
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let target = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        let found =
            self.paths.contains(&target) || self.paths.contains(&format!("{target}/index.html"));
        (!found).then(|| {
            format!("`{url}` is an address of the site itself, but the build writes no `{target}`")
        })
    }
}

/// Checks every internal link and anchor of one output's HTML pages, and
/// with `own` the absolute links into the web site; returns (pages, links
/// checked, problems).
pub fn check_links(
    folder: &str,
    files: &[OutFile],
    own: Option<&Own>,
) -> (usize, usize, Vec<Diagnostic>) {
    let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut ids: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut urls: Vec<(&str, Vec<String>)> = Vec::new();
    for f in files {
        if let (true, Content::Bytes(b)) = (f.path.ends_with(".html"), &f.content) {
            let (u, i) = scan(&String::from_utf8_lossy(b));
            ids.insert(f.path.as_str(), i);
            urls.push((f.path.as_str(), u));
        }
    }
    let mut found = Vec::new();
    let mut checked = 0;
    for (page, list) in &urls {
        // The 404 page is served at any address; its links start at the site's root.
        if *page == "404.html" {
            continue;
        }
        for url in list {
            if let Some(p) = own.and_then(|o| {
                checked += usize::from(url.starts_with(o.base_url));
                o.problem(url)
            }) {
                found.push(
                    Diagnostic::error(format!("{folder}/{page}"), None, format!("broken link {p}"))
                        .hint("link to a page the forum has, or to an address outside the site's own `base_url`"),
                );
                continue;
            }
            let external = ["http:", "https:", "mailto:", "tel:", "data:"]
                .iter()
                .any(|s| url.starts_with(s));
            if external || url.starts_with('/') {
                continue;
            }
            checked += 1;
            let (path, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or("");
            let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
            let target = if decoded.is_empty() {
                Some((*page).to_string())
            } else {
                resolve(page, &decoded).map(|t| {
                    if t.is_empty() || t.ends_with('/') {
                        format!("{t}index.html")
                    } else {
                        t
                    }
                })
            };
            let problem = match &target {
                None => Some(format!("`{url}` points above the site's root")),
                Some(t) if !paths.contains(t.as_str()) => Some(format!(
                    "`{url}` points to `{t}`, which the build does not write"
                )),
                Some(t) => fragment.filter(|f| !f.is_empty()).and_then(|f| {
                    let has = ids.get(t.as_str()).is_some_and(|set| {
                        set.contains(
                            &percent_encoding::percent_decode_str(f)
                                .decode_utf8_lossy()
                                .to_string(),
                        )
                    });
                    (!has && t.ends_with(".html"))
                        .then(|| format!("`{url}`: `{t}` has no element with id `{f}`"))
                }),
            };
            if let Some(p) = problem {
                found.push(
                    Diagnostic::error(format!("{folder}/{page}"), None, format!("broken link {p}"))
                        .hint("a link written in a template or in Markdown points to nothing; check the theme's templates or the Markdown link"),
                );
            }
        }
    }
    (urls.len(), checked, found)
}

/// Warnings about an agenda that is valid but probably not what was meant.
fn agenda_sanity(forum: &Forum, sources: &Sources) -> Vec<Diagnostic> {
    let agenda = Path::new("agenda.yaml");
    let positions = sources
        .get(agenda)
        .map(|t| Positions::of(&t, 0))
        .unwrap_or_default();
    let at = |id: &str, key: &'static str| {
        let (d, s) = sources.sessions.get(id).copied().unwrap_or((0, 0));
        positions.value(&[
            Seg::Key("days"),
            Seg::Index(d),
            Seg::Key("sessions"),
            Seg::Index(s),
            Seg::Key(key),
        ])
    };
    let mut out = Vec::new();
    let early = jiff::civil::Time::constant(6, 0, 0, 0);
    let late = jiff::civil::Time::constant(23, 0, 0, 0);
    for day in &forum.agenda.days {
        for a in &day.sessions {
            if a.start < early || a.end > late {
                out.push(
                    Diagnostic::warning(agenda, Some(at(&a.id, "start")), format!("`{}` runs outside 06:00–23:00", a.id))
                        .hint("times are 24 h local times: check for a typo such as \"03:00\" for \"15:00\""),
                );
            }
        }
    }
    // A person in two sessions at once: each person's sessions of a day,
    // sorted by start, against those that start before one ends.
    for s in &forum.speakers {
        let mut mine: Vec<(&crate::model::Day, &crate::model::Session)> =
            forum.sessions_of(&s.id).collect();
        mine.sort_by_key(|(d, x)| (d.date, x.start));
        let place =
            |x: &crate::model::Session| sources.sessions.get(&x.id).copied().unwrap_or((0, 0));
        crate::model::overlaps(
            &mine,
            |(d, x)| ((d.date, x.start), (d.date, x.end)),
            |(_, a), (_, b)| {
                let (first, later) = if place(a) <= place(b) { (a, b) } else { (b, a) };
                out.push(
                    Diagnostic::warning(
                        agenda,
                        Some(at(&later.id, "start")),
                        format!(
                            "`{}` is in `{}` and `{}` at the same time",
                            s.id, first.id, later.id
                        ),
                    )
                    .hint("check the times, or the speakers of one of the sessions"),
                );
            },
        );
    }
    let in_sessions: HashSet<&str> = forum
        .sessions()
        .flat_map(|(_, s)| s.speakers.iter().chain(&s.moderators))
        .map(String::as_str)
        .collect();
    for s in &forum.speakers {
        if !in_sessions.contains(s.id.as_str()) {
            out.push(
                Diagnostic::warning(
                    Path::new("speakers").join(format!("{}.md", s.id)),
                    None,
                    format!("`{}` has no session in the agenda", s.id),
                )
                .hint("add the id to a session's `speakers` or `moderators`, or remove the file"),
            );
        }
    }
    let linked: HashSet<&str> = forum
        .sessions()
        .flat_map(|(_, s)| s.presentations.iter())
        .map(String::as_str)
        .collect();
    let file = Path::new("presentations.yaml");
    let ppos = sources
        .get(file)
        .map(|t| Positions::of(&t, 0))
        .unwrap_or_default();
    for (i, p) in forum.presentations.iter().enumerate() {
        if !linked.contains(p.id.as_str()) {
            out.push(
                Diagnostic::warning(
                    file,
                    Some(ppos.value(&[Seg::Index(i), Seg::Key("id")])),
                    format!("the presentation `{}` is not linked from any session", p.id),
                )
                .hint("add its id to the `presentations` of the session where it is given"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, html: &str) -> OutFile {
        OutFile {
            path: path.into(),
            content: Content::Bytes(html.as_bytes().to_vec()),
        }
    }

    #[test]
    fn finds_missing_pages_and_anchors() {
        let files = [
            page(
                "en/index.html",
                r#"<a href="agenda/">A</a> <a href="agenda/#opening">O</a> <a href="agenda/#nope">N</a> <a href="../../x">X</a> <a href="https://x.org/">E</a>"#,
            ),
            page(
                "en/agenda/index.html",
                r#"<li id="opening"></li><a href="../speakers/">S</a><img src="../../files/a%20b.pdf">"#,
            ),
            page("files/a b.pdf", ""),
        ];
        let (pages, links, found) = check_links("site", &files, None);
        assert_eq!((pages, links), (2, 6));
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:#?}");
        assert!(messages[0].contains("no element with id `nope`"));
        assert!(messages[1].contains("above the site's root"));
        assert!(messages[2].contains("en/speakers/index.html"));
    }
}
