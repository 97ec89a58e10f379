use super::*;

struct Links;
impl Resolve for Links {
    fn link(&self, dest: &str) -> Option<String> {
        (!dest.starts_with("nowhere")).then(|| format!("https://example.org/{dest}"))
    }
    fn image(&mut self, dest: &str) -> Option<String> {
        (dest == "images/a.png").then(|| "/img/0.png".to_string())
    }
}

fn conv(md: &str) -> String {
    convert(
        md,
        Options {
            markdown: MarkdownOptions::default(),
            heading_shift: 0,
            label_prefix: "t-",
        },
        &mut Links,
    )
}

#[test]
fn hostile_text_is_escaped() {
    let out = esc("# $x$ *a* _b_ @ref <lbl> \\ `c` = - + / ~ 'q' \"d\" [e] {f}");
    // Every ASCII punctuation mark is preceded by a backslash.
    let mut chars = out.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        if c.is_ascii_punctuation() && prev != '\\' {
            assert_eq!(c, '\\', "unescaped {c:?} in {out}");
            let next = chars.next().unwrap();
            assert!(next.is_ascii_punctuation());
            prev = ' ';
            continue;
        }
        prev = c;
    }
    assert!(out.contains("\\#"));
    assert!(out.contains("\\\\"));
    assert_eq!(
        esc("Nguyễn Thị Minh Khai 李明"),
        "Nguyễn Thị Minh Khai 李明"
    );
}

#[test]
fn string_literals_escape_quotes_and_backslashes() {
    assert_eq!(str_lit("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
}

#[test]
fn headings_emphasis_and_links() {
    let out = conv("## Results\n\nSee *this* and **that** at [APEC](apec/).");
    assert!(out.contains("#heading(level: 2)[Results]"), "{out}");
    assert!(out.contains("#emph[this]"));
    assert!(out.contains("#strong[that]"));
    assert!(out.contains("#link(\"https://example.org/apec/\")[APEC]"));
    assert!(out.ends_with("\\.\n\n"));
    let shifted = convert(
        "# Title\n\n### Sub",
        Options {
            markdown: MarkdownOptions::default(),
            heading_shift: -1,
            label_prefix: "",
        },
        &mut Links,
    );
    assert!(shifted.contains("#heading(level: 1)[Title]"), "{shifted}");
    assert!(shifted.contains("#heading(level: 2)[Sub]"));
}

#[test]
fn a_link_to_nowhere_keeps_its_text() {
    assert_eq!(conv("[text](nowhere)"), "#[text]\n\n");
}

#[test]
fn lists_nest() {
    let out = conv("- one\n- two\n  1. a\n  2. b\n");
    assert!(out.starts_with("#list(tight: false, [one], [two"), "{out}");
    assert!(out.contains("#enum(tight: false, start: 1, [a], [b], )"));
}

#[test]
fn tables_have_a_header_and_alignment() {
    let out = conv("| Economy | Women |\n|:--|--:|\n| Peru | 12 |\n");
    assert!(
        out.starts_with(
            "#table(columns: 2, align: (left, right,), table.header([Economy], [Women], ), [Peru], [12], )"
        ),
        "{out}"
    );
}

#[test]
fn footnotes_print_at_their_reference() {
    let out = conv("Text[^a] and again[^a].\n\n[^a]: The *note*.\n");
    assert!(
        out.contains("Text#footnote[The #emph[note]\\.]<t-fn-1> and again#footnote(<t-fn-1>)\\."),
        "{out}"
    );
    assert_eq!(conv("Missing[^x]."), "Missing\\[\\^x\\]\\.\n\n");
}

#[test]
fn code_is_raw() {
    let out = conv("Use `#set` here.\n\n```rust\nlet x = \"#\";\n```\n");
    assert!(out.contains("Use #raw(\"#set\") here"), "{out}");
    assert!(out.contains("#raw(block: true, lang: \"rust\", \"let x = \\\"#\\\";\")"));
}

#[test]
fn images_resolve_or_fall_back_to_their_text() {
    let out = conv("![A *photo*](images/a.png) ![Gone](images/b.png)");
    assert!(
        out.contains("#box(image(\"/img/0.png\", alt: \"A photo\""),
        "{out}"
    );
    assert!(out.contains(" Gone"));
    // No alternative text: decorative, as in the HTML (PDF/UA-1 asks an
    // alt text of every image that is not an artifact).
    let out = conv("![](images/a.png)");
    assert!(
        out.contains("#pdf.artifact(box(image(\"/img/0.png\", width"),
        "{out}"
    );
}

#[test]
fn web_addresses_break_only_after_slashes_and_dots() {
    assert_eq!(
        url("https://a-b.org/x_y/z"),
        "#box[https\\:\\/\\/]#box[a\\-b\\.]#box[org\\/]#box[x\\_y\\/]#box[z]"
    );
    let out = conv("See https://www.gob.pe/a-b. And www.x.org, or <https://y.org/>.");
    assert!(
        out.starts_with("See #box[https\\:\\/\\/]#box[www\\.]#box[gob\\.]#box[pe\\/]#box[a\\-b]\\. And #box[www\\.]#box[x\\.]#box[org]\\, or "),
        "{out}"
    );
    assert!(out.contains("y.org/\")[#box[https"), "{out}");
    // One address even where the parser splits its text.
    let out = conv("At https://x.org/a_b*c now");
    assert!(out.contains("#box[org\\/]#box[a\\_b\\*c]"), "{out}");
    // Not an address: a word that merely holds `http`.
    assert_eq!(text("xhttps://a"), esc("xhttps://a"));
}

#[test]
fn raw_html_is_dropped_and_breaks_kept() {
    let out = conv("a<br>b  \nc\n\n<div>x</div>\n");
    assert!(out.starts_with("ab\\\nc"), "{out}");
    assert!(!out.contains("div"));
}
