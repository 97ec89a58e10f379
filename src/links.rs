//! `foro check --external`: external links checked over HTTP, a few at a
//! time, each with a timeout. A link that answers with an error status is a
//! warning; one that cannot be reached (no network, DNS, TLS) is reported
//! as a note and never fails the check.

use std::path::Path;
use std::time::Duration;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// At most this many requests at once.
pub const CONCURRENCY: usize = 8;
/// Each request gives up after this long.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The outcome of checking the external links.
#[derive(Debug, Default)]
pub struct External {
    /// Links whose server answered with an error status.
    pub broken: Vec<Diagnostic>,
    /// Links that could not be checked: (url, why).
    pub unreachable: Vec<(String, String)>,
    pub checked: usize,
}

enum Outcome {
    Ok,
    Status(u16),
    Unreachable(String),
}

fn probe(agent: &ureq::Agent, url: &str) -> Outcome {
    let answer = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match r {
        Ok(resp) => Ok(resp.status().as_u16()),
        Err(ureq::Error::StatusCode(code)) => Ok(code),
        Err(e) => Err(e.to_string()),
    };
    // Some servers refuse HEAD: ask again with GET before calling a link broken.
    let status = match answer(agent.head(url).call()) {
        Ok(code) if code < 400 => return Outcome::Ok,
        Ok(_) => answer(agent.get(url).call()),
        Err(e) => Err(e),
    };
    match status {
        Ok(code) if code < 400 => Outcome::Ok,
        Ok(code) => Outcome::Status(code),
        Err(e) => Outcome::Unreachable(e),
    }
}

/// Checks `links` (url, a page it is on) over HTTP.
pub fn check_external(links: &[(String, String)]) -> External {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent("foro-link-check")
        .build();
    let agent: ureq::Agent = config.into();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(CONCURRENCY)
        .build();
    let run = || {
        links
            .par_iter()
            .map(|(url, _)| probe(&agent, url))
            .collect::<Vec<_>>()
    };
    let outcomes = match &pool {
        Ok(p) => p.install(run),
        Err(_) => run(),
    };
    let mut out = External {
        checked: links.len(),
        ..External::default()
    };
    for ((url, page), outcome) in links.iter().zip(outcomes) {
        match outcome {
            Outcome::Ok => {}
            Outcome::Status(code) => out.broken.push(
                Diagnostic::warning(
                    Path::new(""),
                    None,
                    format!("site/{page}: the external link `{url}` answers HTTP {code}"),
                )
                .hint("correct or remove the link in the forum's files"),
            ),
            Outcome::Unreachable(why) => out.unreachable.push((url.clone(), why)),
        }
    }
    out
}
