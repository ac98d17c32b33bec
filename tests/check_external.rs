//! `dossier check --external`: every web address the site links to is requested, against a
//! web server run by the test on this machine (CI reaches nothing else): a page that is gone,
//! a server that refuses the connection and a dead attachment are warnings at the line where
//! each is written; a page, a redirect and a server that refuses `HEAD` but serves `GET` are not.

mod common;

use common::{json_diagnostics, portfolio};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::Command;

/// A web server on a free local port, answering each request by its method and path, in a
/// thread that lives as long as the test.
fn server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    port
}

fn answer(mut stream: std::net::TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // The headers, up to the blank line.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let mut parts = request.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let (status, extra) = match (method, path) {
        (_, "/ok") => ("200 OK", ""),
        (_, "/moved") => ("301 Moved Permanently", "Location: /ok\r\n"),
        ("HEAD", "/no-head") => ("405 Method Not Allowed", ""),
        ("GET", "/no-head") => ("200 OK", ""),
        _ => ("404 Not Found", ""),
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

fn check(dir: &std::path::Path, args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("check")
        .arg(dir)
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    (output.status.code().unwrap(), json_diagnostics(&stdout))
}

#[test]
fn dead_web_addresses_are_warnings_where_they_are_written_and_live_ones_are_not() {
    let port = server();
    let web = format!("http://127.0.0.1:{port}");
    // A port nothing listens on: bound, then let go.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let artefact = format!(
        "---\ntitle: A\nkind: project\ndate: 2025-06\ncompetencies: [coaching]\n\
         attachments:\n  - {{title: Old report, url: \"{web}/old-report\"}}\n---\n\n\
         Read [the report]({web}/ok).\n\n\
         It moved [here]({web}/moved).\n\n\
         The [old page]({web}/gone) is gone.\n\n\
         A [strict server]({web}/no-head).\n\n\
         A [closed one](http://127.0.0.1:{closed}/x).\n\n\
         The [report again]({web}/gone), once more.\n"
    );
    let dir = portfolio(&[("artefacts/a.md", &artefact)]);

    let (code, found) = check(dir.path(), &["--external"]);
    assert_eq!(code, 0, "warnings only: {found:?}");
    let dead: Vec<(u64, String)> = found
        .iter()
        .filter(|d| d["code"] == "D0507")
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(dead.len(), 3, "{dead:?}");
    assert_eq!(dead[0].0, 7, "the attachment's url, in the front matter");
    assert!(dead[0].1.contains("/old-report` answers 404"), "{dead:?}");
    assert_eq!(dead[1].0, 14, "the gone page, at its first link only");
    assert!(dead[1].1.contains("/gone` answers 404"), "{dead:?}");
    assert_eq!(dead[2].0, 18);
    assert!(dead[2].1.contains("did not answer"), "{dead:?}");

    // Under --strict a dead link fails the check, as every warning does.
    let (strict, _) = check(dir.path(), &["--external", "--strict"]);
    assert_eq!(strict, 1);

    // Without --external nothing is requested.
    let (code, found) = check(dir.path(), &[]);
    assert_eq!(code, 0);
    assert!(found.iter().all(|d| d["code"] != "D0507"), "{found:?}");
}
