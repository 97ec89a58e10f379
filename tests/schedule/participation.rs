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
            let l = foro::model::Lang::forum(&["en", "es"], &std::collections::BTreeMap::new());
            (n.get(&l[0]).text.to_string(), n.get(&l[1]).text.to_string())
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

/// three-days with expected totals: 21 participants (Peru 15, Chile 6) and
/// 5 speakers against targets some met, some not.
const TARGETS: &str = r#"targets:
  women_speakers_percent: 40
  women_participants_percent: 50
  participants: 20
  speakers: 6
  groups:
    - name: {en: "Eligible economies", es: "Economías elegibles"}
      members: ["Chile", "Mexico"]
      participants: 10
      economies: 2
    - name: {en: "Host economy", es: "Economía anfitriona"}
      members: ["Peru"]
      participants: 15
participants:
  - economy: "Peru"
    women: 7
    men: 5
    other: 1
    undisclosed: 2
  - economy: "Chile"
    women: 3
    men: 3
"#;

#[test]
fn expected_totals_are_shown_met_and_below_in_both_languages_and_printed() {
    let project = crate::support::Project::from_fixture("schedule/three-days");
    project.write("participation.yaml", TARGETS);
    let run = project.build();
    run.assert_code(0);
    assert!(
        run.stdout.lines().any(|l| l
            == "targets: participants 21 of 20 (met), speakers 5 of 6 (below), \
                Eligible economies: participants 6 of 10 (below), \
                Eligible economies: economies 1 of 2 (below), \
                Host economy: participants 15 of 15 (met)"),
        "{}",
        run.stdout
    );
    let site = project.site();
    for (lang, rows) in [
        (
            "en",
            [
                ("Participants", "21", "20", "Target met"),
                ("Speakers", "5", "6", "Below target"),
                (
                    "Eligible economies: participants",
                    "6",
                    "10",
                    "Below target",
                ),
                (
                    "Eligible economies: economies represented",
                    "1",
                    "2",
                    "Below target",
                ),
                ("Host economy: participants", "15", "15", "Target met"),
                ("Women among speakers", "40.0%", "40%", "Target met"),
                ("Women among participants", "47.6%", "50%", "Below target"),
            ],
        ),
        (
            "es",
            [
                ("Participantes", "21", "20", "Meta alcanzada"),
                ("Expositores", "5", "6", "Por debajo de la meta"),
                (
                    "Economías elegibles: participantes",
                    "6",
                    "10",
                    "Por debajo de la meta",
                ),
                (
                    "Economías elegibles: economías representadas",
                    "1",
                    "2",
                    "Por debajo de la meta",
                ),
                (
                    "Economía anfitriona: participantes",
                    "15",
                    "15",
                    "Meta alcanzada",
                ),
                (
                    "Mujeres entre los expositores",
                    "40,0 %",
                    "40 %",
                    "Meta alcanzada",
                ),
                (
                    "Mujeres entre los participantes",
                    "47,6 %",
                    "50 %",
                    "Por debajo de la meta",
                ),
            ],
        ),
    ] {
        let page = site.page(&format!("{lang}/participation/index.html"));
        let got: Vec<Vec<String>> = page
            .select(".targets-table tbody tr")
            .into_iter()
            .map(|tr| {
                tr.children()
                    .filter_map(scraper::ElementRef::wrap)
                    .map(crate::support::text_of)
                    .collect()
            })
            .collect();
        let want: Vec<Vec<String>> = rows
            .iter()
            .map(|(a, b, c, d)| vec![a.to_string(), b.to_string(), c.to_string(), d.to_string()])
            .collect();
        assert_eq!(got, want, "{lang}");
        // The chart: one bar per row, the target line at 100 %, a title.
        let html = site.read(&format!("{lang}/participation/index.html"));
        let start = html
            .find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bar-chart\" viewBox")
            .and_then(|_| html.find("id=\"targets-chart-title\""))
            .expect("the targets chart");
        let svg_start = html[..start].rfind("<svg").unwrap();
        let svg_end = html[start..].find("</svg>").unwrap() + start + "</svg>".len();
        let doc = roxmltree::Document::parse(&html[svg_start..svg_end]).unwrap();
        let bars = doc.descendants().filter(|n| n.has_tag_name("rect")).count();
        assert_eq!(bars, 7, "{lang}");
        assert!(
            doc.descendants()
                .any(|n| n.attribute("stroke-dasharray").is_some())
        );
    }
}
