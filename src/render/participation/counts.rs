//! Render stage: the participation report's numbers: people counted by
//! gender, shares in tenths of a percent, and numbers as a language writes
//! them.

use crate::i18n::I18n;
use crate::model::{EconomyCount, Lang};

/// People of one group by gender.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub women: u32,
    pub men: u32,
    pub other: u32,
    /// `undisclosed`, and speakers whose gender is not given.
    pub undisclosed: u32,
}

impl Counts {
    pub fn total(&self) -> u32 {
        self.women
            .saturating_add(self.men)
            .saturating_add(self.other)
            .saturating_add(self.undisclosed)
    }

    /// The share of women in tenths of a percent (`538` for 53.8 %),
    /// rounded half up; `None` for an empty group.
    pub fn women_tenths(&self) -> Option<u32> {
        tenths(self.women, self.total())
    }

    /// Whether the share of women reaches `target` percent, exactly (not
    /// after rounding); `None` for an empty group.
    pub fn meets(&self, target: f64) -> Option<bool> {
        let total = self.total();
        (total > 0).then(|| f64::from(self.women) * 100.0 >= target * f64::from(total))
    }

    pub(super) fn add(self, o: Counts) -> Counts {
        Counts {
            women: self.women.saturating_add(o.women),
            men: self.men.saturating_add(o.men),
            other: self.other.saturating_add(o.other),
            undisclosed: self.undisclosed.saturating_add(o.undisclosed),
        }
    }
}

impl From<&EconomyCount> for Counts {
    fn from(e: &EconomyCount) -> Self {
        Counts {
            women: e.women,
            men: e.men,
            other: e.other,
            undisclosed: e.undisclosed,
        }
    }
}

/// `part` of `total` in tenths of a percent, rounded half up.
pub fn tenths(part: u32, total: u32) -> Option<u32> {
    (total > 0).then(|| {
        let t = (u64::from(part) * 1000 + u64::from(total) / 2) / u64::from(total);
        u32::try_from(t).unwrap_or(1000)
    })
}

/// `538` → `53.8` (`53,8` with a decimal comma).
pub fn decimal(tenths: u32, sep: &str) -> String {
    format!("{}{sep}{}", tenths / 10, tenths % 10)
}

/// `40` → `40`, `40.5` → `40,5` with a decimal comma.
pub fn number(v: f64, sep: &str) -> String {
    format!("{v}").replace('.', sep)
}

/// Numbers as a language writes them.
pub struct Fmt<'a> {
    pub i18n: &'a I18n,
    pub lang: &'a Lang,
}

impl Fmt<'_> {
    pub fn sep(&self) -> &str {
        self.i18n.t(self.lang, "decimal_separator")
    }

    /// `53.8%` / `53,8 %`; a dash for an empty group.
    pub fn share(&self, tenths: Option<u32>) -> String {
        tenths.map_or_else(|| "—".into(), |t| self.percent(&decimal(t, self.sep())))
    }

    pub fn percent(&self, value: &str) -> String {
        self.i18n.fill(self.lang, "percent", &[("value", value)])
    }

    pub fn target(&self, v: f64) -> String {
        self.percent(&number(v, self.sep()))
    }
}
