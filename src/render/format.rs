//! Render stage: small formatters every output shares (file types and
//! sizes, initials, name order).
//!
//! Depends on nothing else of `render`, so the site and the handout both
//! use it without depending on each other.

use crate::i18n::I18n;
use crate::model::{Forum, Lang};

/// `PDF`, `PPTX`: the file's extension in capitals.
pub fn file_type(path: &str) -> String {
    path.rsplit_once('.')
        .map_or_else(|| "FILE".into(), |(_, ext)| ext.to_ascii_uppercase())
}

/// `2.3 KB` / `2,3 KB`.
pub fn human_size(bytes: u64, i18n: &I18n, lang: &Lang) -> String {
    let units = ["B", "KB", "MB", "GB"];
    let mut size = bytes;
    let mut tenths = 0;
    let mut unit = 0;
    while size >= 1000 && unit + 1 < units.len() {
        tenths = (size % 1000) / 100;
        size /= 1000;
        unit += 1;
    }
    if unit == 0 || size >= 100 {
        format!("{size} {}", units[unit])
    } else {
        format!(
            "{size}{}{tenths} {}",
            i18n.t(lang, "decimal_separator"),
            units[unit]
        )
    }
}

/// The size of one of the forum's files, for a reader of `lang`.
pub fn asset_size(forum: &Forum, file: &str, i18n: &I18n, lang: &Lang) -> String {
    human_size(forum.asset_size(file).unwrap_or(0), i18n, lang)
}

/// Up to two initials of a name, for a photo's placeholder.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphabetic())
        .take(2)
        .collect()
}

/// Sorts names by their letters, ignoring case and accents.
pub fn sort_key(name: &str) -> String {
    crate::slug::suggest_id(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_skip_non_letters() {
        assert_eq!(initials("María José Pérez"), "MJ");
        assert_eq!(initials("(Dr.) Ana"), "A");
        assert_eq!(initials(""), "");
    }

    #[test]
    fn file_type_is_the_extension_in_capitals() {
        assert_eq!(file_type("files/a.b.pptx"), "PPTX");
        assert_eq!(file_type("files/README"), "FILE");
    }
}
