//! Render stage: the participation report, from the model's aggregates.
//!
//! The share of women among speakers (from the speakers' `gender` fields)
//! and among participants (from `participation.yaml`, per economy and in
//! total), against the forum's targets: a page per language with SVG
//! charts and a table beside each, and the one-line summary `foro build`
//! prints. A missing or `undisclosed` gender is counted as undisclosed and
//! shown, never dropped: it stays in the total the share is taken of.
//!
//! Aggregates only. Speakers are not broken down by economy: with one or
//! two speakers per economy, such a figure would tell a person's gender.

mod chart;
mod counts;
mod targets;

use std::fmt;

use serde::Serialize;

use super::context::PageCtx;
use super::pages::PageScope;
use crate::diagnostics::Diagnostic;
use crate::model::{Forum, Gender, Localized};

pub use chart::{Bar, Chart};
pub use counts::{Counts, tenths};
use counts::{Fmt, decimal, number};
pub use targets::{Goal, GoalKind};

/// Every figure of the report; also the summary line of `foro build`.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub speakers: Counts,
    /// Participants per economy, in the order of `participation.yaml`.
    pub economies: Vec<(Localized, Counts)>,
    pub participants: Counts,
    pub speakers_target: Option<f64>,
    pub participants_target: Option<f64>,
    /// The expected totals (participants, speakers, per group of
    /// economies) against the figures reached.
    pub goals: Vec<Goal>,
}

impl Figures {
    /// The report of a forum that has `participation.yaml`.
    pub fn new(forum: &Forum) -> Option<Figures> {
        let p = forum.participation.as_ref()?;
        let mut speakers = Counts::default();
        for s in &forum.speakers {
            match s.gender {
                Some(Gender::Female) => speakers.women += 1,
                Some(Gender::Male) => speakers.men += 1,
                Some(Gender::Other) => speakers.other += 1,
                Some(Gender::Undisclosed) | None => speakers.undisclosed += 1,
            }
        }
        let economies: Vec<(Localized, Counts)> = p
            .participants
            .iter()
            .map(|e| {
                let name = e
                    .name
                    .clone()
                    .unwrap_or_else(|| Localized::One(e.economy.clone()));
                (name, Counts::from(e))
            })
            .collect();
        let participants = economies
            .iter()
            .fold(Counts::default(), |acc, (_, c)| acc.add(*c));
        let totals: Vec<(String, u32)> = p
            .participants
            .iter()
            .map(|e| (e.economy.clone(), Counts::from(e).total()))
            .collect();
        let goals = targets::goals(&p.expected, speakers.total(), &totals);
        Some(Figures {
            speakers,
            economies,
            participants,
            speakers_target: p.women_speakers_percent,
            participants_target: p.women_participants_percent,
            goals,
        })
    }
}

/// `participation: women 50.0% of speakers (target 40%), 53.8% of
/// participants (target 50%)`, then what is below target or undisclosed.
impl fmt::Display for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let part = |c: &Counts, target: Option<f64>, of: &str| {
            let share = c
                .women_tenths()
                .map_or_else(|| "n/a".to_string(), |t| format!("{}%", decimal(t, ".")));
            let target = target.map_or_else(String::new, |t| {
                let below = if c.meets(t) == Some(false) {
                    ", below"
                } else {
                    ""
                };
                format!(" (target {}%{below})", number(t, "."))
            });
            format!("{share} of {of}{target}")
        };
        write!(
            f,
            "participation: women {}, {}",
            part(&self.speakers, self.speakers_target, "speakers"),
            part(&self.participants, self.participants_target, "participants")
        )?;
        let (s, p) = (self.speakers.undisclosed, self.participants.undisclosed);
        if s + p > 0 {
            write!(
                f,
                "; gender undisclosed: {s} of {} speakers, {p} of {} participants",
                self.speakers.total(),
                self.participants.total()
            )?;
        }
        if !self.goals.is_empty() {
            let goals: Vec<String> = self.goals.iter().map(Goal::summary).collect();
            write!(f, "\ntargets: {}", goals.join(", "))?;
        }
        Ok(())
    }
}

/// One table row: counts of a group, with the share of women.
#[derive(Serialize, Default, Clone)]
pub struct Row {
    pub label: String,
    pub women: u32,
    pub men: u32,
    pub other: u32,
    pub undisclosed: u32,
    pub total: u32,
    pub percent_women: String,
}

impl Row {
    fn new(label: String, c: Counts, f: &Fmt) -> Row {
        Row {
            label,
            women: c.women,
            men: c.men,
            other: c.other,
            undisclosed: c.undisclosed,
            total: c.total(),
            percent_women: f.share(c.women_tenths()),
        }
    }
}

#[derive(Serialize)]
struct ParticipationCtx {
    page: PageCtx,
    sections: Vec<Section>,
    /// Every figure against its target, when participation.yaml expects
    /// totals.
    targets: Option<targets::TargetsSection>,
}

/// One part of the report: a headline figure, a chart and its table.
#[derive(Serialize)]
struct Section {
    id: &'static str,
    title: String,
    share: String,
    target: Option<String>,
    /// Whether the target is reached; `None` without a target or figures.
    met: Option<bool>,
    /// The target in percent and the share reached in tenths, for the
    /// targets chart.
    #[serde(skip)]
    target_value: Option<f64>,
    #[serde(skip)]
    tenths: Option<u32>,
    chart: String,
    /// Heading of the table's first column.
    group: String,
    rows: Vec<Row>,
    total: Option<Row>,
}

/// `<lang>/participation/`: the report with charts and tables.
pub fn page(scope: &PageScope) -> Result<String, Diagnostic> {
    let (ctx, lang) = (scope.ctx, scope.lang);
    let i = ctx.i18n;
    let Some(fig) = Figures::new(ctx.forum) else {
        return Err(Diagnostic::error(
            "participation.yaml",
            None,
            "no participation figures",
        ));
    };
    let title = i.t(lang, "participation").to_string();
    let page = scope.page(&title, None, None);
    let f = Fmt { i18n: i, lang };
    let t = |k: &str| i.t(lang, k).to_string();
    let sp = fig.speakers;
    let speaker_bars: Vec<Bar> = [
        ("women", sp.women),
        ("men", sp.men),
        ("other", sp.other),
        ("undisclosed", sp.undisclosed),
    ]
    .into_iter()
    .map(|(key, n)| {
        let share = tenths(n, sp.total());
        Bar {
            label: t(key),
            tenths: share,
            value: f.share(share),
            strong: key == "women",
        }
    })
    .collect();
    let speakers = section(
        &f,
        SectionSpec {
            id: "speakers-share",
            title: t("women_speakers"),
            chart_title: t("chart_speakers_title"),
            counts: sp,
            target: fig.speakers_target,
            target_key: "target_women",
            bars: speaker_bars,
            group: String::new(),
            rows: vec![Row::new(t("speakers"), sp, &f)],
            total: None,
        },
    );
    let mut economy_bars: Vec<Bar> = fig
        .economies
        .iter()
        .map(|(name, c)| Bar {
            label: scope.text(name),
            tenths: c.women_tenths(),
            value: f.share(c.women_tenths()),
            strong: false,
        })
        .collect();
    economy_bars.push(Bar {
        label: t("total"),
        tenths: fig.participants.women_tenths(),
        value: f.share(fig.participants.women_tenths()),
        strong: true,
    });
    let participants = section(
        &f,
        SectionSpec {
            id: "participants-share",
            title: t("women_participants"),
            chart_title: t("chart_participants_title"),
            counts: fig.participants,
            target: fig.participants_target,
            target_key: "target",
            bars: economy_bars,
            group: t("economy"),
            rows: fig
                .economies
                .iter()
                .map(|(name, c)| Row::new(scope.text(name), *c, &f))
                .collect(),
            total: Some(Row::new(t("total"), fig.participants, &f)),
        },
    );
    let targets = (!fig.goals.is_empty()).then(|| {
        let mut rows = targets::goal_rows(&fig.goals, &f);
        rows.extend([&speakers, &participants].into_iter().filter_map(|sec| {
            let goal = sec.target_value?;
            Some(targets::TargetRow {
                label: sec.title.clone(),
                result: sec.share.clone(),
                target: sec.target.clone()?,
                met: sec.met,
                progress: sec.tenths.map(|t| {
                    let reached = if goal > 0.0 {
                        f64::from(t) / goal * 10.0
                    } else {
                        1000.0
                    };
                    // Bounded by the clamp: the cast cannot truncate.
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let r = reached.clamp(0.0, 1000.0).round() as u32;
                    r
                }),
            })
        }));
        targets::section(rows, &f)
    });
    let data = ParticipationCtx {
        page,
        sections: vec![speakers, participants],
        targets,
    };
    scope.render("participation.html", &data)
}

struct SectionSpec {
    id: &'static str,
    title: String,
    chart_title: String,
    counts: Counts,
    target: Option<f64>,
    /// The UI string naming the target line.
    target_key: &'static str,
    bars: Vec<Bar>,
    group: String,
    rows: Vec<Row>,
    total: Option<Row>,
}

fn section(f: &Fmt, s: SectionSpec) -> Section {
    let i = f.i18n;
    let target = s.target.map(|v| f.target(v));
    let mut desc: Vec<String> = s
        .bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.value))
        .collect();
    if let Some(t) = &target {
        desc.push(format!("{}: {t}", i.t(f.lang, s.target_key)));
    }
    let target_label = target
        .as_ref()
        .map(|t| format!("{}: {t}", i.t(f.lang, s.target_key)));
    let chart = chart::svg(&Chart {
        id: &format!("{}-chart", s.id),
        title: &s.chart_title,
        desc: &desc.join("; "),
        bars: &s.bars,
        target: s.target.zip(target_label.as_deref()),
        axis: &|p: u32| f.percent(&p.to_string()),
    });
    Section {
        id: s.id,
        share: f.share(s.counts.women_tenths()),
        met: s.target.and_then(|v| s.counts.meets(v)),
        target_value: s.target,
        tenths: s.counts.women_tenths(),
        title: s.title,
        target,
        chart,
        group: s.group,
        rows: s.rows,
        total: s.total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(women: u32, men: u32, other: u32, undisclosed: u32) -> Counts {
        Counts {
            women,
            men,
            other,
            undisclosed,
        }
    }

    #[test]
    fn shares_round_half_up_and_undisclosed_stays_in_the_total() {
        let c = counts(1, 1, 0, 1);
        assert_eq!(c.total(), 3);
        assert_eq!(c.women_tenths(), Some(333));
        assert_eq!(tenths(2, 3), Some(667));
        assert_eq!(tenths(1, 8), Some(125));
        assert_eq!(counts(0, 0, 0, 0).women_tenths(), None);
    }

    #[test]
    fn targets_are_compared_exactly() {
        // 39.96 % rounds to 40.0 % but does not reach 40 %.
        let c = counts(999, 1501, 0, 0);
        assert_eq!(c.women_tenths(), Some(400));
        assert_eq!(c.meets(40.0), Some(false));
        assert_eq!(counts(2, 3, 0, 0).meets(40.0), Some(true));
    }

    #[test]
    fn the_summary_line_names_shares_targets_and_undisclosed() {
        let fig = Figures {
            speakers: counts(6, 5, 0, 1),
            economies: vec![(Localized::One("Peru".into()), counts(78, 66, 1, 0))],
            participants: counts(78, 66, 1, 0),
            speakers_target: Some(40.0),
            participants_target: Some(50.0),
            goals: Vec::new(),
        };
        assert_eq!(
            fig.to_string(),
            "participation: women 50.0% of speakers (target 40%), 53.8% of participants (target 50%); gender undisclosed: 1 of 12 speakers, 0 of 145 participants"
        );
        let low = Figures {
            speakers: counts(1, 3, 0, 0),
            speakers_target: Some(40.5),
            participants_target: None,
            ..fig
        };
        assert_eq!(
            low.to_string(),
            "participation: women 25.0% of speakers (target 40.5%, below), 53.8% of participants"
        );
    }
}
