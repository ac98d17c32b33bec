//! Starts the real `dossier serve` on a free port and talks HTTP to it while files change.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Serves a fresh copy of the sample portfolio.
    fn start() -> Server {
        let server = Server::spawn(sample_copy());
        server.wait_for(|| server.get("/").0 == 200);
        server
    }

    /// Starts `dossier serve` on `dir` without waiting for it to answer.
    fn spawn(dir: tempfile::TempDir) -> Server {
        Server::spawn_with(dir, &[], Stdio::null())
    }

    /// Starts `dossier serve ARGS` on `dir`, its standard error going to `stderr`.
    fn spawn_with(dir: tempfile::TempDir, args: &[&str], stderr: Stdio) -> Server {
        Server::spawn_in(dir, args, stderr, &[])
    }

    /// [`Server::spawn_with`], with environment variables `env` set for the server.
    fn spawn_in(
        dir: tempfile::TempDir,
        args: &[&str],
        stderr: Stdio,
        env: &[(&str, &Path)],
    ) -> Server {
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .envs(env.iter().copied())
            .args(["serve", "--port", &port.to_string()])
            .args(args)
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .unwrap();
        Server { child, port, dir }
    }

    /// Serves the sample with `args`, and returns what it printed before it began serving.
    fn start_logged(args: &[&str]) -> (Server, String) {
        let mut server = Server::spawn_with(sample_copy(), args, Stdio::piped());
        let stderr = std::io::BufReader::new(server.child.stderr.take().unwrap());
        let (lines, printed) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in stderr.lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        let mut log = String::new();
        while !log.contains("Serving") {
            let line = printed
                .recv_timeout(Duration::from_secs(20))
                .expect("serve printed where it serves");
            log.push_str(&line);
            log.push('\n');
        }
        server.wait_for(|| server.get("/").0 == 200);
        (server, log)
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// A raw HTTP/1.1 GET, so tests control the exact request line.
    fn get(&self, target: &str) -> (u16, String) {
        self.get_as(target, "localhost")
    }

    /// A raw HTTP/1.1 GET addressed to `host` (the `Host` header).
    fn get_as(&self, target: &str, host: &str) -> (u16, String) {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return (0, String::new());
        };
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let text = String::from_utf8_lossy(&response).to_string();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, text)
    }

    fn wait_for(&self, condition: impl Fn() -> bool) {
        self.wait_until(condition, "timed out waiting for the server");
    }

    /// Polls every few milliseconds, so the test acts as soon as `condition` holds.
    fn wait_until(&self, condition: impl Fn() -> bool, failure: &str) {
        let start = Instant::now();
        while !condition() {
            assert!(start.elapsed() < Duration::from_secs(20), "{failure}");
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// The page at `url` shows `text`.
    fn shows(&self, url: &str, text: &str) -> bool {
        let (status, body) = self.get(url);
        status == 200 && body.contains(text)
    }
}

/// A fresh copy of the sample portfolio in a temp folder.
fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio"),
        dir.path(),
    );
    dir
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Rewrites a file the way many editors save: a temporary file renamed over the original.
fn save(path: &Path, text: &str) {
    let temp = path.with_extension("md.tmp-save");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, path).unwrap();
}

const ARTICLE: &str = "artefacts/2025/exit-tickets-article.md";
const WORKSHOP: &str = "artefacts/2024/questioning-workshop.md";

/// Saves `rel` with its `title:` line replaced by `title`.
fn retitle(server: &Server, rel: &str, title: &str) {
    let path = server.path(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let old = text.lines().find(|l| l.starts_with("title:")).unwrap();
    save(&path, &text.replacen(old, &format!("title: {title}"), 1));
}

/// Issue 15: `serve` began watching only after its first build and once it answered, so a
/// save made in between (a teacher who starts the preview and goes straight back to the
/// editor) was never rebuilt. Here one artefact is saved every few milliseconds from the
/// moment `serve` starts until its first build is done, and another the moment it first
/// answers; the last save of each must be served. Repeated, because it is a race.
#[test]
fn edits_saved_while_serve_starts_are_served() {
    for start in 0..20 {
        let mut server = Server::spawn_with(sample_copy(), &[], Stdio::piped());
        let built = printed(&mut server, "Built ");
        let article = server.path(ARTICLE);
        let original = std::fs::read_to_string(&article).unwrap();
        let editor = std::thread::spawn(move || {
            let mut title = String::new();
            for saves in 1.. {
                if built.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                title = format!("Save {saves}, start {start}");
                let text = original.replacen(
                    "title: \"Exit tickets that change the next lesson\"",
                    &format!("title: {title}"),
                    1,
                );
                save(&article, &text);
                std::thread::sleep(Duration::from_millis(5));
            }
            title
        });
        // The port takes connections from the start; the first answer comes after the build.
        server.wait_until(|| server.get("/").0 == 200, "serve never answered");
        // Written in place, as some editors save: a temporary file beside it would make
        // serve read every artefact again, which would hide a lost save of the other.
        let answered = format!("Saved as serve first answered, start {start}");
        let workshop = std::fs::read_to_string(server.path(WORKSHOP)).unwrap();
        std::fs::write(
            server.path(WORKSHOP),
            workshop.replacen(
                "title: \"Questioning that makes thinking visible: trust conference workshop\"",
                &format!("title: {answered}"),
                1,
            ),
        )
        .unwrap();
        let title = editor.join().unwrap();
        server.wait_until(
            || server.shows("/artefacts/exit-tickets-article/", &format!("{title}<")),
            &format!("start {start}: `{title}`, saved during the first build, was never served"),
        );
        server.wait_until(
            || server.shows("/artefacts/questioning-workshop/", &answered),
            &format!("start {start}: the save made as serve first answered was never served"),
        );
    }
}

/// A flag that turns true once the server prints a line starting with `start`.
fn printed(
    server: &mut Server,
    start: &'static str,
) -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stderr = std::io::BufReader::new(server.child.stderr.take().unwrap());
    let set = flag.clone();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in stderr.lines().map_while(Result::ok) {
            if line.starts_with(start) {
                set.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        }
    });
    flag
}

/// A save that lands while a rebuild runs waits for the next one; it is never lost.
#[test]
fn an_edit_saved_during_a_rebuild_is_served() {
    let server = Server::start();
    for round in 0..3 {
        // Saving portfolio.yaml rebuilds everything, the longest rebuild.
        let config = server.path("portfolio.yaml");
        std::fs::write(&config, std::fs::read(&config).unwrap()).unwrap();
        std::thread::sleep(Duration::from_millis(40));
        let title = format!("Saved during a rebuild, round {round}");
        retitle(&server, WORKSHOP, &title);
        server.wait_until(
            || server.shows("/artefacts/questioning-workshop/", &title),
            &format!("round {round}: the save made during a rebuild was never served"),
        );
    }
}

#[test]
fn a_page_changes_after_its_file_changes() {
    let server = Server::start();
    let (_, before) = server.get("/artefacts/exit-tickets-article/");
    assert!(
        before.contains("EventSource"),
        "the reload script is injected while serving"
    );
    let text = std::fs::read_to_string(server.path(ARTICLE)).unwrap();
    let title_line = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_string();
    save(
        &server.path(ARTICLE),
        &text.replace(&title_line, "title: A brand new title for the article"),
    );
    server.wait_for(|| {
        server
            .get("/artefacts/exit-tickets-article/")
            .1
            .contains("A brand new title for the article")
    });
    // The listings that show it change too.
    server.wait_for(|| {
        server
            .get("/artefacts/")
            .1
            .contains("A brand new title for the article")
    });
}

#[test]
fn a_deleted_artefact_page_is_gone_and_a_new_one_appears() {
    let server = Server::start();
    // Nothing links to this one, so deleting it leaves a portfolio that builds.
    assert_eq!(server.get("/artefacts/ks3-curriculum-redesign/").0, 200);
    std::fs::remove_file(server.path("artefacts/2024/ks3-curriculum-redesign.md")).unwrap();
    server.wait_for(|| server.get("/artefacts/ks3-curriculum-redesign/").0 == 404);
    assert!(
        !server
            .get("/artefacts/")
            .1
            .contains("ks3-curriculum-redesign"),
        "the index no longer lists it"
    );
    let (status, body) = server.get("/artefacts/ks3-curriculum-redesign/");
    assert_eq!(status, 404);
    assert!(body.contains("<h1"), "the theme's 404 page is served");
    std::fs::write(
        server.path("artefacts/2025/new-one.md"),
        "---\ntitle: Brand new artefact\nkind: reflection\ndate: 2025-09-01\n---\n\nHello.\n",
    )
    .unwrap();
    server.wait_for(|| {
        server
            .get("/artefacts/new-one/")
            .1
            .contains("Brand new artefact")
    });
}

#[test]
fn a_yaml_error_shows_the_overlay_and_keeps_the_last_good_page() {
    let server = Server::start();
    let good = std::fs::read_to_string(server.path(ARTICLE)).unwrap();
    save(
        &server.path(ARTICLE),
        &good.replacen("kind: publication", "kind: publication\ntitle x", 1),
    );
    server.wait_for(|| {
        server
            .get("/artefacts/exit-tickets-article/")
            .1
            .contains("dossier-errors")
    });
    let (status, page) = server.get("/artefacts/exit-tickets-article/");
    assert_eq!(status, 200);
    assert!(
        page.contains("artefacts/2025/exit-tickets-article.md:"),
        "the overlay names the file and line"
    );
    assert!(
        page.contains("Exit tickets"),
        "the last good page is still served under the overlay"
    );
    assert!(
        server.get("/").1.contains("dossier-errors"),
        "every page shows the overlay"
    );
    save(&server.path(ARTICLE), &good);
    server.wait_for(|| {
        !server
            .get("/artefacts/exit-tickets-article/")
            .1
            .contains("dossier-errors")
    });
}

#[test]
fn paths_outside_the_site_are_refused() {
    let server = Server::start();
    for target in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/artefacts/%2E%2E/%2E%2E/portfolio.yaml",
        "/..%5c..%5cportfolio.yaml",
    ] {
        let (status, body) = server.get(target);
        assert!(status == 400 || status == 404, "{target}: {status}");
        assert!(
            !body.contains("root:") && !body.contains("base_url"),
            "{target} leaked a file"
        );
    }
    let (_, css) = server.get("/theme/style.css");
    assert!(css.to_lowercase().contains("content-type: text/css"));
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", &port.to_string()])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("already in use") && stderr.contains("--port"),
        "{stderr}"
    );
}

/// DNS rebinding: a web page the educator visits points its own name at 127.0.0.1 and reads
/// the preview. The browser still sends that name as `Host`, so serve refuses it.
#[test]
fn requests_addressed_to_other_hosts_are_refused() {
    let (server, log) = Server::start_logged(&[]);
    assert!(
        !log.contains("warning: serving on"),
        "no network warning on this computer only: {log}"
    );
    let port = server.port;
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(server.get_as("/", &host).0, 200, "{host}");
    }
    for host in [
        format!("rebind.attacker.example:{port}"),
        "rebind.attacker.example".to_string(),
        format!("localhost.attacker.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
    ] {
        for target in ["/", "/artefacts/fa-pilot/", "/__dossier/events"] {
            let (status, response) = server.get_as(target, &host);
            assert_eq!(status, 403, "{host}{target}");
            assert!(
                response.contains("not a name of this computer")
                    && response.contains("--allow-host"),
                "{host}{target}: {response}"
            );
            assert!(
                !response.contains("Amara"),
                "{host}{target} leaked the site"
            );
        }
    }
}

#[test]
fn allow_host_adds_a_name_to_answer() {
    let (server, _) = Server::start_logged(&["--allow-host", "preview.example"]);
    let port = server.port;
    assert_eq!(
        server.get_as("/", &format!("preview.example:{port}")).0,
        200
    );
    assert_eq!(server.get_as("/", &format!("other.example:{port}")).0, 403);
}

/// Listening on every interface puts the unpublished site (drafts too, with `--drafts`) on
/// the network: say so. The machine's own name must still work there.
#[test]
fn serving_on_the_network_warns_and_answers_to_the_machines_name() {
    let (server, log) = Server::start_logged(&["--bind", "0.0.0.0", "--drafts"]);
    assert!(
        log.contains("warning: serving on 0.0.0.0")
            && log.contains("network")
            && log.contains("drafts")
            && log.contains("--bind"),
        "{log}"
    );
    let port = server.port;
    if let Ok(name) = std::fs::read_to_string("/proc/sys/kernel/hostname") {
        let host = format!("{}:{port}", name.trim());
        assert_eq!(server.get_as("/", &host).0, 200, "{host}");
    }
    assert_eq!(
        server
            .get_as("/", &format!("rebind.attacker.example:{port}"))
            .0,
        403
    );
}

/// The list of names that must never appear lives outside the portfolio
/// (`DOSSIER_PRIVACY_NAMES`); adding a name the site shows stops the site at once, and taking
/// it out again brings the site back, without restarting serve.
#[test]
fn editing_the_list_of_names_outside_the_portfolio_rebuilds_the_site() {
    let lists = tempfile::tempdir().unwrap();
    let list = lists.path().join("names.txt");
    std::fs::write(&list, "Nobody Listed\n").unwrap();
    let server = Server::spawn_in(
        sample_copy(),
        &[],
        Stdio::null(),
        &[("DOSSIER_PRIVACY_NAMES", &list)],
    );
    server.wait_for(|| server.get("/").0 == 200);
    assert!(!server.get("/").1.contains("dossier-errors"));
    // Saved the way editors save: a new file renamed over the list.
    let edit = |text: &str| {
        let temp = lists.path().join("names.txt.new");
        std::fs::write(&temp, text).unwrap();
        std::fs::rename(&temp, &list).unwrap();
    };
    edit("Nobody Listed\nHannah Whitaker\n");
    server.wait_until(
        || server.get("/").1.contains("dossier-errors"),
        "a name the site shows, added to the list, stops the site",
    );
    edit("Nobody Listed\n");
    server.wait_until(
        || !server.get("/").1.contains("dossier-errors"),
        "the name taken out again, the site is back",
    );
}
