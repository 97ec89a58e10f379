//! The benchmarks' forum: a project named by an environment variable, or
//! one the shared corpus generator (`../shared/bench/gen_corpus.py`) writes
//! into a temporary folder kept as long as the returned guard lives.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The project in `$var`, else a generated forum of `n` speakers.
pub fn corpus(var: &str, n: u32) -> (Option<tempfile::TempDir>, PathBuf) {
    if let Some(p) = std::env::var_os(var) {
        return (None, PathBuf::from(p));
    }
    let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let status = Command::new("python3")
        .arg(&generator)
        .args(["--n", &n.to_string(), "--formats", "foro", "--out"])
        .arg(dir.path())
        .output()
        .expect("python3 runs the corpus generator");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let project = dir.path().join("foro");
    (Some(dir), project)
}
