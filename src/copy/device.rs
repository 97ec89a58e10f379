//! Output stage, `foro copy`: what the operating system tells and does for
//! a drive — free space, the file system's largest file, flushing folders,
//! reading a file back from the device rather than from the page cache.
//! Linux asks the kernel (statvfs, statfs, `posix_fadvise`); elsewhere the
//! answers are "unknown" and the copy says what it could not check.

use std::fs::File;
use std::io;
use std::path::Path;

/// What the file system of a drive holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Space {
    /// Bytes free for an ordinary user.
    pub available: u64,
    /// The allocation unit: every file takes a whole number of them.
    pub cluster: u64,
    /// The largest file the file system holds, and its name, where known.
    pub max_file: Option<(u64, &'static str)>,
}

/// FAT (vfat, msdos): `MSDOS_SUPER_MAGIC` in `statfs.f_type`.
#[cfg(target_os = "linux")]
const FAT_MAGIC: i128 = 0x4d44;

/// FAT32 holds files up to 4 GiB − 1 byte.
pub const FAT_MAX_FILE: u64 = u32::MAX as u64;

/// The free space and limits of the file system that holds `dir`.
#[cfg(target_os = "linux")]
pub fn space(dir: &Path) -> io::Result<Option<Space>> {
    let v = rustix::fs::statvfs(dir)?;
    let kind = rustix::fs::statfs(dir).map(|s| i128::from(s.f_type)).ok();
    Ok(Some(Space {
        available: v.f_bavail.saturating_mul(v.f_frsize),
        cluster: v.f_bsize.max(1),
        max_file: (kind == Some(FAT_MAGIC)).then_some((FAT_MAX_FILE, "FAT32")),
    }))
}

/// Unknown on this system: the copy goes ahead and a full drive fails it.
#[cfg(not(target_os = "linux"))]
pub fn space(_dir: &Path) -> io::Result<Option<Space>> {
    Ok(None)
}

/// Opens `path` for reading after asking the system to drop its cached
/// pages, so the bytes read come from the device. The file was flushed
/// (fsync) before, so its pages are clean and can be dropped. Where the
/// system cannot, the file is read as it is.
pub fn open_uncached(path: &Path) -> io::Result<File> {
    let file = File::open(path)?;
    #[cfg(target_os = "linux")]
    {
        // Refused by a few file systems (tmpfs keeps its pages: they are
        // the storage); then there is no cache to drop.
        let _ = rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::DontNeed);
    }
    Ok(file)
}

/// Flushes a file written and closed before to the device (an fsync
/// through a new handle: the system flushes the file, not the handle).
pub fn sync_file(path: &Path) -> io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)?
        .sync_all()
}

/// Flushes a folder's entries (new names, renames) to the device.
#[cfg(unix)]
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Windows flushes folder entries with the files.
#[cfg(not(unix))]
pub fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// A drive held open for the copy: its device and inode, and the folder
/// itself open so that its inode number cannot go to another folder. A
/// drive pulled out, or unmounted (the empty folder beneath in its place),
/// or replaced, is then no longer the pinned one.
pub struct Pinned {
    id: (u64, u64),
    _open: Option<File>,
}

impl Pinned {
    /// Pins the folder `dir`.
    pub fn new(dir: &Path) -> io::Result<Pinned> {
        Ok(Pinned {
            _open: File::open(dir).ok(),
            id: identity(dir)?,
        })
    }

    /// Whether `dir` still is the pinned folder.
    pub fn still(&self, dir: &Path) -> io::Result<bool> {
        Ok(identity(dir)? == self.id)
    }
}

#[cfg(unix)]
fn identity(dir: &Path) -> io::Result<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(dir)?;
    Ok((m.dev(), m.ino()))
}

/// Only that the folder is there, where the system gives no inode.
#[cfg(not(unix))]
fn identity(dir: &Path) -> io::Result<(u64, u64)> {
    std::fs::metadata(dir).map(|_| (0, 0))
}

/// Whether `dir` is on another device than its parent folder — a mounted
/// drive. `None` where the system does not say.
#[cfg(unix)]
pub fn is_mount_point(dir: &Path) -> Option<bool> {
    use std::os::unix::fs::MetadataExt;
    let parent = dir.parent()?;
    Some(std::fs::metadata(dir).ok()?.dev() != std::fs::metadata(parent).ok()?.dev())
}

#[cfg(not(unix))]
pub fn is_mount_point(_dir: &Path) -> Option<bool> {
    None
}

/// Why `--label` did nothing: foro sets no volume label on any system yet
/// (on Linux it takes the file system's own tool on the unmounted device,
/// on Windows `label`), so it says so instead of pretending.
pub const LABEL_UNSUPPORTED: &str = "foro cannot set volume labels: the drives keep the labels they have (set one with the system's disk tool, e.g. `fatlabel`/`exfatlabel` on Linux, `label` on Windows)";

/// Checks a volume label as FAT and exFAT take it: 1 to 11 characters,
/// none of them a control character or one of `*?.,;:/\|+=<>[]"`.
pub fn check_label(label: &str) -> Result<(), String> {
    let n = label.chars().count();
    if n == 0 || n > 11 {
        return Err(format!(
            "--label `{}` has {n} characters; a FAT or exFAT label has 1 to 11",
            crate::diagnostics::escape(label)
        ));
    }
    if let Some(c) = label
        .chars()
        .find(|c| c.is_control() || "*?.,;:/\\|+=<>[]\"".contains(*c))
    {
        return Err(format!(
            "--label `{}`: a volume label cannot hold `{}`",
            crate::diagnostics::escape(label),
            c.escape_debug()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_checked_as_fat_takes_them() {
        assert!(check_label("FORO 2016").is_ok());
        assert!(check_label("").is_err());
        assert!(check_label("TWELVE CHARS").is_err());
        assert!(check_label("A/B").is_err());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn space_of_a_folder_is_known_on_linux() {
        let dir = tempfile::tempdir().unwrap();
        let s = space(dir.path()).unwrap().unwrap();
        assert!(s.cluster >= 512);
    }
}
