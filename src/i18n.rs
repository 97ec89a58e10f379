//! Render stage: UI strings per language, dates and the translation report.
//!
//! One place for language: the theme's `i18n/<lang>.yaml` files, one
//! fallback policy (the language asked for, then the forum's default
//! language, then English, which the built-in theme always has), and the
//! date formats. Nothing here assumes the default language is English.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use jiff::civil::{Date, Time, Weekday};
use serde::Deserialize;

mod report;

pub use report::{Fallback, Translation, fallbacks, translation};

use crate::diagnostics::Diagnostic;
use crate::model::{Gender, Lang};
use crate::theme::Theme;

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Entry {
    Text(String),
    List(Vec<String>),
    /// Forms by number and gender: `one`, `one_female`, `one_male`,
    /// `other`, `other_female` (see [`I18n::form`]).
    Forms(BTreeMap<String, String>),
}

/// The UI strings of every language of a forum, picked for a [`Lang`]
/// along its fallback order (its variant's strings, `i18n/es-PE.yaml`, only
/// what differs, come first).
#[derive(Debug, Clone, Default)]
pub struct I18n {
    strings: HashMap<String, HashMap<String, Entry>>,
}

impl I18n {
    /// Reads the theme's strings for `languages`; a key or a language
    /// missing is a warning naming it.
    pub fn load(theme: &Theme, languages: &[Lang]) -> (I18n, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut strings = HashMap::new();
        for (lang, file) in &theme.i18n {
            match crate::yaml::from_str::<BTreeMap<String, Entry>>(&file.text()) {
                Ok(map) => {
                    strings.insert(lang.clone(), map.into_iter().collect::<HashMap<_, _>>());
                }
                Err(e) => diags.push(Diagnostic::error(&file.origin, Some(e.pos), e.message)),
            }
        }
        let mut all_keys: Vec<&String> = strings.values().flat_map(HashMap::keys).collect();
        all_keys.sort();
        all_keys.dedup();
        for lang in languages {
            let origin = theme.i18n.get(lang.as_str()).map_or_else(
                || PathBuf::from(format!("themes/<theme>/i18n/{lang}.yaml")),
                |f| f.origin.clone(),
            );
            match strings.get(lang.as_str()) {
                None => diags.push(
                    Diagnostic::warning(&origin, None, format!("the theme has no UI strings for `{lang}`; {} strings are shown in another language", all_keys.len()))
                        .hint(format!("add i18n/{lang}.yaml to the forum's theme, translating themes/default/i18n/en.yaml")),
                ),
                Some(have) => {
                    for key in &all_keys {
                        if !have.contains_key(*key) {
                            diags.push(
                                Diagnostic::warning(&origin, None, format!("the UI string `{key}` is missing for `{lang}`; another language's is shown"))
                                    .hint(format!("add `{key}: \"…\"` to {}", origin.display())),
                            );
                        }
                    }
                }
            }
        }
        for (lang, variant) in languages.iter().filter_map(|l| l.variant().map(|v| (l, v))) {
            if !strings.contains_key(variant) {
                diags.push(
                    Diagnostic::warning("forum.yaml", None, format!("the theme has no strings for the variant `{variant}` of `{lang}`; `{lang}` is written as usual"))
                        .hint(format!("add i18n/{variant}.yaml to the forum's theme with the strings that differ, or remove the variant")),
                );
            }
        }
        (I18n { strings }, diags)
    }

    fn entry(&self, lang: &Lang, key: &str) -> Option<&Entry> {
        lang.chain()
            .find_map(|l| self.strings.get(l).and_then(|m| m.get(key)))
    }

    /// The UI string `key` for `lang`, with fallback; `None` if no language has it.
    pub fn get(&self, lang: &Lang, key: &str) -> Option<&str> {
        match self.entry(lang, key)? {
            Entry::Text(t) => Some(t),
            Entry::List(_) => None,
            Entry::Forms(f) => f.get("one").or_else(|| f.get("other")).map(String::as_str),
        }
    }

    /// Like [`I18n::get`], the key itself when no language has it.
    pub fn t<'a>(&'a self, lang: &Lang, key: &'a str) -> &'a str {
        self.get(lang, key).unwrap_or(key)
    }

    /// `key` with `{name}` placeholders filled in.
    pub fn fill(&self, lang: &Lang, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.t(lang, key).to_string();
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    fn list(&self, lang: &Lang, key: &str, i: usize) -> String {
        match self.entry(lang, key) {
            Some(Entry::List(l)) => l.get(i).cloned().unwrap_or_default(),
            _ => String::new(),
        }
    }

    fn month(&self, lang: &Lang, d: Date) -> String {
        self.list(lang, "months", usize::try_from(d.month() - 1).unwrap_or(0))
    }

    fn weekday(&self, lang: &Lang, d: Date) -> String {
        let i = match d.weekday() {
            Weekday::Monday => 0,
            Weekday::Tuesday => 1,
            Weekday::Wednesday => 2,
            Weekday::Thursday => 3,
            Weekday::Friday => 4,
            Weekday::Saturday => 5,
            Weekday::Sunday => 6,
        };
        self.list(lang, "weekdays", i)
    }

    /// "Thursday, 21 September 2017" / "jueves, 21 de septiembre de 2017".
    pub fn date(&self, lang: &Lang, d: Date) -> String {
        self.fill(
            lang,
            "date_format",
            &[
                ("weekday", &self.weekday(lang, d)),
                ("day", &d.day().to_string()),
                ("month", &self.month(lang, d)),
                ("year", &d.year().to_string()),
            ],
        )
    }

    /// "21 September 2017" / "21 de septiembre de 2017".
    pub fn short_date(&self, lang: &Lang, d: Date) -> String {
        self.fill(
            lang,
            "short_date_format",
            &[
                ("day", &d.day().to_string()),
                ("month", &self.month(lang, d)),
                ("year", &d.year().to_string()),
            ],
        )
    }

    /// "21–22 September 2017" / "21 y 22 de septiembre de 2017".
    pub fn date_range(&self, lang: &Lang, start: Date, end: Date) -> String {
        if start == end {
            return self.short_date(lang, start);
        }
        let key = if start.year() == end.year() && start.month() == end.month() {
            if end == start.tomorrow().unwrap_or(end) {
                "range_two_days"
            } else {
                "range_same_month"
            }
        } else {
            "range_other"
        };
        self.fill(
            lang,
            key,
            &[
                ("day1", &start.day().to_string()),
                ("day2", &end.day().to_string()),
                ("month", &self.month(lang, end)),
                ("year", &end.year().to_string()),
                ("start", &self.short_date(lang, start)),
                ("end", &self.short_date(lang, end)),
            ],
        )
    }

    /// How people name the forum's time zone: "Lima time (UTC−5)" / "hora
    /// de Lima (UTC−5)", with the offsets in force on the forum's days
    /// (both when daylight saving time starts or ends during the forum).
    pub fn zone(&self, lang: &Lang, city: &str, tz: &str, start: Date, end: Date) -> String {
        self.fill(
            lang,
            "timezone_label",
            &[("city", city), ("offset", &utc_offsets(tz, start, end))],
        )
    }

    /// The form of `key` that agrees with the people it labels: by their
    /// number (`one`, `other`) and, where every one's gender is known and
    /// the same, by gender (`one_female`, `one_male`, `other_female`,
    /// `other_male`): "Expositora", "Moderadores", "Speakers". A plain
    /// string serves every form.
    pub fn form(&self, lang: &Lang, key: &str, genders: &[Option<Gender>]) -> String {
        let Some(Entry::Forms(forms)) = self.entry(lang, key) else {
            return self.t(lang, key).to_string();
        };
        let number = if genders.len() == 1 { "one" } else { "other" };
        let gender = match genders.first() {
            Some(Some(g @ (Gender::Female | Gender::Male)))
                if genders.iter().all(|x| x.as_ref() == Some(g)) =>
            {
                Some(if *g == Gender::Female {
                    "female"
                } else {
                    "male"
                })
            }
            _ => None,
        };
        gender
            .and_then(|g| forms.get(&format!("{number}_{g}")))
            .or_else(|| forms.get(number))
            .or_else(|| forms.values().next())
            .cloned()
            .unwrap_or_default()
    }

    /// A date as a heading or at the start of a line: sentence case
    /// ("Jueves, 21 de setiembre de 2017").
    pub fn date_heading(&self, lang: &Lang, d: Date) -> String {
        sentence_case(&self.date(lang, d))
    }

    /// The label of a session kind ("Panel", "Receso").
    pub fn kind_label(&self, lang: &Lang, kind: crate::model::SessionKind) -> String {
        self.t(lang, &format!("kind_{}", kind.name())).to_string()
    }

    /// 24 h: `09:30`.
    pub fn time(t: Time) -> String {
        format!("{:02}:{:02}", t.hour(), t.minute())
    }

    /// The name of `of` written in `lang` ("inglés" in Spanish).
    pub fn language_name(&self, lang: &Lang, of: &str) -> String {
        self.get(lang, &format!("lang_{of}"))
            .map_or_else(|| of.to_string(), str::to_string)
    }

    /// The name of `lang` in itself ("Español").
    pub fn autonym(&self, lang: &Lang) -> String {
        self.get(lang, "autonym")
            .map_or_else(|| lang.to_string(), str::to_string)
    }
}

/// The place an IANA zone is named after: `America/Argentina/Buenos_Aires`
/// → "Buenos Aires".
pub fn zone_city(tz: &str) -> String {
    tz.rsplit('/').next().unwrap_or(tz).replace('_', " ")
}

/// "UTC−5", "UTC+5:30", "UTC−4/−3" (each offset in force at noon on the
/// forum's days, in order, once each).
fn utc_offsets(tz: &str, start: Date, end: Date) -> String {
    let Ok(zone) = jiff::tz::TimeZone::get(tz) else {
        return String::from("UTC");
    };
    let mut offsets: Vec<i32> = Vec::new();
    let mut day = start;
    while day <= end {
        if let Ok(z) = day.at(12, 0, 0, 0).to_zoned(zone.clone()) {
            let secs = z.offset().seconds();
            if !offsets.contains(&secs) {
                offsets.push(secs);
            }
        }
        match day.tomorrow() {
            Ok(d) => day = d,
            Err(_) => break,
        }
    }
    let one = |secs: i32| {
        if secs == 0 {
            return String::new();
        }
        let sign = if secs < 0 { '\u{2212}' } else { '+' };
        let (h, m) = (secs.abs() / 3600, secs.abs() % 3600 / 60);
        if m == 0 {
            format!("{sign}{h}")
        } else {
            format!("{sign}{h}:{m:02}")
        }
    };
    let parts: Vec<String> = offsets.into_iter().map(one).collect();
    format!("UTC{}", parts.join("/"))
}

/// The text with its first letter in capitals (`español` → `Español`).
pub fn sentence_case(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The built-in theme's strings for a forum in `langs` (default
    /// first), and those languages.
    fn i18n(langs: &[&str]) -> (I18n, Vec<Lang>) {
        let theme = Theme::load(Path::new("/nonexistent"), None).unwrap();
        let langs = Lang::forum(langs, &BTreeMap::new());
        (I18n::load(&theme, &langs).0, langs)
    }

    #[test]
    fn dates_are_written_the_way_each_language_writes_them() {
        let (i, l) = i18n(&["es", "en"]);
        let (es, en) = (&l[0], &l[1]);
        let d = Date::new(2017, 9, 21).unwrap();
        assert_eq!(i.date(en, d), "Thursday, 21 September 2017");
        assert_eq!(i.date(es, d), "jueves, 21 de septiembre de 2017");
        let e = Date::new(2017, 9, 22).unwrap();
        assert_eq!(i.date_range(en, d, e), "21–22 September 2017");
        assert_eq!(i.date_range(es, d, e), "21 y 22 de septiembre de 2017");
        assert_eq!(I18n::time(Time::new(9, 5, 0, 0).unwrap()), "09:05");
    }

    #[test]
    fn the_time_zone_is_named_by_its_city_and_offset_for_the_forum_dates() {
        let (i, l) = i18n(&["en", "es"]);
        let (en, es) = (&l[0], &l[1]);
        let d = |m, day| Date::new(2017, m, day).unwrap();
        assert_eq!(
            i.zone(en, "Lima", "America/Lima", d(9, 21), d(9, 22)),
            "Lima time (UTC\u{2212}5)"
        );
        assert_eq!(
            i.zone(es, "Lima", "America/Lima", d(9, 21), d(9, 22)),
            "hora de Lima (UTC\u{2212}5)"
        );
        // Sydney moves to summer time on 1 October 2017: a forum across
        // the change shows both offsets.
        assert_eq!(
            i.zone(en, "Sydney", "Australia/Sydney", d(9, 30), d(10, 2)),
            "Sydney time (UTC+10/+11)"
        );
        assert_eq!(
            i.zone(en, "Delhi", "Asia/Kolkata", d(9, 21), d(9, 21)),
            "Delhi time (UTC+5:30)"
        );
        assert_eq!(zone_city("America/Argentina/Buenos_Aires"), "Buenos Aires");
    }

    #[test]
    fn labels_agree_with_the_number_and_gender_of_the_people() {
        let (strings, langs) = i18n(&["es", "en"]);
        let lang = |code: &str| langs.iter().find(|x| **x == code).unwrap();
        let (f, m, u) = (Some(Gender::Female), Some(Gender::Male), None);
        for (code, key, people, label) in [
            ("es", "speakers_label", vec![f], "Expositora"),
            ("es", "speakers_label", vec![m], "Expositor"),
            ("es", "speakers_label", vec![u], "Expositor(a)"),
            ("es", "speakers_label", vec![f, m], "Expositores"),
            ("es", "speakers_label", vec![f, f], "Expositoras"),
            ("es", "moderators_label", vec![f], "Moderadora"),
            ("es", "moderators_label", vec![m], "Moderador"),
            ("es", "moderators_label", vec![m, u], "Moderadores"),
            ("en", "speakers_label", vec![f], "Speaker"),
            ("en", "speakers_label", vec![f, m], "Speakers"),
            ("en", "moderators_label", vec![m], "Moderator"),
            ("en", "moderators_label", vec![m, f], "Moderators"),
        ] {
            assert_eq!(
                strings.form(lang(code), key, &people),
                label,
                "{code} {key} {people:?}"
            );
        }
    }

    #[test]
    fn a_variant_writes_its_own_words_and_headings_are_sentence_case() {
        let theme = Theme::load(Path::new("/nonexistent"), None).unwrap();
        let mut variants = BTreeMap::new();
        variants.insert("es".to_string(), "es-PE".to_string());
        let langs = Lang::forum(&["es", "en"], &variants);
        let (i, diags) = I18n::load(&theme, &langs);
        assert!(diags.is_empty(), "{diags:?}");
        let d = Date::new(2017, 9, 21).unwrap();
        assert_eq!(
            i.date_heading(&langs[0], d),
            "Jueves, 21 de setiembre de 2017"
        );
        assert_eq!(i.date(&langs[1], d), "Thursday, 21 September 2017");
        let (plain, l) = i18n(&["es", "en"]);
        assert_eq!(
            plain.date_heading(&l[0], d),
            "Jueves, 21 de septiembre de 2017"
        );
    }

    #[test]
    fn a_language_without_strings_is_a_warning_and_falls_back() {
        let theme = Theme::load(Path::new("/nonexistent"), None).unwrap();
        let l = Lang::forum(&["pt", "es"], &BTreeMap::new());
        let (i, diags) = I18n::load(&theme, &l);
        assert!(diags.iter().any(|d| d.message.contains("`pt`")));
        assert_eq!(i.t(&l[0], "agenda"), i.t(&l[1], "agenda"));
        assert!(!i.t(&l[0], "agenda").is_empty());
    }
}
