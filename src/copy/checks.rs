//! Output stage, `foro copy`: the checks made before anything is written —
//! that a drive is a folder of its own (not the project, the output or a
//! system folder), and what already is at its root.

use std::path::{Path, PathBuf};

use crate::output::absolute;

/// Entries at a drive's root that the file system or the operating system
/// made, some of them as soon as the drive is mounted (Windows' index,
/// mkfs's `lost+found`, macOS's event log and search index): not counted
/// as the drive's files, never wiped, never compared. Recycle bins hold
/// someone's files and are not among them.
pub const SYSTEM_ENTRIES: &[&str] = &[
    "System Volume Information",
    "lost+found",
    ".fseventsd",
    ".Spotlight-V100",
];

/// Folders that are never a drive, nor hold one's files: the copy refuses
/// them and every folder inside them.
const SYSTEM_TREES: &[&str] = &[
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/lib32",
    "/lib64",
    "/proc",
    "/sbin",
    "/sys",
    "/usr",
    "/System",
    "/Library",
    "/Applications",
    "/private/etc",
];

/// Folders that hold drives (`/media/<user>/<label>`) or homes but are
/// never a drive themselves.
const SYSTEM_FOLDERS: &[&str] = &[
    "/home",
    "/root",
    "/media",
    "/mnt",
    "/run",
    "/run/media",
    "/tmp",
    "/var",
    "/opt",
    "/srv",
    "/Users",
    "/Volumes",
];

/// Checks every drive of the command line before anything is written:
/// each is an existing folder, none is a system folder, the home folder,
/// the project, the output or inside them (or holds them), and no drive is
/// given twice or inside another. Returns the canonical paths.
pub fn drives(drives: &[PathBuf], project: &Path, out: &Path) -> Result<Vec<PathBuf>, String> {
    let project = absolute(project);
    let out = absolute(out);
    let home = std::env::var_os("HOME").map(|h| absolute(Path::new(&h)));
    let mut seen: Vec<(PathBuf, &PathBuf)> = Vec::new();
    for given in drives {
        let shown = crate::diagnostics::escape_path(given);
        let meta = std::fs::metadata(given)
            .map_err(|e| format!("drive `{shown}`: {e} (is the drive mounted?)"))?;
        if !meta.is_dir() {
            return Err(format!("drive `{shown}` is not a folder"));
        }
        let abs = given
            .canonicalize()
            .map_err(|e| format!("drive `{shown}`: {e}"))?;
        let refuse = |why: &str| Err(format!("refusing to copy to `{shown}`: {why}"));
        if is_system_root(&abs) {
            return refuse("it is the root folder");
        }
        if home.as_ref().is_some_and(|h| *h == abs) {
            return refuse("it is your home folder");
        }
        if SYSTEM_TREES.iter().any(|t| abs.starts_with(t))
            || SYSTEM_FOLDERS.iter().any(|f| abs == Path::new(f))
        {
            return refuse("it is a system folder");
        }
        for (what, other) in [("the forum project", &project), ("the output folder", &out)] {
            if abs == *other {
                return refuse(&format!("it is {what}"));
            }
            if other.starts_with(&abs) {
                return refuse(&format!("it contains {what}"));
            }
            if abs.starts_with(other) {
                return refuse(&format!("it is inside {what}"));
            }
        }
        if let Some((_, first)) = seen
            .iter()
            .find(|(p, _)| abs.starts_with(p) || p.starts_with(&abs))
        {
            return Err(format!(
                "drive `{shown}` is given twice (or inside another): `{}`",
                crate::diagnostics::escape_path(first)
            ));
        }
        seen.push((abs, given));
    }
    Ok(seen.into_iter().map(|(abs, _)| abs).collect())
}

/// `/` on Unix; on Windows, where every drive is a root (`E:\`), the
/// system's drive (`%SystemDrive%`, e.g. `C:\`).
fn is_system_root(abs: &Path) -> bool {
    if cfg!(windows) {
        std::env::var_os("SystemDrive")
            .map(|d| PathBuf::from(format!("{}\\", d.to_string_lossy())))
            .and_then(|d| d.canonicalize().ok())
            .is_some_and(|d| d == abs)
    } else {
        abs.parent().is_none()
    }
}

/// An entry at a drive's root that is not the bundle's and not the system's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: PathBuf,
    /// The name, escaped for printing, `/` after a folder's.
    pub shown: String,
    pub is_dir: bool,
}

/// What is at the root of `drive`, sorted by name, without [`SYSTEM_ENTRIES`].
pub fn root_entries(drive: &Path) -> std::io::Result<Vec<Entry>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(drive)? {
        let entry = entry?;
        let name = entry.file_name();
        if SYSTEM_ENTRIES.iter().any(|s| name == *s) {
            continue;
        }
        // Not followed: a link is removed as a link, never what it names.
        let is_dir = entry.file_type()?.is_dir();
        let mut shown = crate::diagnostics::escape(&name.to_string_lossy());
        if is_dir {
            shown.push('/');
        }
        out.push(Entry {
            path: entry.path(),
            shown,
            is_dir,
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// The bytes the entries take (files under folders counted, links not
/// followed); what `--wipe` frees.
pub fn size_of(entries: &[Entry]) -> u64 {
    entries
        .iter()
        .flat_map(|e| walkdir::WalkDir::new(&e.path).follow_links(false))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// Removes exactly the listed entries (`--wipe`), nothing else.
pub fn remove(entries: &[Entry]) -> Result<(), String> {
    for e in entries {
        let done = if e.is_dir {
            std::fs::remove_dir_all(&e.path)
        } else {
            std::fs::remove_file(&e.path)
        };
        done.map_err(|err| format!("cannot remove {}: {err}", e.shown))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_folders_the_project_and_the_output_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let project = tmp.path().join("forum");
        let out = tmp.path().join("out");
        let drive = tmp.path().join("drive");
        for d in [&project, &out.join("usb"), &drive] {
            std::fs::create_dir_all(d).unwrap();
        }
        let check = |d: &Path| drives(&[d.to_path_buf()], &project, &out);
        assert!(check(&drive).is_ok());
        for bad in [
            Path::new("/"),
            Path::new("/usr"),
            Path::new("/etc"),
            Path::new("/home"),
            &project,
            &out,
            &out.join("usb"),
            tmp.path(),
        ] {
            assert!(check(bad).is_err(), "{} accepted", bad.display());
        }
        assert!(check(&tmp.path().join("none")).is_err());
        let twice = drives(&[drive.clone(), drive.join(".")], &project, &out);
        assert!(twice.unwrap_err().contains("twice"));
    }

    #[test]
    fn root_entries_leave_out_the_system_ones() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("lost+found")).unwrap();
        std::fs::create_dir(tmp.path().join("photos")).unwrap();
        std::fs::write(tmp.path().join("photos/a.jpg"), "123").unwrap();
        std::fs::write(tmp.path().join("notes\n.txt"), "12").unwrap();
        let e = root_entries(tmp.path()).unwrap();
        let shown: Vec<&str> = e.iter().map(|e| e.shown.as_str()).collect();
        assert_eq!(shown, ["notes\\u{a}.txt", "photos/"]);
        assert_eq!(size_of(&e), 5);
        remove(&e).unwrap();
        assert!(root_entries(tmp.path()).unwrap().is_empty());
        assert!(tmp.path().join("lost+found").is_dir());
    }
}
