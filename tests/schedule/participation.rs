//! The participation report: figures against hand-computed values, the
//! page's charts (well-formed, accessible SVG) and the build's summary line.

use foro::render::participation::{Counts, Figures};

use super::{example, fixture, render};

#[test]
fn participation_figures_match_the_hand_computed_ones() {
    let site = render(&fixture("three-days"));
    let fig = Figures::new(&site.forum).expect("participation.yaml");
    // Speakers: ana and bea are women, carlos a man, dana undisclosed and
    // eli has no gender (counted as undisclosed): 2 of 5 = 40.0 %.
    let speakers = Counts {
        women: 2,
        men: 1,
        other: 0,
        undisclosed: 2,
    };
    assert_eq!(fig.speakers, speakers);
    assert_eq!(fig.speakers.women_tenths(), Some(400));
    assert_eq!(fig.speakers.meets(40.0), Some(true));
    // Peru 7 of 15 = 46.7 %, Chile 3 of 6 = 50.0 %, total 10 of 21 = 47.6 %.
    let peru = Counts {
        women: 7,
        men: 5,
        other: 1,
        undisclosed: 2,
    };
    let chile = Counts {
        women: 3,
        men: 3,
        other: 0,
        undisclosed: 0,
    };
    let names: Vec<(String, String)> = fig
        .economies
        .iter()
        .map(|(n, _)| {
            let order = ["en".to_string(), "es".to_string()];
            (
                n.get("en", &order).text.to_string(),
                n.get("es", &order).text.to_string(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [("Peru", "Perú"), ("Chile", "Chile")].map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let counts: Vec<_> = fig.economies.iter().map(|(_, c)| *c).collect();
    assert_eq!(counts, vec![peru, chile]);
    assert_eq!(peru.women_tenths(), Some(467));
    assert_eq!(chile.women_tenths(), Some(500));
    assert_eq!(
        fig.participants,
        Counts {
            women: 10,
            men: 8,
            other: 1,
            undisclosed: 2
        }
    );
    assert_eq!(fig.participants.women_tenths(), Some(476));
    assert_eq!(fig.participants.meets(50.0), Some(false));
    assert_eq!(
        fig.to_string(),
        "participation: women 40.0% of speakers (target 40%), 47.6% of participants (target 50%, below); gender undisclosed: 2 of 5 speakers, 2 of 21 participants"
    );
    // The example forum: 6 women of 12 speakers, 78 of 145 participants.
    let example = render(&example());
    let fig = Figures::new(&example.forum).unwrap();
    assert_eq!(fig.speakers.women_tenths(), Some(500));
    assert_eq!(fig.participants.women_tenths(), Some(538));
}

#[test]
fn the_participation_page_has_accessible_well_formed_charts_and_no_names() {
    let site = render(&fixture("three-days"));
    for (lang, share, below) in [
        ("en", "47.6%", "Below target"),
        ("es", "47,6 %", "Por debajo de la meta"),
    ] {
        let html = site.text(&format!("{lang}/participation/index.html"));
        assert!(html.contains(share), "{lang}");
        assert!(html.contains(below), "{lang}");
        let svgs: Vec<&str> = html
            .match_indices("<svg")
            .map(|(i, _)| {
                let end = html[i..].find("</svg>").expect("a closed svg") + i + "</svg>".len();
                &html[i..end]
            })
            .collect();
        assert_eq!(svgs.len(), 2, "one chart per table");
        for svg in svgs {
            let doc =
                roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{lang}: {e}\n{svg}"));
            let root = doc.root_element();
            assert_eq!(root.attribute("role"), Some("img"));
            let labelled: Vec<&str> = root
                .attribute("aria-labelledby")
                .unwrap()
                .split(' ')
                .collect();
            let title = root.children().find(|n| n.has_tag_name("title")).unwrap();
            let desc = root.children().find(|n| n.has_tag_name("desc")).unwrap();
            assert_eq!(
                labelled,
                [
                    title.attribute("id").unwrap(),
                    desc.attribute("id").unwrap()
                ]
            );
            assert!(
                root.descendants()
                    .any(|n| n.attribute("stroke-dasharray").is_some()),
                "a target line"
            );
            assert!(
                !svg.contains("<script") && !svg.contains("href="),
                "self-contained"
            );
        }
        // Economies in the chart and in the table; never a person.
        let peru = if lang == "es" { "Perú" } else { "Peru" };
        assert!(html.contains(peru) && html.contains("Chile"), "{lang}");
        for speaker in &site.forum.speakers {
            assert!(
                !html.contains(&speaker.name),
                "{} on the participation page",
                speaker.name
            );
        }
    }
}

#[test]
fn foro_build_prints_the_participation_summary() {
    let project = crate::support::Project::from_fixture("schedule/three-days");
    let run = project.build();
    run.assert_code(0);
    assert!(
        run.stdout.lines().any(|l| l.starts_with("participation: women 40.0% of speakers (target 40%), 47.6% of participants (target 50%, below)")),
        "{}",
        run.stdout
    );
}
