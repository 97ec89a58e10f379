//! Output stage: where a build may write, checked before anything is read
//! or written, and how a previous output is swapped out and removed.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// Refuses an output folder that would overwrite the project or more.
pub fn check_out_dir(project: &Path, out: &Path) -> Result<(), String> {
    let out_abs = absolute(out);
    let project_abs = absolute(project);
    if out_abs.parent().is_none() {
        return Err(format!(
            "refusing to write to `{}`: it is the root folder",
            out.display()
        ));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if absolute(&home) == out_abs {
            return Err(format!(
                "refusing to write to `{}`: it is your home folder",
                out.display()
            ));
        }
    }
    if out_abs == project_abs {
        return Err(format!(
            "refusing to write to `{}`: it is the forum project itself",
            out.display()
        ));
    }
    if project_abs.starts_with(&out_abs) {
        return Err(format!(
            "refusing to write to `{}`: it contains the forum project",
            out.display()
        ));
    }
    if out_abs.starts_with(&project_abs) {
        return Err(format!(
            "refusing to write to `{}`: it is inside the forum project, which would read \
             (and publish) the previous output on every build; write it beside the project, \
             e.g. `--out output`",
            out.display()
        ));
    }
    Ok(())
}

/// Refuses an existing `out/name` that a build cannot replace: a folder
/// product where something else than a folder (or a link, which is
/// replaced, never followed) is, or a file product where a folder is.
pub fn check_place(out: &Path, name: &str, folder: bool) -> Result<(), String> {
    let path = out.join(name);
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return Ok(());
    };
    let t = meta.file_type();
    if t.is_symlink() || (folder && t.is_dir()) || (!folder && t.is_file()) {
        return Ok(());
    }
    Err(format!(
        "`{}` exists and is not a {}; foro writes its {} there: move it away or choose another --out",
        crate::diagnostics::escape(&path.display().to_string()),
        if folder { "folder" } else { "file" },
        if folder { "output" } else { "zip file" }
    ))
}

/// The absolute, normalised form of a path that may not exist yet: the
/// longest existing ancestor is canonicalised, the rest appended.
pub fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut existing = joined.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = existing.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return normalise(&out);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return normalise(&joined),
        }
    }
}

fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Removes a file, a link or a folder (a link is removed, never followed).
pub(super) fn remove_any(path: &Path) -> io::Result<()> {
    if std::fs::symlink_metadata(path)?.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    }
}

/// Removes a previous output, its top-level entries on the build's
/// threads (a site's two language folders at once: removing 10,000 pages
/// took one core 0.4 s). Each is removed as [`std::fs::remove_dir_all`]
/// does, which never follows a link.
pub(super) fn remove_output(path: &Path) -> io::Result<()> {
    if !std::fs::symlink_metadata(path)?.is_dir() {
        return remove_any(path);
    }
    let entries = std::fs::read_dir(path)?.collect::<io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            std::fs::remove_dir_all(e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    std::fs::remove_dir(path)
}

/// Swaps `staging` and `target` atomically, if both exist and the system
/// can; `false` when it did nothing.
#[cfg(target_os = "linux")]
pub(super) fn exchange(staging: &Path, target: &Path) -> bool {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    std::fs::symlink_metadata(target).is_ok_and(|m| m.is_dir())
        && renameat_with(CWD, staging, CWD, target, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
pub(super) fn exchange(_staging: &Path, _target: &Path) -> bool {
    false
}
