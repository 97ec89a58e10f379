//! Output stage: names and sizes that FAT32 and exFAT drives accept.
//!
//! The USB bundle is copied to drives formatted FAT32 or exFAT and opened on
//! Windows, macOS and Linux, so every file must pass all of these.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::output::{Content, OutFile};

/// The largest file FAT32 stores (4 GiB − 1 byte).
pub const MAX_SIZE: u64 = 4 * 1024 * 1024 * 1024 - 1;
/// The longest path we allow, below Windows' 260 with room for a drive folder.
pub const MAX_PATH: usize = 240;
const RESERVED_CHARS: &[char] = &['<', '>', ':', '"', '\\', '|', '?', '*'];
const RESERVED_NAMES: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Every file of a bundle must fit on a FAT32 or exFAT drive: one
/// diagnostic per problem, naming the project file a copied file comes from.
pub fn check_files(files: &[OutFile]) -> Result<(), Vec<Diagnostic>> {
    let sizes: Vec<(&str, u64)> = files.iter().map(|f| (f.path.as_str(), f.size())).collect();
    let problems = check(sizes);
    if problems.is_empty() {
        return Ok(());
    }
    Err(problems
        .into_iter()
        .map(|p| {
            // Name the project file the bundle file comes from, where there is one.
            let source = files
                .iter()
                .find(|f| f.path == p.path)
                .and_then(|f| match &f.content {
                    Content::Copy(src) => Some(src.rel.clone()),
                    Content::Bytes(_) | Content::Zip(_) | Content::Staged { .. } => None,
                });
            Diagnostic::error(
                source.unwrap_or_else(|| PathBuf::from(&p.path)),
                None,
                format!("cannot go on a USB drive: {}", p.message),
            )
            .hint(if p.message.contains("4 GiB") {
                "split or compress the file: FAT32 drives refuse files of 4 GiB or more"
            } else {
                "rename the file: FAT32 and exFAT drives refuse this name"
            })
        })
        .collect())
}

/// What is wrong with one file of the bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The bundle path (`/`-separated).
    pub path: String,
    pub message: String,
}

/// Checks every `(path, size)` of a bundle; returns the problems found.
pub fn check<'a>(files: impl IntoIterator<Item = (&'a str, u64)>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut folded: HashMap<String, &str> = HashMap::new();
    let mut problem = |path: &str, message: String| {
        problems.push(Problem {
            path: path.to_string(),
            message,
        });
    };
    for (path, size) in files {
        if size > MAX_SIZE {
            problem(
                path,
                format!("the file is {size} bytes; FAT32 drives hold files under 4 GiB"),
            );
        }
        let chars = path.chars().count();
        if chars > MAX_PATH {
            problem(
                path,
                format!("the path has {chars} characters; at most {MAX_PATH} work on every system"),
            );
        }
        for part in path.split('/') {
            if let Some(c) = part
                .chars()
                .find(|c| RESERVED_CHARS.contains(c) || c.is_control())
            {
                let shown = if c.is_control() {
                    format!("control character U+{:04X}", u32::from(c))
                } else {
                    format!("`{c}`")
                };
                problem(
                    path,
                    format!(
                        "the name `{part}` contains {shown}, which FAT32 and exFAT do not allow"
                    ),
                );
            }
            if part.ends_with('.') || part.ends_with(' ') {
                problem(
                    path,
                    format!("the name `{part}` ends with a dot or a space, which Windows drops"),
                );
            }
            let stem = part.split('.').next().unwrap_or(part).to_ascii_uppercase();
            if RESERVED_NAMES.contains(&stem.as_str()) {
                problem(
                    path,
                    format!("`{part}` is a reserved device name on Windows"),
                );
            }
        }
        // Two paths equal except for case: one overwrites the other on the drive.
        let key = path.to_lowercase();
        if let Some(other) = folded.get(&key) {
            if *other != path {
                problem(
                    path,
                    format!(
                        "differs from `{other}` only in upper and lower case; on the drive one would replace the other"
                    ),
                );
            }
        } else {
            folded.insert(key, path);
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(files: &[(&str, u64)]) -> Vec<String> {
        check(files.iter().copied())
            .into_iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect()
    }

    #[test]
    fn accepts_ordinary_names_with_spaces_and_accents() {
        assert!(
            messages(&[
                ("files/presentación cadenas globales.pdf", 10),
                ("en/index.html", 1)
            ])
            .is_empty()
        );
    }

    #[test]
    fn refuses_what_fat_drives_cannot_hold() {
        let m = messages(&[
            ("files/a:b.pdf", 1),
            ("files/big.mp4", MAX_SIZE + 1),
            ("files/Slides.pdf", 1),
            ("files/slides.PDF", 1),
            ("files/tab\there.pdf", 1),
            ("files/con.txt", 1),
        ]);
        assert_eq!(m.len(), 5, "{m:#?}");
        assert!(m[0].contains("`:`"));
        assert!(m[1].contains("4 GiB"));
        assert!(m[2].contains("only in upper and lower case"));
        assert!(m[3].contains("U+0009"));
        assert!(m[4].contains("reserved device name"));
        let long = format!("files/{}.pdf", "a".repeat(240));
        assert_eq!(messages(&[(long.as_str(), 1)]).len(), 1);
    }
}
