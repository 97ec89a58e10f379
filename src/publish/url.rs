//! Publish: the address of a target, `sftp://USER@HOST[:PORT]/PATH` or
//! `file:///PATH`. Pure: no I/O.

use std::fmt;
use std::path::PathBuf;

use percent_encoding::percent_decode_str;

/// Where `foro publish` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetUrl {
    Sftp {
        user: String,
        host: String,
        port: u16,
        /// The folder on the server, as the URL gives it (`/var/www/foro`);
        /// `.` (the login folder) when the URL has no path.
        path: String,
    },
    /// A local, mounted or network folder.
    Folder(PathBuf),
}

impl fmt::Display for TargetUrl {
    /// The address without anything secret (there is nothing secret in it).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetUrl::Sftp {
                user,
                host,
                port,
                path,
            } => {
                let host = if host.contains(':') {
                    format!("[{host}]")
                } else {
                    host.clone()
                };
                let port = if *port == 22 {
                    String::new()
                } else {
                    format!(":{port}")
                };
                let sep = if path.starts_with('/') { "" } else { "/" };
                write!(f, "sftp://{user}@{host}{port}{sep}{path}")
            }
            TargetUrl::Folder(p) => write!(f, "file://{}", p.display()),
        }
    }
}

/// Why an address is not usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlError {
    pub message: String,
    pub hint: String,
}

fn err(message: String, hint: &str) -> UrlError {
    UrlError {
        message,
        hint: hint.to_string(),
    }
}

const FORMS: &str =
    "write `sftp://USER@HOST[:PORT]/PATH` (an SFTP account) or `file:///PATH` (a mounted folder)";

/// Parses a target address.
pub fn parse(url: &str) -> Result<TargetUrl, UrlError> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(err(
            format!(
                "invalid target `{}`: it contains spaces",
                url.escape_debug()
            ),
            "percent-encode spaces as %20",
        ));
    }
    if let Some(rest) = url.strip_prefix("file://") {
        // file:///srv/www, file://localhost/srv/www
        let path = rest.strip_prefix("localhost").unwrap_or(rest);
        if !path.starts_with('/') {
            return Err(err(
                format!("invalid target `{url}`: a file:// address needs an absolute path"),
                "write three slashes for a folder: `file:///srv/www/foro`",
            ));
        }
        let decoded = decode(path, url)?;
        // file:///C:/share on Windows.
        let decoded = match decoded.as_bytes() {
            [b'/', d, b':', ..] if d.is_ascii_alphabetic() => decoded[1..].to_string(),
            _ => decoded,
        };
        return Ok(TargetUrl::Folder(PathBuf::from(decoded)));
    }
    let Some(rest) = url.strip_prefix("sftp://") else {
        let scheme = url.split_once("://").map_or("", |(s, _)| s);
        return Err(err(
            if scheme.is_empty() {
                format!("invalid target `{url}`: it is not an address")
            } else {
                format!("invalid target `{url}`: `{scheme}://` is not supported")
            },
            FORMS,
        ));
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let Some((userinfo, hostport)) = authority.rsplit_once('@') else {
        return Err(err(
            format!("invalid target `{url}`: it names no account"),
            "write the SFTP account before the host: `sftp://USER@HOST/PATH`",
        ));
    };
    if userinfo.contains(':') {
        return Err(err(
            "the target's address holds a password; no password may be written in an address or in forum.yaml".to_string(),
            "remove `:PASSWORD` from the address; `foro publish` signs in with `--identity FILE` or the running ssh-agent",
        ));
    }
    let user = decode(userinfo, url)?;
    if user.is_empty() {
        return Err(err(
            format!("invalid target `{url}`: the account name is empty"),
            "write the SFTP account before the host: `sftp://USER@HOST/PATH`",
        ));
    }
    let (host, port) = split_host_port(hostport).ok_or_else(|| {
        err(
            format!("invalid target `{url}`: `{hostport}` is not HOST or HOST:PORT"),
            "write the port as a number from 1 to 65535, e.g. `sftp://foro@web.example.org:2222/var/www`",
        )
    })?;
    if host.is_empty() {
        return Err(err(
            format!("invalid target `{url}`: it has no host"),
            FORMS,
        ));
    }
    let path = if path.is_empty() {
        ".".to_string()
    } else {
        let p = decode(path, url)?;
        // sftp://u@h/~/site: relative to the login folder.
        p.strip_prefix("/~/").map_or(p.clone(), str::to_string)
    };
    Ok(TargetUrl::Sftp {
        user,
        host: host.to_string(),
        port,
        path,
    })
}

fn split_host_port(hostport: &str) -> Option<(&str, u16)> {
    if let Some(rest) = hostport.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        return match after.strip_prefix(':') {
            None if after.is_empty() => Some((host, 22)),
            Some(p) => Some((host, p.parse().ok().filter(|p| *p != 0)?)),
            None => None,
        };
    }
    match hostport.split_once(':') {
        None => Some((hostport, 22)),
        Some((h, p)) => Some((h, p.parse().ok().filter(|p| *p != 0)?)),
    }
}

fn decode(s: &str, url: &str) -> Result<String, UrlError> {
    percent_decode_str(s)
        .decode_utf8()
        .map(std::borrow::Cow::into_owned)
        .map_err(|_| {
            err(
                format!("invalid target `{url}`: a %-escape is not UTF-8"),
                FORMS,
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sftp(user: &str, host: &str, port: u16, path: &str) -> TargetUrl {
        TargetUrl::Sftp {
            user: user.into(),
            host: host.into(),
            port,
            path: path.into(),
        }
    }

    #[test]
    fn sftp_addresses() {
        assert_eq!(
            parse("sftp://foro@web.example.gob.pe/var/www/foro").unwrap(),
            sftp("foro", "web.example.gob.pe", 22, "/var/www/foro")
        );
        assert_eq!(
            parse("sftp://foro@127.0.0.1:2222/srv/my%20site").unwrap(),
            sftp("foro", "127.0.0.1", 2222, "/srv/my site")
        );
        assert_eq!(
            parse("sftp://a.b@[::1]:2200/x").unwrap(),
            sftp("a.b", "::1", 2200, "/x")
        );
        assert_eq!(parse("sftp://u@h").unwrap(), sftp("u", "h", 22, "."));
        assert_eq!(
            parse("sftp://u@h/~/www").unwrap(),
            sftp("u", "h", 22, "www")
        );
        assert_eq!(
            parse("sftp://foro@web.example.gob.pe:2222/var/www/foro")
                .unwrap()
                .to_string(),
            "sftp://foro@web.example.gob.pe:2222/var/www/foro"
        );
    }

    #[test]
    fn file_addresses() {
        assert_eq!(
            parse("file:///mnt/share/foro").unwrap(),
            TargetUrl::Folder("/mnt/share/foro".into())
        );
        assert_eq!(
            parse("file://localhost/a%20b").unwrap(),
            TargetUrl::Folder("/a b".into())
        );
        assert_eq!(
            parse("file:///C:/share").unwrap(),
            TargetUrl::Folder("C:/share".into())
        );
    }

    #[test]
    fn refuses_passwords_and_nonsense() {
        let e = parse("sftp://foro:hunter2@web.example.gob.pe/var/www").unwrap_err();
        assert!(e.message.contains("password"), "{e:?}");
        assert!(!e.message.contains("hunter2"), "the password is not echoed");
        for bad in [
            "https://example.org/",
            "ftp://u@h/x",
            "web.example.gob.pe",
            "sftp://web.example.gob.pe/x",
            "sftp://u@h:99999/x",
            "sftp://u@h:/x",
            "sftp://@h/x",
            "file://relative/path",
            "sftp://u@h/a b",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
