//! Content stage: reads a forum project from disk into the model.
//!
//! Every file is read and checked even after an error, so one run reports
//! every problem. Nothing here renders or writes.

mod agenda;
mod assets;
mod cache;
mod documents;
mod economies;
mod file_check;
mod fonts;
mod forum;
mod front_matter;
mod hints;
mod listing;
mod localized_lines;
mod media;
mod presentations;
mod publish_targets;
mod reader;
mod recording;
mod references;
mod speakers;
pub mod webvtt;

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Forum;

pub use cache::LoadCache;
pub(crate) use file_check::FileCheck;
pub use file_check::check_url;
pub use fonts::project_fonts;
pub(crate) use front_matter::split_front_matter;
pub(crate) use listing::{markdown_files, split_lang_stem};
pub(crate) use localized_lines::localized_lines;
pub(crate) use reader::Reader;
pub use reader::Sources;

/// The result of loading: the forum as far as it could be built (complete
/// only when `diagnostics` has no error), and every diagnostic found.
pub struct Loaded {
    pub forum: Option<Forum>,
    pub diagnostics: Diagnostics,
    pub sources: Sources,
}

/// forum.yaml alone, read and checked (`foro publish` needs its `publish:`
/// targets, not the rest of the project).
pub struct LoadedConfig {
    pub config: Option<crate::model::Config>,
    pub diagnostics: Diagnostics,
    pub sources: Sources,
}

/// Reads and checks only forum.yaml of the project at `root`.
pub fn load_config(root: &Path) -> LoadedConfig {
    let mut r = Reader::new(root, None);
    let config = forum::load(&mut r);
    LoadedConfig {
        config,
        diagnostics: r.diags.sorted(),
        sources: r.sources,
    }
}

/// Reads and validates the whole project at `root`.
pub fn load(root: &Path) -> Loaded {
    load_cached(root, None)
}

/// Like [`load`], re-using what `cache` (kept by `watch` between rebuilds)
/// parsed from files that have not changed since (same size and time).
pub fn load_cached(root: &Path, cache: Option<&LoadCache>) -> Loaded {
    load_with(Reader::new(root, cache.cloned()))
}

fn load_with(mut r: Reader) -> Loaded {
    let forum = load_all(&mut r);
    Loaded {
        forum,
        diagnostics: r.diags.sorted(),
        sources: r.sources,
    }
}

fn load_all(r: &mut Reader) -> Option<Forum> {
    if !r.root.is_dir() {
        r.diags.push(
            Diagnostic::error("", None, "the forum project folder does not exist")
                .hint("pass the folder that holds forum.yaml, e.g. `foro build content`"),
        );
        return None;
    }
    let config = forum::load(r)?;
    let langs: Vec<String> = config.languages.iter().map(ToString::to_string).collect();
    let assets = assets::scan(r);
    let agenda = agenda::load(r, &config);
    let speakers = speakers::load(r, &langs);
    let presentations = presentations::load(r, &langs);
    let participation = presentations::load_participation(r, &langs);
    let pages = documents::load(r, crate::model::DocKind::Page, &langs);
    let reports = documents::load(r, crate::model::DocKind::Report, &langs);
    let mut forum = Forum {
        config,
        agenda: agenda?,
        speakers,
        presentations: presentations.unwrap_or_default(),
        pages,
        reports,
        participation,
        assets,
        index: std::sync::OnceLock::new(),
    };
    references::check(r, &forum);
    economies::resolve(r, &mut forum);
    Some(forum)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(rel: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(rel)
    }

    /// Texts kept compressed (every text, here) read back as they were
    /// read: the bodies the pages are made from, and the lines a
    /// diagnostic shows.
    #[test]
    fn a_forum_kept_compressed_reads_as_the_forum_kept_as_read() {
        let root = fixture("build/kitchen-sink");
        let plain = load(&root);
        let packed = load_with(Reader::new(&root, None).packing_from(0));
        let (Some(a), Some(b)) = (&plain.forum, &packed.forum) else {
            panic!("the kitchen sink loads");
        };
        let bodies = |f: &Forum| -> Vec<String> {
            f.speakers
                .iter()
                .flat_map(|s| &s.bio)
                .chain(
                    f.pages
                        .iter()
                        .chain(&f.reports)
                        .flat_map(|d| d.versions.iter().map(|v| &v.body)),
                )
                .map(|b| b.markdown.read().into_owned())
                .collect()
        };
        assert!(bodies(a).iter().any(|t| t.len() > 100));
        assert_eq!(bodies(a), bodies(b));
        assert!(
            packed
                .sources
                .texts
                .values()
                .all(|t| t.as_plain().is_none()),
            "every text compressed"
        );
        let files: Vec<_> = plain.sources.texts.keys().collect();
        assert_eq!(files, packed.sources.texts.keys().collect::<Vec<_>>());
        for f in files {
            assert_eq!(
                plain.sources.get(f),
                packed.sources.get(f),
                "{}",
                f.display()
            );
        }
    }
}
