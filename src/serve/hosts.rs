//! Which names a request may address the server by (its `Host`). A web page the educator
//! visits can point a name of its own at 127.0.0.1 (DNS rebinding) and then read the preview,
//! drafts included; the browser still sends that name as `Host`, so answering only the names
//! this computer is known by closes the door.

use axum::http::uri::Authority;
use std::collections::BTreeSet;
use std::net::IpAddr;

/// The names a request may use, and the port it must name if it names one.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    names: BTreeSet<String>,
    port: u16,
}

impl AllowedHosts {
    /// `localhost` and the loopback addresses, the bound address, the names given with
    /// `--allow-host`, and, when listening beyond this computer, its addresses and host name.
    pub fn new(bind: IpAddr, port: u16, extra: &[String]) -> AllowedHosts {
        let mut names: BTreeSet<String> = ["localhost", "127.0.0.1", "::1"]
            .into_iter()
            .map(String::from)
            .collect();
        names.insert(bind.to_string());
        names.extend(extra.iter().map(|name| normalise(name)));
        if !bind.is_loopback() {
            names.extend(own_names());
        }
        AllowedHosts { names, port }
    }

    /// True for a `Host` value naming an allowed name, and this server's port if any.
    pub fn allows(&self, host: &str) -> bool {
        let Ok(authority) = host.parse::<Authority>() else {
            return false;
        };
        let port_matches = authority.port_u16().is_none_or(|p| p == self.port);
        port_matches && self.names.contains(&normalise(authority.host()))
    }

    /// The allowed names, as a reader would type them in an address.
    pub fn listed(&self) -> String {
        self.names
            .iter()
            .map(|name| match name.contains(':') {
                true => format!("[{name}]"),
                false => name.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Lower case, without an IPv6 address's brackets or a fully qualified name's final dot.
fn normalise(name: &str) -> String {
    name.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.')
        .to_ascii_lowercase()
}

/// This computer's host name (also as `NAME.local`, as other machines on the network often
/// reach it) and the addresses of its network interfaces.
fn own_names() -> Vec<String> {
    let mut names = Vec::new();
    let host = gethostname::gethostname().to_string_lossy().to_string();
    if !host.is_empty() {
        let host = normalise(&host);
        names.push(format!("{host}.local"));
        names.push(host);
    }
    // No interface list (a sandbox without one) leaves only the names above; not an error.
    if let Ok(interfaces) = if_addrs::get_if_addrs() {
        names.extend(interfaces.iter().map(|i| i.ip().to_string()));
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_on_the_served_port_only() {
        let hosts = AllowedHosts::new("127.0.0.1".parse().unwrap(), 1111, &[]);
        for good in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
        ] {
            assert!(hosts.allows(good), "{good}");
        }
        for bad in [
            "evil.example:1111",
            "evil.example",
            "localhost.evil.example:1111",
            "127.0.0.1:2222",
            "",
            "localhost:1111/x",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
    }

    #[test]
    fn names_given_on_the_command_line_are_allowed() {
        let hosts = AllowedHosts::new(
            "127.0.0.1".parse().unwrap(),
            1111,
            &["Preview.Example".into()],
        );
        assert!(hosts.allows("preview.example:1111"));
        assert!(!hosts.allows("other.example:1111"));
    }
}
