//! Output stage: `foro copy`, the USB bundle onto many drives at once.
//!
//! Every drive is checked before anything is written (a folder of its own,
//! empty or `--wipe`d, room for the bundle, a file system that holds its
//! largest file), then written on its own thread (files flushed to the
//! device), then read back from the device — the system's cached pages
//! dropped first — and compared with the bundle's manifest by the same
//! code as `foro verify` ([`crate::manifest::check`]). A drive that fails
//! stops alone; the others go on.

pub mod checks;
pub mod device;
pub mod report;
pub mod terminal;
mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::manifest::{self, Verification};
use crate::shown;

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

/// The USB bundle to copy, read from `out/usb`.
#[derive(Debug, Clone)]
pub struct Bundle {
    pub root: PathBuf,
    /// Every file, `/`-separated, `MANIFEST.sha256` last.
    pub files: Vec<BundleFile>,
    /// Every folder, parents before children.
    pub dirs: Vec<String>,
    /// What the drives must hold: path → SHA-256, the manifest itself too.
    pub expected: BTreeMap<String, String>,
    pub bytes: u64,
    pub largest: u64,
}

#[derive(Debug, Clone)]
pub struct BundleFile {
    pub path: String,
    pub size: u64,
}

impl Bundle {
    /// Reads `out/usb` and checks it against its own manifest, so a bundle
    /// changed since the build is never copied.
    pub fn load(out: &Path) -> Result<Bundle, CopyError> {
        let root = out.join("usb");
        let manifest_path = root.join(manifest::FILE);
        let text = std::fs::read(&manifest_path).map_err(|e| {
            CopyError::Usage(format!(
                "no USB bundle to copy: cannot read {}: {e} (run `foro build` first)",
                shown::path(&manifest_path)
            ))
        })?;
        let source = manifest::verify(&root, &|_, _| {}).map_err(CopyError::Io)?;
        if !source.is_ok() {
            return Err(CopyError::Source(source));
        }
        let mut expected = manifest::parse(&String::from_utf8_lossy(&text))
            .map_err(|e| CopyError::Io(format!("{}: {e}", shown::path(&manifest_path))))?;
        expected.insert(manifest::FILE.to_string(), manifest::digest(&text));
        let mut files = Vec::new();
        for path in expected.keys() {
            let size = std::fs::metadata(root.join(path))
                .map_err(|e| CopyError::Io(format!("cannot read usb/{}: {e}", shown::name(path))))?
                .len();
            files.push(BundleFile {
                path: path.clone(),
                size,
            });
        }
        files.sort_by_key(|f| (f.path == manifest::FILE, f.path.clone()));
        let mut dirs: Vec<String> = files
            .iter()
            .flat_map(|f| {
                f.path
                    .match_indices('/')
                    .map(|(i, _)| f.path[..i].to_string())
                    .collect::<Vec<_>>()
            })
            .collect();
        dirs.sort();
        dirs.dedup();
        Ok(Bundle {
            root,
            bytes: files.iter().map(|f| f.size).sum(),
            largest: files.iter().map(|f| f.size).max().unwrap_or(0),
            files,
            dirs,
            expected,
        })
    }

    /// The space the bundle takes on a file system of `cluster`-byte
    /// allocation units: every file and folder rounded up to whole units.
    pub fn needs(&self, cluster: u64) -> u64 {
        let round = |n: u64| n.div_ceil(cluster).max(1) * cluster;
        self.files.iter().map(|f| round(f.size)).sum::<u64>() + self.dirs.len() as u64 * cluster
    }
}

/// Why `foro copy` wrote to no drive at all.
#[derive(Debug)]
pub enum CopyError {
    /// A drive that is no drive, a missing bundle: exit 2.
    Usage(String),
    /// The bundle could not be read: exit 3.
    Io(String),
    /// `out/usb` differs from its manifest: exit 1.
    Source(Verification),
}

/// How one drive ended.
#[derive(Debug)]
pub enum Outcome {
    /// Written, read back from the device, every file as the manifest says.
    Verified {
        files: usize,
        bytes: u64,
        elapsed: Duration,
    },
    /// Read back and found different: exit 1.
    Differs(Verification),
    /// Left alone before anything was written (other files without
    /// `--wipe`: exit 2; too small: exit 3).
    Refused { reason: String, full: bool },
    /// Writing or reading failed (drive removed, full): exit 3.
    Failed(String),
}

/// The exit code of a run, the worst of its drives': 0 every drive
/// verified, 1 a drive differs, 2 a drive refused for what it holds, 3 a
/// drive failed (removed, full, unreadable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Ok,
    Differs,
    Usage,
    Io,
}

impl Outcome {
    pub fn severity(&self) -> Severity {
        match self {
            Outcome::Verified { .. } => Severity::Ok,
            Outcome::Differs(v) if v.unreadable.is_empty() => Severity::Differs,
            Outcome::Refused { full: false, .. } => Severity::Usage,
            Outcome::Differs(_) | Outcome::Refused { full: true, .. } | Outcome::Failed(_) => {
                Severity::Io
            }
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
    /// A file is written and flushed.
    fn written(&self, drive: usize, file: &str) {}
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
    let id = match write::still(drive, None) {
        Ok(id) => id,
        Err(e) => return Outcome::Failed(e),
    };
    obs.writing(i, bundle.bytes);
    let written = write::bundle(drive, bundle, id, &|n| obs.progress(i, n), &|f| {
        obs.written(i, f)
    });
    if let Err(e) = written {
        return Outcome::Failed(e);
    }
    obs.before_read_back(i);
    if let Err(e) = write::still(drive, Some(id)) {
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
