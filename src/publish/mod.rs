//! Output stage: `foro publish`, the built web site uploaded to a server
//! (SFTP) or a mounted folder, changed files only, never half-published.
//!
//! `plan` compares the build with the target (pure), `target` is what a
//! backend does (`folder`, `sftp` over `ssh`), `run` carries a plan out in a
//! safe order and checks the result, `setup` finds the target and reads the
//! build, `command` is the command line.

pub mod command;
pub mod folder;
pub mod options;
pub mod plan;
pub mod run;
pub mod setup;
#[cfg(feature = "publish-sftp")]
pub mod sftp;
#[cfg(feature = "publish-sftp")]
mod ssh;
pub mod target;
pub mod url;
