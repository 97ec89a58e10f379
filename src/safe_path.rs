//! Content and render stages: nothing is read through a symbolic link, so
//! that no file from outside the project is ever read or published.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// The first part of `rel` (a path inside the project at `root`) that is a
/// symbolic link: foro reads nothing through one, so that no file from
/// outside the project is ever read or published.
pub fn symlink_in(root: &Path, rel: &Path) -> Option<PathBuf> {
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
pub fn symlink_error(rel: &Path, link: &Path) -> Diagnostic {
    let message = format!(
        "`{}` is a symbolic link; foro reads only files inside the project",
        link.display()
    );
    Diagnostic::error(rel, None, message)
        .hint("copy the file or folder itself into the project instead of linking to it")
}

/// What [`walk`] found in a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Folder,
    /// A symbolic link: never followed, never read.
    Symlink,
    Other,
}

/// One entry of a folder listed by [`walk`].
#[derive(Debug)]
pub struct Found {
    /// Relative to the project.
    pub rel: PathBuf,
    /// Relative to the folder walked.
    pub inner: PathBuf,
    /// The absolute path.
    pub path: PathBuf,
    pub name: String,
    /// 1 for the folder's own entries.
    pub depth: usize,
    pub kind: Kind,
    /// The size in bytes of a file (0 if it cannot be read).
    pub size: u64,
}

/// Lists everything under `folder` (relative to the project at `project`),
/// sorted by name, without following symbolic links. `Err` if the folder
/// itself is reached through a symbolic link; `Ok(None)` if it is not a
/// folder. Each entry is found or could not be listed (the caller words the
/// error).
pub fn walk(
    project: &Path,
    folder: &Path,
) -> Result<Option<Vec<Result<Found, walkdir::Error>>>, Diagnostic> {
    if let Some(link) = symlink_in(project, folder) {
        return Err(symlink_error(folder, &link));
    }
    let root = project.join(folder);
    if !root.is_dir() {
        return Ok(None);
    }
    let found = walkdir::WalkDir::new(&root)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| {
            let entry = entry?;
            let inner = entry
                .path()
                .strip_prefix(&root)
                .unwrap_or(entry.path())
                .to_path_buf();
            let t = entry.file_type();
            let kind = if t.is_symlink() {
                Kind::Symlink
            } else if t.is_dir() {
                Kind::Folder
            } else if t.is_file() {
                Kind::File
            } else {
                Kind::Other
            };
            let size = if kind == Kind::File {
                entry.metadata().map_or(0, |m| m.len())
            } else {
                0
            };
            Ok(Found {
                rel: folder.join(&inner),
                inner,
                path: entry.path().to_path_buf(),
                name: entry.file_name().to_string_lossy().to_string(),
                depth: entry.depth(),
                kind,
                size,
            })
        })
        .collect();
    Ok(Some(found))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_lists_sorted_and_never_follows_links() {
        let tmp = tempfile::tempdir().unwrap();
        let project = tmp.path();
        std::fs::create_dir_all(project.join("files/sub")).unwrap();
        std::fs::write(project.join("files/b.txt"), "bb").unwrap();
        std::fs::write(project.join("files/a.txt"), "a").unwrap();
        std::fs::write(project.join("files/sub/c.txt"), "").unwrap();
        let found = walk(project, Path::new("files")).unwrap().unwrap();
        let found: Vec<(String, usize, Kind, u64)> = found
            .into_iter()
            .map(|f| f.unwrap())
            .map(|f| (f.rel.display().to_string(), f.depth, f.kind, f.size))
            .collect();
        assert_eq!(
            found,
            [
                ("files/a.txt".to_string(), 1, Kind::File, 1),
                ("files/b.txt".to_string(), 1, Kind::File, 2),
                ("files/sub".to_string(), 1, Kind::Folder, 0),
                ("files/sub/c.txt".to_string(), 2, Kind::File, 0),
            ]
        );
        assert!(walk(project, Path::new("nothing")).unwrap().is_none());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(project.join("files"), project.join("linked")).unwrap();
            let e = walk(project, Path::new("linked/sub")).unwrap_err();
            assert!(e.message.contains("`linked` is a symbolic link"), "{e:?}");
            std::os::unix::fs::symlink("/etc/hostname", project.join("files/x")).unwrap();
            let kinds: Vec<Kind> = walk(project, Path::new("files"))
                .unwrap()
                .unwrap()
                .into_iter()
                .map(|f| f.unwrap().kind)
                .collect();
            assert!(kinds.contains(&Kind::Symlink));
        }
    }
}
