//! Publish: the SSH connection of an SFTP target (pure Rust: `russh`):
//! the server's host key checked against `known_hosts`, sign-in with
//! `--identity`, ssh-agent or the usual key files, the `sftp` subsystem.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::client::{self, AuthResult, Handle};
use russh::keys::{HashAlg, PrivateKeyWithHashAlg, PublicKey, PublicKeyOrCertificate};

use super::target::TargetError;

/// What the host-key check found.
#[derive(Debug, Clone)]
enum Verdict {
    Known,
    Unknown(PublicKey),
    Changed(PublicKey, usize),
    Unreadable(String),
}

pub struct Client {
    host: String,
    port: u16,
    known_hosts: PathBuf,
    verdict: Arc<Mutex<Option<Verdict>>>,
}

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        server_key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        let key = match server_key {
            PublicKeyOrCertificate::PublicKey { key, .. } => key.clone(),
            PublicKeyOrCertificate::Certificate(c) => c.public_key().clone().into(),
        };
        let verdict = if self.known_hosts.is_file() {
            match russh::keys::check_known_hosts_path(
                &self.host,
                self.port,
                &key,
                &self.known_hosts,
            ) {
                Ok(true) => Verdict::Known,
                Ok(false) => Verdict::Unknown(key),
                Err(russh::keys::Error::KeyChanged { line }) => Verdict::Changed(key, line),
                Err(e) => Verdict::Unreadable(e.to_string()),
            }
        } else {
            Verdict::Unknown(key)
        };
        let ok = matches!(verdict, Verdict::Known);
        if let Ok(mut v) = self.verdict.lock() {
            *v = Some(verdict);
        }
        Ok(ok)
    }
}

/// The `known_hosts` name of a host (`[host]:port` unless the port is 22).
fn host_name(host: &str, port: u16) -> String {
    if port == 22 {
        host.to_string()
    } else {
        format!("[{host}]:{port}")
    }
}

fn refusal(verdict: &Verdict, host: &str, port: u16, known_hosts: &Path) -> Option<TargetError> {
    let line = |key: &PublicKey| {
        format!(
            "{} {}",
            host_name(host, port),
            key.to_openssh().unwrap_or_default()
        )
    };
    let fp = |key: &PublicKey| {
        format!(
            "{} {}",
            key.algorithm().as_str(),
            key.fingerprint(HashAlg::Sha256)
        )
    };
    Some(TargetError::Refused(match verdict {
        Verdict::Known => return None,
        Verdict::Unknown(key) => format!(
            "the host key of {} is not known: refusing to connect (nothing was sent)\n  its fingerprint: {}\n\
             hint: ask the server's administrators whether this fingerprint is the server's; if it is, \
             add this line to {}:\n  {}",
            host_name(host, port),
            fp(key),
            known_hosts.display(),
            line(key)
        ),
        Verdict::Changed(key, n) => format!(
            "the host key of {} has CHANGED since it was recorded (line {n} of {}): refusing to connect\n  \
             its fingerprint now: {}\n\
             hint: someone may be intercepting the connection; if the administrators confirm that the \
             server's key was replaced, replace line {n} with:\n  {}",
            host_name(host, port),
            known_hosts.display(),
            fp(key),
            line(key)
        ),
        Verdict::Unreadable(e) => format!(
            "cannot check the host key of {} against {}: {e}",
            host_name(host, port),
            known_hosts.display()
        ),
    }))
}

/// Connects, checks the host key and signs in.
pub async fn connect(
    user: &str,
    host: &str,
    port: u16,
    identity: Option<&Path>,
    known_hosts: Option<&Path>,
) -> Result<Handle<Client>, TargetError> {
    let known_hosts = known_hosts.map_or_else(default_known_hosts, Path::to_path_buf);
    let verdict = Arc::new(Mutex::new(None));
    let handler = Client {
        host: host.to_string(),
        port,
        known_hosts: known_hosts.clone(),
        verdict: verdict.clone(),
    };
    let config = Arc::new(client::Config {
        inactivity_timeout: Some(Duration::from_secs(120)),
        preferred: russh::Preferred {
            key: std::borrow::Cow::Owned(key_order(host, port, &known_hosts)),
            ..russh::Preferred::default()
        },
        ..client::Config::default()
    });
    let connected = client::connect(config, (host, port), handler).await;
    let found = verdict.lock().ok().and_then(|v| v.clone());
    if let Some(refused) = found.and_then(|v| refusal(&v, host, port, &known_hosts)) {
        return Err(refused);
    }
    let mut handle = connected.map_err(|e| {
        TargetError::Io(format!("cannot connect to {}: {e}", host_name(host, port)))
    })?;
    let mut tried = Vec::new();
    if let Some(path) = identity {
        let key = russh::keys::load_secret_key(path, None).map_err(|e| {
            TargetError::Refused(format!(
                "cannot use the key {}: {e}\nhint: an encrypted key is used through ssh-agent: `ssh-add {}`, then leave out --identity",
                path.display(),
                path.display()
            ))
        })?;
        if sign_in_with_key(&mut handle, user, key).await? {
            return Ok(handle);
        }
        tried.push(path.display().to_string());
    } else {
        if sign_in_with_agent(&mut handle, user, &mut tried).await? {
            return Ok(handle);
        }
        for name in ["id_ed25519", "id_ecdsa", "id_rsa"] {
            let Some(path) = std::env::home_dir().map(|h| h.join(".ssh").join(name)) else {
                continue;
            };
            if let Ok(key) = russh::keys::load_secret_key(&path, None) {
                tried.push(path.display().to_string());
                if sign_in_with_key(&mut handle, user, key).await? {
                    return Ok(handle);
                }
            }
        }
    }
    Err(TargetError::Refused(format!(
        "{} refused the sign-in of `{user}` (tried: {})\n\
         hint: pass the account's private key with --identity FILE, or add it to ssh-agent (`ssh-add FILE`); \
         the server must list its public key in ~/.ssh/authorized_keys",
        host_name(host, port),
        if tried.is_empty() {
            "no key: no --identity, no ssh-agent, no ~/.ssh/id_* key".to_string()
        } else {
            tried.join(", ")
        }
    )))
}

/// The host key algorithms to ask for: those of the keys `known_hosts`
/// already records for this host first (as OpenSSH does), so that a server
/// known by its RSA key is not reported unknown because it also has an
/// Ed25519 key.
fn key_order(host: &str, port: u16, known_hosts: &Path) -> Vec<russh::keys::Algorithm> {
    let known: Vec<russh::keys::Algorithm> =
        russh::keys::known_hosts::known_host_keys_path(host, port, known_hosts)
            .map(|keys| keys.into_iter().map(|(_, k)| k.algorithm()).collect())
            .unwrap_or_default();
    let is_known = |a: &russh::keys::Algorithm| {
        known
            .iter()
            .any(|k| k == a || (k.clone().is_rsa() && a.clone().is_rsa()))
    };
    let all = russh::Preferred::default().key.into_owned();
    let (mut first, rest): (Vec<_>, Vec<_>) = all.into_iter().partition(|a| is_known(a));
    first.extend(rest);
    first
}

fn default_known_hosts() -> PathBuf {
    std::env::home_dir()
        .unwrap_or_default()
        .join(".ssh")
        .join("known_hosts")
}

fn io(e: &russh::Error) -> TargetError {
    TargetError::Io(format!("SSH connection failed: {e}"))
}

async fn sign_in_with_key(
    handle: &mut Handle<Client>,
    user: &str,
    key: russh::keys::PrivateKey,
) -> Result<bool, TargetError> {
    let hash = handle
        .best_supported_rsa_hash()
        .await
        .map_err(|e| io(&e))?
        .flatten();
    let result = handle
        .authenticate_publickey(user, PrivateKeyWithHashAlg::new(Arc::new(key), hash))
        .await
        .map_err(|e| io(&e))?;
    Ok(matches!(result, AuthResult::Success))
}

#[cfg(unix)]
async fn sign_in_with_agent(
    handle: &mut Handle<Client>,
    user: &str,
    tried: &mut Vec<String>,
) -> Result<bool, TargetError> {
    use russh::keys::agent::AgentIdentity;
    let Ok(mut agent) = russh::keys::agent::client::AgentClient::connect_env().await else {
        return Ok(false);
    };
    let Ok(identities) = agent.request_identities().await else {
        return Ok(false);
    };
    let hash = handle
        .best_supported_rsa_hash()
        .await
        .map_err(|e| io(&e))?
        .flatten();
    for id in identities {
        let AgentIdentity::PublicKey { key, comment } = id else {
            continue;
        };
        tried.push(format!("ssh-agent key {comment}"));
        let result = handle
            .authenticate_publickey_with(user, key, hash, &mut agent)
            .await
            .map_err(|e| TargetError::Io(format!("ssh-agent: {e}")))?;
        if matches!(result, AuthResult::Success) {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(not(unix))]
async fn sign_in_with_agent(
    _handle: &mut Handle<Client>,
    _user: &str,
    _tried: &mut Vec<String>,
) -> Result<bool, TargetError> {
    Ok(false)
}
