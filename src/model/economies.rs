//! Model stage: the economies and countries foro knows by name and code.
//!
//! All 21 APEC member economies with their official APEC names in English
//! and Spanish, and the countries international organisations' staff most
//! often come from. `economy:` (and the venue's `country:`) may name one by
//! its English or Spanish name, a usual alias, or its ISO 3166 alpha-2 or
//! alpha-3 code; a forum adds or overrides names under `economies:` in
//! forum.yaml.

use super::Localized;

/// One economy or country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Economy {
    /// ISO 3166-1 alpha-2.
    pub alpha2: &'static str,
    /// ISO 3166-1 alpha-3.
    pub alpha3: &'static str,
    pub en: &'static str,
    pub es: &'static str,
    /// Other names people write ("Korea", "Vietnam").
    pub aliases: &'static [&'static str],
    pub apec: bool,
}

const fn e(
    alpha2: &'static str,
    alpha3: &'static str,
    en: &'static str,
    es: &'static str,
    aliases: &'static [&'static str],
    apec: bool,
) -> Economy {
    Economy {
        alpha2,
        alpha3,
        en,
        es,
        aliases,
        apec,
    }
}

/// The table shipped with foro.
pub const ECONOMIES: &[Economy] = &[
    // The 21 APEC member economies, with their APEC names.
    e("AU", "AUS", "Australia", "Australia", &[], true),
    e(
        "BN",
        "BRN",
        "Brunei Darussalam",
        "Brunéi Darussalam",
        &["Brunei"],
        true,
    ),
    e("CA", "CAN", "Canada", "Canadá", &[], true),
    e("CL", "CHL", "Chile", "Chile", &[], true),
    e(
        "CN",
        "CHN",
        "China",
        "China",
        &[
            "People's Republic of China",
            "República Popular China",
            "PRC",
        ],
        true,
    ),
    e(
        "HK",
        "HKG",
        "Hong Kong, China",
        "Hong Kong, China",
        &["Hong Kong"],
        true,
    ),
    e("ID", "IDN", "Indonesia", "Indonesia", &[], true),
    e("JP", "JPN", "Japan", "Japón", &[], true),
    e(
        "KR",
        "KOR",
        "Republic of Korea",
        "Corea",
        &[
            "Korea",
            "South Korea",
            "República de Corea",
            "Corea del Sur",
        ],
        true,
    ),
    e("MY", "MYS", "Malaysia", "Malasia", &[], true),
    e("MX", "MEX", "Mexico", "México", &[], true),
    e(
        "NZ",
        "NZL",
        "New Zealand",
        "Nueva Zelanda",
        &["Nueva Zelandia"],
        true,
    ),
    e(
        "PG",
        "PNG",
        "Papua New Guinea",
        "Papúa Nueva Guinea",
        &[],
        true,
    ),
    e("PE", "PER", "Peru", "Perú", &[], true),
    e(
        "PH",
        "PHL",
        "Philippines",
        "Filipinas",
        &["The Philippines"],
        true,
    ),
    e(
        "RU",
        "RUS",
        "Russia",
        "Rusia",
        &["Russian Federation", "Federación de Rusia"],
        true,
    ),
    e("SG", "SGP", "Singapore", "Singapur", &[], true),
    e(
        "TW",
        "TWN",
        "Chinese Taipei",
        "Taipéi Chino",
        &["Taiwan", "Taipei Chino"],
        true,
    ),
    e("TH", "THA", "Thailand", "Tailandia", &[], true),
    e(
        "US",
        "USA",
        "United States",
        "Estados Unidos",
        &[
            "United States of America",
            "USA",
            "Estados Unidos de América",
            "EE. UU.",
        ],
        true,
    ),
    e("VN", "VNM", "Viet Nam", "Viet Nam", &["Vietnam"], true),
    // Countries of international organisations' staff.
    e("AR", "ARG", "Argentina", "Argentina", &[], false),
    e("AT", "AUT", "Austria", "Austria", &[], false),
    e("BD", "BGD", "Bangladesh", "Bangladesh", &[], false),
    e("BE", "BEL", "Belgium", "Bélgica", &[], false),
    e("BO", "BOL", "Bolivia", "Bolivia", &[], false),
    e("BR", "BRA", "Brazil", "Brasil", &[], false),
    e("CH", "CHE", "Switzerland", "Suiza", &[], false),
    e("CO", "COL", "Colombia", "Colombia", &[], false),
    e("CR", "CRI", "Costa Rica", "Costa Rica", &[], false),
    e("DE", "DEU", "Germany", "Alemania", &[], false),
    e("DK", "DNK", "Denmark", "Dinamarca", &[], false),
    e(
        "DO",
        "DOM",
        "Dominican Republic",
        "República Dominicana",
        &[],
        false,
    ),
    e("EC", "ECU", "Ecuador", "Ecuador", &[], false),
    e("EG", "EGY", "Egypt", "Egipto", &[], false),
    e("ES", "ESP", "Spain", "España", &[], false),
    e("ET", "ETH", "Ethiopia", "Etiopía", &[], false),
    e("FI", "FIN", "Finland", "Finlandia", &[], false),
    e("FJ", "FJI", "Fiji", "Fiji", &[], false),
    e("FR", "FRA", "France", "Francia", &[], false),
    e("GB", "GBR", "United Kingdom", "Reino Unido", &["UK"], false),
    e("GH", "GHA", "Ghana", "Ghana", &[], false),
    e("GT", "GTM", "Guatemala", "Guatemala", &[], false),
    e("HN", "HND", "Honduras", "Honduras", &[], false),
    e("IE", "IRL", "Ireland", "Irlanda", &[], false),
    e("IL", "ISR", "Israel", "Israel", &[], false),
    e("IN", "IND", "India", "India", &[], false),
    e("IT", "ITA", "Italy", "Italia", &[], false),
    e("KE", "KEN", "Kenya", "Kenya", &["Kenia"], false),
    e("KH", "KHM", "Cambodia", "Camboya", &[], false),
    e("LA", "LAO", "Lao PDR", "RDP Lao", &["Laos"], false),
    e("LK", "LKA", "Sri Lanka", "Sri Lanka", &[], false),
    e("MA", "MAR", "Morocco", "Marruecos", &[], false),
    e("MM", "MMR", "Myanmar", "Myanmar", &[], false),
    e("MN", "MNG", "Mongolia", "Mongolia", &[], false),
    e("NG", "NGA", "Nigeria", "Nigeria", &[], false),
    e("NL", "NLD", "Netherlands", "Países Bajos", &[], false),
    e("NO", "NOR", "Norway", "Noruega", &[], false),
    e("PA", "PAN", "Panama", "Panamá", &[], false),
    e("PK", "PAK", "Pakistan", "Pakistán", &[], false),
    e("PL", "POL", "Poland", "Polonia", &[], false),
    e("PT", "PRT", "Portugal", "Portugal", &[], false),
    e("PY", "PRY", "Paraguay", "Paraguay", &[], false),
    e("SE", "SWE", "Sweden", "Suecia", &[], false),
    e("SV", "SLV", "El Salvador", "El Salvador", &[], false),
    e(
        "TR",
        "TUR",
        "Türkiye",
        "Türkiye",
        &["Turkey", "Turquía"],
        false,
    ),
    e("TZ", "TZA", "Tanzania", "Tanzanía", &[], false),
    e("UG", "UGA", "Uganda", "Uganda", &[], false),
    e("UY", "URY", "Uruguay", "Uruguay", &[], false),
    e("VE", "VEN", "Venezuela", "Venezuela", &[], false),
    e("ZA", "ZAF", "South Africa", "Sudáfrica", &[], false),
];

/// Lowercase, without accents, spaces or punctuation: "Perú", "peru" and
/// "PERU" compare equal, and so do "Việt Nam" and "Viet Nam" (letters are
/// decomposed and their combining marks dropped).
pub fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The economy `name` names (a name, an alias or an ISO code).
pub fn find(name: &str) -> Option<&'static Economy> {
    /// Every name of the table folded once, to the first economy that has
    /// it (a forum of thousands of speakers looks one up per speaker).
    static INDEX: std::sync::LazyLock<std::collections::HashMap<String, usize>> =
        std::sync::LazyLock::new(|| {
            let mut index = std::collections::HashMap::new();
            for (i, e) in ECONOMIES.iter().enumerate() {
                let names = [e.alpha2, e.alpha3, e.en, e.es];
                for n in names.iter().chain(e.aliases) {
                    index.entry(fold(n)).or_insert(i);
                }
            }
            index
        });
    let key = fold(name);
    if key.is_empty() {
        return None;
    }
    INDEX.get(&key).map(|i| &ECONOMIES[*i])
}

/// Whether `a` and `b` name the same economy ("PE", "Peru" and "Perú" do).
pub fn same(a: &str, b: &str) -> bool {
    match (find(a), find(b)) {
        (Some(x), Some(y)) => x.alpha2 == y.alpha2,
        _ => fold(a) == fold(b),
    }
}

/// Every name the table knows, for did-you-mean hints.
pub fn names() -> impl Iterator<Item = &'static str> {
    ECONOMIES
        .iter()
        .flat_map(|e| [e.en, e.es].into_iter().chain(e.aliases.iter().copied()))
}

impl Economy {
    /// The economy's names in English and Spanish.
    pub fn localized(&self) -> Localized {
        Localized::Map(vec![
            ("en".to_string(), self.en.to_string()),
            ("es".to_string(), self.es.to_string()),
        ])
    }
}

/// The names of `name` in each language: the forum's own (`economies:` in
/// forum.yaml, by code or by name) over the table's; `None` when neither
/// knows it.
pub fn resolve(
    name: &str,
    own: &std::collections::BTreeMap<String, Localized>,
) -> Option<Localized> {
    let known = find(name);
    let key = fold(name);
    let mine = own.iter().find(|(k, v)| {
        fold(k) == key
            || known.is_some_and(|e| fold(k) == fold(e.alpha2) || fold(k) == fold(e.alpha3))
            || v.texts().iter().any(|t| fold(t) == key)
    });
    match (mine, known) {
        (Some((_, mine)), Some(e)) => {
            let mut names = e.localized();
            if let Localized::Map(m) = mine {
                for (lang, text) in m {
                    names.set(lang, text.clone(), "en");
                }
            } else {
                names = mine.clone();
            }
            Some(names)
        }
        (Some((_, mine)), None) => Some(mine.clone()),
        (None, Some(e)) => Some(e.localized()),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_21_apec_economies_are_there_with_their_official_names() {
        assert_eq!(ECONOMIES.iter().filter(|e| e.apec).count(), 21);
        for (name, en, es) in [
            ("HK", "Hong Kong, China", "Hong Kong, China"),
            ("Taiwan", "Chinese Taipei", "Taipéi Chino"),
            ("Chinese Taipei", "Chinese Taipei", "Taipéi Chino"),
            ("Vietnam", "Viet Nam", "Viet Nam"),
            ("PER", "Peru", "Perú"),
            ("Perú", "Peru", "Perú"),
            ("Việt Nam", "Viet Nam", "Viet Nam"),
            ("MÉXICO", "Mexico", "México"),
            ("Korea", "Republic of Korea", "Corea"),
            ("PNG", "Papua New Guinea", "Papúa Nueva Guinea"),
            ("us", "United States", "Estados Unidos"),
        ] {
            let e = find(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!((e.en, e.es), (en, es), "{name}");
        }
        assert!(find("Atlantis").is_none());
        assert!(find("").is_none());
    }

    #[test]
    fn a_forum_overrides_and_adds_names() {
        let mut own = std::collections::BTreeMap::new();
        own.insert(
            "PE".to_string(),
            Localized::Map(vec![("es".into(), "República del Perú".into())]),
        );
        own.insert(
            "EU".to_string(),
            Localized::Map(vec![
                ("en".into(), "European Union".into()),
                ("es".into(), "Unión Europea".into()),
            ]),
        );
        let l = crate::model::Lang::forum(&["es", "en"], &std::collections::BTreeMap::new());
        let (es, en) = (&l[0], &l[1]);
        let pe = resolve("Peru", &own).unwrap();
        assert_eq!(pe.get(es).text, "República del Perú");
        assert_eq!(pe.get(en).text, "Peru");
        let eu = resolve("European Union", &own).unwrap();
        assert_eq!(eu.get(es).text, "Unión Europea");
        assert!(resolve("Atlantis", &own).is_none());
    }
}
