//! Model stage: `Localized`, a text given once or per language, picked for
//! a [`Lang`] along its one fallback order (the order UI strings, texts of
//! the content files, biographies and documents all follow).

use serde::Deserialize;

use super::Lang;

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

impl Localized {
    /// The text for `lang`, falling back along its one order
    /// ([`Lang::chain`]), then to the first language written.
    pub fn get<'a>(&'a self, lang: &'a Lang) -> Resolved<'a> {
        match self {
            Localized::Written(written, inner) => Resolved {
                lang: written,
                ..inner.get(lang)
            },
            Localized::One(text) => Resolved {
                text,
                lang: lang.as_str(),
                fallback: false,
            },
            Localized::Map(map) => {
                let find = |l: &str| map.iter().find(|(k, _)| k == l).map(|(_, v)| v.as_str());
                if let Some(text) = find(lang.as_str()) {
                    return Resolved {
                        text,
                        lang: lang.as_str(),
                        fallback: false,
                    };
                }
                let found = lang
                    .chain()
                    .find_map(|l| find(l).map(|text| (l, text)))
                    .or_else(|| map.first().map(|(l, t)| (l.as_str(), t.as_str())));
                match found {
                    None => Resolved {
                        text: "",
                        lang: lang.as_str(),
                        fallback: false,
                    },
                    Some((l, text)) if lang.is(l) => Resolved {
                        text,
                        lang: lang.as_str(),
                        fallback: false,
                    },
                    Some((l, text)) => Resolved {
                        text,
                        lang: l,
                        fallback: true,
                    },
                }
            }
        }
    }

    /// The English text (else the first written), for messages to the
    /// forum's author, which foro writes in English — never for readers.
    pub fn in_english(&self) -> &str {
        match self {
            Localized::One(t) => t,
            Localized::Map(m) => m
                .iter()
                .find(|(k, _)| k == super::LAST_RESORT)
                .or_else(|| m.first())
                .map_or("", |(_, t)| t.as_str()),
            Localized::Written(_, inner) => inner.in_english(),
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

    /// A forum written in Spanish first, then English and French.
    fn langs() -> Vec<Lang> {
        Lang::forum(&["es", "en", "fr"], &std::collections::BTreeMap::new())
    }

    #[test]
    fn one_string_serves_every_language() {
        let l = Localized::One("Lima".into());
        let langs = langs();
        let r = l.get(&langs[1]);
        assert_eq!((r.text, r.lang, r.fallback), ("Lima", "en", false));
    }

    #[test]
    fn missing_language_falls_back_to_the_default_not_to_english() {
        let l = Localized::Map(vec![
            ("en".into(), "Opening".into()),
            ("es".into(), "Apertura".into()),
        ]);
        let [es, en, fr] = <[Lang; 3]>::try_from(langs()).unwrap();
        let r = l.get(&fr);
        assert_eq!((r.text, r.lang, r.fallback), ("Apertura", "es", true));
        let r = l.get(&en);
        assert_eq!((r.text, r.fallback), ("Opening", false));
        assert_eq!(l.get(&es).text, "Apertura");
    }

    #[test]
    fn a_text_in_no_language_of_the_order_falls_back_to_the_first_written() {
        let l = Localized::Map(vec![("de".into(), "Eröffnung".into())]);
        let langs = langs();
        let r = l.get(&langs[0]);
        assert_eq!((r.text, r.lang, r.fallback), ("Eröffnung", "de", true));
    }

    #[test]
    fn a_variant_key_is_the_language_itself() {
        let mut variants = std::collections::BTreeMap::new();
        variants.insert("es".to_string(), "es-PE".to_string());
        let langs = Lang::forum(&["en", "es"], &variants);
        let l = Localized::Map(vec![
            ("en".into(), "September".into()),
            ("es-PE".into(), "setiembre".into()),
        ]);
        let r = l.get(&langs[1]);
        assert_eq!((r.text, r.lang, r.fallback), ("setiembre", "es", false));
    }

    #[test]
    fn a_declared_language_marks_the_text_but_is_no_fallback() {
        let l = Localized::Written("en".into(), Box::new(Localized::One("World Bank".into())));
        let langs = langs();
        let r = l.get(&langs[0]);
        assert_eq!((r.text, r.lang, r.fallback), ("World Bank", "en", false));
        assert!(l.is_one());
    }

    #[test]
    fn set_turns_one_string_into_a_map() {
        let mut l = Localized::One("Director".into());
        l.set("es", "Directora".into(), "en");
        let langs = langs();
        assert_eq!(l.get(&langs[0]).text, "Directora");
        assert_eq!(l.get(&langs[1]).text, "Director");
    }
}
