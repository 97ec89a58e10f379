//! Model: a part of a project file's text, shared with the copy of the
//! file kept for error messages, so that a forum's Markdown is held once.

use std::ops::{Deref, Range};
use std::sync::Arc;

/// A part of a file's text (a Markdown body after its front matter); it
/// reads as a `str`.
#[derive(Clone, PartialEq, Eq)]
pub struct Text {
    file: Arc<str>,
    range: Range<usize>,
}

impl Text {
    /// The part `part` of `file`; `part` must be a slice of `file` (as
    /// the front matter splitter returns), else it is copied.
    pub fn part(file: &Arc<str>, part: &str) -> Text {
        let start = (part.as_ptr() as usize).wrapping_sub(file.as_ptr() as usize);
        if start <= file.len() && file.len() - start >= part.len() {
            Text {
                file: Arc::clone(file),
                range: start..start + part.len(),
            }
        } else {
            Text::from(part)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.file[self.range.clone()]
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text {
            file: Arc::from(s),
            range: 0..s.len(),
        }
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_shares_the_file_and_reads_as_its_slice() {
        let file: Arc<str> = Arc::from("---\nname: Ana\n---\nBody *text*.\n");
        let body = &file[18..];
        let t = Text::part(&file, body);
        assert_eq!(&*t, "Body *text*.\n");
        assert_eq!(Arc::strong_count(&file), 2, "shared, not copied");
        let elsewhere = String::from("Body");
        let copied = Text::part(&file, &elsewhere);
        assert_eq!(copied.as_str(), "Body");
        assert_eq!(Arc::strong_count(&file), 2);
    }
}
