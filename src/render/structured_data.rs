//! What a page tells machines about itself: schema.org JSON-LD (a `ProfilePage` whose
//! `mainEntity` is the `Person` on the home page, a `CreativeWork` per artefact, a `WebPage`
//! elsewhere) and the Open Graph and Twitter card tags a link preview is drawn from.
//!
//! Public pages only: an application page (and anything under its address, such as its
//! printable dossier) is written for one panel, and the 404 page is about no page at all.
//! `themes/shared/templates/parts/head_meta.html` writes [`HeadMeta`] into `<head>`.

use super::social_card;
use crate::diag::{codes, Diagnostic, Location};
use crate::model::{TimelineEnd, TimelineKind};
use crate::paths;
use crate::site::{self, Page, Site};
use serde::Serialize;
use serde_json::{json, Map, Value};

/// The tags and JSON-LD of one page, as `head_meta` in its template.
#[derive(Debug, Serialize)]
pub struct HeadMeta {
    /// Open Graph (`property=`) and Twitter (`name=`) tags, none with empty content.
    pub tags: Vec<MetaTag>,
    /// The JSON-LD, safe to write between `<script type="application/ld+json">` and
    /// `</script>` as it is.
    pub json_ld: String,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct MetaTag {
    /// `property` (Open Graph) or `name` (Twitter).
    pub attribute: &'static str,
    pub key: &'static str,
    pub content: String,
}

/// What the page says of itself, as its `<title>` and description do.
pub struct PageText<'t> {
    pub title: &'t str,
    pub description: &'t str,
}

/// The page's tags and JSON-LD, or `None` for a page that must not carry them.
pub fn head_meta(site: &Site<'_>, page: Page, url: &str, text: &PageText<'_>) -> Option<HeadMeta> {
    if !is_public(site, page, url) {
        return None;
    }
    let links = Links::new(&site.portfolio.base_url);
    let described = Described::of(site, page, text);
    Some(HeadMeta {
        tags: tags(site, page, url, &described, &links),
        json_ld: script_safe(&json_ld(site, page, url, &described, &links)),
    })
}

/// Not the 404 page, and not an application's page or anything under its address: matched by
/// address rather than by page kind, so pages added under an application later (its brief)
/// are left out too.
fn is_public(site: &Site<'_>, page: Page, url: &str) -> bool {
    !matches!(page, Page::NotFound) && !site.applications.iter().any(|a| url.starts_with(&a.url))
}

/// The title and description a preview shows: the page's `<title>`, and an artefact's own
/// summary where it has one.
struct Described {
    title: String,
    description: String,
}

impl Described {
    fn of(site: &Site<'_>, page: Page, text: &PageText<'_>) -> Described {
        let title = match page {
            Page::Home => text.title.to_string(),
            _ => format!("{} · {}", text.title, site.portfolio.person.name),
        };
        let summary = match page {
            Page::Artefact(id) => site.artefact(id).summary.as_deref(),
            _ => None,
        };
        let description = summary
            .filter(|s| !s.trim().is_empty())
            .unwrap_or(text.description)
            .to_string();
        Described { title, description }
    }
}

/// Absolute addresses, which previews and JSON-LD need, exist only when `base_url` is an
/// absolute http(s) address. Otherwise (an empty or relative one) `og:url`, `og:image` and
/// every JSON-LD `url` are left out: a relative address in them would be read against the
/// previewing service's own host, and `dossier check` says so once (D0550).
struct Links<'b> {
    base: Option<&'b str>,
}

impl<'b> Links<'b> {
    fn new(base_url: &'b str) -> Links<'b> {
        Links {
            base: paths::is_web_address(base_url).then_some(base_url),
        }
    }

    /// The absolute address of a site path, if there is one.
    fn at(&self, path: &str) -> Option<String> {
        self.base
            .map(|base| paths::address(&format!("{}{path}", with_slash(base))))
    }

    /// The person's node id: the home page's address and `#person`.
    fn person_id(&self) -> Option<String> {
        self.at("").map(|home| format!("{home}#person"))
    }
}

fn with_slash(base: &str) -> String {
    if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    }
}

/// `dossier check`'s note when previews cannot name the page or its image (D0550).
pub fn base_url_note(base_url: &str) -> Option<Diagnostic> {
    if paths::is_web_address(base_url) {
        return None;
    }
    Some(
        Diagnostic::note(
            codes::NO_ABSOLUTE_BASE_URL,
            Location::file("portfolio.yaml"),
            format!(
                "`base_url` `{base_url}` is not an absolute address, so link previews leave out the page's address (og:url) and its image (og:image)"
            ),
        )
        .with_hint("write the address the site is published at, for example:\nbase_url: \"https://amara.example.org/\""),
    )
}

fn tags(site: &Site<'_>, page: Page, url: &str, d: &Described, links: &Links<'_>) -> Vec<MetaTag> {
    let portfolio = site.portfolio;
    let image = links.at(site::SOCIAL_CARD);
    let alt = image_alt(site);
    let og_type = match page {
        Page::Home => "profile",
        Page::Artefact(_) => "article",
        _ => "website",
    };
    let published = match page {
        Page::Artefact(id) => Some(site.artefact(id).date.iso()),
        _ => None,
    };
    let has_image = image.is_some();
    let card = if has_image {
        "summary_large_image"
    } else {
        "summary"
    };
    let og = |key, content: Option<String>| content.map(|c| ("property", key, c));
    let tw = |key, content: Option<String>| content.map(|c| ("name", key, c));
    let size = |n: u32| has_image.then(|| n.to_string());
    [
        og("og:site_name", Some(portfolio.title.clone())),
        og("og:title", Some(d.title.clone())),
        og("og:description", Some(d.description.clone())),
        og("og:type", Some(og_type.into())),
        og("og:url", links.at(url)),
        og("og:locale", Some(og_locale(&portfolio.language))),
        og("og:image", image),
        og("og:image:type", has_image.then(|| "image/png".into())),
        og("og:image:width", size(social_card::WIDTH)),
        og("og:image:height", size(social_card::HEIGHT)),
        og("og:image:alt", has_image.then(|| alt.clone())),
        og("article:published_time", published),
        // X reads og:title, og:description and og:image when its own tags are absent
        // (developer.x.com/cards/markup, "OpenGraph fallback"), so only what Open Graph
        // cannot say is repeated: the card's layout and the image's alt text.
        tw("twitter:card", Some(card.into())),
        tw("twitter:image:alt", has_image.then_some(alt)),
    ]
    .into_iter()
    .flatten()
    .filter(|(_, _, content)| !content.trim().is_empty())
    .map(|(attribute, key, content)| MetaTag {
        attribute,
        key,
        content,
    })
    .collect()
}

/// What the card shows, in words, for readers of the preview who cannot see it.
fn image_alt(site: &Site<'_>) -> String {
    let person = &site.portfolio.person;
    match person.headline.as_deref().filter(|h| !h.trim().is_empty()) {
        Some(role) => format!("{}, {role}: portfolio card", person.name),
        None => format!("{}: portfolio card", person.name),
    }
}

/// Open Graph writes locales as `language_TERRITORY`: `en-GB` → `en_GB`, `cy` → `cy`.
fn og_locale(language: &str) -> String {
    let mut parts = language.split(['-', '_']);
    let lang = parts.next().unwrap_or_default().to_ascii_lowercase();
    match parts.find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic())) {
        Some(region) => format!("{lang}_{}", region.to_ascii_uppercase()),
        None => lang,
    }
}

fn json_ld(site: &Site<'_>, page: Page, url: &str, d: &Described, links: &Links<'_>) -> Value {
    let mut node = match page {
        Page::Home => profile_page(site, d, links),
        Page::Artefact(id) => creative_work(site, id, links),
        _ => web_page(site, d, links),
    };
    insert(&mut node, "url", links.at(url).map(Value::from));
    let mut root = Map::new();
    root.insert("@context".into(), "https://schema.org".into());
    if let Value::Object(fields) = node {
        root.extend(fields);
    }
    Value::Object(root)
}

fn profile_page(site: &Site<'_>, d: &Described, links: &Links<'_>) -> Value {
    json!({
        "@type": "ProfilePage",
        "name": d.title,
        "description": d.description,
        "inLanguage": site.portfolio.language,
        "mainEntity": person(site, links),
    })
}

fn web_page(site: &Site<'_>, d: &Described, links: &Links<'_>) -> Value {
    json!({
        "@type": "WebPage",
        "name": d.title,
        "description": d.description,
        "inLanguage": site.portfolio.language,
        "author": person_ref(site, links),
    })
}

/// The person in full: the home page's `mainEntity`, which other pages point to by `@id`.
fn person(site: &Site<'_>, links: &Links<'_>) -> Value {
    let person = &site.portfolio.person;
    let mut node = person_ref(site, links);
    let headline = person.headline.as_deref().filter(|h| !h.trim().is_empty());
    insert(&mut node, "jobTitle", headline.map(Value::from));
    let employers = current_employers(site);
    insert(&mut node, "worksFor", non_empty(employers));
    let photo = person.photo.as_ref().and_then(|p| {
        links.at(&paths::path(&site::photo_path(
            &site.portfolio.root,
            &p.source,
        )))
    });
    insert(&mut node, "image", photo.map(Value::from));
    insert(&mut node, "url", links.at("").map(Value::from));
    let same_as = person
        .links
        .iter()
        .filter(|l| paths::is_web_address(&l.url))
        .map(|l| Value::from(l.url.as_str()))
        .collect();
    insert(&mut node, "sameAs", non_empty(same_as));
    let knows = site
        .competencies
        .iter()
        .filter(|e| !e.is_gap())
        .map(|e| Value::from(e.competency.name.as_str()))
        .collect();
    insert(&mut node, "knowsAbout", non_empty(knows));
    insert(&mut node, "hasCredential", non_empty(credentials(site)));
    node
}

/// The person as other nodes name them: type, `@id` (when addresses are absolute) and name.
fn person_ref(site: &Site<'_>, links: &Links<'_>) -> Value {
    let mut node = json!({"@type": "Person", "name": site.portfolio.person.name});
    insert(&mut node, "@id", links.person_id().map(Value::from));
    node
}

/// The organisations of the roles the timeline marks `end: present`, once each.
fn current_employers(site: &Site<'_>) -> Vec<Value> {
    let mut names: Vec<&str> = Vec::new();
    for entry in &site.timeline {
        let current = matches!(entry.end, Some(TimelineEnd::Present));
        if let (TimelineKind::Role, true, Some(org)) = (entry.kind, current, &entry.organisation) {
            if !names.contains(&org.as_str()) {
                names.push(org);
            }
        }
    }
    names.into_iter().map(organisation).collect()
}

fn organisation(name: &str) -> Value {
    json!({"@type": "Organization", "name": name})
}

/// The timeline's credentials. The timeline does not say which kind of credential each is, so
/// every one is a `certificate` (schema.org's own example of a category; degrees, NPQs and
/// first-aid certificates all fit it).
fn credentials(site: &Site<'_>) -> Vec<Value> {
    site.timeline
        .iter()
        .filter(|e| e.kind == TimelineKind::Credential)
        .map(|e| {
            let mut node = json!({
                "@type": "EducationalOccupationalCredential",
                "name": e.title,
                "credentialCategory": "certificate",
            });
            let org = e.organisation.as_deref().map(organisation);
            insert(&mut node, "recognizedBy", org);
            let date = e.date.or(e.start).map(|d| Value::from(d.iso()));
            insert(&mut node, "dateCreated", date);
            let url = e.url.as_deref().filter(|u| paths::is_web_address(u));
            insert(&mut node, "url", url.map(Value::from));
            insert(
                &mut node,
                "description",
                e.description.as_deref().map(Value::from),
            );
            node
        })
        .collect()
}

fn creative_work(site: &Site<'_>, id: site::Id, links: &Links<'_>) -> Value {
    let a = site.artefact(id);
    let mut node = json!({
        "@type": "CreativeWork",
        "name": a.title,
        "datePublished": a.date.iso(),
        "author": person_ref(site, links),
        "inLanguage": a.lang.as_deref().unwrap_or(&site.portfolio.language),
        "genre": a.kind.label(),
    });
    let summary = a.summary.as_deref().filter(|s| !s.trim().is_empty());
    insert(&mut node, "description", summary.map(Value::from));
    insert(
        &mut node,
        "dateCreated",
        a.start.map(|d| Value::from(d.iso())),
    );
    let keywords = a.tags.iter().map(|t| Value::from(t.as_str())).collect();
    insert(&mut node, "keywords", non_empty(keywords));
    let framework = site.portfolio.framework.as_ref();
    let about = a
        .competencies
        .iter()
        .filter_map(|c| framework?.competencies.iter().find(|k| k.id == c.value))
        .map(|c| {
            let mut term = json!({"@type": "DefinedTerm", "name": c.name, "termCode": c.id});
            let set = framework.map(|f| Value::from(f.name.as_str()));
            insert(&mut term, "inDefinedTermSet", set);
            term
        })
        .collect();
    insert(&mut node, "about", non_empty(about));
    node
}

fn non_empty(values: Vec<Value>) -> Option<Value> {
    (!values.is_empty()).then_some(Value::Array(values))
}

/// Sets `key` when there is a value (a node never says `null`).
fn insert(node: &mut Value, key: &str, value: Option<Value>) {
    if let (Value::Object(fields), Some(value)) = (node, value) {
        fields.insert(key.into(), value);
    }
}

/// JSON that cannot end its `<script>` element: every `<`, `>` and `&` written as a JSON
/// `\u` escape, so no string in it (a hostile title holding `</script>` or `<!--`) is read as
/// markup by the HTML parser, and the JSON it parses to is unchanged.
fn script_safe(value: &Value) -> String {
    let json = value.to_string();
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_string_can_close_the_script() {
        let value = json!({"name": "</script><script>alert(1)</script><!-- & -->"});
        let safe = script_safe(&value);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn only_absolute_http_addresses_make_links() {
        assert!(paths::is_web_address(
            "https://example.org/~amara/portfolio/"
        ));
        assert!(!paths::is_web_address(""));
        assert!(!paths::is_web_address("/portfolio/"));
        assert!(!paths::is_web_address("mailto:a@example.org"));
        let links = Links::new("https://example.org/p/");
        assert_eq!(
            links.at("artefacts/a b/").as_deref(),
            Some("https://example.org/p/artefacts/a%20b/")
        );
        assert_eq!(
            links.person_id().as_deref(),
            Some("https://example.org/p/#person")
        );
        assert_eq!(Links::new("/p/").at("x/"), None);
    }

    #[test]
    fn a_relative_base_url_is_noted_once_and_an_absolute_one_not() {
        let note = base_url_note("/portfolio/").expect("a note");
        assert_eq!(note.code, codes::NO_ABSOLUTE_BASE_URL);
        assert_eq!(note.severity, crate::diag::Severity::Note);
        assert!(base_url_note("https://amara.example.org/").is_none());
    }

    #[test]
    fn locales_are_written_the_open_graph_way() {
        assert_eq!(og_locale("en-GB"), "en_GB");
        assert_eq!(og_locale("cy"), "cy");
        assert_eq!(og_locale("zh-Hant-TW"), "zh_TW");
    }
}
