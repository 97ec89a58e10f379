//! The Markdown pipeline on any text, with raw HTML on and off.
//!
//! With `raw_html: false` the output must hold only the elements and
//! attributes foro itself writes: no author-controlled tag, no event handler
//! attribute, no `javascript:` link.
#![no_main]

use std::sync::LazyLock;

use foro::highlight::Highlighter;
use libfuzzer_sys::fuzz_target;

static HIGHLIGHTER: LazyLock<Highlighter> = LazyLock::new(Highlighter::default);

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let raw_html = flags & 1 == 1;
    let numbered = flags & 2 == 2;
    let (html, _errors) = foro::fuzz::markdown(text, &HIGHLIGHTER, raw_html, numbered);
    if !raw_html {
        if let Err(why) = only_our_markup(&html) {
            panic!(
                "raw_html: false let author markup through: {why}\n--- input\n{text}\n--- html\n{html}"
            );
        }
    }
});

/// Elements pulldown-cmark, the highlighter and foro write.
const TAGS: &[&str] = &[
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "input",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "span",
    "strong",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
    "div",
];
const ATTRS: &[&str] = &[
    "href",
    "src",
    "alt",
    "title",
    "id",
    "class",
    "type",
    "checked",
    "disabled",
    "style",
    "start",
    "role",
    "data-lang",
];

/// Checks every tag of `html` against the lists above, and that no link or
/// image goes to a `javascript:` URL.
fn only_our_markup(html: &str) -> Result<(), String> {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(p) = html[i..].find('<') {
        let start = i + p;
        let mut j = start + 1;
        if b.get(j) == Some(&b'/') {
            j += 1;
        }
        let name_end = html[j..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(html.len(), |e| j + e);
        let name = html[j..name_end].to_ascii_lowercase();
        if !TAGS.contains(&name.as_str()) {
            return Err(format!("element <{name}> at {start}"));
        }
        // Attributes up to the closing `>`, skipping quoted values.
        let mut k = name_end;
        loop {
            while k < b.len() && (b[k] as char).is_ascii_whitespace() {
                k += 1;
            }
            match b.get(k) {
                None => return Err(format!("unclosed tag at {start}")),
                Some(b'>') => break,
                Some(b'/') => {
                    k += 1;
                    continue;
                }
                _ => {}
            }
            let attr_end = html[k..]
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
                .map_or(html.len(), |e| k + e);
            let attr = html[k..attr_end].to_ascii_lowercase();
            if !ATTRS.contains(&attr.as_str()) {
                return Err(format!("attribute `{attr}` on <{name}> at {start}"));
            }
            k = attr_end;
            if b.get(k) == Some(&b'=') {
                k += 1;
                if b.get(k) != Some(&b'"') {
                    return Err(format!("unquoted value of `{attr}` at {start}"));
                }
                let close = html[k + 1..]
                    .find('"')
                    .ok_or_else(|| format!("unclosed value at {start}"))?;
                let value = &html[k + 1..k + 1 + close];
                let lower = value.trim_start().to_ascii_lowercase();
                if (attr == "href" || attr == "src")
                    && (lower.starts_with("javascript:") || lower.starts_with("vbscript:"))
                {
                    return Err(format!("script URL `{value}` at {start}"));
                }
                if value.contains('<') {
                    return Err(format!("`<` inside `{attr}` at {start}"));
                }
                k = k + 1 + close + 1;
            }
        }
        i = k + 1;
    }
    Ok(())
}
