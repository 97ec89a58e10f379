//! Render stage: syntax highlighting of fenced code, behind our own names.
//!
//! Output uses CSS classes prefixed `hl-`; the stylesheet (light and dark) is
//! written by the build. The syntax definitions are loaded on first use only,
//! so a forum without code pays nothing.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
    /// The same code in the same language is highlighted once per build
    /// (translations and the handout repeat it).
    done: Mutex<HashMap<(String, String), String>>,
}

impl Highlighter {
    /// Whether the syntax definitions have been loaded (for tests).
    pub fn is_loaded(&self) -> bool {
        self.syntaxes.get().is_some()
    }

    /// The code as HTML with `hl-` classes; plain escaped text for an unknown
    /// language.
    pub fn highlight(&self, code: &str, lang: &str) -> String {
        let key = (lang.to_string(), code.to_string());
        if let Some(html) = self.done.lock().ok().and_then(|d| d.get(&key).cloned()) {
            return html;
        }
        let html = self.highlight_uncached(code, lang);
        if let Ok(mut d) = self.done.lock() {
            d.insert(key, html.clone());
        }
        html
    }

    fn highlight_uncached(&self, code: &str, lang: &str) -> String {
        let ss = self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines);
        let Some(syntax) = ss.find_syntax_by_token(lang) else {
            return crate::html::escape(code);
        };
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, ss, STYLE);
        for line in LinesWithEndings::from(code) {
            if generator
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return crate::html::escape(code);
            }
        }
        generator.finalize()
    }
}

/// The stylesheet for highlighted code: light, and dark when the system is.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let css = |name: &str| {
        themes
            .themes
            .get(name)
            .and_then(|t| css_for_theme_with_class_style(t, STYLE).ok())
            .unwrap_or_default()
    };
    format!(
        "/* Code highlighting, written by foro. */\n{}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n",
        css("InspiredGitHub"),
        css("base16-ocean.dark")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_lazily_and_marks_tokens_with_classes() {
        let h = Highlighter::default();
        assert!(!h.is_loaded());
        let html = h.highlight("fn main() {}\n", "rust");
        assert!(h.is_loaded());
        assert!(html.contains("class=\"hl-"), "{html}");
        assert_eq!(h.highlight("<b>\n", "no-such-language"), "&lt;b&gt;\n");
    }

    #[test]
    fn stylesheet_has_light_and_dark_rules() {
        let css = stylesheet();
        assert!(css.contains(".hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }
}
