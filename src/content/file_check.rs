//! Content stage: checks of the values of one YAML file (ids, languages,
//! URLs), reported at their positions in the file.

use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Localized;
use crate::slug::{check_id, suggest_id};
use crate::yaml::{Positions, Seg};

/// Checks values of one YAML file and reports at their positions.
pub(crate) struct FileCheck<'a> {
    pub diags: &'a mut Diagnostics,
    pub file: PathBuf,
    pub positions: Positions,
    pub langs: &'a [String],
}

impl FileCheck<'_> {
    pub fn error(&mut self, path: &[Seg], message: impl Into<String>, hint: impl Into<String>) {
        let pos = self.positions.value(path);
        self.diags
            .push(Diagnostic::error(&self.file, Some(pos), message).hint(hint));
    }

    pub fn warning(&mut self, path: &[Seg], message: impl Into<String>, hint: impl Into<String>) {
        let pos = self.positions.value(path);
        self.diags
            .push(Diagnostic::warning(&self.file, Some(pos), message).hint(hint));
    }

    /// An id, slug or reference must be a valid id.
    pub fn id(&mut self, path: &[Seg], value: &str, what: &str) -> bool {
        if let Err(why) = check_id(value) {
            self.error(
                path,
                format!("invalid {what} `{value}`: {why}"),
                format!(
                    "use lowercase letters, digits and `-`, e.g. `{}`",
                    suggest_id(value)
                ),
            );
            return false;
        }
        true
    }

    /// Every key of a localized map must be a configured language.
    pub fn localized(&mut self, path: &[Seg], value: &Localized) {
        if let Some(lang) = value.written_in() {
            let (primary, region) = lang.split_once('-').unwrap_or((lang, ""));
            let valid = (2..=3).contains(&primary.len())
                && primary.chars().all(|c| c.is_ascii_lowercase())
                && region.chars().all(|c| c.is_ascii_alphanumeric());
            if !valid {
                let mut p = path.to_vec();
                p.push(Seg::Key("lang"));
                self.error(
                    &p,
                    format!("`{lang}` is not a language code"),
                    "write the language the text is written in as a code such as `en`, `es`, `fr`",
                );
            }
        }
        for key in value.keys() {
            if !self.langs.iter().any(|l| l == key) {
                let mut p = path.to_vec();
                p.push(Seg::Key(key));
                let pos = self.positions.key(&p);
                self.diags.push(
                    Diagnostic::error(
                        &self.file,
                        Some(pos),
                        format!(
                            "`{key}` is not one of the forum's languages ({})",
                            self.langs.join(", ")
                        ),
                    )
                    .hint(crate::diagnostics::suggest(
                        key,
                        self.langs.iter().map(String::as_str),
                        "add the language to `languages` in forum.yaml, or remove this entry",
                    )),
                );
            }
        }
    }

    /// An absolute http(s) URL.
    pub fn url(&mut self, path: &[Seg], value: &str) {
        if let Err(why) = check_url(value) {
            self.error(
                path,
                format!("invalid URL `{value}`: {why}"),
                "write a full address such as `https://www.example.org/`",
            );
        }
    }
}

/// The forum's own address, which every absolute link, the sitemap and the
/// QR code are made from: `https://` or `http://`, a host, an optional port
/// (1–65535) and a path; no user name or password, query or fragment.
pub fn check_base_url(url: &str) -> Result<(), String> {
    check_url(url).map_err(str::to_string)?;
    let rest = url.split_once("://").map_or("", |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or("");
    if authority.contains('@') {
        return Err(
            "it contains a user name or password (`user:pw@`), which would be published \
             in every page"
                .into(),
        );
    }
    if url.contains('?') {
        return Err("it has a query (`?…`), which would break every absolute link".into());
    }
    if url.contains('#') {
        return Err("it has a fragment (`#…`), which would break every absolute link".into());
    }
    let host = if authority.starts_with('[') {
        let end = authority
            .find(']')
            .ok_or("the IPv6 address has no closing `]`")?;
        let (host, after) = authority.split_at(end + 1);
        if let Some(port) = after.strip_prefix(':') {
            check_port(port)?;
        } else if !after.is_empty() {
            return Err(format!("`{after}` after the host is not a port"));
        }
        host
    } else {
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        if let Some(port) = port {
            check_port(port)?;
        }
        host
    };
    if host.is_empty() {
        return Err("it has no host name".into());
    }
    if !host.starts_with('[')
        && !host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
    {
        return Err(format!(
            "`{host}` is not a host name (letters, digits, `-` and `.`)"
        ));
    }
    Ok(())
}

fn check_port(port: &str) -> Result<(), String> {
    match port.parse::<u32>() {
        Ok(n) if (1..=65535).contains(&n) && !port.starts_with('0') => Ok(()),
        _ => Err(format!("port `{port}` is not a number from 1 to 65535")),
    }
}

/// An absolute `http://` or `https://` URL with a host.
pub fn check_url(url: &str) -> Result<(), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it must start with https:// or http://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return Err("it has no host name");
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
    {
        return Err("it contains spaces or characters that must be percent-encoded");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_need_a_scheme_and_host() {
        assert!(check_url("https://example.org/a b").is_err());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_url("https://").is_err());
        assert!(check_url("https://www.gob.pe/foro/").is_ok());
    }

    #[test]
    fn base_urls_have_no_userinfo_query_fragment_or_bad_port() {
        for good in [
            "https://www.gob.pe/foro/",
            "http://localhost:8080/",
            "https://[::1]:443/x/",
            "https://foro.example",
        ] {
            assert!(check_base_url(good).is_ok(), "{good}");
        }
        for (bad, why) in [
            ("https://user:pw@host/", "password"),
            ("https://host/?a=1", "query"),
            ("https://host/#top", "fragment"),
            ("https://host:99999/", "65535"),
            ("https://host:0/", "65535"),
            ("https://host:/", "65535"),
            ("https://ho_st/", "host name"),
            ("ftp://host/", "https://"),
        ] {
            let e = check_base_url(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }
}
