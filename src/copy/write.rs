//! Output stage, `foro copy`: writing the bundle's files to one drive, each
//! under a temporary name, flushed to the device, then renamed.

use std::io::{Read, Write};
use std::path::Path;

use super::bundle::Bundle;
use super::device;
use crate::shown;

/// The suffix of a file being written; renamed away once it is flushed.
const PART: &str = ".foro-part";

/// Writes every file of `bundle` under `drive`: folders first (each created
/// inside the drive, never the drive itself, so a drive pulled out fails
/// rather than being recreated as a folder on the computer's disk), then
/// the files, each flushed (fsync) and renamed to its name, then the
/// folders flushed. Before each file the drive must still be the folder it
/// was ([`device::Pinned`]): one pulled out, or unmounted and so replaced
/// by the empty folder beneath it, stops the copy. `bytes` is told the bytes written so far, `file` each
/// file's path once it is on the drive.
pub fn bundle(
    drive: &Path,
    bundle: &Bundle,
    pin: &device::Pinned,
    bytes: &dyn Fn(u64),
    file: &dyn Fn(&str),
) -> Result<(), String> {
    for dir in &bundle.dirs {
        let path = drive.join(dir);
        match std::fs::create_dir(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && path.is_dir() => {}
            Err(e) => return Err(format!("cannot create {}/: {e}", shown::name(dir))),
        }
    }
    let mut buf = vec![0u8; 1 << 20];
    let mut done = 0u64;
    for f in &bundle.files {
        still(drive, pin)?;
        let to = drive.join(&f.path);
        let part = drive.join(format!("{}{PART}", f.path));
        copy_file(&bundle.root.join(&f.path), &part, &mut buf, &mut |n| {
            done += n;
            bytes(done);
        })
        .and_then(|()| std::fs::rename(&part, &to))
        .map_err(|e| {
            let _ = std::fs::remove_file(&part);
            format!("cannot write {}: {e}", shown::name(&f.path))
        })?;
        file(&f.path);
    }
    for dir in bundle.dirs.iter().rev() {
        device::sync_dir(&drive.join(dir))
            .map_err(|e| format!("cannot flush {}/: {e}", shown::name(dir)))?;
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

/// Copies `from` to a new file `to` and flushes it to the device.
fn copy_file(
    from: &Path,
    to: &Path,
    buf: &mut [u8],
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
    dst.sync_all()
}
