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

/// What makes an opened file the one checked when the forum was loaded:
/// the same file on the same device, with the same size and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    dev: u64,
    ino: u64,
    pub size: u64,
    modified: Option<std::time::SystemTime>,
}

impl Identity {
    fn of(meta: &std::fs::Metadata) -> Identity {
        #[cfg(unix)]
        let (dev, ino) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (dev, ino) = (0, 0);
        Identity {
            dev,
            ino,
            size: meta.len(),
            modified: meta.modified().ok(),
        }
    }
}

/// A regular file of the project checked when the forum was loaded (no
/// symbolic link on the way, inside the project). Every later read opens it
/// again the same checked way and only if it is still that same file, so a
/// file swapped for a link (or anything else) during a build or a preview
/// is refused instead of followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The project folder.
    pub root: PathBuf,
    /// Relative to the project.
    pub rel: PathBuf,
    pub identity: Identity,
}

impl SourceFile {
    /// Opens and checks `rel` under `root`, recording what it is.
    pub fn check(root: &Path, rel: &Path) -> Result<SourceFile, Refused> {
        let (_, identity) = open_checked(root, rel)?;
        Ok(SourceFile {
            root: root.to_path_buf(),
            rel: rel.to_path_buf(),
            identity,
        })
    }

    pub fn size(&self) -> u64 {
        self.identity.size
    }

    /// The file, opened again through checked folders, if it is still the
    /// file checked at load; an error naming the file otherwise.
    pub fn open(&self) -> std::io::Result<std::fs::File> {
        let shown = crate::diagnostics::escape(&self.rel.display().to_string());
        let (file, identity) = open_checked(&self.root, &self.rel)
            .map_err(|r| std::io::Error::other(format!("`{shown}`: {}", r.describe())))?;
        if identity != self.identity {
            return Err(std::io::Error::other(format!(
                "`{shown}` changed while foro was using it; run the command again"
            )));
        }
        Ok(file)
    }
}

/// Why [`open_checked`] refused a file.
#[derive(Debug)]
pub enum Refused {
    /// Reached through this symbolic link (relative to the project).
    Symlink(PathBuf),
    /// Not a regular file: "a named pipe", "a folder", …
    NotRegular(&'static str),
    /// The path leaves the project (`..`, absolute).
    Outside,
    Io(std::io::Error),
}

impl Refused {
    /// The reason, for a message that names the file before it.
    pub fn describe(&self) -> String {
        match self {
            Refused::Symlink(link) => format!(
                "`{}` is a symbolic link; foro reads only files inside the project",
                crate::diagnostics::escape(&link.display().to_string())
            ),
            Refused::NotRegular(what) => {
                format!("it is {what}, not a regular file; foro reads only regular files")
            }
            Refused::Outside => "it is outside the project".into(),
            Refused::Io(e) => format!("cannot read the file: {e}"),
        }
    }

    /// The error for the project file `rel`.
    pub fn diagnostic(&self, rel: &Path) -> Diagnostic {
        match self {
            Refused::Symlink(link) => symlink_error(rel, link),
            Refused::NotRegular(_) => Diagnostic::error(rel, None, self.describe())
                .hint("replace it with the file itself"),
            Refused::Io(_) => Diagnostic::error(rel, None, self.describe()).io(),
            Refused::Outside => Diagnostic::error(rel, None, self.describe()),
        }
    }
}

/// What a non-regular file is, in words.
fn kind_of(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_dir() { "a folder" } else { "not a file" }
}

/// The parts of a relative path inside the project; `None` if it leaves it.
fn parts(rel: &Path) -> Option<Vec<&std::ffi::OsStr>> {
    rel.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| match c {
            std::path::Component::Normal(p) => Some(p),
            _ => None,
        })
        .collect()
}

/// Checks `rel` without opening it: a regular file inside the project with
/// no symbolic link on the way. Its size on success.
pub fn probe(root: &Path, rel: &Path) -> Result<u64, Refused> {
    let parts = parts(rel).ok_or(Refused::Outside)?;
    let mut abs = root.to_path_buf();
    let mut shown = PathBuf::new();
    for (i, part) in parts.iter().enumerate() {
        abs.push(part);
        shown.push(part);
        let meta = std::fs::symlink_metadata(&abs).map_err(Refused::Io)?;
        let t = meta.file_type();
        if t.is_symlink() {
            return Err(Refused::Symlink(shown));
        }
        if i + 1 == parts.len() {
            return if t.is_file() {
                Ok(meta.len())
            } else {
                Err(Refused::NotRegular(kind_of(t)))
            };
        }
        if !t.is_dir() {
            return Err(Refused::NotRegular(kind_of(t)));
        }
    }
    Err(Refused::NotRegular("a folder"))
}

/// Opens the regular file `rel` under `root` for reading, following no
/// symbolic link on the way: each folder is opened relative to the last
/// with `O_NOFOLLOW`, the file is looked at before it is opened (a named
/// pipe or a device is never opened) and opened with
/// `O_NOFOLLOW | O_NONBLOCK`, then checked to be the file looked at.
#[cfg(target_os = "linux")]
pub fn open_checked(root: &Path, rel: &Path) -> Result<(std::fs::File, Identity), Refused> {
    use rustix::fs::{AtFlags, CWD, FileType, Mode, OFlags, openat, statat};
    use rustix::io::Errno;
    let parts = parts(rel).ok_or(Refused::Outside)?;
    let Some((last, folders)) = parts.split_last() else {
        return Err(Refused::NotRegular("a folder"));
    };
    let io = |e: Errno| Refused::Io(std::io::Error::from(e));
    let mut dir = openat(
        CWD,
        root,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(io)?;
    let mut shown = PathBuf::new();
    let described = |dir: &rustix::fd::OwnedFd, name: &std::ffi::OsStr, shown: &Path| match statat(
        dir,
        name,
        AtFlags::SYMLINK_NOFOLLOW,
    ) {
        Ok(st) => match FileType::from_raw_mode(st.st_mode) {
            FileType::Symlink => Some(Refused::Symlink(shown.to_path_buf())),
            FileType::RegularFile => None,
            FileType::Directory => Some(Refused::NotRegular("a folder")),
            FileType::Fifo => Some(Refused::NotRegular("a named pipe")),
            FileType::Socket => Some(Refused::NotRegular("a socket")),
            FileType::CharacterDevice | FileType::BlockDevice => {
                Some(Refused::NotRegular("a device"))
            }
            FileType::Unknown => Some(Refused::NotRegular("not a file")),
        },
        Err(e) => Some(io(e)),
    };
    for part in folders {
        shown.push(part);
        match openat(
            &dir,
            *part,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        ) {
            Ok(fd) => dir = fd,
            Err(Errno::LOOP | Errno::NOTDIR) => {
                return Err(
                    described(&dir, part, &shown).unwrap_or(Refused::NotRegular("not a folder"))
                );
            }
            Err(e) => return Err(io(e)),
        }
    }
    shown.push(last);
    if let Some(refused) = described(&dir, last, &shown) {
        return Err(refused);
    }
    let fd = openat(
        &dir,
        *last,
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| match e {
        Errno::LOOP => Refused::Symlink(shown.clone()),
        e => io(e),
    })?;
    let file = std::fs::File::from(fd);
    let meta = file.metadata().map_err(Refused::Io)?;
    if !meta.is_file() {
        return Err(Refused::NotRegular(kind_of(meta.file_type())));
    }
    Ok((file, Identity::of(&meta)))
}

/// Opens the regular file `rel` under `root` for reading: looked at first
/// (no symbolic link on the way, a regular file), then opened and checked
/// to be the file looked at.
#[cfg(not(target_os = "linux"))]
pub fn open_checked(root: &Path, rel: &Path) -> Result<(std::fs::File, Identity), Refused> {
    probe(root, rel)?;
    let path = root.join(rel);
    let before = std::fs::symlink_metadata(&path).map_err(Refused::Io)?;
    let file = std::fs::File::open(&path).map_err(Refused::Io)?;
    let meta = file.metadata().map_err(Refused::Io)?;
    if !meta.is_file() || Identity::of(&meta) != Identity::of(&before) {
        return Err(Refused::NotRegular("not a file"));
    }
    Ok((file, Identity::of(&meta)))
}

/// Reads the whole of a checked file through the handle opened for it.
pub fn read_checked(root: &Path, rel: &Path) -> Result<Vec<u8>, Refused> {
    use std::io::Read;
    let (mut file, identity) = open_checked(root, rel)?;
    let mut bytes = Vec::with_capacity(usize::try_from(identity.size).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(Refused::Io)?;
    Ok(bytes)
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
