//! Render stage: the links to the participants' surveys (`surveys:` in
//! forum.yaml), for the home page and the handout.
//!
//! The opening survey is shown from the forum's first day, the closing one
//! from its last day, both after the forum too; each link carries the
//! moment it appears (`data-show-from`, milliseconds since the epoch of
//! midnight in the forum's time zone) for foro.js. Without the script
//! every link shows.

use serde::Serialize;

use super::PageScope;
use crate::model::Localized;

/// One survey, in the page's language.
#[derive(Debug, Clone, Serialize)]
pub struct SurveyLink {
    /// `opening` or `closing`.
    pub kind: &'static str,
    pub label: String,
    pub url: String,
    /// The language of the survey when it is not the page's (a fallback).
    pub lang: Option<String>,
    /// When the link appears: midnight of its day in the forum's time zone,
    /// in milliseconds since the epoch.
    pub show_from: i64,
}

/// The forum's surveys for the page's language, opening first.
pub fn links(s: &PageScope) -> Vec<SurveyLink> {
    let c = &s.ctx.forum.config;
    let midnight = |d: jiff::civil::Date| {
        jiff::tz::TimeZone::get(&c.timezone)
            .ok()
            .and_then(|tz| d.to_zoned(tz).ok())
            .map_or(0, |z| z.timestamp().as_millisecond())
    };
    [
        ("opening", &c.surveys.opening, c.start),
        ("closing", &c.surveys.closing, c.end),
    ]
    .into_iter()
    .filter_map(|(kind, url, day): (&'static str, &Option<Localized>, _)| {
        let r = url.as_ref()?.get(s.lang);
        Some(SurveyLink {
            kind,
            label: s
                .t(if kind == "opening" {
                    "survey_opening"
                } else {
                    "survey_closing"
                })
                .to_string(),
            url: r.text.to_string(),
            lang: r.fallback.then(|| r.lang.to_string()),
            show_from: midnight(day),
        })
    })
    .collect()
}
