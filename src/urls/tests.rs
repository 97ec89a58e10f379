//! Tests of the URL resolver: each link style on the same targets.

use super::*;

#[test]
fn folder_links_are_relative_and_end_in_a_slash() {
    let s = LinkStyle::Folder;
    assert_eq!(
        link("en/agenda/index.html", "en/speakers/ana/index.html", &s),
        "../speakers/ana/"
    );
    assert_eq!(link("en/index.html", "en/index.html", &s), "./");
    assert_eq!(
        link(
            "en/speakers/ana/index.html",
            "es/speakers/ana/index.html",
            &s
        ),
        "../../../es/speakers/ana/"
    );
    assert_eq!(link("index.html", "en/index.html", &s), "en/");
    assert_eq!(
        link("en/index.html", "assets/style.css", &s),
        "../assets/style.css"
    );
}

#[test]
fn a_colon_in_the_first_segment_is_not_a_scheme() {
    // Found by the property test `props::folder_links_resolve_to_the_target`.
    assert_eq!(
        link("index.html", ":/index.html", &LinkStyle::Folder),
        "./:/"
    );
    assert_eq!(
        link("en/index.html", "en/a:b.pdf", &LinkStyle::File),
        "./a:b.pdf"
    );
}

#[test]
fn file_links_name_the_file() {
    let s = LinkStyle::File;
    assert_eq!(
        link("en/agenda/index.html", "en/index.html", &s),
        "../index.html"
    );
    assert_eq!(link("index.html", "es/index.html", &s), "es/index.html");
}

#[test]
fn names_with_spaces_and_accents_are_encoded() {
    let s = LinkStyle::Folder;
    assert_eq!(
        link(
            "en/presentations/index.html",
            "files/presentación 1.pdf",
            &s
        ),
        "../../files/presentaci%C3%B3n%201.pdf"
    );
}

#[test]
fn internal_links_are_rewritten_per_output() {
    let html = r#"<a href="foro:/en/speakers/ana/index.html#bio">A</a> <a href="foro:/en/agenda/index.html#x">B</a>"#;
    assert_eq!(
        rewrite_internal(html, "en/agenda/index.html", &LinkStyle::File),
        r##"<a href="../speakers/ana/index.html#bio">A</a> <a href="#x">B</a>"##
    );
    assert_eq!(
        rewrite_internal(html, "en/agenda/index.html", &LinkStyle::Folder),
        r##"<a href="../speakers/ana/#bio">A</a> <a href="#x">B</a>"##
    );
}

#[test]
fn internal_links_already_encoded_are_encoded_once() {
    let html = r#"<a href="foro:/files/informe%20final%20%C3%B1.pdf">x</a>"#;
    assert_eq!(
        rewrite_internal(html, "en/pages/a/index.html", &LinkStyle::Folder),
        r#"<a href="../../../files/informe%20final%20%C3%B1.pdf">x</a>"#
    );
}

#[test]
fn rooted_links_start_at_the_base_path() {
    let s = LinkStyle::Rooted(base_path("https://www.gob.pe/foro/"));
    assert_eq!(link("404.html", "es/index.html", &s), "/foro/es/");
    assert_eq!(
        absolute("https://www.gob.pe/foro/", "es/agenda/index.html"),
        "https://www.gob.pe/foro/es/agenda/"
    );
}

/// Each style on the same table of targets, linked from a speaker's page.
#[test]
fn every_style_on_one_table_of_targets() {
    let from = "en/speakers/ana/index.html";
    let en = |s: &str| s.to_string();
    let handout = LinkStyle::Handout(HandoutLinks {
        base_url: "https://x.org/foro/".into(),
        inside: [
            Target::Agenda(en("en")),
            Target::Speaker(en("en"), en("ana")),
            Target::Page(en("en"), en("venue")),
        ]
        .into(),
    });
    let rooted = LinkStyle::Rooted("/foro/".into());
    // target, fragment, Folder, File, Rooted, Handout
    let table: &[(Target, Option<&str>, [&str; 4])] = &[
        (
            Target::Chooser,
            None,
            [
                "../../../",
                "../../../index.html",
                "/foro/",
                "https://x.org/foro/",
            ],
        ),
        (
            Target::Home(en("es")),
            None,
            [
                "../../../es/",
                "../../../es/index.html",
                "/foro/es/",
                "https://x.org/foro/es/",
            ],
        ),
        (
            Target::Agenda(en("en")),
            Some("s1"),
            [
                "../../agenda/#s1",
                "../../agenda/index.html#s1",
                "/foro/en/agenda/#s1",
                "#session-s1",
            ],
        ),
        (
            Target::Speaker(en("en"), en("ana")),
            None,
            ["./", "index.html", "/foro/en/speakers/ana/", "#speaker-ana"],
        ),
        (
            Target::Page(en("en"), en("venue")),
            Some("map"),
            [
                "../../pages/venue/#map",
                "../../pages/venue/index.html#map",
                "/foro/en/pages/venue/#map",
                "#page-venue-map",
            ],
        ),
        (
            Target::Report(en("en"), en("final")),
            None,
            [
                "../../report/final/",
                "../../report/final/index.html",
                "/foro/en/report/final/",
                "https://x.org/foro/en/report/final/",
            ],
        ),
    ];
    for (target, fragment, want) in table {
        let to = target.path();
        assert_eq!(Target::from_path(&to).as_ref(), Some(target));
        for (style, want) in [
            LinkStyle::Folder,
            LinkStyle::File,
            rooted.clone(),
            handout.clone(),
        ]
        .iter()
        .zip(want)
        {
            assert_eq!(
                &link_to(from, &to, *fragment, style),
                want,
                "{target:?} {style:?}"
            );
        }
    }
    assert_eq!(Target::from_path("files/a.pdf"), None);
    assert_eq!(
        link("en/handout/index.html", "files/a b.pdf", &handout),
        "https://x.org/foro/files/a%20b.pdf"
    );
}

#[test]
fn the_404_page_of_the_web_site_links_from_the_root() {
    let base = "https://x.org/foro/";
    assert_eq!(
        LinkStyle::Folder.for_page(&Target::NotFound, base),
        LinkStyle::Rooted("/foro/".into())
    );
    assert_eq!(
        LinkStyle::File.for_page(&Target::NotFound, base),
        LinkStyle::File
    );
    assert_eq!(
        LinkStyle::Folder.for_page(&Target::Chooser, base),
        LinkStyle::Folder
    );
}

#[test]
fn search_links_are_from_the_root() {
    let to = "en/speakers/jos\u{e9}/index.html";
    assert_eq!(
        from_root(to, Some("x"), &LinkStyle::Folder),
        "en/speakers/jos%C3%A9/#x"
    );
    assert_eq!(
        from_root(to, None, &LinkStyle::File),
        "en/speakers/jos%C3%A9/index.html"
    );
}

#[test]
fn the_root_prefix_of_a_page_in_each_style() {
    let handout = LinkStyle::Handout(HandoutLinks {
        base_url: "https://x.org/foro/".into(),
        inside: std::collections::BTreeSet::default(),
    });
    let from = "es/speakers/ana/index.html";
    for (style, want) in [
        (LinkStyle::Folder, "../../../"),
        (LinkStyle::File, "../../../"),
        (LinkStyle::Rooted("/foro/".into()), "/foro/"),
        (handout, "https://x.org/foro/"),
    ] {
        assert_eq!(root(from, &style), want, "{style:?}");
    }
    assert_eq!(root("index.html", &LinkStyle::Folder), "");
}

#[test]
fn a_link_made_internal_then_resolved_is_the_link_made_in_the_style() {
    // A page rendered once for every output writes its links as internal
    // ones; each output resolves them. The result must be the link the
    // page would have written in that style, fragments and odd names too.
    let pages = [
        "en/agenda/index.html",
        "en/speakers/jos\u{e9}/index.html",
        "index.html",
        "files/a&b c#1%.pdf",
        "es/pages/a:b/index.html",
    ];
    let styles = [
        LinkStyle::Folder,
        LinkStyle::File,
        LinkStyle::Rooted("/foro/".into()),
    ];
    for from in pages {
        for to in pages {
            for fragment in [None, Some("session-x")] {
                for style in &styles {
                    let internal = link_to(from, to, fragment, &LinkStyle::Internal);
                    let html = format!("<a href=\"{internal}\">x</a>");
                    let direct =
                        format!("<a href=\"{}\">x</a>", link_to(from, to, fragment, style));
                    assert_eq!(
                        rewrite_internal(&html, from, style),
                        direct,
                        "{from} → {to} {fragment:?} {style:?}"
                    );
                    // The fragment added by the caller after the link.
                    let added = format!(
                        "<a href=\"{}#y\">x</a>",
                        link(from, to, &LinkStyle::Internal)
                    );
                    let direct = format!("<a href=\"{}#y\">x</a>", link(from, to, style));
                    assert_eq!(
                        rewrite_internal(&added, from, style),
                        direct,
                        "{from} → {to}#y {style:?}"
                    );
                }
            }
        }
    }
    // A Markdown link to a place on its own page stays an anchor.
    let md = "<a href=\"foro:/en/agenda/index.html#s\">x</a>";
    assert_eq!(
        rewrite_internal(md, "en/agenda/index.html", &LinkStyle::Folder),
        "<a href=\"#s\">x</a>"
    );
    // `"foro:` not followed by a path is the forum's own text.
    let text = "<a title=\"foro:x\" href=\"foro:/index.html\">x</a>";
    assert_eq!(
        rewrite_internal(text, "en/agenda/index.html", &LinkStyle::File),
        "<a title=\"foro:x\" href=\"../../index.html\">x</a>"
    );
}
