//! The HTTP side of `serve` (axum): files from the in-memory site, live reload over
//! server-sent events, and the error overlay while the portfolio does not build.
//! The reload script and overlay are added here, on the way out, so `build` never has them.

use super::hosts::AllowedHosts;
use super::rebuild::Live;
use crate::diag::Diagnostic;
use crate::render::html_text::escape;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::sync::Arc;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

/// Where the browser listens for "these pages changed".
pub const EVENTS: &str = "/__dossier/events";

pub struct AppState {
    pub live: Arc<Live>,
    /// JSON arrays of changed site URLs (`["artefacts/x/"]`, or `["*"]` for every page).
    pub reloads: broadcast::Sender<String>,
    /// The names requests may address the server by.
    pub hosts: AllowedHosts,
}

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(EVENTS, get(events))
        .fallback(file)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            only_known_hosts,
        ))
        .with_state(state)
}

/// Answers only requests addressed to a name of this computer (see [`super::hosts`]); any
/// other gets 403 and a plain explanation, the live-reload events included.
async fn only_known_hosts(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()))
        .map(str::to_string);
    match host {
        Some(host) if state.hosts.allows(&host) => next.run(request).await,
        host => (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            refusal(host.as_deref(), &state.hosts),
        )
            .into_response(),
    }
}

fn refusal(host: Option<&str>, hosts: &AllowedHosts) -> String {
    let asked = match host {
        Some(host) => format!("it was addressed to `{host}`, which is not a name of this computer"),
        None => "it did not say which host it was addressed to".to_string(),
    };
    format!(
        "dossier serve refused this request: {asked}.\n\
         The preview answers only to {} (on the port it listens on), so that other web sites \
         cannot read it through your browser.\n\
         If you reach it by another name (a proxy, a name on your network), start it with:\n  \
         dossier serve --allow-host NAME\n",
        hosts.listed()
    )
}

async fn events(
    State(state): State<Arc<AppState>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = BroadcastStream::new(state.reloads.subscribe())
        .filter_map(|message| message.ok().map(|data| Ok(Event::default().data(data))));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn file(State(state): State<Arc<AppState>>, uri: Uri) -> Response {
    let Some(path) = site_path(uri.path()) else {
        return (
            StatusCode::BAD_REQUEST,
            "dossier serve only serves files of the site\n",
        )
            .into_response();
    };
    let errors = state.live.errors();
    if let Some(bytes) = state.live.file(&path) {
        return respond(StatusCode::OK, &path, bytes, &errors);
    }
    // `/artefacts/x` → `/artefacts/x/`, as a static host would.
    if !path.is_empty()
        && !path.ends_with('/')
        && state.live.file(&format!("{path}/index.html")).is_some()
    {
        return Response::builder()
            .status(StatusCode::MOVED_PERMANENTLY)
            .header(
                header::LOCATION,
                format!("/{}/", path.trim_end_matches("/index.html")),
            )
            .body(Body::empty())
            .unwrap_or_default();
    }
    let page = state
        .live
        .file("404.html")
        .unwrap_or_else(|| NO_SITE.as_bytes().to_vec());
    respond(StatusCode::NOT_FOUND, "404.html", page, &errors)
}

/// Shown when the portfolio has never built since `serve` started.
const NO_SITE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>dossier</title></head><body><main><h1>The portfolio does not build yet</h1><p>Fix the problems listed below and save; this page reloads by itself.</p></main></body></html>";

/// The site file a URL path asks for, or `None` when it tries to leave the site (`..`,
/// encoded or not, backslashes, NUL).
pub fn site_path(raw: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if decoded.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

fn respond(status: StatusCode, path: &str, bytes: Vec<u8>, errors: &[Diagnostic]) -> Response {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let body = if is_html {
        with_live_reload(bytes, errors)
    } else {
        bytes
    };
    let content_type = if mime.type_() == "text"
        || mime.essence_str() == "application/json"
        || mime.essence_str() == "image/svg+xml"
    {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(body))
        .unwrap_or_default()
}

/// Keeps an open page current while serving (never in built output): when the server says this
/// page changed, fetch it and swap in the new body, which keeps the reader's scroll position
/// and avoids a full reload; `*` (a theme or settings change) reloads everything.
const RELOAD_SCRIPT: &str = r#"<script>(()=>{const here=()=>location.pathname.replace(/^\//,"").replace(/index\.html$/,"");const es=new EventSource("/__dossier/events");es.onmessage=async(e)=>{const urls=JSON.parse(e.data);if(urls.includes("*")){location.reload();return;}if(!urls.includes(here()))return;try{const r=await fetch(location.href,{cache:"no-store"});const doc=new DOMParser().parseFromString(await r.text(),"text/html");document.title=doc.title;document.body.replaceWith(doc.body);}catch(_){location.reload();}};})();</script>"#;

fn with_live_reload(bytes: Vec<u8>, errors: &[Diagnostic]) -> Vec<u8> {
    let html = String::from_utf8_lossy(&bytes);
    let mut extra = String::from(RELOAD_SCRIPT);
    if !errors.is_empty() {
        extra.push_str(&overlay(errors));
    }
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + extra.len());
    out.push_str(&html[..at]);
    out.push_str(&extra);
    out.push_str(&html[at..]);
    out.into_bytes()
}

/// The errors of the last rebuild over the last good page, until they are fixed.
pub fn overlay(errors: &[Diagnostic]) -> String {
    let mut items = String::new();
    for d in errors {
        items.push_str(&format!(
            "<li style=\"margin:.6em 0\"><code style=\"font-weight:600\">{}</code> {}{}</li>",
            escape(&d.location.to_string()),
            escape(&d.message),
            d.hint.as_ref().map_or(String::new(), |h| format!(
                "<br><span style=\"color:#444;white-space:pre-wrap\">{}</span>",
                escape(h)
            ))
        ));
    }
    format!(
        "<div id=\"dossier-errors\" role=\"alert\" style=\"position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;background:#fff4f4;color:#4a0000;border-top:4px solid #b00020;padding:1rem 1.5rem;font:15px/1.5 system-ui,sans-serif;z-index:2147483647;box-shadow:0 -4px 18px rgba(0,0,0,.25)\"><strong style=\"font-size:1.1em\">The portfolio has {} problem{} — fix and save, and this page updates by itself.</strong><ul style=\"padding-left:1.2em;margin:.5em 0\">{items}</ul><p style=\"margin:0;color:#444\">Below is the last version that built.</p></div>",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/a\\..\\b",
            "/%2e%2e%2fetc",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn folders_mean_their_index() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/artefacts/fa-pilot/").as_deref(),
            Some("artefacts/fa-pilot/index.html")
        );
        assert_eq!(
            site_path("/theme/style.css").as_deref(),
            Some("theme/style.css")
        );
        assert_eq!(site_path("/a%20b.pdf").as_deref(), Some("a b.pdf"));
    }
}
