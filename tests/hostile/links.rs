//! Links that would break in some output: a `%23` in a file name, links
//! from the site's root or to `file:`, and absolute links into the site's
//! own address that lead to no page.

use super::base;
use crate::support::{PROJECT, percent_decode, resolve};

const ABOUT: &str = "---\ntitle: \"About\"\nmenu: true\n---\nAbout the forum.\n\n";

#[test]
fn a_percent_encoded_file_name_round_trips() {
    let p = base();
    p.write("files/report #2 100%.pdf", "%PDF-1.4 two");
    p.write(
        "pages/about.md",
        format!("{ABOUT}[Report](../files/report%20%232%20100%25.pdf)\n"),
    );
    p.build().assert_code(0);
    let site = p.site();
    let page = "en/pages/about/index.html";
    let hrefs = site.page(page).attrs("main a[href*='report']", "href");
    let [href] = hrefs.as_slice() else {
        panic!("{hrefs:?}");
    };
    assert!(!href.contains('#') && href.contains("%232"), "{href}");
    let target = resolve(page, href).unwrap();
    assert_eq!(percent_decode(&target), "files/report #2 100%.pdf");
    assert_eq!(site.bytes("files/report #2 100%.pdf"), b"%PDF-1.4 two");
}

#[test]
fn links_from_the_root_and_to_file_are_errors_at_their_line() {
    for link in ["/en/agenda/", "file:///home/me/slides.pdf"] {
        let p = base();
        p.write("pages/about.md", format!("{ABOUT}See [this]({link}).\n"));
        for args in [
            &["check", PROJECT][..],
            &["build", PROJECT, "--out", "out"][..],
        ] {
            let run = p.foro(args);
            run.assert_code(1);
            assert!(
                run.error_lines()
                    .iter()
                    .any(|l| l.contains("forum/pages/about.md:7:5:") && l.contains(link)),
                "{link} {args:?}:\n{}",
                run.stderr
            );
            assert!(run.stderr.contains("relative link"), "{}", run.stderr);
        }
    }
}

#[test]
fn check_resolves_absolute_links_into_the_site_itself() {
    let p = base();
    p.write(
        "pages/about.md",
        format!(
            "{ABOUT}[Agenda](https://example.org/foro/en/agenda/) and \
             [Live](https://example.org/foro/en-vivo)\n"
        ),
    );
    let run = p.foro(&["check", PROJECT]);
    run.assert_code(1);
    let broken: Vec<&str> = run
        .error_lines()
        .into_iter()
        .filter(|l| l.contains("broken link"))
        .collect();
    assert!(!broken.is_empty(), "{}", run.stderr);
    assert!(
        broken.iter().all(|l| l.contains("en-vivo")),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("en/agenda/` is an address"),
        "{}",
        run.stderr
    );
}
