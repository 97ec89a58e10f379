//! Content stage: reads a forum project from disk into the model.
//!
//! Every file is read and checked even after an error, so one run reports
//! every problem. Nothing here renders or writes.

mod agenda;
mod assets;
mod documents;
mod forum;
mod presentations;
mod references;
mod speakers;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Forum, Localized, TextStart};
use crate::yaml::{self, Pos, Positions, Seg};

/// The text of every file read, for showing source lines in diagnostics.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    pub texts: BTreeMap<PathBuf, String>,
    /// Where each session id stands in agenda.yaml: (day index, session index).
    pub sessions: std::collections::HashMap<String, (usize, usize)>,
}

impl Sources {
    pub fn get(&self, file: &Path) -> Option<&str> {
        self.texts.get(file).map(String::as_str)
    }
}

/// The result of loading: the forum as far as it could be built (complete
/// only when `diagnostics` has no error), and every diagnostic found.
pub struct Loaded {
    pub forum: Option<Forum>,
    pub diagnostics: Diagnostics,
    pub sources: Sources,
}

/// Reads and validates the whole project at `root`.
pub fn load(root: &Path) -> Loaded {
    load_cached(root, None)
}

/// Like [`load`], re-using what `cache` (kept by `watch` between rebuilds)
/// parsed from files that have not changed since (same size and time).
pub fn load_cached(root: &Path, cache: Option<&LoadCache>) -> Loaded {
    let mut r = Reader {
        root: root.to_path_buf(),
        diags: Diagnostics::default(),
        sources: Sources::default(),
        cache: cache.cloned(),
    };
    let forum = load_all(&mut r);
    Loaded {
        forum,
        diagnostics: r.diags.sorted(),
        sources: r.sources,
    }
}

fn load_all(r: &mut Reader) -> Option<Forum> {
    if !r.root.is_dir() {
        r.diags.push(
            Diagnostic::error("", None, "the forum project folder does not exist")
                .hint("pass the folder that holds forum.yaml, e.g. `foro build content`"),
        );
        return None;
    }
    let config = forum::load(r)?;
    let langs = config.languages.clone();
    let assets = assets::scan(r);
    let agenda = agenda::load(r, &config);
    let speakers = speakers::load(r, &langs);
    let presentations = presentations::load(r, &langs);
    let participation = presentations::load_participation(r);
    let pages = documents::load(r, crate::model::DocKind::Page, &langs);
    let reports = documents::load(r, crate::model::DocKind::Report, &langs);
    let forum = Forum {
        config,
        agenda: agenda?,
        speakers,
        presentations: presentations.unwrap_or_default(),
        pages,
        reports,
        participation,
        assets,
        index: std::sync::OnceLock::new(),
    };
    references::check(r, &forum);
    Some(forum)
}

/// State shared by the loaders of one project.
pub(crate) struct Reader {
    pub root: PathBuf,
    pub diags: Diagnostics,
    pub sources: Sources,
    pub cache: Option<LoadCache>,
}

/// Speaker files parsed in earlier loads, by path, with the size and time
/// they had: `watch` re-parses only the files that changed.
#[derive(Clone, Default)]
pub struct LoadCache {
    speakers: std::sync::Arc<std::sync::Mutex<HashMap<PathBuf, Cached>>>,
}

#[derive(Clone)]
struct Cached {
    stamp: (u64, std::time::SystemTime),
    value: std::sync::Arc<dyn std::any::Any + Send + Sync>,
    diags: Vec<Diagnostic>,
    texts: Vec<(PathBuf, String)>,
}

impl Reader {
    /// `parse(child reader)` for the file `rel`, or its cached result when
    /// the file has the same size and modification time as then.
    pub fn cached<T: Clone + Send + Sync + 'static>(
        &self,
        rel: &Path,
        parse: impl FnOnce(&mut Reader) -> T,
    ) -> (T, Reader) {
        let mut sub = self.child();
        let stamp = std::fs::metadata(self.root.join(rel))
            .ok()
            .and_then(|m| Some((m.len(), m.modified().ok()?)));
        let (Some(cache), Some(stamp)) = (&self.cache, stamp) else {
            let value = parse(&mut sub);
            return (value, sub);
        };
        let hit = cache
            .speakers
            .lock()
            .ok()
            .and_then(|m| m.get(rel).filter(|c| c.stamp == stamp).cloned());
        if let Some(c) = hit {
            if let Some(value) = c.value.downcast_ref::<T>() {
                sub.diags.extend(c.diags);
                sub.sources.texts.extend(c.texts);
                return (value.clone(), sub);
            }
        }
        let value = parse(&mut sub);
        let entry = Cached {
            stamp,
            value: std::sync::Arc::new(value.clone()),
            diags: sub.diags.items.clone(),
            texts: sub
                .sources
                .texts
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        };
        if let Ok(mut m) = cache.speakers.lock() {
            m.insert(rel.to_path_buf(), entry);
        }
        (value, sub)
    }
}

impl Reader {
    /// A reader of the same project with nothing collected yet, for reading
    /// files in parallel; merge it back with [`Reader::absorb`].
    pub fn child(&self) -> Reader {
        Reader {
            root: self.root.clone(),
            diags: Diagnostics::default(),
            sources: Sources::default(),
            cache: self.cache.clone(),
        }
    }

    /// Takes in what a child reader collected.
    pub fn absorb(&mut self, child: Reader) {
        self.diags.extend(child.diags.items);
        self.sources.texts.extend(child.sources.texts);
    }

    /// Reads a UTF-8 text file; `None` (with an error) if it cannot.
    pub fn read(&mut self, rel: &Path) -> Option<String> {
        if let Some(link) = symlink_in(&self.root, rel) {
            self.diags.push(symlink_error(rel, &link));
            return None;
        }
        let bytes = match std::fs::read(self.root.join(rel)) {
            Ok(b) => b,
            Err(e) => {
                self.diags.push(Diagnostic::error(
                    rel,
                    None,
                    format!("cannot read the file: {e}"),
                ));
                return None;
            }
        };
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.remove(0);
                }
                if text.contains('\r') {
                    text = text.replace("\r\n", "\n");
                }
                self.sources.texts.insert(rel.to_path_buf(), text.clone());
                Some(text)
            }
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let bytes = e.as_bytes();
                let line = bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
                let col = offset
                    - bytes[..offset]
                        .iter()
                        .rposition(|b| *b == b'\n')
                        .map_or(0, |i| i + 1)
                    + 1;
                self.diags.push(
                    Diagnostic::error(
                        rel,
                        Some(Pos { line, col }),
                        format!("the file is not valid UTF-8 text (byte offset {offset})"),
                    )
                    .hint("save the file as UTF-8 in your editor"),
                );
                None
            }
        }
    }

    /// Parses YAML, reporting a syntax or type error at its position.
    pub fn parse<T: DeserializeOwned>(
        &mut self,
        rel: &Path,
        text: &str,
        line_offset: usize,
    ) -> Option<T> {
        match yaml::from_str(text) {
            Ok(v) => Some(v),
            Err(e) => {
                let pos = Pos {
                    line: e.pos.line + line_offset,
                    col: e.pos.col,
                };
                let hint = yaml_hint(&e.message);
                let mut d = Diagnostic::error(rel, Some(pos), e.message);
                if let Some(h) = hint {
                    d = d.hint(h);
                }
                self.diags.push(d);
                None
            }
        }
    }

    /// A checker for the values of one YAML file.
    pub fn file<'a>(
        &'a mut self,
        rel: &Path,
        positions: Positions,
        langs: &'a [String],
    ) -> FileCheck<'a> {
        FileCheck {
            diags: &mut self.diags,
            file: rel.to_path_buf(),
            positions,
            langs,
        }
    }
}

fn yaml_hint(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        // "unknown field `positon`, expected one of `name`, `position`, ..."
        let field = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        Some(crate::diagnostics::suggest(
            field,
            expected,
            "check the spelling against docs/content-format.md; fields are lowercase",
        ))
    } else if message.contains("did not find expected")
        || message.contains("mapping values are not allowed")
    {
        Some("check the indentation, and quote text that contains `: ` or starts with a special character".into())
    } else if message.starts_with("missing field") {
        Some("add the field; docs/content-format.md lists the required ones".into())
    } else {
        None
    }
}

/// Checks values of one YAML file and reports at their positions.
pub(crate) struct FileCheck<'a> {
    pub diags: &'a mut Diagnostics,
    pub file: PathBuf,
    pub positions: Positions,
    pub langs: &'a [String],
}

impl FileCheck<'_> {
    pub fn error(&mut self, path: &[Seg], message: impl Into<String>, hint: impl Into<String>) {
        let pos = self.positions.value(path);
        self.diags
            .push(Diagnostic::error(&self.file, Some(pos), message).hint(hint));
    }

    pub fn warning(&mut self, path: &[Seg], message: impl Into<String>, hint: impl Into<String>) {
        let pos = self.positions.value(path);
        self.diags
            .push(Diagnostic::warning(&self.file, Some(pos), message).hint(hint));
    }

    /// An id, slug or reference must be a valid id.
    pub fn id(&mut self, path: &[Seg], value: &str, what: &str) -> bool {
        if let Err(why) = check_id(value) {
            self.error(
                path,
                format!("invalid {what} `{value}`: {why}"),
                format!(
                    "use lowercase letters, digits and `-`, e.g. `{}`",
                    suggest_id(value)
                ),
            );
            return false;
        }
        true
    }

    /// Every key of a localized map must be a configured language.
    pub fn localized(&mut self, path: &[Seg], value: &Localized) {
        for key in value.keys() {
            if !self.langs.iter().any(|l| l == key) {
                let mut p = path.to_vec();
                p.push(Seg::Key(key));
                let pos = self.positions.key(&p);
                self.diags.push(
                    Diagnostic::error(
                        &self.file,
                        Some(pos),
                        format!(
                            "`{key}` is not one of the forum's languages ({})",
                            self.langs.join(", ")
                        ),
                    )
                    .hint(crate::diagnostics::suggest(
                        key,
                        self.langs.iter().map(String::as_str),
                        "add the language to `languages` in forum.yaml, or remove this entry",
                    )),
                );
            }
        }
    }

    /// An absolute http(s) URL.
    pub fn url(&mut self, path: &[Seg], value: &str) {
        if let Err(why) = check_url(value) {
            self.error(
                path,
                format!("invalid URL `{value}`: {why}"),
                "write a full address such as `https://www.example.org/`",
            );
        }
    }
}

/// Where each language's text of the localized value at `path` starts
/// (`""` for a single text): past a block scalar's `|` or `>` line, with
/// the block's indentation.
pub(crate) fn localized_lines(
    text: &str,
    positions: &Positions,
    path: &[Seg],
    value: &Localized,
) -> Vec<TextStart> {
    let start_at = |lang: &str, path: &[Seg]| {
        let pos = positions.value(path);
        let line = text.lines().nth(pos.line.saturating_sub(1)).unwrap_or("");
        let rest: String = line.chars().skip(pos.col.saturating_sub(1)).collect();
        let rest = rest.trim_start_matches(['"', '\'']);
        if rest.starts_with('|') || rest.starts_with('>') {
            let next = text.lines().nth(pos.line).unwrap_or("");
            TextStart {
                lang: lang.to_string(),
                line: pos.line + 1,
                indent: next.len() - next.trim_start().len(),
            }
        } else {
            let quoted = line
                .chars()
                .nth(pos.col.saturating_sub(1))
                .is_some_and(|c| c == '"' || c == '\'');
            TextStart {
                lang: lang.to_string(),
                line: pos.line,
                indent: pos.col.saturating_sub(1) + usize::from(quoted),
            }
        }
    };
    match value {
        Localized::One(_) => vec![start_at("", path)],
        Localized::Map(map) => map
            .iter()
            .map(|(lang, _)| {
                let mut p = path.to_vec();
                p.push(Seg::Key(lang));
                start_at(lang, &p)
            })
            .collect(),
    }
}

/// Ids: lowercase ASCII letters, digits and `-`, starting with a letter or
/// digit, at most 64 characters.
pub fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("it is empty".into());
    }
    if id.len() > 64 {
        return Err(format!(
            "it has {} characters, at most 64 are allowed",
            id.len()
        ));
    }
    if id.starts_with('-') {
        return Err("it starts with `-`".into());
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(format!("`{c}` is not allowed"));
    }
    Ok(())
}

/// A valid id close to `s`, for hints.
pub fn suggest_id(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = deaccent(c).to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(64).collect();
    if out.is_empty() { "my-id".into() } else { out }
}

fn deaccent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'n',
        'ç' | 'Ç' => 'c',
        other => other,
    }
}

/// An absolute `http://` or `https://` URL with a host.
pub fn check_url(url: &str) -> Result<(), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it must start with https:// or http://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return Err("it has no host name");
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
    {
        return Err("it contains spaces or characters that must be percent-encoded");
    }
    Ok(())
}

/// The first part of `rel` (a path inside the project at `root`) that is a
/// symbolic link: foro reads nothing through one, so that no file from
/// outside the project is ever read or published.
pub(crate) fn symlink_in(root: &Path, rel: &Path) -> Option<PathBuf> {
    let mut abs = root.to_path_buf();
    let mut shown = PathBuf::new();
    for part in rel.components() {
        abs.push(part);
        shown.push(part);
        if std::fs::symlink_metadata(&abs).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some(shown);
        }
    }
    None
}

/// The error for a file reached through the symbolic link `link`.
pub(crate) fn symlink_error(rel: &Path, link: &Path) -> Diagnostic {
    let message = format!(
        "`{}` is a symbolic link; foro reads only files inside the project",
        link.display()
    );
    Diagnostic::error(rel, None, message)
        .hint("copy the file or folder itself into the project instead of linking to it")
}

/// A Markdown file split into its front matter and body.
pub(crate) struct FrontMatter<'a> {
    /// The YAML between the `---` lines (empty if there is none).
    pub yaml: &'a str,
    /// The 1-based line where the YAML starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// The 1-based line where the body starts.
    pub body_line: usize,
}

/// Splits `---` front matter from a Markdown text. An opening `---` without
/// a closing one is an error (returns the line of the opening).
pub(crate) fn split_front_matter(text: &str) -> Result<FrontMatter<'_>, usize> {
    let Some(after_open) = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
    else {
        return Ok(FrontMatter {
            yaml: "",
            yaml_line: 1,
            body: text,
            body_line: 1,
        });
    };
    let mut offset = 0;
    for (i, line) in after_open.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let yaml = &after_open[..offset];
            let body = &after_open[offset + line.len()..];
            return Ok(FrontMatter {
                yaml,
                yaml_line: 2,
                body,
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(1)
}

/// Lists `*.md` files directly in `dir` (relative to the project), sorted.
pub(crate) fn markdown_files(r: &mut Reader, dir: &str) -> Vec<(PathBuf, String)> {
    let abs = r.root.join(dir);
    if let Some(link) = symlink_in(&r.root, Path::new(dir)) {
        r.diags.push(symlink_error(Path::new(dir), &link));
        return Vec::new();
    }
    if !abs.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&abs).min_depth(1).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                r.diags.push(Diagnostic::error(
                    dir,
                    None,
                    format!("cannot list the folder: {e}"),
                ));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().to_string();
        let rel = Path::new(dir).join(entry.path().strip_prefix(&abs).unwrap_or(entry.path()));
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        if entry.file_type().is_symlink() {
            r.diags.push(
                Diagnostic::error(&rel, None, "symbolic links are not read")
                    .hint("copy the file into the project instead of linking to it"),
            );
            continue;
        }
        if entry.depth() > 1 || entry.file_type().is_dir() {
            if entry.file_type().is_file() && name.ends_with(".md") {
                r.diags.push(
                    Diagnostic::warning(
                        &rel,
                        None,
                        format!("files in sub-folders of {dir}/ are not read"),
                    )
                    .hint(format!("move it directly into {dir}/")),
                );
            }
            continue;
        }
        if let Some(stem) = name.strip_suffix(".md") {
            out.push((rel, stem.to_string()));
        }
    }
    out
}

/// Splits `id.lang` into the id and the language (`None` for the default).
/// Reports an unknown language or a bad id; returns `None` then.
pub(crate) fn split_lang_stem(
    r: &mut Reader,
    rel: &Path,
    stem: &str,
    langs: &[String],
    what: &str,
) -> Option<(String, Option<String>)> {
    let (id, lang) = match stem.split_once('.') {
        Some((id, lang)) => (id, Some(lang)),
        None => (stem, None),
    };
    if let Err(why) = check_id(id) {
        r.diags.push(
            Diagnostic::error(
                rel,
                None,
                format!("invalid {what} `{id}` in the file name: {why}"),
            )
            .hint(format!("rename the file to `{}.md`", suggest_id(id))),
        );
        return None;
    }
    if let Some(lang) = lang {
        if !langs.iter().any(|l| l == lang) {
            r.diags.push(
                Diagnostic::error(
                    rel,
                    None,
                    format!(
                        "`{lang}` in the file name is not one of the forum's languages ({})",
                        langs.join(", ")
                    ),
                )
                .hint(
                    "name translations `<id>.<language>.md`, with a language listed in forum.yaml",
                ),
            );
            return None;
        }
        if lang == langs[0] {
            r.diags.push(
                Diagnostic::error(
                    rel,
                    None,
                    format!("`{lang}` is the default language; its text belongs in `{id}.md`"),
                )
                .hint(format!("rename the file to `{id}.md`")),
            );
            return None;
        }
    }
    Some((id.to_string(), lang.map(str::to_string)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_contract() {
        assert!(check_id("ana-maria-quispe").is_ok());
        assert!(check_id("2017-day-1").is_ok());
        assert!(check_id("Ana").is_err());
        assert!(check_id("-x").is_err());
        assert!(check_id("a_b").is_err());
        assert!(check_id(&"a".repeat(65)).is_err());
        assert!(check_id(&"a".repeat(64)).is_ok());
        assert_eq!(suggest_id("Ana María Quispe"), "ana-maria-quispe");
    }

    #[test]
    fn front_matter_lines_are_counted_from_the_file_start() {
        let fm = split_front_matter("---\nname: A\nx: 1\n---\nBio\n").unwrap();
        assert_eq!(fm.yaml, "name: A\nx: 1\n");
        assert_eq!((fm.yaml_line, fm.body_line, fm.body), (2, 5, "Bio\n"));
        assert_eq!(split_front_matter("---\nname: A\n").err(), Some(1));
        assert_eq!(split_front_matter("# Hi\n").unwrap().body, "# Hi\n");
    }

    #[test]
    fn urls_need_a_scheme_and_host() {
        assert!(check_url("https://example.org/a b").is_err());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_url("https://").is_err());
        assert!(check_url("https://www.gob.pe/foro/").is_ok());
    }
}
