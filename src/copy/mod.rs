//! Output stage: `foro copy`, the USB bundle onto many drives at once.
//!
//! Every drive is checked before anything is written (a folder of its own,
//! empty or `--wipe`d, room for the bundle, a file system that holds its
//! largest file), then written on its own thread (files flushed to the
//! device), then read back from the device — the system's cached pages
//! dropped first — and compared with the bundle's manifest by the same
//! code as `foro verify` ([`crate::manifest::check`]). A drive that fails
//! stops alone; the others go on.

mod bundle;
pub mod checks;
pub mod device;
mod outcome;
pub mod report;
pub mod terminal;
mod write;

pub use bundle::{Bundle, BundleFile};
pub use outcome::{CopyError, Outcome, Severity};

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::manifest;

/// What `foro copy` was asked to do.
#[derive(Debug, Clone)]
pub struct CopyOptions {
    /// The forum project: never a drive.
    pub project: PathBuf,
    /// The output folder: the bundle is `out/usb`.
    pub out: PathBuf,
    pub drives: Vec<PathBuf>,
    /// Remove what is at a drive's root (after listing it) before copying.
    pub wipe: bool,
}

impl CopyOptions {
    /// The options from the command line's `[PROJECT] DRIVE...`: the first
    /// path is the project when it holds a forum (default `content`); a
    /// drive with a forum on it is refused as not empty anyway.
    pub fn from_paths(mut paths: Vec<PathBuf>, out: PathBuf, wipe: bool) -> CopyOptions {
        let project = if paths.len() > 1 && paths[0].join("forum.yaml").is_file() {
            paths.remove(0)
        } else {
            PathBuf::from("content")
        };
        CopyOptions {
            project,
            out,
            drives: paths,
            wipe,
        }
    }
}

/// What a copy tells as it goes (progress bars, the report) and the test
/// hooks. Called from each drive's thread; `drive` is its index.
#[allow(
    unused_variables,
    reason = "every method has a default that ignores it"
)]
pub trait Observer: Sync {
    /// `--wipe` is about to remove these entries at the drive's root.
    fn wiping(&self, drive: usize, entries: &[checks::Entry]) {}
    /// Writing starts: `total` bytes.
    fn writing(&self, drive: usize, total: u64) {}
    /// Reading back starts: `total` bytes.
    fn reading(&self, drive: usize, total: u64) {}
    /// Bytes written, or read back, so far.
    fn progress(&self, drive: usize, done: u64) {}
    /// A file is written (not yet flushed).
    fn written(&self, drive: usize, file: &str) {}
    /// Every file is written; flushing them to the device starts: `total` bytes.
    fn flushing(&self, drive: usize, total: u64) {}
    /// Every file is written; the read-back comes next.
    fn before_read_back(&self, drive: usize) {}
    fn finished(&self, drive: usize, outcome: &Outcome) {}
}

/// Copies the bundle of `opts.out` to every drive in parallel. Fails as a
/// whole only before anything is written; after that each drive has its
/// own [`Outcome`], in the order of `opts.drives`.
pub fn copy(opts: &CopyOptions, observer: &dyn Observer) -> Result<Vec<Outcome>, CopyError> {
    let drives =
        checks::drives(&opts.drives, &opts.project, &opts.out).map_err(CopyError::Usage)?;
    let bundle = Bundle::load(&opts.out)?;
    Ok(std::thread::scope(|s| {
        let threads: Vec<_> = drives
            .iter()
            .enumerate()
            .map(|(i, drive)| {
                let bundle = &bundle;
                s.spawn(move || {
                    let outcome = one_drive(i, drive, bundle, opts.wipe, observer);
                    observer.finished(i, &outcome);
                    outcome
                })
            })
            .collect();
        threads
            .into_iter()
            .map(|t| {
                t.join()
                    .unwrap_or_else(|_| Outcome::Failed("the copy stopped unexpectedly".into()))
            })
            .collect()
    }))
}

fn one_drive(i: usize, drive: &Path, bundle: &Bundle, wipe: bool, obs: &dyn Observer) -> Outcome {
    let start = Instant::now();
    let others = match checks::root_entries(drive) {
        Ok(o) => o,
        Err(e) => return Outcome::Failed(format!("cannot list the drive: {e}")),
    };
    if !others.is_empty() && !wipe {
        return Outcome::Refused {
            reason: format!(
                "it holds {} other entr{} ({}); nothing was written (--wipe removes them)",
                others.len(),
                if others.len() == 1 { "y" } else { "ies" },
                report::list(others.iter().map(|e| e.shown.as_str()))
            ),
            full: false,
        };
    }
    if let Some(refused) = room(drive, bundle, &others) {
        return refused;
    }
    if !others.is_empty() {
        obs.wiping(i, &others);
        if let Err(e) = checks::remove(&others) {
            return Outcome::Failed(e);
        }
    }
    let pin = match device::Pinned::new(drive) {
        Ok(p) => p,
        Err(e) => return Outcome::Failed(format!("the drive is gone: {e}")),
    };
    obs.writing(i, bundle.bytes);
    let tell = write::Tell {
        bytes: &|n| obs.progress(i, n),
        file: &|f| obs.written(i, f),
        flushing: &|| obs.flushing(i, bundle.bytes),
    };
    let written = write::bundle(drive, bundle, &pin, &tell);
    if let Err(e) = written {
        return Outcome::Failed(e);
    }
    obs.before_read_back(i);
    if let Err(e) = write::still(drive, &pin) {
        return Outcome::Failed(e);
    }
    obs.reading(i, bundle.bytes);
    let progress = |done: u64, _total: u64| obs.progress(i, done);
    match manifest::check(
        drive,
        &bundle.expected,
        checks::SYSTEM_ENTRIES,
        &device::open_uncached,
        &progress,
    ) {
        Err(e) => Outcome::Failed(e),
        Ok(v) if v.is_ok() => Outcome::Verified {
            files: v.checked,
            bytes: v.bytes,
            elapsed: start.elapsed(),
        },
        Ok(v) => Outcome::Differs(v),
    }
}

/// Refuses a drive without room for the bundle (counting what `--wipe`
/// frees) or whose file system cannot hold its largest file.
fn room(drive: &Path, bundle: &Bundle, others: &[checks::Entry]) -> Option<Outcome> {
    let space = match device::space(drive) {
        Ok(Some(s)) => s,
        Ok(None) => return None,
        Err(e) => return Some(Outcome::Failed(format!("cannot read the free space: {e}"))),
    };
    if let Some((max, fs)) = space.max_file {
        if bundle.largest > max {
            return Some(Outcome::Refused {
                reason: format!(
                    "its file system ({fs}) holds files up to {}; the bundle's largest file has {}",
                    report::size(max),
                    report::size(bundle.largest)
                ),
                full: true,
            });
        }
    }
    let needs = bundle.needs(space.cluster);
    let free = space.available + checks::size_of(others);
    (needs > free).then(|| Outcome::Refused {
        reason: format!(
            "it has {} free and the bundle needs {}; nothing was written",
            report::size(free),
            report::size(needs)
        ),
        full: true,
    })
}
