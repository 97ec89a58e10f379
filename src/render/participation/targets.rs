//! Render stage: the participation report's expected totals (participants,
//! speakers, participants and economies per group of economies), each
//! figure against its target, as a chart of the share of each target
//! reached and a table that says met or below in words.

use serde::Serialize;

use super::chart::{self, Bar, Chart};
use super::counts::Fmt;
use crate::model::{Expected, Localized};

/// What a count target is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalKind {
    /// Participants in all.
    Participants,
    /// Speakers in all.
    Speakers,
    /// Participants from the economies of a group.
    GroupParticipants,
    /// Economies of a group with at least one participant.
    GroupEconomies,
}

/// One expected total and the figure reached.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub kind: GoalKind,
    /// The group's name, for the goals of a group.
    pub group: Option<Localized>,
    pub actual: u32,
    pub expected: u32,
}

impl Goal {
    /// A target is met when the figure reaches it.
    pub fn met(&self) -> bool {
        self.actual >= self.expected
    }

    /// How much of the target is reached, in tenths of a percent, at most
    /// 1000 (a target of 0 is reached).
    pub fn progress(&self) -> u32 {
        if self.expected == 0 {
            return 1000;
        }
        let t = u64::from(self.actual) * 1000 / u64::from(self.expected);
        u32::try_from(t.min(1000)).unwrap_or(1000)
    }

    /// The goal in the build summary's words: `participants 145 of 200
    /// (below)`.
    pub fn summary(&self) -> String {
        let group = self
            .group
            .as_ref()
            .map(|g| format!("{}: ", g.in_english()))
            .unwrap_or_default();
        let what = match self.kind {
            GoalKind::Participants | GoalKind::GroupParticipants => "participants",
            GoalKind::Speakers => "speakers",
            GoalKind::GroupEconomies => "economies",
        };
        let status = if self.met() { "met" } else { "below" };
        format!(
            "{group}{what} {} of {} ({status})",
            self.actual, self.expected
        )
    }
}

/// The count targets of `expected`, from the number of speakers and the
/// participants per economy (in the order of participation.yaml).
pub fn goals(expected: &Expected, speakers: u32, economies: &[(String, u32)]) -> Vec<Goal> {
    let mut out = Vec::new();
    let goal = |kind, group: Option<&Localized>, actual, expected| Goal {
        kind,
        group: group.cloned(),
        actual,
        expected,
    };
    if let Some(n) = expected.participants {
        let all = economies
            .iter()
            .fold(0u32, |acc, (_, c)| acc.saturating_add(*c));
        out.push(goal(GoalKind::Participants, None, all, n));
    }
    if let Some(n) = expected.speakers {
        out.push(goal(GoalKind::Speakers, None, speakers, n));
    }
    for g in &expected.groups {
        let members: Vec<u32> = economies
            .iter()
            .filter(|(name, _)| {
                g.members
                    .iter()
                    .any(|m| crate::model::economies::same(m, name))
            })
            .map(|(_, c)| *c)
            .collect();
        if let Some(n) = g.participants {
            let sum = members.iter().fold(0u32, |acc, c| acc.saturating_add(*c));
            out.push(goal(GoalKind::GroupParticipants, Some(&g.name), sum, n));
        }
        if let Some(n) = g.economies {
            let present = members.iter().filter(|c| **c > 0).count();
            let present = u32::try_from(present).unwrap_or(u32::MAX);
            out.push(goal(GoalKind::GroupEconomies, Some(&g.name), present, n));
        }
    }
    out
}

/// One line of the targets table.
#[derive(Serialize, Clone, Debug)]
pub struct TargetRow {
    pub label: String,
    /// The figure reached (`145`, `53.8 %`).
    pub result: String,
    /// The target (`200`, `50 %`).
    pub target: String,
    /// `None` when there is no figure to compare (an empty group).
    pub met: Option<bool>,
    /// The share of the target reached, in tenths of a percent (at most
    /// 1000), for the chart.
    #[serde(skip)]
    pub progress: Option<u32>,
}

/// The targets part of the participation page.
#[derive(Serialize)]
pub struct TargetsSection {
    pub chart: String,
    pub rows: Vec<TargetRow>,
}

/// The rows of the count goals, labelled in the page's language.
pub fn goal_rows(goals: &[Goal], f: &Fmt) -> Vec<TargetRow> {
    let t = |k: &str| f.i18n.t(f.lang, k).to_string();
    goals
        .iter()
        .map(|g| {
            let label = match (g.kind, &g.group) {
                (GoalKind::Participants, _) => t("targets_participants"),
                (GoalKind::Speakers, _) => t("targets_speakers"),
                (kind, group) => {
                    let name = group.as_ref().map_or("", |n| n.get(f.lang).text);
                    let key = if kind == GoalKind::GroupEconomies {
                        "targets_group_economies"
                    } else {
                        "targets_group_participants"
                    };
                    f.i18n.fill(f.lang, key, &[("group", name)])
                }
            };
            TargetRow {
                label,
                result: g.actual.to_string(),
                target: g.expected.to_string(),
                met: Some(g.met()),
                progress: Some(g.progress()),
            }
        })
        .collect()
}

/// The chart (share of each target reached, a line at 100 %) and the table.
pub fn section(rows: Vec<TargetRow>, f: &Fmt) -> TargetsSection {
    let t = |k: &str| f.i18n.t(f.lang, k).to_string();
    let status = |met: Option<bool>| match met {
        Some(true) => t("target_met"),
        Some(false) => t("target_below"),
        None => "—".to_string(),
    };
    let bars: Vec<Bar> = rows
        .iter()
        .map(|r| Bar {
            label: r.label.clone(),
            tenths: r.progress,
            value: f.i18n.fill(
                f.lang,
                "of_target",
                &[("value", &r.result), ("target", &r.target)],
            ),
            strong: r.met == Some(true),
        })
        .collect();
    let desc: Vec<String> = rows
        .iter()
        .zip(&bars)
        .map(|(r, b)| format!("{}: {} ({})", r.label, b.value, status(r.met)))
        .collect();
    let target_label = t("target");
    let chart = chart::svg(&Chart {
        id: "targets-chart",
        title: &t("chart_targets_title"),
        desc: &desc.join("; "),
        bars: &bars,
        target: Some((100.0, target_label.as_str())),
        axis: &|p: u32| f.percent(&p.to_string()),
    });
    TargetsSection { chart, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EconomyGroup;

    #[test]
    fn goals_count_participants_speakers_and_economies_of_each_group() {
        let expected = Expected {
            participants: Some(200),
            speakers: Some(12),
            groups: vec![EconomyGroup {
                name: Localized::One("Eligible".into()),
                members: vec!["Peru".into(), "Chile".into(), "Fiji".into()],
                participants: Some(20),
                economies: Some(3),
            }],
        };
        let economies = vec![
            ("Peru".to_string(), 15),
            ("Chile".to_string(), 6),
            ("Korea".to_string(), 3),
        ];
        let g = goals(&expected, 12, &economies);
        let summary: Vec<String> = g.iter().map(Goal::summary).collect();
        assert_eq!(
            summary,
            [
                "participants 24 of 200 (below)",
                "speakers 12 of 12 (met)",
                "Eligible: participants 21 of 20 (met)",
                "Eligible: economies 2 of 3 (below)",
            ]
        );
        assert_eq!(g[0].progress(), 120);
        assert_eq!(g[2].progress(), 1000, "capped at the target");
    }
}
