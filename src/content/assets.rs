//! Content stage: `files/` and `images/`, copied as they are.

use std::path::{Component, Path};

use super::Reader;
use crate::diagnostics::Diagnostic;
use crate::model::{Asset, AssetDir};
use crate::safe_path::Kind;
use crate::yaml::Pos;

/// Lists every file under `files/` and `images/`. Symbolic links are refused.
pub(super) fn scan(r: &mut Reader) -> Vec<Asset> {
    let mut out = Vec::new();
    // Names equal once Unicode is normalised (`é` as one character or as
    // `e` and an accent) are one file on macOS and on many drives.
    let mut normalised: std::collections::HashMap<String, String> =
        std::collections::HashMap::new();
    for (dir, kind) in [("files", AssetDir::Files), ("images", AssetDir::Images)] {
        let listed = match crate::safe_path::walk(&r.root, Path::new(dir)) {
            Ok(Some(listed)) => listed,
            Ok(None) => continue,
            Err(d) => {
                r.diags.push(d);
                continue;
            }
        };
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
            let rel = found.rel.as_path();
            if found.name.starts_with('.') {
                continue;
            }
            if found.kind == Kind::Symlink {
                r.diags.push(
                    Diagnostic::error(rel, None, "symbolic links are not copied")
                        .hint("copy the file itself into the project"),
                );
                continue;
            }
            if found.kind == Kind::Other {
                let what = crate::safe_path::probe(&r.root, rel)
                    .err()
                    .map_or_else(|| "not a regular file".into(), |e| e.describe());
                r.diags.push(
                    Diagnostic::error(rel, None, format!("{what}; it is not copied"))
                        .hint("replace it with the file itself, or remove it"),
                );
                continue;
            }
            if found.kind != Kind::File {
                continue;
            }
            let Some(path) = slash_path(rel) else {
                r.diags.push(
                    Diagnostic::error(rel, None, "the file name is not valid Unicode")
                        .hint("rename the file using letters, digits, spaces, `-` and `_`"),
                );
                continue;
            };
            let key: String =
                unicode_normalization::UnicodeNormalization::nfc(path.as_str()).collect();
            if let Some(other) = normalised.get(&key) {
                r.diags.push(
                    Diagnostic::error(
                        rel,
                        None,
                        format!(
                            "`{path}` has the same name as `{other}`, written with other Unicode \
                             characters; on macOS and on many drives they are one file"
                        ),
                    )
                    .hint("rename one of the two files"),
                );
                continue;
            }
            normalised.insert(key, path.clone());
            // Opened and checked now; images the handout may inline, and
            // captions the USB bundle inlines, are read through that handle
            // now: rendering reads no file.
            let (file, identity) = match crate::safe_path::open_checked(&r.root, rel) {
                Ok(opened) => opened,
                Err(refused) => {
                    r.diags.push(refused.diagnostic(rel));
                    continue;
                }
            };
            let inline = if (kind == AssetDir::Images && Asset::inline_mime(&path).is_some())
                || (kind == AssetDir::Files && Asset::is_captions(&path))
            {
                let mut bytes = Vec::new();
                if let Err(e) = std::io::Read::read_to_end(&mut &file, &mut bytes) {
                    r.diags
                        .push(crate::safe_path::Refused::Io(e).diagnostic(rel));
                    continue;
                }
                Some(std::sync::Arc::from(bytes))
            } else {
                None
            };
            out.push(Asset {
                dir: kind,
                path,
                size: identity.size,
                source: crate::safe_path::SourceFile {
                    root: r.root.clone(),
                    rel: rel.to_path_buf(),
                    identity,
                },
                inline,
            });
        }
    }
    out
}

fn slash_path(rel: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    parts.map(|p| p.join("/"))
}

/// `./images/x.png` → `images/x.png`.
pub(super) fn normalize(path: &str) -> String {
    path.trim_start_matches("./").to_string()
}

/// Checks a reference to a file that must exist under `dir/` (`files` or
/// `images`) and stay inside the project.
pub(super) fn check_ref(r: &mut Reader, file: &Path, pos: Pos, path: &str, dir: &str) -> bool {
    let path = normalize(path);
    let p = Path::new(&path);
    let leaves = p.is_absolute()
        || p.components().any(|c| {
            matches!(
                c,
                Component::ParentDir | Component::RootDir | Component::Prefix(_)
            )
        });
    if leaves {
        r.diags.push(
            Diagnostic::error(
                file,
                Some(pos),
                format!("`{path}` points outside the forum project"),
            )
            .hint(format!(
                "put the file under {dir}/ and write the path as `{dir}/<name>`"
            )),
        );
        return false;
    }
    if !path.starts_with(&format!("{dir}/")) {
        r.diags.push(
            Diagnostic::error(file, Some(pos), format!("`{path}` is not under {dir}/")).hint(
                format!("put the file under {dir}/ and write the path as `{dir}/<name>`"),
            ),
        );
        return false;
    }
    match crate::safe_path::probe(&r.root, p) {
        Ok(_) => true,
        Err(crate::safe_path::Refused::Symlink(link)) => {
            r.diags.push(
                Diagnostic::error(
                    file,
                    Some(pos),
                    format!("`{}` is a symbolic link", link.display()),
                )
                .hint("copy the file itself into the project"),
            );
            false
        }
        Err(refused @ crate::safe_path::Refused::NotRegular(_)) => {
            r.diags.push(
                Diagnostic::error(file, Some(pos), format!("`{path}`: {}", refused.describe()))
                    .hint("replace it with the file itself"),
            );
            false
        }
        _ => {
            r.diags.push(
                Diagnostic::error(file, Some(pos), format!("`{path}` does not exist")).hint(
                    format!(
                        "check the file name (it is case-sensitive) and that the file is in {dir}/"
                    ),
                ),
            );
            false
        }
    }
}
