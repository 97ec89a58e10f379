//! Content stage: the Markdown files of a folder (`speakers/`, `pages/`,
//! `report/`) and the id and language in each file name.

use std::path::{Path, PathBuf};

use super::reader::Reader;
use crate::diagnostics::Diagnostic;
use crate::safe_path::Kind;
use crate::slug::{check_id, suggest_id};

/// Lists `*.md` files directly in `dir` (relative to the project), sorted.
pub(crate) fn markdown_files(r: &mut Reader, dir: &str) -> Vec<(PathBuf, String)> {
    let listed = match crate::safe_path::walk(&r.root, Path::new(dir)) {
        Ok(Some(listed)) => listed,
        Ok(None) => return Vec::new(),
        Err(d) => {
            r.diags.push(d);
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for found in listed {
        let found = match found {
            Ok(f) => f,
            Err(e) => {
                r.diags.push(Diagnostic::error(
                    dir,
                    None,
                    format!("cannot list the folder: {e}"),
                ));
                continue;
            }
        };
        let (rel, name) = (found.rel, found.name);
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        if found.kind == Kind::Symlink {
            r.diags.push(
                Diagnostic::error(&rel, None, "symbolic links are not read")
                    .hint("copy the file into the project instead of linking to it"),
            );
            continue;
        }
        if found.depth > 1 || found.kind == Kind::Folder {
            if found.kind == Kind::File && name.ends_with(".md") {
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

/// The error for `rel`, a translation whose default-language file
/// `<dir>/<id>.md` does not exist (`None` when it does: the default file
/// then has its own error). `subject` completes "a translation …, [who or
/// which] has no": e.g. "for the speaker `ana`, who"; `add` completes the
/// hint "add <dir>/<id>.md in the default language (es)".
pub(crate) fn orphan_translation(
    root: &Path,
    rel: &Path,
    (dir, id): (&str, &str),
    subject: &str,
    default_lang: &str,
    add: &str,
) -> Option<Diagnostic> {
    let default_file = format!("{dir}/{id}.md");
    if root.join(dir).join(format!("{id}.md")).is_file() {
        return None;
    }
    Some(
        Diagnostic::error(
            rel,
            None,
            format!("a translation {subject} has no {default_file}"),
        )
        .hint(format!(
            "add {default_file} in the default language ({default_lang}){add}"
        )),
    )
}
