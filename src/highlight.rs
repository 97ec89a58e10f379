//! Render stage: syntax highlighting of fenced code, behind our own names.
//!
//! Output uses CSS classes prefixed `hl-`; the stylesheet (light and dark) is
//! written by the build. The syntax definitions are loaded on first use only,
//! so a forum without code pays nothing.

use std::collections::HashMap;
use std::fmt::Write as _;
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

/// The background code blocks are shown on (`--card` of the built-in
/// theme), light and dark.
const LIGHT_BG: (u8, u8, u8) = (0xf5, 0xf7, 0xfa);
const DARK_BG: (u8, u8, u8) = (0x16, 0x1d, 0x25);
/// WCAG 2.2 AA for normal text is 4.5:1; a margin for rounding.
const MIN_CONTRAST: f64 = 4.6;

/// The stylesheet for highlighted code: light, and dark when the system is
/// (each theme's rules only in its scheme: a token the dark theme does not
/// colour keeps the page's text colour, never the light theme's).
///
/// Token colours are the syntect themes', darkened (light) or lightened
/// (dark) where needed so that every one meets WCAG 2.2 AA contrast on the
/// code block's background; the themes' own backgrounds are dropped, the
/// block keeps the page's.
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
        "/* Code highlighting, written by foro. */\n@media not all and (prefers-color-scheme: dark) {{\n{}\n}}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n",
        readable(&css("InspiredGitHub"), LIGHT_BG, (0, 0, 0)),
        readable(&css("base16-ocean.dark"), DARK_BG, (255, 255, 255))
    )
}

/// `css` with every `color: #rrggbb` moved towards `towards` until it has
/// [`MIN_CONTRAST`] on `bg`, and without `background-color` declarations.
fn readable(css: &str, bg: (u8, u8, u8), towards: (u8, u8, u8)) -> String {
    let mut out = String::with_capacity(css.len());
    for line in css.lines() {
        let decl = line.trim_start();
        if decl.starts_with("background-color:") {
            continue;
        }
        match decl
            .strip_prefix("color: #")
            .and_then(|h| parse_hex(h.trim_end_matches(';')))
        {
            Some(colour) => {
                let (red, green, blue) = fix_contrast(colour, bg, towards);
                let _ = write!(out, " color: #{red:02x}{green:02x}{blue:02x};");
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

fn parse_hex(h: &str) -> Option<(u8, u8, u8)> {
    let h = h.trim();
    let byte = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
    match h.len() {
        6 | 8 => Some((byte(0)?, byte(2)?, byte(4)?)),
        _ => None,
    }
}

/// The relative luminance of an sRGB colour (WCAG 2.2).
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// The WCAG contrast ratio of two colours.
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// `c` mixed with `towards` in steps of 5 % until it reaches the contrast.
fn fix_contrast(c: (u8, u8, u8), bg: (u8, u8, u8), towards: (u8, u8, u8)) -> (u8, u8, u8) {
    let mix = |a: u8, b: u8, k: f64| {
        let v = f64::from(a) + (f64::from(b) - f64::from(a)) * k;
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "rounded and clamped to 0..=255"
        )]
        let byte = v.round().clamp(0.0, 255.0) as u8;
        byte
    };
    (0..=20)
        .map(|i| {
            let k = f64::from(i) / 20.0;
            (
                mix(c.0, towards.0, k),
                mix(c.1, towards.1, k),
                mix(c.2, towards.2, k),
            )
        })
        .find(|m| contrast(*m, bg) >= MIN_CONTRAST)
        .unwrap_or(towards)
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
    fn every_token_colour_meets_wcag_aa_on_the_code_background() {
        let css = stylesheet();
        let (light, dark) = css
            .split_once("@media (prefers-color-scheme: dark)")
            .unwrap();
        assert!(light.contains("@media not all and (prefers-color-scheme: dark)"));
        for (part, bg) in [(light, LIGHT_BG), (dark, DARK_BG)] {
            let colours: Vec<_> = part
                .lines()
                .filter_map(|l| l.trim().strip_prefix("color: #"))
                .filter_map(|h| parse_hex(h.trim_end_matches(';')))
                .collect();
            assert!(colours.len() > 10, "{part}");
            for c in colours {
                assert!(
                    contrast(c, bg) >= 4.5,
                    "{c:?} on {bg:?}: {}",
                    contrast(c, bg)
                );
            }
            assert!(!part.contains("background-color"));
        }
        // Grey comments of the light theme had 2.9:1.
        assert!(contrast((0x96, 0x98, 0x96), LIGHT_BG) < 4.5);
    }

    #[test]
    fn stylesheet_has_light_and_dark_rules() {
        let css = stylesheet();
        assert!(css.contains(".hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }
}
