//! Content stage: `publish:` in forum.yaml, the named targets of
//! `foro publish` (`publish: {ministry: {url: "sftp://…"}}`).
//!
//! A target holds a URL and a deletion limit, never a secret: a field named
//! like a password or key, or a URL with a password, is an error.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::FileCheck;
use crate::model::PublishTarget;
use crate::yaml::Seg;

#[derive(Deserialize)]
pub(super) struct RawTarget {
    url: Option<String>,
    max_deletes: Option<usize>,
    /// Every other field, each an error (reported with its position).
    #[serde(flatten)]
    #[allow(clippy::zero_sized_map_values)] // only the keys matter
    other: BTreeMap<String, serde::de::IgnoredAny>,
}

/// Field names that would hold a secret.
const SECRET_WORDS: [&str; 8] = [
    "password",
    "passwd",
    "pass",
    "secret",
    "token",
    "key",
    "identity",
    "credential",
];

fn is_secret(field: &str) -> bool {
    let f = field.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|w| f.contains(w))
}

/// Checks every target; returns the valid ones.
pub(super) fn check(
    c: &mut FileCheck,
    raw: &BTreeMap<String, RawTarget>,
) -> BTreeMap<String, PublishTarget> {
    let mut out = BTreeMap::new();
    for (name, t) in raw {
        let at = |field: &'static str| [Seg::Key("publish"), Seg::Key(name), Seg::Key(field)];
        let mut ok = c.id(
            &[Seg::Key("publish"), Seg::Key(name)],
            name,
            "publish target name",
        );
        for field in t.other.keys() {
            let path = [Seg::Key("publish"), Seg::Key(name), Seg::Key(field)];
            if is_secret(field) {
                c.error(
                    &path,
                    format!("`{field}` in the publish target `{name}`: forum.yaml must hold no password or key"),
                    "remove it: `foro publish` signs in with `--identity FILE` (an OpenSSH private key) or the running ssh-agent",
                );
            } else {
                c.error(
                    &path,
                    format!("unknown field `{field}` in the publish target `{name}`"),
                    "a publish target has `url` and, optionally, `max_deletes`",
                );
            }
            ok = false;
        }
        match &t.url {
            None => {
                c.error(
                    &[Seg::Key("publish"), Seg::Key(name)],
                    format!("the publish target `{name}` has no `url`"),
                    "add `url: \"sftp://USER@HOST/PATH\"` or `url: \"file:///PATH\"`",
                );
                ok = false;
            }
            Some(url) => {
                if let Err(e) = crate::publish::url::parse(url) {
                    c.error(&at("url"), e.message, e.hint);
                    ok = false;
                }
            }
        }
        if ok {
            if let Some(url) = &t.url {
                out.insert(
                    name.clone(),
                    PublishTarget {
                        url: url.clone(),
                        max_deletes: t.max_deletes,
                    },
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::is_secret;

    #[test]
    fn secret_fields_are_recognised() {
        for f in [
            "password",
            "Password",
            "ssh_key",
            "private_key",
            "passphrase",
            "identity_file",
        ] {
            assert!(is_secret(f), "{f}");
        }
        for f in ["url", "max_deletes", "host", "user"] {
            assert!(!is_secret(f), "{f}");
        }
    }
}
