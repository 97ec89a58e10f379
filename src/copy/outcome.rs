//! Output stage, `foro copy`: how a copy ends, per drive and as a whole.

use std::time::Duration;

use crate::manifest::Verification;

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
