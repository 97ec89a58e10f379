//! Model: a project file's text as it is kept ([`FileText`]), and a part
//! of it ([`Text`], a Markdown body after its front matter), shared with
//! the copy kept for error messages, so that a forum's Markdown is held
//! once.
//!
//! A large forum's texts are most of its memory (365 MB of Markdown at
//! 2×50,000 speakers): past the first [`PACK_FROM`] bytes a project's
//! files are kept compressed (LZ4, ~1.6× on biographies) and read back
//! when a text is rendered, so small forums pay nothing and large ones
//! hold a fraction.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

/// Bytes of text a project keeps as read before keeping the rest
/// compressed.
pub const PACK_FROM: u64 = 32 * 1024 * 1024;

/// A file's text, as read or compressed.
#[derive(Clone, PartialEq, Eq)]
pub struct FileText(Repr);

impl std::fmt::Debug for FileText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.read(), f)
    }
}

#[derive(Clone, PartialEq, Eq)]
enum Repr {
    Plain(Box<str>),
    /// LZ4 block of `len` bytes of UTF-8 text.
    Packed {
        lz4: Box<[u8]>,
        len: usize,
    },
}

impl FileText {
    /// The text kept as it is.
    pub fn plain(text: String) -> FileText {
        FileText(Repr::Plain(text.into_boxed_str()))
    }

    /// The text kept compressed.
    pub fn packed(text: &str) -> FileText {
        FileText(Repr::Packed {
            lz4: lz4_flex::block::compress(text.as_bytes()).into_boxed_slice(),
            len: text.len(),
        })
    }

    /// The text, read back if it is compressed.
    pub fn read(&self) -> Cow<'_, str> {
        match &self.0 {
            Repr::Plain(s) => Cow::Borrowed(s),
            Repr::Packed { lz4, len } => Cow::Owned(unpack(lz4, *len)),
        }
    }

    /// The text when it is kept as it is.
    pub fn as_plain(&self) -> Option<&str> {
        match &self.0 {
            Repr::Plain(s) => Some(s),
            Repr::Packed { .. } => None,
        }
    }

    /// Bytes held.
    pub fn held(&self) -> usize {
        match &self.0 {
            Repr::Plain(s) => s.len(),
            Repr::Packed { lz4, .. } => lz4.len(),
        }
    }
}

/// The text of an LZ4 block made by [`FileText::packed`] (whole UTF-8
/// text, so neither step can fail; an impossible failure reads as empty).
fn unpack(lz4: &[u8], len: usize) -> String {
    lz4_flex::block::decompress(lz4, len)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}

/// A part of a file's text (a Markdown body after its front matter).
#[derive(Clone, PartialEq, Eq)]
pub struct Text {
    file: Arc<FileText>,
    range: Range<usize>,
    /// Only white space (known without reading the text back).
    blank: bool,
}

impl Text {
    /// The part `part` of `whole`, the text of `file`; `part` must be a
    /// slice of `whole` (as the front matter splitter returns), else it
    /// is copied.
    pub fn part(file: &Arc<FileText>, whole: &str, part: &str) -> Text {
        let start = (part.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
        if start <= whole.len() && whole.len() - start >= part.len() {
            Text {
                file: Arc::clone(file),
                range: start..start + part.len(),
                blank: part.trim().is_empty(),
            }
        } else {
            Text::from(part)
        }
    }

    /// The text, read back from its file's if that is compressed.
    pub fn read(&self) -> Cow<'_, str> {
        match self.file.read() {
            Cow::Borrowed(s) => Cow::Borrowed(&s[self.range.clone()]),
            Cow::Owned(mut s) => {
                // The file's text cut down to the part, in place.
                s.truncate(self.range.end);
                s.drain(..self.range.start);
                Cow::Owned(s)
            }
        }
    }

    /// Whether the text is only white space.
    pub fn is_blank(&self) -> bool {
        self.blank
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text {
            file: Arc::new(FileText::plain(s.to_string())),
            range: 0..s.len(),
            blank: s.trim().is_empty(),
        }
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.read(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "---\nname: Ana\n---\nBody *text*, ñandú.\n";

    #[test]
    fn a_part_shares_the_file_and_reads_as_its_slice() {
        for file in [
            Arc::new(FileText::plain(FILE.to_string())),
            Arc::new(FileText::packed(FILE)),
        ] {
            let body = &FILE[18..];
            let t = Text::part(&file, FILE, body);
            assert_eq!(&*t.read(), "Body *text*, ñandú.\n");
            assert!(!t.is_blank());
            assert_eq!(Arc::strong_count(&file), 2, "shared, not copied");
            let elsewhere = String::from("Body");
            let copied = Text::part(&file, FILE, &elsewhere);
            assert_eq!(&*copied.read(), "Body");
            assert_eq!(Arc::strong_count(&file), 2);
            assert!(Text::part(&file, FILE, &FILE[FILE.len()..]).is_blank());
        }
    }

    #[test]
    fn a_packed_text_holds_less_and_reads_back_the_same() {
        let bio = "Trabaja en clústeres, cadenas globales de valor y mipymes. ".repeat(40);
        let packed = FileText::packed(&bio);
        assert!(
            packed.held() < bio.len() / 4,
            "{} bytes held",
            packed.held()
        );
        assert_eq!(packed.read(), bio);
        assert!(packed.as_plain().is_none());
        assert_eq!(FileText::packed("").read(), "");
    }
}
