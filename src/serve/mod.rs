//! `dossier serve`: build into memory, serve over HTTP, watch the portfolio, rebuild what an
//! edit touches and reload the open pages. The watcher knows nothing of HTTP; `run` joins them.

mod affected;
mod hosts;
mod http;
mod listings;
mod rebuild;
mod watch;

pub use http::{overlay, site_path};
pub use rebuild::{Change, Live, Outcome, Rebuilder};
pub use watch::classify;

use crate::pipeline::{Failure, Options};
use crate::report::{self, Format};
use notify::Watcher;
use std::future::IntoFuture;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// What `serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: Options,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    /// Host names to answer besides this computer's own (`--allow-host`).
    pub allow_hosts: Vec<String>,
}

pub fn run(opts: ServeOptions) -> Result<(), Failure> {
    let listener = bind(opts.bind, opts.port)?;
    let port = listener.local_addr().map_or(opts.port, |a| a.port());
    let address = local_address(opts.bind, port);
    if !opts.bind.is_loopback() {
        warn_about_the_network(opts.bind, opts.build.drafts);
    }
    let mut build = opts.build.clone();
    build.base_url = Some(address.clone());
    build.serving = true;
    let mut rebuilder = Rebuilder::new(build.clone());
    let (reloads, _) = tokio::sync::broadcast::channel::<String>(64);

    // Watch first, build second: a file saved at any moment after this line is either read
    // by the first build or queued as an event for the next one, never lost (issue 15).
    let output = crate::pipeline::output_dir(&build);
    let watched = watch::Watched::new(rebuilder.root(), &output);
    let (_watcher, events) = watch_folder(&watched, rebuilder.newer_change())?;
    let outcome = rebuilder.rebuild(&Change::Everything, &mut |_| {});
    print_outcome(&outcome, "Built");

    let stopping = Arc::new(AtomicBool::new(false));
    let state = Arc::new(http::AppState {
        live: rebuilder.live.clone(),
        reloads: reloads.clone(),
        hosts: hosts::AllowedHosts::new(opts.bind, port, &opts.allow_hosts),
    });
    let server = start_server(listener, state, stopping.clone())?;
    eprintln!(
        "Serving {} at {address}\nWatching {} for changes. Press Ctrl-C to stop.",
        build.root.display(),
        rebuilder.root().display()
    );
    if opts.open {
        if let Err(e) = open::that(&address) {
            eprintln!("Could not open a browser ({e}); open {address} yourself.");
        }
    }

    let root = rebuilder.root().to_path_buf();
    let stop = || stopping.load(Ordering::SeqCst);
    let send: Arc<dyn Fn(Vec<String>) + Send + Sync> = Arc::new(move |urls: Vec<String>| {
        // Nobody listening is fine: no browser is open yet.
        let _ = reloads.send(serde_json::to_string(&urls).unwrap_or_default());
    });
    loop {
        let newer = rebuilder.newer_change();
        let change = watch::next_change(&events, &watched, &stop, &mut || {
            if rebuilder.owes_listings() {
                let outcome = rebuilder.catch_up(&mut |urls| send(urls));
                print_outcome(&outcome, "Caught up:");
            } else {
                rebuilder.refresh_documents(send.clone());
            }
        });
        let Some(change) = change else { break };
        // This rebuild takes every change heard of so far; a later one interrupts its listings.
        newer.store(false, Ordering::SeqCst);
        if let Change::Artefacts(paths) = &change {
            let names: Vec<String> = paths
                .iter()
                .map(|p| crate::diag::display_path(&root, p))
                .collect();
            eprintln!("Changed: {}", names.join(", "));
        }
        let outcome = rebuilder.rebuild(&change, &mut |urls| send(urls));
        print_outcome(&outcome, "Rebuilt");
    }
    let _ = server.join();
    eprintln!("Stopped.");
    Ok(())
}

/// Starts watching the portfolio and the name lists outside it; events queue in the returned
/// channel until they are read, so changes made while a build runs wait for the next
/// rebuild. Dropping the watcher stops it.
/// A change that matters also sets `newer`, at once, so the listings of the rebuild under way
/// give way to it.
fn watch_folder(
    watched: &watch::Watched,
    newer: Arc<AtomicBool>,
) -> Result<(notify::RecommendedWatcher, watch::Events), Failure> {
    let (events_tx, events) = std::sync::mpsc::channel();
    let heard = watched.clone();
    let handler = move |event: notify::Result<notify::Event>| {
        if let Ok(event) = &event {
            if watch::changes_content(event) && heard.classify(&event.paths).is_some() {
                newer.store(true, Ordering::SeqCst);
            }
        }
        // The loop reading them stopped: serve is stopping.
        let _ = events_tx.send(event);
    };
    let mut watcher = notify::recommended_watcher(handler)
        .map_err(|e| Failure::Tool(format!("cannot watch files: {e}")))?;
    let root = &watched.root;
    watcher
        .watch(root, notify::RecursiveMode::Recursive)
        .map_err(|e| Failure::Tool(format!("cannot watch {}: {e}", root.display())))?;
    for folder in watched.outside_folders() {
        // A list that cannot be watched is still read by every full rebuild: say so, go on.
        if let Err(e) = watcher.watch(&folder, notify::RecursiveMode::NonRecursive) {
            eprintln!("warning: cannot watch {} for changes to your list of names ({e}); restart serve after editing it", folder.display());
        }
    }
    Ok((watcher, events))
}

/// Listening beyond this computer publishes the unfinished site to everyone on the network.
fn warn_about_the_network(ip: IpAddr, drafts: bool) {
    let drafts = if drafts {
        ", drafts included (--drafts)"
    } else {
        ""
    };
    eprintln!(
        "warning: serving on {ip}: anyone on your network who can reach this computer can read this unpublished preview{drafts}.\n  = hint: to keep it on this computer, leave out --bind (the default is 127.0.0.1)"
    );
}

fn bind(ip: IpAddr, port: u16) -> Result<std::net::TcpListener, Failure> {
    let listener = std::net::TcpListener::bind(SocketAddr::new(ip, port)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            Failure::Tool(format!(
                "port {port} is already in use (is another `dossier serve` running?); stop it, or choose another port: dossier serve --port {}",
                port.saturating_add(1)
            ))
        } else {
            Failure::Tool(format!("cannot listen on {ip}:{port}: {e}"))
        }
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Failure::Tool(e.to_string()))?;
    Ok(listener)
}

fn local_address(ip: IpAddr, port: u16) -> String {
    match ip {
        IpAddr::V4(v4) if v4.is_unspecified() || v4.is_loopback() => {
            format!("http://127.0.0.1:{port}/")
        }
        IpAddr::V6(v6) if v6.is_unspecified() || v6.is_loopback() => {
            format!("http://[::1]:{port}/")
        }
        IpAddr::V4(v4) => format!("http://{v4}:{port}/"),
        IpAddr::V6(v6) => format!("http://[{v6}]:{port}/"),
    }
}

/// The HTTP server on its own thread and tokio runtime; Ctrl-C stops it and sets `stopping`.
fn start_server(
    listener: std::net::TcpListener,
    state: Arc<http::AppState>,
    stopping: Arc<AtomicBool>,
) -> Result<std::thread::JoinHandle<()>, Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::Tool(format!("cannot start the server: {e}")))?;
    Ok(std::thread::spawn(move || {
        runtime.block_on(async move {
            let listener = match tokio::net::TcpListener::from_std(listener) {
                Ok(listener) => listener,
                Err(e) => {
                    eprintln!("error: cannot serve: {e}");
                    stopping.store(true, Ordering::SeqCst);
                    return;
                }
            };
            // Not a graceful shutdown: open event streams never end, and would keep it waiting.
            tokio::select! {
                result = axum::serve(listener, http::router(state)).into_future() => {
                    if let Err(e) = result {
                        eprintln!("error: the server stopped: {e}");
                    }
                }
                _ = tokio::signal::ctrl_c() => {}
            }
            stopping.store(true, Ordering::SeqCst);
        });
    }))
}

fn print_outcome(outcome: &Outcome, verb: &str) {
    // anstream drops the colour of human diagnostics where it does not belong.
    let stderr = &mut anstream::stderr().lock();
    report::diagnostics(Format::Human, &outcome.diagnostics, stderr);
    if outcome.failed() {
        let _ = writeln!(stderr, "Not rebuilt: the browser shows these problems until they are fixed; the last good site is still served.");
    } else {
        let deferred = if outcome.interrupted {
            " (a newer save came: the other listings follow it)"
        } else {
            ""
        };
        let _ = writeln!(
            stderr,
            "{verb} {} pages in {} ms{deferred}.",
            outcome.pages,
            outcome.elapsed.as_millis()
        );
    }
}
