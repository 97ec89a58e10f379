//! Content stage: the cache that `watch` keeps between loads, so that only
//! files changed since (size or time) are parsed again.
//!
//! Values are stored type-erased (`dyn Any`): the loaders cache values of
//! several private types (a speaker, a translation) through one generic
//! [`Reader::cached`]; a typed enum would have to name each loader's types.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::reader::Reader;
use crate::diagnostics::Diagnostic;

/// Speaker files parsed in earlier loads, by path, with the size and time
/// they had: `watch` re-parses only the files that changed.
#[derive(Clone, Default)]
pub struct LoadCache {
    speakers: std::sync::Arc<std::sync::Mutex<HashMap<PathBuf, Cached>>>,
}

#[derive(Clone)]
struct Cached {
    stamp: (u64, std::time::SystemTime),
    value: std::sync::Arc<dyn std::any::Any + Send + Sync>,
    diags: Vec<Diagnostic>,
    texts: Vec<(PathBuf, String)>,
}

impl Reader {
    /// `parse(child reader)` for the file `rel`, or its cached result when
    /// the file has the same size and modification time as then.
    pub fn cached<T: Clone + Send + Sync + 'static>(
        &self,
        rel: &Path,
        parse: impl FnOnce(&mut Reader) -> T,
    ) -> (T, Reader) {
        let mut sub = self.child();
        let stamp = std::fs::metadata(self.root.join(rel))
            .ok()
            .and_then(|m| Some((m.len(), m.modified().ok()?)));
        let (Some(cache), Some(stamp)) = (&self.cache, stamp) else {
            let value = parse(&mut sub);
            return (value, sub);
        };
        let hit = cache
            .speakers
            .lock()
            .ok()
            .and_then(|m| m.get(rel).filter(|c| c.stamp == stamp).cloned());
        if let Some(c) = hit {
            if let Some(value) = c.value.downcast_ref::<T>() {
                sub.diags.extend(c.diags);
                sub.sources.texts.extend(c.texts);
                return (value.clone(), sub);
            }
        }
        let value = parse(&mut sub);
        let entry = Cached {
            stamp,
            value: std::sync::Arc::new(value.clone()),
            diags: sub.diags.items.clone(),
            texts: sub
                .sources
                .texts
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        };
        if let Ok(mut m) = cache.speakers.lock() {
            m.insert(rel.to_path_buf(), entry);
        }
        (value, sub)
    }
}
