//! All stages: names from outside (file names, paths) as printed in
//! messages, with control characters escaped so that a file name cannot
//! move the cursor, clear the terminal or fake a line of the report. The
//! escaping itself is [`crate::diagnostics::escape`], the one used by every
//! message.

use std::path::Path;

/// `name` with control and bidirectional-override characters written as
/// `\u{1b}` escapes.
pub fn name(name: &str) -> String {
    crate::diagnostics::escape(name)
}

/// A path, escaped as [`name`] (invalid UTF-8 shown as U+FFFD).
pub fn path(p: &Path) -> String {
    name(&p.to_string_lossy())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(name("files/Día 1.pdf"), "files/Día 1.pdf");
        assert_eq!(name("a\nok: b\x1b[2J"), "a\\u{a}ok: b\\u{1b}[2J");
        assert_eq!(name("E:\\"), "E:\\");
    }
}
