//! Render stage: small HTML helpers shared by every output.

use std::collections::{HashMap, HashSet};

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A fragment id from heading text: lowercase letters and digits joined by
/// `-`, accents kept as letters (`Conclusión` → `conclusión`).
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !out.ends_with('-')
            && !out.is_empty()
        {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

/// The ids used so far in one HTML document; hands out unique ones.
#[derive(Debug, Default, Clone)]
pub struct Anchors {
    used: HashSet<String>,
    prefix: String,
    /// For each base, the suffix to try next: thousands of headings with the
    /// same text (a 5 MB report) must not make `unique` quadratic.
    next: HashMap<String, usize>,
}

impl Anchors {
    /// Ids that all start with `prefix`, for a text shown among others.
    pub fn prefixed(prefix: &str) -> Self {
        Anchors {
            prefix: prefix.to_string(),
            ..Anchors::default()
        }
    }

    /// Reserves ids the template itself uses.
    pub fn reserve<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) {
        self.used.extend(ids.into_iter().map(str::to_string));
    }

    /// Whether `id` is taken.
    pub fn contains(&self, id: &str) -> bool {
        self.used.contains(id)
    }

    /// The prefix every id gets.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// `base`, or `base-1`, `base-2`… if taken.
    pub fn unique(&mut self, base: &str) -> String {
        let base = format!("{}{base}", self.prefix);
        // Every `base-k` below `n` is taken already: ids are never released.
        let mut n = self.next.get(&base).copied().unwrap_or(0);
        let mut id = if n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        while self.used.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.next.insert(base, n + 1);
        self.used.insert(id.clone());
        id
    }
}

/// The text of an HTML fragment: tags dropped, common entities decoded,
/// white space folded.
pub fn text_of(html: &str) -> String {
    const ENTITIES: [(&str, char); 6] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&nbsp;", ' '),
        ("&amp;", '&'),
    ];
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    // A space is written only before the next visible character.
    let mut space = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        let mut len = c.len_utf8();
        let visible = match c {
            '<' => {
                in_tag = true;
                space = true;
                None
            }
            '>' if in_tag => {
                in_tag = false;
                None
            }
            _ if in_tag => None,
            '&' => match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
                Some((e, ch)) => {
                    len = e.len();
                    Some(*ch)
                }
                None => Some('&'),
            },
            c => Some(c),
        };
        if let Some(ch) = visible {
            if ch.is_whitespace() {
                space = true;
            } else {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(ch);
            }
        }
        rest = &rest[len..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>\"x\" & 'y'"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;"
        );
    }

    #[test]
    fn slugs_keep_letters_and_join_words() {
        assert_eq!(
            slugify("1. Conclusiones y recomendaciones!"),
            "1-conclusiones-y-recomendaciones"
        );
        assert_eq!(slugify("¿Qué sigue?"), "qué-sigue");
        assert_eq!(slugify("***"), "section");
    }

    #[test]
    fn text_of_drops_tags_and_decodes_entities() {
        assert_eq!(
            text_of("<p>Ana &amp; <b>Bob</b></p>\n<p>x</p>"),
            "Ana & Bob x"
        );
    }

    #[test]
    fn anchors_are_unique_within_a_document() {
        let mut a = Anchors::default();
        a.reserve(["main"]);
        assert_eq!(a.unique("main"), "main-1");
        assert_eq!(a.unique("intro"), "intro");
        assert_eq!(a.unique("intro"), "intro-1");
        assert_eq!(a.unique("intro-2"), "intro-2");
        assert_eq!(a.unique("intro"), "intro-3");
    }

    #[test]
    fn thousands_of_equal_headings_get_ids_in_linear_time() {
        // Regression: a 5 MB report with 12 000 `## Findings` took minutes.
        let mut a = Anchors::prefixed("r-");
        let started = std::time::Instant::now();
        let ids: Vec<String> = (0..50_000).map(|_| a.unique("findings")).collect();
        assert_eq!(ids[0], "r-findings");
        assert_eq!(ids[49_999], "r-findings-49999");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
