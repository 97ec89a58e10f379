//! Publish: a `file://` target, a local, mounted or network folder.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::plan::temp_name;
use super::target::{TResult, Target, TargetError, Upload};

pub struct Folder {
    root: PathBuf,
}

impl Folder {
    pub fn new(root: PathBuf) -> Folder {
        Folder { root }
    }

    fn abs(&self, rel: &str) -> PathBuf {
        rel.split('/').fold(self.root.clone(), |p, s| p.join(s))
    }
}

fn io(what: &str, path: &Path, e: &std::io::Error) -> TargetError {
    let msg = format!("{what} {}: {e}", path.display());
    if e.kind() == std::io::ErrorKind::PermissionDenied {
        TargetError::Refused(msg)
    } else {
        TargetError::Io(msg)
    }
}

/// Writes `bytes` at `dest` through its temporary name.
fn put(
    dest: &Path,
    tmp: &Path,
    src: &mut dyn FnMut(&mut std::fs::File) -> std::io::Result<()>,
) -> TResult<()> {
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io("cannot create", parent, &e))?;
    }
    let mut f = std::fs::File::create(tmp).map_err(|e| io("cannot write", tmp, &e))?;
    src(&mut f).map_err(|e| io("cannot write", tmp, &e))?;
    f.sync_all().map_err(|e| io("cannot write", tmp, &e))?;
    drop(f);
    std::fs::rename(tmp, dest).map_err(|e| io("cannot rename into", dest, &e))
}

impl Target for Folder {
    fn list(&mut self) -> TResult<BTreeMap<String, u64>> {
        if !self.root.is_dir() {
            let parent_ok = self.root.parent().is_some_and(Path::is_dir);
            if !parent_ok {
                return Err(TargetError::Io(format!(
                    "the folder {} does not exist (nor its parent)",
                    self.root.display()
                )));
            }
            // Created by the first file written (never by a dry run).
            return Ok(BTreeMap::new());
        }
        let mut out = BTreeMap::new();
        for entry in walkdir::WalkDir::new(&self.root).min_depth(1) {
            let entry = entry.map_err(|e| {
                TargetError::Io(format!("cannot list {}: {e}", self.root.display()))
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&self.root)
                .unwrap_or(entry.path());
            let rel = rel
                .iter()
                .map(|s| s.to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let size = entry.metadata().map_or(0, |m| m.len());
            out.insert(rel, size);
        }
        Ok(out)
    }

    fn read(&mut self, path: &str) -> TResult<Option<Vec<u8>>> {
        let p = self.abs(path);
        match std::fs::read(&p) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io("cannot read", &p, &e)),
        }
    }

    fn hash(&mut self, paths: &[String]) -> TResult<BTreeMap<String, String>> {
        let progress = std::sync::atomic::AtomicU64::new(0);
        paths
            .par_iter()
            .map(|rel| {
                let p = self.abs(rel);
                let f = std::fs::File::open(&p).map_err(|e| io("cannot read", &p, &e))?;
                let d = crate::manifest::hash_reader(f, &progress)
                    .map_err(|e| io("cannot read", &p, &e))?;
                Ok((rel.clone(), d))
            })
            .collect()
    }

    fn upload(&mut self, files: &[Upload], sent: &mut dyn FnMut(&str, u64)) -> TResult<()> {
        for chunk in files.chunks(64) {
            let done: Vec<TResult<(String, u64)>> = chunk
                .par_iter()
                .map(|u| {
                    let dest = self.abs(&u.path);
                    let tmp = self.abs(&temp_name(&u.path));
                    if u.cut_short {
                        let bytes =
                            std::fs::read(&u.src).map_err(|e| io("cannot read", &u.src, &e))?;
                        if let Some(parent) = tmp.parent() {
                            let _ = std::fs::create_dir_all(parent);
                        }
                        std::fs::write(&tmp, &bytes[..bytes.len() / 2])
                            .map_err(|e| io("cannot write", &tmp, &e))?;
                        return Err(TargetError::Io(format!(
                            "stopped while sending {} (FORO_PUBLISH_FAIL_AFTER)",
                            u.path
                        )));
                    }
                    let mut copied = 0;
                    put(&dest, &tmp, &mut |f| {
                        let mut src = std::fs::File::open(&u.src)?;
                        copied = std::io::copy(&mut src, f)?;
                        f.flush()
                    })?;
                    Ok((u.path.clone(), copied))
                })
                .collect();
            for r in done {
                let (path, size) = r?;
                sent(&path, size);
            }
        }
        Ok(())
    }

    fn write(&mut self, path: &str, bytes: &[u8]) -> TResult<()> {
        put(&self.abs(path), &self.abs(&temp_name(path)), &mut |f| {
            f.write_all(bytes)
        })
    }

    fn remove(&mut self, paths: &[String]) -> TResult<()> {
        for rel in paths {
            let p = self.abs(rel);
            match std::fs::remove_file(&p) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io("cannot delete", &p, &e)),
            }
        }
        Ok(())
    }

    fn remove_empty_dirs(&mut self, dirs: &[String]) {
        for d in dirs {
            // Fails, as it should, on a folder that still holds files.
            let _ = std::fs::remove_dir(self.abs(d));
        }
    }
}
