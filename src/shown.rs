//! All stages: names from outside (file names, paths) as printed in
//! messages, with control characters escaped so that a file name cannot
//! move the cursor, clear the terminal or fake a line of the report.

use std::borrow::Cow;
use std::path::Path;

/// `name` with control characters written as Rust escapes: `a\nb` for a
/// name holding a newline.
pub fn name(name: &str) -> Cow<'_, str> {
    if !name.chars().any(char::is_control) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A path, escaped as [`name`] (invalid UTF-8 shown as U+FFFD).
pub fn path(p: &Path) -> String {
    name(&p.to_string_lossy()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(name("files/Día 1.pdf"), "files/Día 1.pdf");
        assert_eq!(name("a\nok: b\x1b[2J"), "a\\nok: b\\u{1b}[2J");
        assert_eq!(name("E:\\"), "E:\\");
    }
}
