//! Model stage: how the PDFs are printed (`paper:`, `handout:` and
//! `print:` in forum.yaml).

/// How the PDFs are printed.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintConfig {
    pub paper: Paper,
    /// The handout's parts, in order.
    pub handout: Vec<HandoutPart>,
    /// Bleed around each page for a print shop, in millimetres (0: none,
    /// and no crop marks).
    pub bleed_mm: f64,
}

impl Default for PrintConfig {
    fn default() -> Self {
        PrintConfig {
            paper: Paper::A4,
            handout: HandoutPart::ALL.to_vec(),
            bleed_mm: 0.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    pub fn parse(s: &str) -> Option<Paper> {
        match s {
            "a4" => Some(Paper::A4),
            "letter" => Some(Paper::Letter),
            _ => None,
        }
    }
}

/// A part of the handout after its cover, contents and agenda at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandoutPart {
    Agenda,
    Speakers,
    Presentations,
    Pages,
    Report,
}

impl HandoutPart {
    /// The default order.
    pub const ALL: [HandoutPart; 5] = [
        HandoutPart::Agenda,
        HandoutPart::Speakers,
        HandoutPart::Presentations,
        HandoutPart::Pages,
        HandoutPart::Report,
    ];

    pub fn parse(s: &str) -> Option<HandoutPart> {
        Some(match s {
            "agenda" => HandoutPart::Agenda,
            "speakers" => HandoutPart::Speakers,
            "presentations" => HandoutPart::Presentations,
            "pages" => HandoutPart::Pages,
            "report" => HandoutPart::Report,
            _ => return None,
        })
    }
}
