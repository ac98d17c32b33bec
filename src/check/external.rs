//! `dossier check --external`: every web address the site publishes is requested, and one that
//! no longer answers (404, a server error, a name that does not resolve) is a warning at the
//! place it was written. A panel that follows a dead link to "the published report" stops
//! trusting the rest; Zola's `check` does the same for its sites.
//!
//! Off unless asked for: it needs the network, takes seconds, and a site that was fine an hour
//! ago can fail it because someone else's server is down, which a CI job should not trip on by
//! default.

use crate::diag::{codes, Diagnostic, Location};
use crate::model::{AttachmentTarget, LinkTarget, Markdown, Portfolio};
use crate::paths;
use crate::site::Site;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::time::Duration;

/// How long one address may take, redirects included.
const TIMEOUT: Duration = Duration::from_secs(15);

/// Requests in flight at once: waiting on the network, not on the CPU.
const AT_ONCE: usize = 16;

/// What asking for one address gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// 2xx or 3xx after redirects, or a status that says nothing about the page (429: the
    /// server asks us to slow down; 401/403: it exists behind a login or refuses robots).
    Fine,
    /// A status that means the page is gone or broken (404, 410, 500…).
    Status(u16),
    /// No answer: the name does not resolve, the connection or TLS failed, or it timed out.
    Unreachable(String),
}

/// Every web address (`http://`, `https://`) the published site links to, each with the
/// first place it is written (in file order), once.
pub fn published_addresses(portfolio: &Portfolio, site: &Site<'_>) -> BTreeMap<String, Location> {
    let mut found: Vec<(String, Location)> = Vec::new();
    let markdown = |text: &Markdown, found: &mut Vec<(String, Location)>| {
        for link in &text.links {
            if matches!(link.target, LinkTarget::AsWritten)
                && paths::is_web_address(&link.destination)
            {
                found.push((link.destination.trim().to_string(), link.location.clone()));
            }
        }
    };
    let person = &portfolio.person;
    if let Some(summary) = &person.summary {
        markdown(summary, &mut found);
    }
    for link in person
        .links
        .iter()
        .filter(|l| paths::is_web_address(&l.url))
    {
        found.push((link.url.trim().to_string(), link.location.clone()));
    }
    for entry in &site.timeline {
        if let (Some(url), Some(at)) = (&entry.url, &entry.url_location) {
            if paths::is_web_address(url) {
                found.push((url.trim().to_string(), at.clone()));
            }
        }
    }
    for page in &site.applications {
        if let Some(statement) = &page.application.statement {
            markdown(statement, &mut found);
        }
    }
    for artefact in &site.artefacts {
        markdown(&artefact.body, &mut found);
        for attachment in &artefact.attachments {
            if let AttachmentTarget::Url(url) = &attachment.target {
                if paths::is_web_address(&url.value) {
                    found.push((url.value.trim().to_string(), url.location.clone()));
                }
            }
        }
    }
    // In file order, so the place kept for each address is the first it is written at.
    found.sort_by(|a, b| a.1.cmp(&b.1));
    let mut first: BTreeMap<String, Location> = BTreeMap::new();
    for (url, at) in found {
        first.entry(url).or_insert(at);
    }
    first
}

/// Asks for every address at once (up to [`AT_ONCE`] in flight) and reports the ones that
/// fail, in the order of their places. `ask` is [`request`] outside the tests.
pub fn broken(
    addresses: &BTreeMap<String, Location>,
    ask: &(dyn Fn(&str) -> Answer + Sync),
) -> Vec<Diagnostic> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(AT_ONCE.min(addresses.len()).max(1))
        .build();
    let answers: Vec<(&String, &Location, Answer)> = match pool {
        Ok(pool) => pool.install(|| {
            addresses
                .par_iter()
                .map(|(url, at)| (url, at, ask(url)))
                .collect()
        }),
        Err(_) => addresses
            .iter()
            .map(|(url, at)| (url, at, ask(url)))
            .collect(),
    };
    if let Some(offline) = offline(&answers) {
        return vec![offline];
    }
    let mut found: Vec<Diagnostic> = answers
        .into_iter()
        .filter_map(|(url, at, answer)| diagnostic(url, at, &answer))
        .collect();
    found.sort_by(|a, b| a.location.cmp(&b.location));
    found
}

fn diagnostic(url: &str, at: &Location, answer: &Answer) -> Option<Diagnostic> {
    let (what, hint) = match answer {
        Answer::Fine => return None,
        Answer::Status(code @ (404 | 410)) => (
            format!("the web address `{url}` answers {code}: the page is not there any more"),
            "find where it moved (search its title on the site) and write the new address, or link an archived copy (web.archive.org), or remove the link",
        ),
        Answer::Status(code) if *code >= 500 => (
            format!("the web address `{url}` answers {code}: its server failed"),
            "open it in a browser; if it works later the server was down for a while, otherwise find the page's new address",
        ),
        Answer::Status(code) => (
            format!("the web address `{url}` answers {code}"),
            "open it in a browser and check it shows what you mean to link; write its current address",
        ),
        Answer::Unreachable(why) => (
            format!("the web address `{url}` did not answer: {why}"),
            "check it for typing mistakes (open it in a browser); if the site has closed, link an archived copy (web.archive.org) or remove the link",
        ),
    };
    Some(Diagnostic::warning(codes::EXTERNAL_LINK_BROKEN, at.clone(), what).with_hint(hint))
}

/// Asks for `url` as a browser would: `HEAD` first, then `GET` when the server refuses `HEAD`
/// (many answer 403, 405 or 501 to it) or breaks on it; redirects followed.
pub fn request(url: &str) -> Answer {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!("dossier-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let head = agent.head(url).call().map(|r| r.status().as_u16());
    let status = match head {
        Ok(code) if code < 400 => return Answer::Fine,
        Ok(code) if !matches!(code, 403 | 405 | 501) && code != 400 => Ok(code),
        _ => agent.get(url).call().map(|r| r.status().as_u16()),
    };
    match status {
        Ok(code) if code < 400 || matches!(code, 401 | 403 | 429) => Answer::Fine,
        Ok(code) => Answer::Status(code),
        Err(e) => Answer::Unreachable(reason(&e)),
    }
}

/// Why no answer came, in words an educator can act on.
fn reason(error: &ureq::Error) -> String {
    match error {
        ureq::Error::HostNotFound => NO_SUCH_NAME.into(),
        ureq::Error::Timeout(_) => format!("no answer in {} seconds", TIMEOUT.as_secs()),
        ureq::Error::TooManyRedirects => "it redirects in a loop".into(),
        ureq::Error::Io(e) => match e.kind() {
            std::io::ErrorKind::ConnectionRefused => "the server refused the connection".into(),
            std::io::ErrorKind::TimedOut => format!("no answer in {} seconds", TIMEOUT.as_secs()),
            // The resolver's failure arrives as a plain I/O error ("failed to lookup address").
            _ if e.to_string().contains("lookup") => NO_SUCH_NAME.into(),
            _ => e.to_string(),
        },
        other => other.to_string(),
    }
}

const NO_SUCH_NAME: &str = "no site has this name";

/// When no address answered at all, the likely cause is this machine, not every site: one
/// warning that says so replaces a warning per link.
fn offline(answers: &[(&String, &Location, Answer)]) -> Option<Diagnostic> {
    let all_unreachable = answers.len() > 1
        && answers
            .iter()
            .all(|(_, _, a)| matches!(a, Answer::Unreachable(_)));
    all_unreachable.then(|| {
        Diagnostic::warning(
            codes::EXTERNAL_LINK_BROKEN,
            Location::file("portfolio.yaml"),
            format!(
                "none of the {} web addresses the site links to answered: this machine seems to be offline",
                answers.len()
            ),
        )
        .with_hint("run `dossier check --external` where it can reach the web")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize) -> Location {
        Location::new("artefacts/a.md", line, 3)
    }

    #[test]
    fn gone_failed_and_unreachable_pages_are_warnings_at_their_place_and_fine_ones_are_not() {
        let addresses: BTreeMap<String, Location> = [
            ("https://ok.example/".to_string(), at(1)),
            ("https://gone.example/".to_string(), at(2)),
            ("https://down.example/".to_string(), at(3)),
            ("https://nowhere.example/".to_string(), at(4)),
        ]
        .into();
        let ask = |url: &str| match url {
            "https://gone.example/" => Answer::Status(404),
            "https://down.example/" => Answer::Status(503),
            "https://nowhere.example/" => Answer::Unreachable("no site has this name".into()),
            _ => Answer::Fine,
        };
        let found = broken(&addresses, &ask);
        let lines: Vec<usize> = found.iter().map(|d| d.location.line).collect();
        assert_eq!(lines, [2, 3, 4]);
        assert!(found.iter().all(|d| d.code == codes::EXTERNAL_LINK_BROKEN
            && d.severity == crate::diag::Severity::Warning));
        assert!(found[0].message.contains("answers 404"), "{}", found[0]);
        assert!(found[2].message.contains("no site has this name"));
    }

    #[test]
    fn when_nothing_answers_one_warning_says_the_machine_seems_offline() {
        let addresses: BTreeMap<String, Location> = [
            ("https://a.example/".to_string(), at(1)),
            ("https://b.example/".to_string(), at(2)),
        ]
        .into();
        let found = broken(&addresses, &|_| {
            Answer::Unreachable("no site has this name".into())
        });
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("seems to be offline"));
    }
}
