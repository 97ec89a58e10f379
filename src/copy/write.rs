//! Output stage, `foro copy`: writing the bundle's files to one drive.
//!
//! Every file but the manifest is written first, letting the system write
//! them out in large batches, then each is flushed (fsync) in turn, then
//! the folders; `MANIFEST.sha256` comes last, written and flushed alone.
//! A drive that holds the manifest therefore had every other file flushed
//! before it; one whose copy was cut short has none, and `foro verify`
//! says so. Flushing after all writes also lets the system send a slow
//! stick large batches instead of one small write and wait per file (on
//! the test machine's disk both orders took the same time, within noise).

use std::io::{Read, Write};
use std::path::Path;

use super::bundle::Bundle;
use super::device;
use crate::manifest;

/// What the writer tells as it goes.
pub struct Tell<'a> {
    /// Bytes written so far (then flushed so far, after `flushing`).
    pub bytes: &'a dyn Fn(u64),
    /// A file's path once it is written.
    pub file: &'a dyn Fn(&str),
    /// Every file is written; the flush starts.
    pub flushing: &'a dyn Fn(),
}

/// Writes every file of `bundle` under `drive`: folders first (each created
/// inside the drive, never the drive itself, so a drive pulled out fails
/// rather than being recreated as a folder on the computer's disk), then
/// the files, then the flush. Before each file the drive must still be the
/// folder it was ([`device::Pinned`]): one pulled out, or unmounted and so
/// replaced by the empty folder beneath it, stops the copy.
pub fn bundle(
    drive: &Path,
    bundle: &Bundle,
    pin: &device::Pinned,
    tell: &Tell,
) -> Result<(), String> {
    for dir in &bundle.dirs {
        let path = drive.join(dir);
        match std::fs::create_dir(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && path.is_dir() => {}
            Err(e) => {
                return Err(format!(
                    "cannot create {}/: {e}",
                    crate::diagnostics::escape(dir)
                ));
            }
        }
    }
    let (last, files): (Vec<_>, Vec<_>) =
        bundle.files.iter().partition(|f| f.path == manifest::FILE);
    let mut buf = vec![0u8; 1 << 20];
    let mut done = 0u64;
    let mut write = |path: &str, flush: bool| {
        still(drive, pin)?;
        copy_file(
            &bundle.root.join(path),
            &drive.join(path),
            &mut buf,
            flush,
            &mut |n| {
                done += n;
                (tell.bytes)(done);
            },
        )
        .map_err(|e| format!("cannot write {}: {e}", crate::diagnostics::escape(path)))?;
        (tell.file)(path);
        Ok::<(), String>(())
    };
    for f in &files {
        write(&f.path, false)?;
    }
    (tell.flushing)();
    let mut flushed = 0u64;
    for f in &files {
        still(drive, pin)?;
        device::sync_file(&drive.join(&f.path))
            .map_err(|e| format!("cannot flush {}: {e}", crate::diagnostics::escape(&f.path)))?;
        flushed += f.size;
        (tell.bytes)(flushed);
    }
    for dir in bundle.dirs.iter().rev() {
        device::sync_dir(&drive.join(dir))
            .map_err(|e| format!("cannot flush {}/: {e}", crate::diagnostics::escape(dir)))?;
    }
    let mut write = |path: &str| {
        still(drive, pin)?;
        copy_file(
            &bundle.root.join(path),
            &drive.join(path),
            &mut buf,
            true,
            &mut |n| {
                flushed += n;
                (tell.bytes)(flushed);
            },
        )
        .map_err(|e| format!("cannot write {}: {e}", crate::diagnostics::escape(path)))?;
        (tell.file)(path);
        Ok::<(), String>(())
    };
    for f in &last {
        write(&f.path)?;
    }
    device::sync_dir(drive).map_err(|e| format!("cannot flush the drive's root: {e}"))
}

/// An error unless `drive` still is the pinned folder.
pub fn still(drive: &Path, pin: &device::Pinned) -> Result<(), String> {
    match pin.still(drive) {
        Ok(true) => Ok(()),
        Ok(false) => Err("the drive was removed or replaced during the copy".into()),
        Err(e) => Err(format!("the drive is gone: {e}")),
    }
}

/// Copies `from` to a new file `to`, flushed to the device if `flush`.
fn copy_file(
    from: &Path,
    to: &Path,
    buf: &mut [u8],
    flush: bool,
    written: &mut dyn FnMut(u64),
) -> std::io::Result<()> {
    let mut src = std::fs::File::open(from)?;
    let mut dst = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)?;
    loop {
        let n = src.read(buf)?;
        if n == 0 {
            break;
        }
        dst.write_all(&buf[..n])?;
        written(n as u64);
    }
    if flush { dst.sync_all() } else { Ok(()) }
}
