//! Content stage: the reader that every loader uses — reads a project's
//! files as UTF-8 text (refusing symbolic links), parses YAML with positions
//! and keeps each text for showing source lines in diagnostics.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::de::DeserializeOwned;

use super::cache::LoadCache;
use super::file_check::FileCheck;
use super::hints::yaml_hint;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::text::PACK_FROM;
use crate::model::{FileText, Text};
use crate::safe_path::read_checked;
use crate::yaml::{self, Pos, Positions};

/// The text of every file read, for showing source lines in diagnostics.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    pub texts: BTreeMap<PathBuf, Arc<FileText>>,
    /// Where each session id stands in agenda.yaml: (day index, session index).
    pub sessions: HashMap<String, (usize, usize)>,
}

impl Sources {
    pub fn get(&self, file: &Path) -> Option<Cow<'_, str>> {
        self.texts.get(file).map(|t| t.read())
    }
}

/// State shared by the loaders of one project.
pub(crate) struct Reader {
    pub root: PathBuf,
    pub diags: Diagnostics,
    pub sources: Sources,
    pub cache: Option<LoadCache>,
    /// Bytes of text the project's readers have read: past `pack_from`
    /// ([`PACK_FROM`]), texts are kept compressed.
    read: Arc<AtomicU64>,
    pack_from: u64,
}

/// A file's text just read: as it is kept, and as it reads.
pub(crate) struct ReadText {
    pub kept: Arc<FileText>,
    /// The text when `kept` is compressed.
    plain: Option<String>,
}

impl ReadText {
    pub fn text(&self) -> &str {
        self.plain
            .as_deref()
            .or_else(|| self.kept.as_plain())
            .unwrap_or_default()
    }

    /// The part `part` of the text (a slice of it).
    pub fn part(&self, part: &str) -> Text {
        Text::part(&self.kept, self.text(), part)
    }
}

impl std::ops::Deref for ReadText {
    type Target = str;

    fn deref(&self) -> &str {
        self.text()
    }
}

impl Reader {
    pub fn new(root: &Path, cache: Option<LoadCache>) -> Reader {
        Reader {
            root: root.to_path_buf(),
            diags: Diagnostics::default(),
            sources: Sources::default(),
            cache,
            read: Arc::default(),
            pack_from: PACK_FROM,
        }
    }

    /// A reader that keeps texts compressed past `pack_from` bytes.
    #[cfg(test)]
    pub fn packing_from(mut self, pack_from: u64) -> Reader {
        self.pack_from = pack_from;
        self
    }

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
        if let Some((value, diags, texts)) = cache.get::<T>(rel, stamp) {
            sub.diags.extend(diags);
            sub.sources.texts.extend(texts);
            return (value, sub);
        }
        let value = parse(&mut sub);
        let texts = sub
            .sources
            .texts
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        cache.put(rel, stamp, (value.clone(), sub.diags.items.clone(), texts));
        (value, sub)
    }
}

impl Reader {
    /// A reader of the same project with nothing collected yet, for reading
    /// files in parallel; merge it back with [`Reader::absorb`].
    pub fn child(&self) -> Reader {
        Reader {
            root: self.root.clone(),
            diags: Diagnostics::default(),
            sources: Sources::default(),
            cache: self.cache.clone(),
            read: Arc::clone(&self.read),
            pack_from: self.pack_from,
        }
    }

    /// Takes in what a child reader collected.
    pub fn absorb(&mut self, child: Reader) {
        self.diags.extend(child.diags.items);
        self.sources.texts.extend(child.sources.texts);
    }

    /// Reads a UTF-8 text file; `None` (with an error) if it cannot.
    /// The text is kept once: the copy for error messages and the
    /// model's Markdown bodies ([`crate::model::Text`]) share it.
    pub fn read(&mut self, rel: &Path) -> Option<ReadText> {
        let bytes = match read_checked(&self.root, rel) {
            Ok(b) => b,
            Err(refused) => {
                self.diags.push(refused.diagnostic(rel));
                return None;
            }
        };
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.remove(0);
                }
                if text.contains('\r') {
                    text = text.replace("\r\n", "\n");
                }
                let before = self.read.fetch_add(text.len() as u64, Ordering::Relaxed);
                let read = if before >= self.pack_from {
                    ReadText {
                        kept: Arc::new(FileText::packed(&text)),
                        plain: Some(text),
                    }
                } else {
                    ReadText {
                        kept: Arc::new(FileText::plain(text)),
                        plain: None,
                    }
                };
                self.sources
                    .texts
                    .insert(rel.to_path_buf(), Arc::clone(&read.kept));
                Some(read)
            }
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let bytes = e.as_bytes();
                let line = bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
                let col = offset
                    - bytes[..offset]
                        .iter()
                        .rposition(|b| *b == b'\n')
                        .map_or(0, |i| i + 1)
                    + 1;
                self.diags.push(
                    Diagnostic::error(
                        rel,
                        Some(Pos { line, col }),
                        format!("the file is not valid UTF-8 text (byte offset {offset})"),
                    )
                    .hint("save the file as UTF-8 in your editor"),
                );
                None
            }
        }
    }

    /// Whether the project has something (anything: a file, a link, a
    /// pipe) at `rel`, which [`Reader::read`] then reads or refuses.
    pub fn present(&self, rel: &Path) -> bool {
        std::fs::symlink_metadata(self.root.join(rel)).is_ok()
    }

    /// Parses YAML, reporting a syntax or type error at its position.
    pub fn parse<T: DeserializeOwned>(
        &mut self,
        rel: &Path,
        text: &str,
        line_offset: usize,
    ) -> Option<T> {
        match yaml::from_str(text) {
            Ok(v) => Some(v),
            Err(e) => {
                let pos = Pos {
                    line: e.pos.line + line_offset,
                    col: e.pos.col,
                };
                let hint = yaml_hint(&e.message);
                let mut d = Diagnostic::error(rel, Some(pos), e.message);
                if let Some(h) = hint {
                    d = d.hint(h);
                }
                self.diags.push(d);
                None
            }
        }
    }

    /// A checker for the values of one YAML file.
    pub fn file<'a>(
        &'a mut self,
        rel: &Path,
        positions: Positions,
        langs: &'a [String],
    ) -> FileCheck<'a> {
        FileCheck {
            diags: &mut self.diags,
            file: rel.to_path_buf(),
            positions,
            langs,
        }
    }
}
