//! Publish: how to publish, and why a publish did not complete.

use std::path::PathBuf;

use super::target::TargetError;

/// The default of `--max-deletes`.
pub const MAX_DELETES: usize = 100;

/// How to publish.
#[derive(Debug, Clone)]
pub struct Options {
    pub dry_run: bool,
    /// Refuse a publish that would delete more files.
    pub max_deletes: usize,
    /// `--identity`: an OpenSSH private key.
    pub identity: Option<PathBuf>,
    /// `--known-hosts`; default `~/.ssh/known_hosts`.
    pub known_hosts: Option<PathBuf>,
}

/// Why a publish did not complete.
#[derive(Debug)]
pub enum PublishError {
    /// A command line that cannot be carried out (exit 2).
    Usage(String),
    /// The target (or foro, for the target's sake) refused (exit 1).
    Refused(String),
    /// The target differs from the build after the upload (exit 1).
    Differs(Vec<String>),
    /// Connection or input/output failure (exit 3).
    Io(String),
}

impl From<TargetError> for PublishError {
    fn from(e: TargetError) -> Self {
        match e {
            TargetError::Refused(m) => PublishError::Refused(m),
            TargetError::Io(m) => PublishError::Io(m),
        }
    }
}
