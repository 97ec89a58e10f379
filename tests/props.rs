//! Property tests (proptest): localized-value fallback, ids, relative links
//! between output files, FAT-safe names. Each property is checked against a
//! small model written here, not against foro's own code.

use foro::model::{Lang, Localized};
use foro::slug::{check_id, suggest_id};
use foro::urls::{LinkStyle, link};
use proptest::prelude::*;

const LANGS: &[&str] = &["en", "es", "fr", "pt", "zh", "ko"];

fn lang() -> impl Strategy<Value = String> {
    proptest::sample::select(LANGS).prop_map(str::to_string)
}

/// A localized map: distinct language keys in any order, any texts.
fn localized_map() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::sample::subsequence(LANGS, 0..=LANGS.len())
        .prop_shuffle()
        .prop_flat_map(|keys| {
            let n = keys.len();
            (Just(keys), proptest::collection::vec(".{0,8}", n))
        })
        .prop_map(|(keys, texts)| {
            keys.into_iter()
                .map(str::to_string)
                .zip(texts)
                .collect::<Vec<_>>()
        })
}

/// The `Lang` for `asked` in a forum whose languages are `order` (plus
/// `asked` at the end when it is not one of them).
fn lang_in(order: &[String], asked: &str) -> Lang {
    let mut codes = order.to_vec();
    if !codes.iter().any(|c| c == asked) {
        codes.push(asked.to_string());
    }
    Lang::forum(&codes, &std::collections::BTreeMap::new())
        .into_iter()
        .find(|l| *l == asked)
        .unwrap()
}

/// The forum's languages: distinct, in any order.
fn order() -> impl Strategy<Value = Vec<String>> {
    proptest::sample::subsequence(LANGS, 0..=LANGS.len())
        .prop_shuffle()
        .prop_map(|v| v.into_iter().map(str::to_string).collect())
}

proptest! {
    #[test]
    fn a_map_gives_the_asked_language_else_the_first_in_order_else_english_else_the_first_entry(
        map in localized_map(),
        order in order(),
        asked in lang(),
    ) {
        let l = Localized::Map(map.clone());
        let lang = lang_in(&order, &asked);
        let r = l.get(&lang);
        let find = |k: &str| map.iter().find(|(l, _)| l == k).map(|(_, t)| t.as_str());
        if let Some(text) = find(&asked) {
            prop_assert_eq!((r.text, r.lang, r.fallback), (text, asked.as_str(), false));
        } else if let Some(first) = order.iter().find(|o| find(o).is_some()) {
            prop_assert_eq!((r.text, r.lang, r.fallback), (find(first).unwrap(), first.as_str(), true));
        } else if find("en").is_some() {
            // English, the last language of the one fallback order.
            prop_assert_eq!((r.text, r.lang, r.fallback), (find("en").unwrap(), "en", true));
        } else if let Some((l0, t0)) = map.first() {
            prop_assert_eq!((r.text, r.lang, r.fallback), (t0.as_str(), l0.as_str(), true));
        } else {
            prop_assert_eq!((r.text, r.fallback), ("", false));
        }
    }

    #[test]
    fn one_text_serves_every_language_without_fallback(
        text in ".{0,12}",
        order in order(),
        asked in lang(),
    ) {
        let l = Localized::One(text.clone());
        let lang = lang_in(&order, &asked);
        let r = l.get(&lang);
        prop_assert_eq!((r.text, r.lang, r.fallback), (text.as_str(), asked.as_str(), false));
    }
}

/// The content contract: lowercase ASCII letters, digits and `-`, starting
/// with a letter or digit, at most 64 characters.
fn contract_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && s.chars().count() <= 64
}

proptest! {
    #[test]
    fn check_id_accepts_exactly_the_contracts_ids(
        s in prop_oneof![
            "[a-z0-9][a-z0-9-]{0,70}",
            "[a-zA-Z0-9_. -]{0,70}",
            "-[a-z0-9-]{0,10}",
            "[a-záéñ0-9-]{0,10}",
            ".{0,70}",
        ]
    ) {
        prop_assert_eq!(check_id(&s).is_ok(), contract_id(&s), "{:?}: {:?}", s, check_id(&s));
    }

    #[test]
    fn suggest_id_always_returns_a_valid_id(s in prop_oneof![".{0,100}", "[A-Za-zÁÉÍÓÚáéíóúÑñ _.-]{0,90}"]) {
        let id = suggest_id(&s);
        prop_assert!(check_id(&id).is_ok(), "{:?} → {:?}", s, id);
    }

    #[test]
    fn a_valid_id_is_its_own_suggestion(s in "[a-z0-9]([a-z0-9]|-[a-z0-9]){0,30}") {
        prop_assert_eq!(suggest_id(&s), s);
    }
}

/// One part of an output path: letters, digits and the characters that need
/// care in a URL (spaces, accents, `%`, `#`, `?`, `:`, quotes).
fn segment() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 éñÓ%#?:'\"_.-]{1,8}".prop_filter("not . or ..", |s| s != "." && s != "..")
}

/// An output file: folders, then a file name (often `index.html`).
fn out_path() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(segment(), 0..4),
        prop_oneof![Just("index.html".to_string()), segment()],
    )
        .prop_map(|(mut dirs, file)| {
            dirs.push(file);
            dirs.join("/")
        })
}

/// Percent-decodes a URL path segment (as a browser does before asking the
/// file system or the server).
fn decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Resolves `href` against the page at `from` the way a browser resolves a
/// relative URL, then serves a folder by its `index.html` (a web server, or
/// a link that names the file). `None` when `href` is not a relative path.
fn resolve(from: &str, href: &str) -> Option<String> {
    // A `:` before the first `/` would make `href` a URL with a scheme.
    let first = href.split('/').next().unwrap_or("");
    if first.contains(':') || href.contains('?') || href.contains('#') || href.starts_with('/') {
        return None;
    }
    let mut parts: Vec<String> = from.split('/').map(str::to_string).collect();
    parts.pop();
    let segs: Vec<&str> = href.split('/').collect();
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == segs.len();
        match *seg {
            "." => {}
            ".." => {
                parts.pop()?;
            }
            "" if last => {}
            "" => return None,
            s => parts.push(decode(s)?),
        }
    }
    if href.ends_with('/') || href.ends_with("/.") || href == "." || href == ".." {
        parts.push("index.html".into());
    }
    Some(parts.join("/"))
}

proptest! {
    #[test]
    fn folder_links_resolve_to_the_target(from in out_path(), to in out_path()) {
        let href = link(&from, &to, &LinkStyle::Folder);
        prop_assert_eq!(resolve(&from, &href), Some(to.clone()), "link({:?}, {:?}) = {:?}", from, to, href);
    }

    #[test]
    fn file_links_resolve_to_the_target(from in out_path(), to in out_path()) {
        let href = link(&from, &to, &LinkStyle::File);
        prop_assert_eq!(resolve(&from, &href), Some(to.clone()), "link({:?}, {:?}) = {:?}", from, to, href);
        if to.ends_with("index.html") {
            prop_assert!(!href.ends_with('/'), "File links name the file: {}", href);
        }
    }
}

#[test]
fn the_resolver_itself_follows_browsers() {
    assert_eq!(
        resolve("en/agenda/index.html", "../speakers/ana/").as_deref(),
        Some("en/speakers/ana/index.html")
    );
    assert_eq!(
        resolve("en/index.html", "./").as_deref(),
        Some("en/index.html")
    );
    assert_eq!(
        resolve("en/a/index.html", "../../files/presentaci%C3%B3n%201.pdf").as_deref(),
        Some("files/presentación 1.pdf")
    );
    assert_eq!(resolve("index.html", "a:b/"), None);
    assert_eq!(resolve("index.html", "../x"), None);
}

const RESERVED: &[char] = &['<', '>', ':', '"', '\\', '|', '?', '*'];

fn reserved_or_control() -> impl Strategy<Value = char> {
    prop_oneof![
        proptest::sample::select(RESERVED),
        (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()),
        Just('\u{7f}'),
        (0x80u32..0xa0).prop_map(|c| char::from_u32(c).unwrap()),
    ]
}

proptest! {
    #[test]
    fn fat_check_never_accepts_a_reserved_or_control_character(
        before in "[a-zA-Z0-9 ._-]{0,10}",
        bad in reserved_or_control(),
        after in "[a-zA-Z0-9 ._-]{0,10}",
        folder in proptest::option::of("[a-z]{1,6}"),
    ) {
        let name = format!("{before}{bad}{after}");
        let path = match &folder {
            Some(f) => format!("{f}/{name}"),
            None => name.clone(),
        };
        let problems = foro::fat::check([(path.as_str(), 1)]);
        prop_assert!(!problems.is_empty(), "{:?} was accepted", path);
    }

    #[test]
    fn fat_check_accepts_plain_ascii_letters_and_digits(
        stem in "[a-zA-Z0-9]{1,40}",
        ext in proptest::option::of("[a-z0-9]{1,4}"),
        folders in proptest::collection::vec("[a-zA-Z0-9]{1,12}", 0..4),
    ) {
        // Windows' device names (CON, AUX, COM1…) are letters too, and refused.
        let is_device_name = |s: &str| {
            let u = s.to_ascii_uppercase();
            ["CON", "PRN", "AUX", "NUL"].contains(&u.as_str())
                || (u.len() == 4
                    && (u.starts_with("COM") || u.starts_with("LPT"))
                    && matches!(u.as_bytes()[3], b'1'..=b'9'))
        };
        prop_assume!(!is_device_name(&stem) && !folders.iter().any(|f| is_device_name(f)));
        let file = match ext {
            Some(e) => format!("{stem}.{e}"),
            None => stem,
        };
        let mut parts = folders;
        parts.push(file);
        let path = parts.join("/");
        let problems = foro::fat::check([(path.as_str(), 1)]);
        prop_assert!(problems.is_empty(), "{:?}: {:?}", path, problems);
    }
}
