//! Markdown as plain text, for the search index: the words a reader sees,
//! without rendering HTML or highlighting code, and only as many as asked.

use pulldown_cmark::{Event, Options, Parser};

/// The visible text of `markdown`, words separated by single spaces, cut
/// after `max_chars` characters (the parser stops there too). Raw HTML is
/// left out; a footnote's text stays where it is written.
pub fn plain_text(markdown: &str, options: Options, max_chars: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    // A space is written only before the next visible character.
    let mut space = false;
    for event in Parser::new_ext(markdown, options) {
        // Every tag, break and piece of raw HTML separates words, as in
        // the HTML.
        let (Event::Text(text)
        | Event::Code(text)
        | Event::InlineMath(text)
        | Event::DisplayMath(text)) = &event
        else {
            space = true;
            continue;
        };
        for c in text.chars() {
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if space && !out.is_empty() {
                out.push(' ');
                chars += 1;
            }
            space = false;
            out.push(c);
            chars += 1;
            if chars >= max_chars {
                return out;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_a_reader_sees_cut_at_the_limit() {
        let md = "## About *Ana*\n\nWorks on `GVC` and [SMEs](x.md).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```rust\nfn x() {}\n```\n";
        let opts = Options::ENABLE_TABLES;
        assert_eq!(
            plain_text(md, opts, 1000),
            "About Ana Works on GVC and SMEs . a b 1 2 fn x() {}"
        );
        assert_eq!(plain_text(md, opts, 9), "About Ana");
        assert_eq!(plain_text("<b>raw</b> text", opts, 100), "raw text");
    }
}
