//! The presentations' short links printed in the handout PDF, the pages
//! they lead through, and the materials archive that holds the PDFs.

use std::io::Read as _;

use super::{HANDOUT_EN, HANDOUT_ES, REPORT_ES, built, collapse, text, tool};
use crate::support::{percent_decode, resolve};

const DECK: &str = "files/Cụm ngành Đông Á – bài trình bày đầy đủ.pdf";
const SLIDES: &str = "https://slides.example.net/decks/2018/ivanova/smes-in-the-russian-federation";

/// The `content` of a page's `<meta http-equiv="refresh">`, after `url=`,
/// and the `href` of its one visible link.
fn redirect(html: &str) -> (String, String) {
    let page = scraper::Html::parse_document(html);
    let meta = page
        .select(&crate::support::sel("meta[http-equiv=refresh]"))
        .next()
        .expect("a meta refresh");
    let content = meta.value().attr("content").unwrap();
    let url = content.split_once("url=").expect("a url").1.to_string();
    let a = page
        .select(&crate::support::sel("main a"))
        .next()
        .expect("a visible link");
    (url, a.value().attr("href").unwrap().to_string())
}

#[test]
fn each_presentation_has_a_short_link_page_on_the_web_site_in_each_language_that_leads_to_its_file()
{
    let (p, site) = built(&[]);
    let deck = std::fs::read(p.dir().join(DECK)).unwrap();
    // On the web site, where printed addresses are typed; the USB bundle,
    // whose every page is reached by links, has none.
    assert!(!p.root().join("out/usb/en/p").exists());
    {
        let folder = "site";
        let out = p.root().join("out").join(folder);
        for (lang, open) in [
            ("en", "Open the presentation (PDF, 30 B)"),
            ("es", "Abrir la presentación (PDF, 30 B)"),
        ] {
            let rel = format!("{lang}/p/clusters-east-asia/index.html");
            let html = std::fs::read_to_string(out.join(&rel)).unwrap();
            let page = scraper::Html::parse_document(&html);
            let root = page.root_element();
            assert_eq!(root.value().attr("lang"), Some(lang));
            assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
            let h1 =
                crate::support::text_of(page.select(&crate::support::sel("h1")).next().unwrap());
            let title = if lang == "en" {
                "Clusters in East Asia"
            } else {
                "Clústeres en Asia oriental"
            };
            assert_eq!(h1, title);
            assert!(html.contains(open), "{folder}/{rel}: {html}");
            // Both the refresh and the visible link lead to the deck.
            let (refresh, href) = redirect(&html);
            assert_eq!(refresh, href);
            let target = resolve(&rel, &href).expect("a relative link");
            assert_eq!(
                std::fs::read(out.join(&target)).unwrap(),
                deck,
                "{folder}/{rel} leads to {target}"
            );
            // Slides elsewhere: the page leads there.
            let html =
                std::fs::read_to_string(out.join(format!("{lang}/p/russian-smes/index.html")))
                    .unwrap();
            assert_eq!(redirect(&html), (SLIDES.to_string(), SLIDES.to_string()));
        }
    }
    // Not pages to find: the sitemap leaves them out.
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/p/"), "{sitemap}");
}

#[test]
#[ignore = "needs poppler"]
fn the_handout_prints_each_presentations_short_link_and_links_its_full_address() {
    let (_p, site) = built(&[]);
    for (rel, lang) in [(HANDOUT_EN, "en"), (HANDOUT_ES, "es")] {
        let pdf = site.join(rel);
        let all = collapse(&text(&pdf, None));
        for id in ["clusters-east-asia", "russian-smes"] {
            // Printed without `https://`: what a reader types.
            let short = format!("example.org/scripts/{lang}/p/{id}/");
            assert!(all.contains(&short), "{rel}: no {short}:\n{all}");
            assert!(!all.contains(&format!("https://{short}")));
            // It is the address of the page that leads to the presentation.
            let page = site.join(format!("{lang}/p/{id}/index.html"));
            assert!(page.is_file(), "{short} is not a page of the site");
        }
        // The long, escaped address is not printed, but is the link's target.
        assert!(!all.contains("%E1%BB%A5m"), "{rel}");
        assert!(!all.contains("slides.example.net"), "{rel}");
        let xml = tool("pdftohtml", &["-xml", "-stdout", "-i", "-q"], &pdf);
        let shown = format!(">example.org/scripts/{lang}/p/clusters-east-asia/</a>");
        let href = xml
            .split(&shown)
            .next()
            .and_then(|before| before.rsplit_once("<a href=\""))
            .map_or_else(
                || panic!("{rel}: the short link is not a link"),
                |(_, href)| href.trim_end_matches('"'),
            );
        assert_eq!(
            percent_decode(href),
            format!("https://example.org/scripts/{DECK}"),
            "{rel}"
        );
        assert!(
            xml.contains(&format!(
                "<a href=\"{SLIDES}\">example.org/scripts/{lang}/p/russian-smes/</a>"
            )),
            "{rel}"
        );
    }
}

#[test]
fn each_languages_materials_archive_holds_its_handout_and_report_pdfs() {
    let (p, site) = built(&[]);
    for folder in ["site", "usb"] {
        let out = p.root().join("out").join(folder);
        for (lang, handout, report) in [
            ("en", HANDOUT_EN, super::REPORT_EN),
            ("es", HANDOUT_ES, REPORT_ES),
        ] {
            let rel = format!("{lang}/presentations/materials-{lang}.zip");
            let bytes = std::fs::read(out.join(&rel)).unwrap();
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
            let names: Vec<String> = (0..zip.len())
                .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
                .collect();
            let name = |rel: &str| format!("materials-{lang}/{}", rel.rsplit('/').next().unwrap());
            let deck = format!("materials-{lang}/{}", DECK.strip_prefix("files/").unwrap());
            assert_eq!(
                {
                    let mut n = names.clone();
                    n.sort();
                    n
                },
                {
                    let mut n = vec![deck, name(handout), name(report)];
                    n.sort();
                    n
                },
                "{folder}/{rel}"
            );
            // The PDFs as written beside their pages, nothing of the other
            // language.
            for pdf in [handout, report] {
                let mut inside = Vec::new();
                zip.by_name(&name(pdf))
                    .unwrap()
                    .read_to_end(&mut inside)
                    .unwrap();
                assert!(inside == std::fs::read(out.join(pdf)).unwrap(), "{pdf}");
            }
            // The size beside the link counts them.
            let page =
                std::fs::read_to_string(out.join(format!("{lang}/presentations/index.html")))
                    .unwrap();
            let kb = bytes.len() / 1000;
            let shown = if kb >= 100 {
                format!("ZIP, {kb} KB")
            } else {
                let sep = if lang == "en" { "." } else { "," };
                format!("ZIP, {kb}{sep}{} KB", bytes.len() % 1000 / 100)
            };
            assert!(page.contains(&shown), "{folder}/{lang}: no {shown}");
            let label = if lang == "en" {
                "Download all materials (ZIP)"
            } else {
                "Descargar todos los materiales (ZIP)"
            };
            assert!(page.contains(label), "{folder}/{lang}");
        }
    }
    // Without PDFs, the archive holds the presentations' files.
    let (p, _) = built(&["--no-pdf"]);
    let bytes = std::fs::read(p.root().join("out/site/en/presentations/materials-en.zip")).unwrap();
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(zip.len(), 1);
    drop(site);
}
