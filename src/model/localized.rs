//! Model stage: `Localized`, a text given once or per language, and the
//! one fallback order every localized value follows ([`fallback_chain`]):
//! UI strings, texts of the content files, biographies and documents.

use serde::Deserialize;

/// A value given once for every language, or per language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Localized {
    One(String),
    /// In the order written.
    Map(Vec<(String, String)>),
    /// A value whose texts are written in one language whatever the page's
    /// (`{text: "World Bank", lang: en}`, `{es: "World Bank", lang: en}`):
    /// the page marks it with that language.
    Written(String, Box<Localized>),
}

/// A localized value resolved for one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved<'a> {
    pub text: &'a str,
    /// The language the text is in.
    pub lang: &'a str,
    /// True when the text stands in for a missing translation.
    pub fallback: bool,
}

/// English, which the built-in theme always has: the last language tried.
pub const LAST_RESORT: &str = "en";

/// The one fallback order: the language asked for, then the forum's
/// languages (`order`, default first), then English. A language variant
/// (`es-PE`) comes before its language (`es`) when `variant` names one.
pub fn fallback_chain<'a>(
    lang: &'a str,
    variant: Option<&'a str>,
    order: &'a [String],
) -> impl Iterator<Item = &'a str> + 'a {
    variant
        .into_iter()
        .chain(std::iter::once(lang))
        .chain(order.iter().map(String::as_str))
        .chain(std::iter::once(LAST_RESORT))
}

impl Localized {
    /// The text for `lang`, falling back along [`fallback_chain`] (`order`
    /// is the forum's languages, default first), then to the first
    /// language written.
    pub fn get<'a>(&'a self, lang: &'a str, order: &'a [String]) -> Resolved<'a> {
        match self {
            Localized::Written(written, inner) => Resolved {
                lang: written,
                ..inner.get(lang, order)
            },
            Localized::One(text) => Resolved {
                text,
                lang,
                fallback: false,
            },
            Localized::Map(map) => {
                let find = |l: &str| map.iter().find(|(k, _)| k == l).map(|(_, v)| v.as_str());
                if let Some(text) = find(lang) {
                    return Resolved {
                        text,
                        lang,
                        fallback: false,
                    };
                }
                fallback_chain(lang, None, order)
                    .find_map(|l| find(l).map(|text| (l, text)))
                    .or_else(|| map.first().map(|(l, t)| (l.as_str(), t.as_str())))
                    .map_or(
                        Resolved {
                            text: "",
                            lang,
                            fallback: false,
                        },
                        |(l, text)| Resolved {
                            text,
                            lang: l,
                            fallback: true,
                        },
                    )
            }
        }
    }

    /// The language keys written in a map.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.map().iter().map(|(k, _)| k.as_str())
    }

    /// The per-language texts, when given per language.
    fn map(&self) -> &[(String, String)] {
        match self {
            Localized::One(_) => &[],
            Localized::Map(m) => m,
            Localized::Written(_, inner) => inner.map(),
        }
    }

    /// Every text of the value.
    pub fn texts(&self) -> Vec<&str> {
        match self {
            Localized::One(t) => vec![t.as_str()],
            Localized::Map(m) => m.iter().map(|(_, t)| t.as_str()).collect(),
            Localized::Written(_, inner) => inner.texts(),
        }
    }

    /// One text for every language (possibly declared in one language).
    pub fn is_one(&self) -> bool {
        match self {
            Localized::One(_) => true,
            Localized::Map(_) => false,
            Localized::Written(_, inner) => inner.is_one(),
        }
    }

    /// The language the value declares its texts are written in.
    pub fn written_in(&self) -> Option<&str> {
        match self {
            Localized::Written(l, _) => Some(l),
            _ => None,
        }
    }

    /// Replaces (or adds) the text for one language.
    pub fn set(&mut self, lang: &str, text: String, default_lang: &str) {
        match self {
            Localized::Written(_, inner) => inner.set(lang, text, default_lang),
            Localized::One(all) => {
                if lang == default_lang {
                    *all = text;
                } else {
                    *self = Localized::Map(vec![
                        (default_lang.to_string(), all.clone()),
                        (lang.to_string(), text),
                    ]);
                }
            }
            Localized::Map(map) => match map.iter_mut().find(|(k, _)| k == lang) {
                Some(entry) => entry.1 = text,
                None => map.push((lang.to_string(), text)),
            },
        }
    }
}

impl<'de> Deserialize<'de> for Localized {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Localized;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a text, or a map from language code to text like {en: \"…\", es: \"…\"} (with `lang: xx` when the texts are written in another language)",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Localized, E> {
                Ok(Localized::One(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Localized, E> {
                Ok(Localized::One(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Localized, E> {
                Ok(Localized::One(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Localized, E> {
                Ok(Localized::One(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Localized, A::Error> {
                let mut map = Vec::new();
                let (mut written, mut one) = (None, None);
                while let Some((k, v)) = a.next_entry::<String, String>()? {
                    match k.as_str() {
                        "lang" => written = Some(v),
                        "text" => one = Some(v),
                        _ => map.push((k, v)),
                    }
                }
                let value = match one {
                    Some(text) if map.is_empty() => Localized::One(text),
                    Some(_) => {
                        return Err(serde::de::Error::custom(
                            "`text` is one text for every language: give it alone (with `lang`), or give one text per language",
                        ));
                    }
                    None => Localized::Map(map),
                };
                Ok(match written {
                    Some(lang) => Localized::Written(lang, Box::new(value)),
                    None => value,
                })
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs() -> Vec<String> {
        vec!["es".into(), "en".into()]
    }

    #[test]
    fn one_string_serves_every_language() {
        let l = Localized::One("Lima".into());
        let r = l.get("en", &[]);
        assert_eq!((r.text, r.fallback), ("Lima", false));
    }

    #[test]
    fn missing_language_falls_back_to_the_default_not_to_english() {
        let l = Localized::Map(vec![
            ("en".into(), "Opening".into()),
            ("es".into(), "Apertura".into()),
        ]);
        let order = langs();
        let r = l.get("fr", &order);
        assert_eq!((r.text, r.lang, r.fallback), ("Apertura", "es", true));
        let r = l.get("en", &order);
        assert_eq!((r.text, r.fallback), ("Opening", false));
    }

    #[test]
    fn a_declared_language_marks_the_text_but_is_no_fallback() {
        let l = Localized::Written("en".into(), Box::new(Localized::One("World Bank".into())));
        let r = l.get("es", &[]);
        assert_eq!((r.text, r.lang, r.fallback), ("World Bank", "en", false));
        assert!(l.is_one());
    }

    #[test]
    fn set_turns_one_string_into_a_map() {
        let mut l = Localized::One("Director".into());
        l.set("es", "Directora".into(), "en");
        assert_eq!(l.get("es", &[]).text, "Directora");
        assert_eq!(l.get("en", &[]).text, "Director");
    }
}
