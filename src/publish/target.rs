//! Publish: what a target (a folder or an SFTP account) must do. The
//! runner speaks only to this trait; each backend writes a file under its
//! temporary name and renames it into place.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// Why a target operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetError {
    /// The target refused: unknown host key, authentication, permission
    /// (exit 1).
    Refused(String),
    /// Connection or input/output failure (exit 3).
    Io(String),
}

impl std::fmt::Display for TargetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TargetError::Refused(m) | TargetError::Io(m) => f.write_str(m),
        }
    }
}

pub type TResult<T> = Result<T, TargetError>;

/// One file to send.
#[derive(Debug, Clone)]
pub struct Upload {
    /// `/`-separated, relative to the target's root.
    pub path: String,
    /// The file of the build.
    pub src: PathBuf,
    /// Write only the first half to the temporary name and stop: what an
    /// interrupted transfer leaves (the test hook `FORO_PUBLISH_FAIL_AFTER`).
    pub cut_short: bool,
}

/// A place the site is published to. Paths are relative to its root.
pub trait Target {
    /// Every regular file under the root (recursively): path → size.
    /// Creates the root folder if it is missing and its parent exists.
    fn list(&mut self) -> TResult<BTreeMap<String, u64>>;

    /// A file's bytes; `None` if it does not exist.
    fn read(&mut self, path: &str) -> TResult<Option<Vec<u8>>>;

    /// The hex SHA-256 of each file, reading them (a few at a time).
    fn hash(&mut self, paths: &[String]) -> TResult<BTreeMap<String, String>>;

    /// Sends the files (a few at a time): each written under
    /// [`super::plan::temp_name`], then renamed over the served file.
    /// `sent` is called with each file's path once it is in place.
    fn upload(&mut self, files: &[Upload], sent: &mut dyn FnMut(&str, u64)) -> TResult<()>;

    /// Writes `bytes` to `path` through a temporary name.
    fn write(&mut self, path: &str, bytes: &[u8]) -> TResult<()>;

    /// Removes files.
    fn remove(&mut self, paths: &[String]) -> TResult<()>;

    /// Removes each folder if it is empty (deepest first); never fails.
    fn remove_empty_dirs(&mut self, dirs: &[String]);
}

/// Lowercase hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        use std::fmt::Write;
        let _ = write!(s, "{b:02x}");
        s
    })
}
