//! Model stage: [`Lang`], a language of the forum, and the one fallback
//! order every localized value follows.
//!
//! A `Lang` is made only from the forum's `languages` and `variants`
//! ([`Lang::forum`], after forum.yaml's codes were checked with
//! [`check_code`] and [`check_variant`]), so every localized value and UI
//! string is picked for a language of the forum, along that language's
//! fallback order ([`Lang::chain`]): the variant the forum writes (`es-PE`),
//! the language (`es`), the forum's languages (default first), then English.
//! It is a shared pointer: cloning it is cheap, and it reads as its code
//! (`&*lang`, [`Lang::as_str`]) where a string is wanted (paths, templates).

use std::collections::BTreeMap;
use std::sync::Arc;

/// English, which the built-in theme always has: the last language tried.
pub const LAST_RESORT: &str = "en";

/// A language of the forum (`es`), with the variant it is written in
/// (`es-PE`) and its fallback order.
#[derive(Clone)]
pub struct Lang(Arc<Inner>);

struct Inner {
    code: String,
    variant: Option<String>,
    /// The variant (if any), the code, the forum's languages default first,
    /// then English; each once.
    chain: Vec<String>,
}

impl Lang {
    /// The forum's languages, default first, each with its variant
    /// (`variants`: language → variant) and fallback order. The codes are
    /// checked when forum.yaml is loaded.
    pub fn forum<S: AsRef<str>>(codes: &[S], variants: &BTreeMap<String, String>) -> Vec<Lang> {
        codes
            .iter()
            .map(|code| {
                let code = code.as_ref();
                let variant = variants.get(code).cloned();
                let mut chain: Vec<String> = Vec::new();
                let order = codes.iter().map(AsRef::as_ref);
                for l in variant
                    .as_deref()
                    .into_iter()
                    .chain(std::iter::once(code))
                    .chain(order)
                    .chain(std::iter::once(LAST_RESORT))
                {
                    if !chain.iter().any(|c| c == l) {
                        chain.push(l.to_string());
                    }
                }
                Lang(Arc::new(Inner {
                    code: code.to_string(),
                    variant,
                    chain,
                }))
            })
            .collect()
    }

    /// The code (`es`), as in paths and `lang` attributes.
    pub fn as_str(&self) -> &str {
        &self.0.code
    }

    /// The variant the forum writes this language in (`es-PE`).
    pub fn variant(&self) -> Option<&str> {
        self.0.variant.as_deref()
    }

    /// The one fallback order: the variant, the language, the forum's
    /// languages (default first), then English.
    pub fn chain(&self) -> impl Iterator<Item = &str> {
        self.0.chain.iter().map(String::as_str)
    }

    /// Whether a text keyed `key` is written in this language (its code or
    /// its variant), not in another one.
    pub fn is(&self, key: &str) -> bool {
        key == self.as_str() || self.variant() == Some(key)
    }
}

impl std::ops::Deref for Lang {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Lang {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Lang {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Lang {
    fn eq(&self, other: &Lang) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Lang {}

impl PartialEq<str> for Lang {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Lang {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Lang {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl std::hash::Hash for Lang {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_str().hash(h);
    }
}

impl PartialOrd for Lang {
    fn partial_cmp(&self, other: &Lang) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Lang {
    fn cmp(&self, other: &Lang) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self.variant() {
            Some(v) => write!(f, "{}({v})", self.as_str()),
            None => write!(f, "{}", self.as_str()),
        }
    }
}

impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Why `code` cannot be one of the forum's languages: a BCP 47 primary
/// language subtag, two or three lowercase letters (`en`, `es`, `pt`; it
/// names folders and URLs).
pub fn check_code(code: &str) -> Result<(), String> {
    if (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase()) {
        Ok(())
    } else {
        Err(format!("`{code}` is not a language code"))
    }
}

/// Why `variant` cannot be the variant of `lang`: a BCP 47 tag that starts
/// with the language (`es-PE`, `pt-BR`, `zh-Hant-TW`, `de-CH-1996`), each
/// further subtag 1–8 letters or digits.
pub fn check_variant(lang: &str, variant: &str) -> Result<(), String> {
    let mut parts = variant.split('-');
    let primary = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    let subtag_ok =
        |s: &&str| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric());
    if check_code(primary).is_err() || rest.is_empty() || !rest.iter().all(subtag_ok) {
        return Err(format!("`{variant}` is not a language tag"));
    }
    if primary != lang {
        return Err(format!(
            "`{variant}` is not a variant of `{lang}`: it must start with `{lang}-`"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fallback_order_is_variant_language_forum_languages_then_english() {
        let mut variants = BTreeMap::new();
        variants.insert("es".to_string(), "es-PE".to_string());
        let langs = Lang::forum(&["pt", "es", "fr"], &variants);
        let chain = |l: &Lang| l.chain().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(chain(&langs[1]), ["es-PE", "es", "pt", "fr", "en"]);
        assert_eq!(chain(&langs[0]), ["pt", "es", "fr", "en"]);
        assert_eq!(chain(&langs[2]), ["fr", "pt", "es", "en"]);
        assert_eq!(langs[1].variant(), Some("es-PE"));
        assert!(langs[1].is("es-PE") && langs[1].is("es") && !langs[1].is("pt"));
        assert_eq!(&*langs[1], "es");
        assert_eq!(format!("{}/agenda/", langs[1]), "es/agenda/");
    }

    #[test]
    fn codes_and_variants_are_bcp47_tags() {
        for ok in ["en", "es", "pt", "haw"] {
            assert!(check_code(ok).is_ok(), "{ok}");
        }
        for bad in ["", "e", "EN", "english", "es-PE", "e1", "es/"] {
            assert!(check_code(bad).is_err(), "{bad}");
        }
        for ok in ["es-PE", "es-419", "zh-Hant-TW", "de-CH-1996"] {
            let lang = ok.split('-').next().unwrap();
            assert!(check_variant(lang, ok).is_ok(), "{ok}");
        }
        assert!(check_variant("es", "pt-BR").is_err());
        assert!(check_variant("es", "es").is_err());
        assert!(check_variant("es", "es-").is_err());
        assert!(check_variant("es", "es-PE_x").is_err());
        assert!(check_variant("es", "es-toolongsubtag").is_err());
    }
}
