//! Hostile and broken input: nothing crashes, nothing leaks, nothing is lost.
//!
//! Most cases start from `fixtures/hostile/base/` (a small bilingual forum
//! with a photo, a logo, a presentation file, a page, a report and its own
//! theme) and break one thing at test time: symbolic links, script in YAML
//! and Markdown, huge and invalid files, killed builds.

mod classes;
mod escaping;
mod interrupted;
mod limits;
mod links;
mod messages;
mod outside;
mod paths;
mod preview;

use std::path::Path;

use crate::support::Project;

/// `fixtures/hostile/base` in a fresh temporary folder.
fn base() -> Project {
    Project::from_fixture("hostile/base")
}

/// Every file under `root` with its bytes, sorted by path: what a build left.
fn manifest(root: &Path) -> Vec<(String, Vec<u8>)> {
    crate::support::list_files(root)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(root.join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect()
}
