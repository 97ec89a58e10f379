//! Tests of the Markdown renderer.

use super::*;

struct Links;
impl SourceLinks for Links {
    fn label(&self, lang: &str, key: &str, n: usize) -> String {
        format!("{key} {n} ({lang})")
    }

    fn resolve(&self, path: &str, lang: &str) -> Option<String> {
        if path == "files/a#b 100%.pdf" {
            return Some(path.to_string());
        }
        (path == "speakers/ana.md").then(|| format!("{lang}/speakers/ana/index.html"))
    }
}

fn render(text: &str, numbered: bool) -> (Rendered, Vec<Diagnostic>) {
    let h = Highlighter::default();
    let src = source("pages/a.md", 5, "es");
    renderer(&h).render(text, src, &mut Anchors::default(), numbered)
}

/// A renderer with the test's links and the default options.
fn renderer(h: &Highlighter) -> Renderer<'_> {
    Renderer {
        links: &Links,
        highlighter: h,
        options: MarkdownOptions::default(),
    }
}

/// A text of `file` from its line `first_line`, for a page in `lang`.
fn source<'a>(file: &'a str, first_line: usize, lang: &'a str) -> Source<'a> {
    Source {
        file: Path::new(file),
        first_line,
        indent: 0,
        lang,
    }
}

#[test]
fn source_links_become_internal_links_in_the_same_language() {
    let (out, diags) = render("See [Ana](../speakers/ana.md#bio).\n", false);
    assert!(diags.is_empty());
    assert!(
        out.html
            .contains("href=\"foro:/es/speakers/ana/index.html#bio\""),
        "{}",
        out.html
    );
}

#[test]
fn a_link_to_nothing_is_an_error_at_its_line() {
    let (_, diags) = render("Intro\n\nSee [Bob](../speakers/bob.md).\n", false);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].pos, Some(Pos { line: 7, col: 5 }));
}

#[test]
fn report_headings_are_numbered_and_listed() {
    let (out, _) = render("## Uno\n\n### Dos\n\n## Tres\n", true);
    let numbers: Vec<_> = out.toc.iter().map(|t| t.number.clone().unwrap()).collect();
    assert_eq!(numbers, ["1", "1.1", "2"]);
    assert!(
        out.html
            .contains("<h2 id=\"uno\"><span class=\"secno\">1</span> Uno</h2>"),
        "{}",
        out.html
    );
}

#[test]
fn footnotes_link_both_ways() {
    let (out, _) = render("Text[^a].\n\n[^a]: The note.\n", false);
    assert!(
        out.html.contains("href=\"#fn-1\" id=\"fnref-1\""),
        "{}",
        out.html
    );
    assert!(
        out.html
            .contains("<li id=\"fn-1\"><p>The note. <a href=\"#fnref-1\""),
        "{}",
        out.html
    );
}

#[test]
fn local_links_follow_prefixed_ids() {
    let h = Highlighter::default();
    let r = renderer(&h);
    let src = source("pages/a.md", 1, "en");
    let (out, _) = r.render(
        "## Aims\n\nSee [aims](#aims) and [top](#top).\n",
        src,
        &mut Anchors::prefixed("page-a-"),
        false,
    );
    assert!(out.html.contains("<h2 id=\"page-a-aims\">"), "{}", out.html);
    assert!(out.html.contains("href=\"#page-a-aims\""), "{}", out.html);
    assert!(out.html.contains("href=\"#top\""), "{}", out.html);
}

#[test]
fn an_image_without_alternative_text_is_a_warning() {
    let (_, diags) = render(
        "Intro\n\n![](../images/x.png)\n\n![A photo](../images/y.png)\n",
        false,
    );
    let warnings: Vec<_> = diags
        .iter()
        .filter(|d| d.severity == crate::diagnostics::Severity::Warning)
        .collect();
    assert_eq!(warnings.len(), 1, "{diags:?}");
    assert_eq!(warnings[0].pos, Some(Pos { line: 7, col: 1 }));
}

#[test]
fn custom_heading_ids_are_escaped() {
    // `{#id}` is the author's text; with raw HTML off it must not become markup.
    let h = Highlighter::default();
    let r = Renderer {
        links: &Links,
        highlighter: &h,
        options: MarkdownOptions {
            raw_html: false,
            ..MarkdownOptions::default()
        },
    };
    let src = Source {
        file: Path::new("pages/a.md"),
        first_line: 1,
        indent: 0,
        lang: "en",
    };
    let (out, _) = r.render(
        "# Title {#x\"onmouseover=alert(1)&amp;}\n",
        src,
        &mut Anchors::default(),
        false,
    );
    assert!(
        out.html
            .starts_with("<h1 id=\"x&quot;onmouseover=alert(1)&amp;amp;\">Title</h1>"),
        "{}",
        out.html
    );
}

#[test]
fn script_links_are_errors_and_go_nowhere() {
    let text = "[a](javascript:alert(1)) [b](<JavaScript:x>) <vbscript:x>\n\n[c](java&#x09;script:x) ![d](data:text/html,x)\n\n![ok](data:image/png;base64,AA==) [ok](https://example.org/javascript:)\n";
    let (out, diags) = render(text, false);
    let lines: Vec<_> = diags.iter().map(|d| d.pos.unwrap().line).collect();
    assert_eq!(lines, [5, 5, 5, 7, 7], "{diags:#?}");
    assert!(
        diags[0].message.contains("`javascript:`"),
        "{}",
        diags[0].message
    );
    let lower = out.html.to_lowercase();
    assert!(
        !lower.contains("=\"javascript:") && !lower.contains("=\"vbscript:"),
        "{}",
        out.html
    );
    assert!(!lower.contains("=\"data:text"), "{}", out.html);
    assert!(out.html.contains("src=\"data:image/png"), "{}", out.html);
    assert!(
        out.html
            .contains("href=\"https://example.org/javascript:\""),
        "{}",
        out.html
    );
}

#[test]
fn fenced_code_is_highlighted_and_flagged() {
    let (out, _) = render("```rust\nlet x = 1;\n```\n", false);
    assert!(out.has_code);
    assert!(out.html.contains("class=\"hl-"), "{}", out.html);
}

#[test]
fn percent_encoded_file_names_round_trip() {
    let (out, diags) = render("[x](../files/a%23b%20100%25.pdf#p2)\n", false);
    assert!(diags.is_empty(), "{diags:?}");
    assert!(
        out.html
            .contains("href=\"foro:/files/a%23b%20100%25.pdf#p2\""),
        "{}",
        out.html
    );
    let page = crate::urls::rewrite_internal(
        &out.html,
        "es/pages/a/index.html",
        &crate::urls::LinkStyle::Folder,
    );
    assert!(
        page.contains("href=\"../../../files/a%23b%20100%25.pdf#p2\""),
        "{page}"
    );
}

#[test]
fn root_relative_and_file_links_are_errors_at_their_line() {
    for link in ["/files/x.pdf", "file:///home/me/x.pdf", "FILE:x"] {
        let (_, diags) = render(&format!("Intro\n\n[x]({link})\n"), false);
        assert_eq!(diags.len(), 1, "{link}: {diags:?}");
        assert_eq!(diags[0].pos, Some(Pos { line: 7, col: 1 }), "{link}");
        assert!(diags[0].hint.as_deref().unwrap().contains("relative link"));
    }
    let (_, diags) = render(
        "[x](https://example.org/a) [y](//cdn.example.org/b)\n",
        false,
    );
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn aligned_table_columns_get_a_class_not_an_inline_style() {
    let (out, diags) = render(
        "| Economía | Personas | Nota |\n|:--|--:|:-:|\n| Perú | 12 | a |\n| Chile | 3 | b |\n\n| x |\n|---|\n| y |\n",
        false,
    );
    assert!(diags.is_empty());
    let html = &out.html;
    assert!(!html.contains("style="), "{html}");
    assert!(
        html.contains(
            "<thead><tr><th class=\"align-left\">Economía</th><th class=\"align-right\">Personas</th><th class=\"align-center\">Nota</th></tr></thead>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<tr><td class=\"align-left\">Chile</td><td class=\"align-right\">3</td><td class=\"align-center\">b</td></tr>"),
        "{html}"
    );
    // A table without alignments keeps plain cells.
    assert!(
        html.contains("<thead><tr><th>x</th></tr></thead><tbody>\n<tr><td>y</td></tr>"),
        "{html}"
    );
    crate::fuzz::only_our_markup(html).unwrap();
}

#[test]
fn checking_a_text_reports_what_rendering_it_reports() {
    let h = Highlighter::default();
    let r = renderer(&h);
    let src = source("speakers/ana.md", 4, "es");
    let texts = [
        "# Ana[^n]\n\nSee [Bob](../speakers/bob.md) and ![](../images/x.png).\n\n[^n]: A [bad](javascript:alert(1)) note.\n",
        "| a | b |\n| - | - |\n| [c](/etc/passwd) | ![d](../outside/../../x.png) |\n",
        "Some code:\n\n```rust\nfn main() {}\n```\n\n## Then [Ana](../speakers/ana.md)\n",
        "```\nplain\n```\n",
        "",
    ];
    for text in texts {
        let (rendered, told) = r.render(text, src, &mut Anchors::default(), false);
        let (has_code, checked) = r.check(text, src, &mut Anchors::default());
        assert_eq!(checked, told, "{text:?}");
        assert_eq!(has_code, rendered.has_code, "{text:?}");
    }
    // The texts above are not all quiet: the check has something to match.
    let (_, told) = r.check(texts[0], src, &mut Anchors::default());
    assert_eq!(told.len(), 4, "{told:?}");
    assert!(r.check(texts[2], src, &mut Anchors::default()).0);
}
