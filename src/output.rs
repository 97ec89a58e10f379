//! Output stage: the only code that writes to the output folder.
//!
//! Each product is written to a staging folder beside its final place and
//! swapped in by renaming only once every product is complete, so a failed
//! or interrupted build leaves the previous output as it was.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::safe_path::SourceFile;

/// A file an output writes: bytes made by the build, or a project file copied.
#[derive(Debug, Clone)]
pub enum Content {
    Bytes(Vec<u8>),
    /// A project file, read through the check made when it was loaded.
    Copy(SourceFile),
    /// A zip archive of these files (their paths are the entries' names),
    /// streamed when it is written, so that no archive is ever held in
    /// memory: see [`stream_zip`].
    Zip(Vec<OutFile>),
    /// Bytes already written to a staging folder as they were rendered
    /// ([`Stager::put`]): only where they are, their size and, for a
    /// product with a manifest, their SHA-256 are kept.
    Staged {
        file: PathBuf,
        size: u64,
        sha256: Option<String>,
    },
}

#[derive(Debug, Clone)]
pub struct OutFile {
    /// `/`-separated, relative to the output's folder.
    pub path: String,
    pub content: Content,
}

impl OutFile {
    /// A file of bytes made by the build.
    pub fn bytes(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> OutFile {
        OutFile {
            path: path.into(),
            content: Content::Bytes(bytes.into()),
        }
    }

    /// The file's size in bytes (a copied file's size when it was loaded).
    pub fn size(&self) -> u64 {
        match &self.content {
            Content::Bytes(b) => b.len() as u64,
            Content::Copy(src) => src.size(),
            Content::Zip(files) => zip_size(files.iter().map(|f| (f.path.as_str(), f.size()))),
            Content::Staged { size, .. } => *size,
        }
    }
}

/// The hex SHA-256 of bytes in memory.
pub fn digest(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    hex(&sha2::Sha256::digest(bytes))
}

/// Bytes as lowercase hex (the manifest's digests).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = std::fmt::Write::write_fmt(&mut s, format_args!("{b:02x}"));
        s
    })
}

pub use place::{absolute, check_out_dir, check_place};
use place::{exchange, remove_any, remove_output};

const STAGING: &str = ".foro-staging-";
const OLD: &str = ".foro-old-";

/// A product written completely to its staging folder.
pub struct Staged {
    staging: PathBuf,
    target: PathBuf,
}

/// Writes `files` into a fresh staging folder for `out/folder`.
pub fn stage(out: &Path, folder: &str, files: &[OutFile]) -> io::Result<Staged> {
    Stager::new(out, folder, false)?.finish(files, &|_| {})
}

/// A product's staging folder beside `out/folder`, filled while the
/// product is rendered: each page is written as soon as it is made
/// ([`Stager::put`]), so a build never holds its pages, and the rest when
/// rendering is done ([`Stager::finish`]). Nothing in `out/folder` changes
/// until [`commit`].
#[derive(Debug)]
pub struct Stager {
    staging: PathBuf,
    target: PathBuf,
    /// Keep each written file's SHA-256 (for the USB bundle's manifest).
    hash: bool,
}

impl Stager {
    /// A fresh, empty staging folder for `out/folder` (leftovers of an
    /// interrupted build are removed first).
    pub fn new(out: &Path, folder: &str, hash: bool) -> io::Result<Stager> {
        std::fs::create_dir_all(out)?;
        remove_leftovers(out, folder);
        let staging = out.join(format!("{STAGING}{folder}-{}", std::process::id()));
        if std::fs::symlink_metadata(&staging).is_ok() {
            remove_any(&staging)?;
        }
        std::fs::create_dir(&staging)?;
        Ok(Stager {
            staging,
            target: out.join(folder),
            hash,
        })
    }

    /// Writes a file of bytes now and returns its record
    /// ([`Content::Staged`]); other files are returned as they are, for
    /// [`Stager::finish`].
    pub fn put(&self, file: OutFile) -> io::Result<OutFile> {
        let Content::Bytes(bytes) = &file.content else {
            return Ok(file);
        };
        let mut staged = self.create(&file.path)?;
        io::Write::write_all(&mut staged, bytes)?;
        staged.finish()
    }

    /// Writes the file at `path` with `write` as it is made, and returns
    /// its record ([`Content::Staged`]): its size and, for a product with a
    /// manifest, its SHA-256, counted as the bytes go by.
    pub fn put_with(
        &self,
        path: &str,
        write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<OutFile> {
        let mut file = self.create(path)?;
        write(&mut file)?;
        file.finish()
    }

    /// A file of the product at `path`, to write as it is made; its record
    /// comes from [`StagedFile::finish`].
    pub fn create(&self, path: &str) -> io::Result<StagedFile> {
        let dest = self.staging.join(path);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir)?;
        }
        StagedFile::create(dest, path, self.hash)
    }

    /// Writes the files not yet written; the product is then complete in
    /// its staging folder. On an error the staging folder is removed.
    pub fn finish(self, files: &[OutFile], progress: &(dyn Fn(u64) + Sync)) -> io::Result<Staged> {
        match fill(&self.staging, files, progress) {
            Ok(()) => Ok(Staged {
                staging: self.staging,
                target: self.target,
            }),
            Err(e) => {
                let _ = std::fs::remove_dir_all(&self.staging);
                Err(e)
            }
        }
    }

    /// Removes the staging folder (the build failed).
    pub fn discard(self) {
        let _ = remove_any(&self.staging);
    }
}

impl StagedFile {
    /// Flushes the file and returns its record: where it is, its size and,
    /// for a product with a manifest, its SHA-256.
    pub fn finish(self) -> io::Result<OutFile> {
        let w = self.written()?;
        Ok(OutFile {
            path: w.path,
            content: Content::Staged {
                size: w.size,
                sha256: w.sha256.map(|h| hex(&h)),
                file: w.file,
            },
        })
    }
}

/// The file at `path` made by `write`: written to `stager` as it is made
/// (never held whole), or in memory without one.
pub fn write_file(
    stager: Option<&Stager>,
    path: &str,
    write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<OutFile> {
    if let Some(s) = stager {
        return s.put_with(path, write);
    }
    let mut bytes = Vec::new();
    write(&mut bytes)?;
    Ok(OutFile::bytes(path, bytes))
}

/// Writes `files` into the fresh folder `staging`.
fn fill(staging: &Path, files: &[OutFile], progress: &(dyn Fn(u64) + Sync)) -> io::Result<()> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| staging.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d)?;
    }
    files.par_iter().try_for_each(|f| {
        let dest = staging.join(&f.path);
        let written = match &f.content {
            Content::Bytes(b) => std::fs::write(&dest, b).map(|()| b.len() as u64),
            Content::Staged { size, .. } => Ok(*size),
            Content::Copy(src) => copy_checked(src, &dest),
            Content::Zip(entries) => {
                let mut w = io::BufWriter::new(std::fs::File::create(&dest)?);
                stream_zip(&mut w, entries)?;
                io::Write::flush(&mut w)?;
                Ok(f.size())
            }
        }?;
        progress(written);
        Ok(())
    })
}

/// Writes the zip of `files` to a staging file for `out/name`, swapped in
/// by [`commit`] with the folders.
pub fn stage_zip(out: &Path, name: &str, files: &[OutFile]) -> io::Result<Staged> {
    std::fs::create_dir_all(out)?;
    remove_leftovers(out, name);
    let staging = out.join(format!("{STAGING}{name}-{}", std::process::id()));
    write_zip(&staging, files)?;
    Ok(Staged {
        staging,
        target: out.join(name),
    })
}

/// Removes what was staged, when a later product failed.
pub fn discard(staged: Vec<Staged>) {
    for s in staged {
        let _ = remove_any(&s.staging);
    }
}

/// Copies a project file through its checked handle; the copy must have
/// the size the file had when it was loaded.
fn copy_checked(src: &SourceFile, dest: &Path) -> io::Result<u64> {
    let mut from = src.open()?;
    let mut to = std::fs::File::create(dest)?;
    let n = io::copy(&mut from, &mut to)?;
    if n != src.size() {
        return Err(io::Error::other(format!(
            "`{}` changed while foro was copying it; run the command again",
            crate::diagnostics::escape(&src.rel.display().to_string())
        )));
    }
    Ok(n)
}

/// Swaps every staged product into place.
///
/// Where the system can exchange two folders in one step (Linux), the
/// previous output stays complete at every moment, even if the process is
/// killed; elsewhere there is a short gap between two renames, which the
/// next build repairs (see [`remove_leftovers`]).
pub fn commit(staged: Vec<Staged>) -> io::Result<()> {
    for s in staged {
        if std::fs::symlink_metadata(&s.staging).is_ok_and(|m| m.is_file()) {
            // A file (the zip) replaces the previous one in one rename.
            std::fs::rename(&s.staging, &s.target)?;
            continue;
        }
        if exchange(&s.staging, &s.target) {
            // The previous output is now at the staging path.
            remove_output(&s.staging)?;
            continue;
        }
        let parent = s.target.parent().unwrap_or(Path::new("."));
        let name = s
            .target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let old = parent.join(format!("{OLD}{name}-{}", std::process::id()));
        let had_old = std::fs::symlink_metadata(&s.target).is_ok();
        if had_old {
            std::fs::rename(&s.target, &old)?;
        }
        if let Err(e) = std::fs::rename(&s.staging, &s.target) {
            if had_old {
                let _ = std::fs::rename(&old, &s.target);
            }
            return Err(e);
        }
        if had_old {
            remove_output(&old)?;
        }
    }
    Ok(())
}

/// Writes `files` as a zip archive at `path`, deterministically: entries
/// sorted by path, a fixed date, fixed permissions, so the same input gives
/// the same bytes. Written beside `path` first, then renamed into place.
pub fn write_zip(path: &Path, files: &[OutFile]) -> io::Result<()> {
    let tmp = path.with_extension(format!("zip.tmp-{}", std::process::id()));
    let result = (|| -> io::Result<()> {
        let mut zip = zip::ZipWriter::new(io::BufWriter::new(std::fs::File::create(&tmp)?));
        add_entries(&mut zip, files, zip::CompressionMethod::Deflated)?;
        zip.finish().map_err(io::Error::other)?;
        Ok(())
    })();
    match result {
        Ok(()) => std::fs::rename(&tmp, path),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// The entries of a zip archive, deterministically: sorted by path, a
/// fixed date, fixed permissions. The one zip writer of foro: the USB
/// bundle's `--zip` ([`write_zip`]) and the materials downloads
/// ([`stream_zip`]).
fn add_entries<W: io::Write + io::Seek>(
    zip: &mut zip::ZipWriter<W>,
    files: &[OutFile],
    method: zip::CompressionMethod,
) -> io::Result<()> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644)
        .large_file(false);
    let mut sorted: Vec<&OutFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for f in sorted {
        let large = f.size() >= u64::from(u32::MAX);
        zip.start_file(f.path.as_str(), options.large_file(large))
            .map_err(io::Error::other)?;
        match &f.content {
            Content::Bytes(b) => io::Write::write_all(&mut *zip, b)?,
            Content::Copy(src) => {
                io::copy(&mut src.open()?, &mut *zip)?;
            }
            Content::Zip(entries) => stream_zip(&mut *zip, entries)?,
            Content::Staged { file, .. } => {
                io::copy(&mut std::fs::File::open(file)?, &mut *zip)?;
            }
        }
    }
    Ok(())
}

/// Writes `files` as a zip archive to `w` as a stream (entries stored, not
/// compressed: presentations are compressed already, and so the size is
/// known before writing, [`zip_size`]). Reads copied files as it goes.
/// Tested in `tests/after.rs`.
pub fn stream_zip(w: &mut dyn io::Write, files: &[OutFile]) -> io::Result<()> {
    let mut zip = zip::ZipWriter::new_stream(w);
    add_entries(&mut zip, files, zip::CompressionMethod::Stored)?;
    zip.finish().map_err(io::Error::other)?;
    Ok(())
}

/// The size in bytes of the archive [`stream_zip`] writes for entries of
/// these paths and sizes (each under 4 GiB): a local header, the data and
/// a data descriptor per entry, a central directory record per entry, and
/// the end record. Locked to the writer by a test.
pub fn zip_size<'a>(entries: impl IntoIterator<Item = (&'a str, u64)>) -> u64 {
    entries
        .into_iter()
        .map(|(name, size)| 30 + 16 + 46 + 2 * name.len() as u64 + size)
        .sum::<u64>()
        + 22
}

/// Removes staging and old folders that an interrupted build left behind.
/// A build killed between the two renames of [`commit`] (systems without an
/// atomic exchange) left the previous output only as an old folder: it is
/// put back first.
fn remove_leftovers(out: &Path, folder: &str) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    let target = out.join(folder);
    let mut entries: Vec<_> = entries.flatten().collect();
    if std::fs::symlink_metadata(&target).is_err() {
        if let Some(i) = entries.iter().position(|e| {
            e.file_type().is_ok_and(|t| t.is_dir())
                && e.file_name()
                    .to_string_lossy()
                    .starts_with(&format!("{OLD}{folder}-"))
        }) {
            if std::fs::rename(entries[i].path(), &target).is_ok() {
                entries.remove(i);
            }
        }
    }
    for e in entries {
        let name = e.file_name().to_string_lossy().to_string();
        let ours = [STAGING, OLD]
            .iter()
            .any(|p| name.starts_with(&format!("{p}{folder}-")));
        if ours {
            let _ = remove_any(&e.path());
        }
    }
}

mod place;
mod staged;
pub use staged::{Rewind, StagedFile};
#[cfg(test)]
mod tests;
