//! Model stage: participation.yaml — the participants per economy and the
//! targets the forum set itself.

use serde::Deserialize;

use super::Localized;

#[derive(Debug, Clone)]
pub struct Participation {
    pub women_speakers_percent: Option<f64>,
    pub women_participants_percent: Option<f64>,
    pub participants: Vec<EconomyCount>,
    /// Expected totals (`targets:` in participation.yaml, an extension).
    pub expected: Expected,
}

/// The expected totals of participation.yaml's `targets:`: how many people
/// the forum aims at, in all and per group of economies.
#[derive(Debug, Clone, Default)]
pub struct Expected {
    /// `targets.participants`: participants in all.
    pub participants: Option<u32>,
    /// `targets.speakers`: speakers (from `speakers/`).
    pub speakers: Option<u32>,
    /// `targets.groups`, in the order written.
    pub groups: Vec<EconomyGroup>,
}

/// A group of economies with its own targets, e.g. the economies eligible
/// for travel funding.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EconomyGroup {
    pub name: Localized,
    /// The economies of the group, as written in `participants`.
    pub members: Vec<String>,
    /// Participants expected from the group's economies.
    #[serde(default)]
    pub participants: Option<u32>,
    /// Economies of the group expected to send at least one participant.
    #[serde(default)]
    pub economies: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EconomyCount {
    /// As written in participation.yaml.
    pub economy: String,
    /// The economy's names in each language (from the table of economies
    /// or forum.yaml), filled in after loading.
    #[serde(skip)]
    pub name: Option<Localized>,
    #[serde(default)]
    pub women: u32,
    #[serde(default)]
    pub men: u32,
    #[serde(default)]
    pub other: u32,
    #[serde(default)]
    pub undisclosed: u32,
}
