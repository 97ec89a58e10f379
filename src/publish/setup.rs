//! Publish: the target `--to` names (an address or a `publish:` entry of
//! forum.yaml), the files of the build, the opened target.

use std::path::Path;

use rayon::prelude::*;

use super::folder;
use super::options::{Options, PublishError};
use super::plan;
#[cfg(feature = "publish-sftp")]
use super::sftp;
use super::target;
use super::url::{self, TargetUrl};

/// The address `--to` names: an address, or the name of an entry of
/// `publish:` in forum.yaml (read from `project`). Also returns the entry's
/// `max_deletes`.
pub fn resolve(to: &str, project: &Path) -> Result<(TargetUrl, Option<usize>), ResolveError> {
    if to.contains("://") {
        return url::parse(to)
            .map(|u| (u, None))
            .map_err(|e| ResolveError::Usage(format!("{}\nhint: {}", e.message, e.hint)));
    }
    let loaded = crate::content::load_config(project);
    let Some(config) = loaded.config else {
        return Err(ResolveError::Content(loaded.diagnostics, loaded.sources));
    };
    if loaded.diagnostics.errors().next().is_some() {
        return Err(ResolveError::Content(loaded.diagnostics, loaded.sources));
    }
    if let Some(t) = config.publish.get(to) {
        url::parse(&t.url)
            .map(|u| (u, t.max_deletes))
            .map_err(|e| ResolveError::Usage(e.message))
    } else {
        {
            let names: Vec<&str> = config.publish.keys().map(String::as_str).collect();
            Err(ResolveError::Usage(format!(
                "`{}` is neither an address nor a target of `publish:` in {}\nhint: {}",
                to.escape_debug(),
                project.join("forum.yaml").display(),
                if names.is_empty() {
                    "pass sftp://USER@HOST/PATH or file:///PATH, or name targets under `publish:` in forum.yaml".to_string()
                } else {
                    format!("the targets are: {}", names.join(", "))
                }
            )))
        }
    }
}

/// Why `--to` could not be resolved.
#[derive(Debug)]
pub enum ResolveError {
    Usage(String),
    /// forum.yaml has errors.
    Content(crate::diagnostics::Diagnostics, crate::content::Sources),
}

/// The files of the built site: path → digest and size.
pub fn local_files(site: &Path) -> Result<plan::Files, PublishError> {
    if !site.join("index.html").is_file() {
        return Err(PublishError::Usage(format!(
            "there is no built site in {}\nhint: run `foro build` first, or add --build (and --out if the build went elsewhere)",
            site.display()
        )));
    }
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(site).min_depth(1) {
        let entry =
            entry.map_err(|e| PublishError::Io(format!("cannot list {}: {e}", site.display())))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(site).unwrap_or(entry.path());
            let rel = rel
                .iter()
                .map(|s| s.to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            paths.push((rel, entry.path().to_path_buf()));
        }
    }
    let progress = std::sync::atomic::AtomicU64::new(0);
    paths
        .par_iter()
        .map(|(rel, abs)| {
            let read =
                |e: std::io::Error| PublishError::Io(format!("cannot read {}: {e}", abs.display()));
            let len = std::fs::metadata(abs).map_err(read)?.len();
            let f = std::fs::File::open(abs).map_err(read)?;
            let sha256 = crate::manifest::hash_reader(f, &progress).map_err(read)?;
            Ok((rel.clone(), plan::Entry { sha256, size: len }))
        })
        .collect()
}

/// Opens (for SFTP: connects to and signs in to) the target.
pub fn open(url: &TargetUrl, opts: &Options) -> Result<Box<dyn target::Target>, PublishError> {
    match url {
        TargetUrl::Folder(p) => {
            let _ = opts;
            Ok(Box::new(folder::Folder::new(p.clone())))
        }
        #[cfg(feature = "publish-sftp")]
        TargetUrl::Sftp { .. } => Ok(Box::new(sftp::Sftp::connect(url, opts)?)),
        #[cfg(not(feature = "publish-sftp"))]
        TargetUrl::Sftp { .. } => Err(PublishError::Usage(
            "this foro was built without SFTP (cargo feature `publish-sftp`)".to_string(),
        )),
    }
}
