//! Content stage: the cache that `watch` keeps between loads, so that only
//! files changed since (size or time) are parsed again
//! ([`Reader::cached`](super::reader::Reader::cached) uses it).
//!
//! Values are stored type-erased (`dyn Any`): the loaders cache values of
//! several private types (a speaker, a translation) through one generic
//! method; a typed enum would have to name each loader's types.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// A file's size and modification time.
pub(super) type Stamp = (u64, std::time::SystemTime);

/// Speaker files parsed in earlier loads, by path, with the size and time
/// they had: `watch` re-parses only the files that changed.
#[derive(Clone, Default)]
pub struct LoadCache {
    speakers: std::sync::Arc<std::sync::Mutex<HashMap<PathBuf, Cached>>>,
}

#[derive(Clone)]
struct Cached {
    stamp: Stamp,
    value: std::sync::Arc<dyn std::any::Any + Send + Sync>,
    diags: Vec<Diagnostic>,
    texts: Vec<(PathBuf, std::sync::Arc<crate::model::FileText>)>,
}

/// What parsing a file gave: its value, its diagnostics and the texts read.
pub(super) type Entry<T> = (
    T,
    Vec<Diagnostic>,
    Vec<(PathBuf, std::sync::Arc<crate::model::FileText>)>,
);

impl LoadCache {
    /// What parsing `rel` gave when it had this `stamp`, if it is a `T`.
    pub(super) fn get<T: Clone + 'static>(&self, rel: &Path, stamp: Stamp) -> Option<Entry<T>> {
        let c = self
            .speakers
            .lock()
            .ok()
            .and_then(|m| m.get(rel).filter(|c| c.stamp == stamp).cloned())?;
        let value = c.value.downcast_ref::<T>()?.clone();
        Some((value, c.diags, c.texts))
    }

    /// Keeps what parsing `rel` gave at this `stamp`.
    pub(super) fn put<T: Send + Sync + 'static>(&self, rel: &Path, stamp: Stamp, entry: Entry<T>) {
        let (value, diags, texts) = entry;
        let cached = Cached {
            stamp,
            value: std::sync::Arc::new(value),
            diags,
            texts,
        };
        if let Ok(mut m) = self.speakers.lock() {
            m.insert(rel.to_path_buf(), cached);
        }
    }
}
