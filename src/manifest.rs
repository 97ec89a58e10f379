//! Output stage: `MANIFEST.sha256` of the USB bundle, and `foro verify`.
//!
//! The manifest is the format `sha256sum -c` reads: one line per file,
//! `<hex digest>  <path>`, sorted by path. Hashing streams every file and
//! runs in parallel, so checking a drive of several GiB is bounded by the
//! drive's speed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::output::{Content, OutFile};

pub const FILE: &str = "MANIFEST.sha256";

/// The hex SHA-256 of a stream, read in blocks; `progress` counts bytes.
pub fn hash_reader(mut r: impl Read, progress: &AtomicU64) -> io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        progress.fetch_add(n as u64, Ordering::Relaxed);
    }
    Ok(hex(&hasher.finalize()))
}

/// The manifest of the files of an output, hashing copied files from disk.
pub fn build(files: &[OutFile]) -> io::Result<String> {
    let progress = AtomicU64::new(0);
    let mut lines: Vec<(String, String)> = files
        .par_iter()
        .filter(|f| f.path != FILE)
        .map(|f| {
            let digest = match &f.content {
                Content::Bytes(b) => digest(b),
                Content::Staged {
                    sha256: Some(d), ..
                } => d.clone(),
                Content::Staged { file, .. } => hash_reader(std::fs::File::open(file)?, &progress)?,
                Content::Copy(src) => hash_reader(src.open()?, &progress)?,
                Content::Zip(entries) => {
                    let mut hasher = Sha256::new();
                    crate::output::stream_zip(&mut HashWriter(&mut hasher), entries)?;
                    hex(&hasher.finalize())
                }
            };
            Ok((f.path.clone(), digest))
        })
        .collect::<io::Result<_>>()?;
    lines.sort();
    Ok(lines.iter().fold(String::new(), |mut s, (path, digest)| {
        let _ = writeln!(s, "{digest}  {path}");
        s
    }))
}

/// What `verify` found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Verification {
    pub missing: Vec<String>,
    pub changed: Vec<String>,
    pub extra: Vec<String>,
    /// Files listed and present that could not be read: (path, why).
    pub unreadable: Vec<(String, String)>,
    pub checked: usize,
    pub bytes: u64,
}

impl Verification {
    pub fn is_ok(&self) -> bool {
        self.missing.is_empty()
            && self.changed.is_empty()
            && self.extra.is_empty()
            && self.unreadable.is_empty()
    }

    /// How many files differ from the manifest (missing, changed, extra).
    pub fn differing(&self) -> usize {
        self.missing.len() + self.changed.len() + self.extra.len()
    }
}

pub use crate::output::digest;
use crate::output::hex;

/// Reads a manifest: path → digest.
pub fn parse(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (digest, path) = line
            .split_once("  ")
            .or_else(|| line.split_once(" *"))
            .ok_or_else(|| format!("line {} is not `<sha256>  <path>`", i + 1))?;
        if digest.len() != 64 || !digest.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(format!(
                "line {}: `{digest}` is not a SHA-256 digest",
                i + 1
            ));
        }
        out.insert(path.to_string(), digest.to_ascii_lowercase());
    }
    Ok(out)
}

/// Opens a file for hashing: [`std::fs::File::open`], or one that first
/// drops the system's cached pages of the file (`foro copy`'s read-back).
pub type Open<'a> = dyn Fn(&Path) -> io::Result<std::fs::File> + Sync + 'a;

/// Checks the folder `dir` against its `MANIFEST.sha256`. `progress` is
/// called with (bytes done, bytes in all) from the hashing threads.
pub fn verify(dir: &Path, progress: &(dyn Fn(u64, u64) + Sync)) -> Result<Verification, String> {
    let manifest_path = dir.join(FILE);
    let text = crate::safe_path::read_checked(dir, Path::new(FILE))
        .map_err(|r| format!("cannot read {}: {}", manifest_path.display(), r.describe()))
        .and_then(|b| {
            String::from_utf8(b).map_err(|_| format!("{}: not UTF-8 text", manifest_path.display()))
        })?;
    let expected = parse(&text).map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    check(
        dir,
        &expected,
        &[FILE],
        &|p| {
            crate::safe_path::open_checked(dir, p.strip_prefix(dir).unwrap_or(p))
                .map(|(f, _)| f)
                .map_err(|r| io::Error::other(r.describe()))
        },
        progress,
    )
}

/// Compares the files under `dir` with `expected` (path → digest), the one
/// comparison `verify` and `foro copy` share. Entries at the root named in
/// `skip_root` are not looked at; `open` opens each file to hash.
pub fn check(
    dir: &Path,
    expected: &BTreeMap<String, String>,
    skip_root: &[&str],
    open: &Open<'_>,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Verification, String> {
    let mut present: BTreeMap<String, (PathBuf, u64)> = BTreeMap::new();
    let mut others = Vec::new();
    let walk = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| {
            e.depth() != 1
                || !skip_root
                    .iter()
                    .any(|s| e.file_name() == std::ffi::OsStr::new(s))
        });
    for entry in walk {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        let t = entry.file_type();
        if t.is_dir() {
            continue;
        }
        let inner = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = inner
            .iter()
            .map(|s| s.to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        // Links, pipes and devices are never opened: what the manifest
        // names must be a regular file, anything else is extra.
        if !t.is_file() {
            others.push(rel);
            continue;
        }
        let size = entry.metadata().map_or(0, |m| m.len());
        present.insert(rel, (entry.path().to_path_buf(), size));
    }
    let mut v = Verification {
        missing: expected
            .keys()
            .filter(|p| !present.contains_key(*p))
            .cloned()
            .collect(),
        extra: present
            .keys()
            .filter(|p| !expected.contains_key(*p))
            .cloned()
            .chain(others)
            .collect(),
        ..Verification::default()
    };
    let to_check: Vec<(&String, &PathBuf, &String)> = expected
        .iter()
        .filter_map(|(p, d)| present.get(p).map(|(abs, _)| (p, abs, d)))
        .collect();
    let total: u64 = to_check
        .iter()
        .filter_map(|(p, _, _)| present.get(*p).map(|x| x.1))
        .sum();
    let done = AtomicU64::new(0);
    let results: Vec<(String, Result<bool, String>)> = to_check
        .par_iter()
        .map(|(p, abs, digest)| {
            let found = open(abs)
                .and_then(|f| hash_reader(f, &done))
                .map(|d| &d == *digest)
                .map_err(|e| e.to_string());
            progress(done.load(Ordering::Relaxed), total);
            ((*p).clone(), found)
        })
        .collect();
    v.checked = results.len();
    for (p, found) in results {
        match found {
            Ok(true) => {}
            Ok(false) => v.changed.push(p),
            Err(e) => v.unreadable.push((p, e)),
        }
    }
    v.bytes = done.load(Ordering::Relaxed);
    Ok(v)
}

/// A writer that hashes what it is given (a streamed zip archive).
struct HashWriter<'a>(&'a mut Sha256);

impl io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(path: &str, b: &str) -> OutFile {
        OutFile {
            path: path.into(),
            content: Content::Bytes(b.as_bytes().to_vec()),
        }
    }

    #[test]
    fn manifest_lines_are_what_sha256sum_reads() {
        let m = build(&[bytes("b.txt", "b"), bytes("a dir/a.txt", "abc")]).unwrap();
        assert_eq!(
            m,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a dir/a.txt\n\
             3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d  b.txt\n"
        );
        assert_eq!(parse(&m).unwrap().len(), 2);
    }

    #[test]
    fn verify_reports_missing_changed_and_extra_files() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            bytes("keep.txt", "1"),
            bytes("change.txt", "2"),
            bytes("gone/x.txt", "3"),
        ];
        for f in &files {
            let p = dir.path().join(&f.path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            if let Content::Bytes(b) = &f.content {
                std::fs::write(p, b).unwrap();
            }
        }
        std::fs::write(dir.path().join(FILE), build(&files).unwrap()).unwrap();
        assert!(verify(dir.path(), &|_, _| {}).unwrap().is_ok());
        std::fs::write(dir.path().join("change.txt"), "two").unwrap();
        std::fs::remove_file(dir.path().join("gone/x.txt")).unwrap();
        std::fs::write(dir.path().join("new.txt"), "4").unwrap();
        let v = verify(dir.path(), &|_, _| {}).unwrap();
        assert_eq!(v.changed, ["change.txt"]);
        assert_eq!(v.missing, ["gone/x.txt"]);
        assert_eq!(v.extra, ["new.txt"]);
    }
}
