//! Link previews and structured data (issue 12), read from built sites as a crawler reads them:
//! every public page's JSON-LD parsed and checked against schema.org's definitions of the
//! types it uses, none on application pages or the 404, Open Graph and Twitter tags with
//! content and absolute addresses, and `og:image` a 1200×630 PNG that exists and is the same
//! bytes on every build.

mod common;

use common::{build, copy_dir};
use regex::Regex;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The properties dossier may use on each schema.org type, each a property schema.org defines
/// for that type or a type it inherits from (Thing → CreativeWork → WebPage → ProfilePage):
/// <https://schema.org/Thing> (name, description, url, image, sameAs),
/// <https://schema.org/CreativeWork> (about, author, dateCreated, datePublished, genre,
/// inLanguage, keywords, mainEntity),
/// <https://schema.org/WebPage>, <https://schema.org/ProfilePage>,
/// <https://schema.org/Person> (jobTitle, worksFor, knowsAbout, hasCredential),
/// <https://schema.org/Organization>,
/// <https://schema.org/EducationalOccupationalCredential> (credentialCategory, recognizedBy),
/// <https://schema.org/DefinedTerm> (termCode, inDefinedTermSet).
const THING: &[&str] = &["name", "description", "url", "image", "sameAs"];
const CREATIVE_WORK: &[&str] = &[
    "about",
    "author",
    "dateCreated",
    "datePublished",
    "genre",
    "inLanguage",
    "keywords",
    "mainEntity",
];

fn properties(schema_type: &str) -> Option<Vec<&'static str>> {
    let own: &[&str] = match schema_type {
        "ProfilePage" | "WebPage" | "CreativeWork" => &[],
        "EducationalOccupationalCredential" => &["credentialCategory", "recognizedBy"],
        "Person" => &["jobTitle", "worksFor", "knowsAbout", "hasCredential"],
        "Organization" => &[],
        "DefinedTerm" => &["termCode", "inDefinedTermSet"],
        _ => return None,
    };
    let creative = matches!(
        schema_type,
        "ProfilePage" | "WebPage" | "CreativeWork" | "EducationalOccupationalCredential"
    );
    let inherited = if creative { CREATIVE_WORK } else { &[] };
    Some([THING, inherited, own].concat())
}

/// What a reader of the data needs on each node (schema.org requires nothing; these are what
/// dossier promises, and what link previews and search engines read first).
fn required(schema_type: &str) -> &'static [&'static str] {
    match schema_type {
        "ProfilePage" => &["name", "mainEntity"],
        "Person" => &["name"],
        "CreativeWork" => &["name", "author", "datePublished"],
        "EducationalOccupationalCredential" => &["name", "credentialCategory"],
        _ => &["name"],
    }
}

const DATES: &[&str] = &["dateCreated", "datePublished"];
const ADDRESSES: &[&str] = &["url", "image", "@id"];

/// One built site: its pages by site-relative URL, and its `base_url`.
struct Built {
    run: common::Run,
    base: String,
}

impl Built {
    fn of(portfolio: &Path, base: &str) -> Built {
        let run = build(portfolio, &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        Built {
            run,
            base: base.to_string(),
        }
    }

    /// Every HTML file, by path relative to the output.
    fn pages(&self) -> BTreeMap<String, String> {
        let mut pages = BTreeMap::new();
        for entry in walkdir::WalkDir::new(&self.run.out).into_iter().flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "html") {
                let rel = path.strip_prefix(&self.run.out).unwrap();
                let rel = rel.to_string_lossy().replace('\\', "/");
                pages.insert(rel, std::fs::read_to_string(path).unwrap());
            }
        }
        pages
    }
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio")
}

fn rich() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/portfolios/rich")
}

/// The raw text of each `<script type="application/ld+json">` of a page.
fn scripts(html: &str) -> Vec<String> {
    let re = Regex::new(r#"(?s)<script type="application/ld\+json">(.*?)</script>"#).unwrap();
    re.captures_iter(html).map(|c| c[1].to_string()).collect()
}

/// `(key, content)` of every Open Graph and Twitter tag, content unescaped as a browser does.
fn meta_tags(html: &str) -> Vec<(String, String)> {
    let re = Regex::new(
        r#"<meta (?:property|name)="((?:og|twitter|article):[^"]+)" content="([^"]*)">"#,
    )
    .unwrap();
    re.captures_iter(html)
        .map(|c| (c[1].to_string(), unescape(&c[2])))
        .collect()
}

fn unescape(text: &str) -> String {
    text.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A page written for one application (its page, its printable dossier, anything under it),
/// or the 404 page.
fn is_private(rel: &str) -> bool {
    rel.starts_with("for/") || rel == "404.html"
}

fn is_iso_date(text: &str) -> bool {
    Regex::new(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
        .unwrap()
        .is_match(text)
}

/// Checks one JSON-LD node and everything under it; returns the types it met.
fn check_node(node: &Value, base: &str, page: &str, types: &mut Vec<String>) {
    match node {
        Value::Array(items) => {
            for item in items {
                check_node(item, base, page, types);
            }
        }
        Value::Object(fields) => {
            let Some(schema_type) = fields.get("@type").and_then(Value::as_str) else {
                panic!("{page}: a node without @type: {node}");
            };
            let allowed = properties(schema_type)
                .unwrap_or_else(|| panic!("{page}: @type {schema_type} is not one dossier uses"));
            types.push(schema_type.to_string());
            for (key, value) in fields {
                if key.starts_with('@') {
                    if ADDRESSES.contains(&key.as_str()) {
                        check_address(value, base, page, key);
                    }
                    continue;
                }
                assert!(
                    allowed.contains(&key.as_str()),
                    "{page}: `{key}` is not a property of schema.org/{schema_type}"
                );
                if DATES.contains(&key.as_str()) {
                    let date = value.as_str().unwrap_or_default();
                    assert!(is_iso_date(date), "{page}: {key} `{date}` is not ISO 8601");
                }
                if ADDRESSES.contains(&key.as_str()) {
                    check_address(value, base, page, key);
                }
                if key == "sameAs" {
                    for link in value.as_array().expect("sameAs is a list") {
                        let link = link.as_str().unwrap();
                        assert!(link.starts_with("https://") || link.starts_with("http://"));
                    }
                }
                check_node(value, base, page, types);
            }
            for key in required(schema_type) {
                assert!(
                    fields.contains_key(*key),
                    "{page}: schema.org/{schema_type} without `{key}`: {node}"
                );
            }
        }
        _ => {}
    }
}

/// Addresses are absolute (`base_url` is); the site's own (`@id`, and every `url` but a
/// credential's, which names its awarding body's page) are under `base_url`.
fn check_address(value: &Value, base: &str, page: &str, key: &str) {
    let url = value.as_str().unwrap_or_default();
    assert!(
        url.starts_with("https://") || url.starts_with("http://"),
        "{page}: {key} `{url}` is not absolute"
    );
    if key == "@id" || key == "image" {
        assert!(
            url.starts_with(base),
            "{page}: {key} `{url}` is not under {base}"
        );
    }
}

/// `url` names the page `rel` (the output file) under `base`, once both are percent-encoded.
fn same_address(url: &Value, base: &str, rel: &str) -> bool {
    let expected = format!("{base}{}", rel.trim_end_matches("index.html"));
    let parse = |u: &str| url::Url::parse(u).ok();
    parse(url.as_str().unwrap_or_default()) == parse(&expected) && parse(&expected).is_some()
}

/// Every public page has one JSON-LD block that passes [`check_node`]; no private page has
/// any. Returns the parsed data by page.
fn checked_json_ld(site: &Built) -> BTreeMap<String, Value> {
    let mut found = BTreeMap::new();
    for (rel, html) in site.pages() {
        let blocks = scripts(&html);
        if is_private(&rel) {
            assert!(blocks.is_empty(), "{rel} is not public but carries JSON-LD");
            assert!(
                meta_tags(&html).is_empty(),
                "{rel} is not public but has og tags"
            );
            continue;
        }
        assert_eq!(blocks.len(), 1, "{rel}: one JSON-LD block");
        let data: Value = serde_json::from_str(&blocks[0])
            .unwrap_or_else(|e| panic!("{rel}: JSON-LD does not parse: {e}"));
        assert_eq!(data["@context"], "https://schema.org", "{rel}");
        let mut types = Vec::new();
        check_node(&data, &site.base, &rel, &mut types);
        assert!(same_address(&data["url"], &site.base, &rel), "{rel}");
        found.insert(rel, data);
    }
    found
}

#[test]
fn every_public_page_describes_itself_in_schema_org_terms() {
    let site = Built::of(&sample(), "https://amara.example.org/");
    let data = checked_json_ld(&site);
    let home = &data["index.html"];
    assert_eq!(home["@type"], "ProfilePage");
    let person = &home["mainEntity"];
    assert_eq!(person["@type"], "Person");
    assert_eq!(person["name"], "Amara Okafor");
    assert_eq!(person["@id"], "https://amara.example.org/#person");
    assert_eq!(person["worksFor"][0]["name"], "Riverside Academy Trust");
    assert!(person["sameAs"].as_array().unwrap().len() >= 2);
    assert!(!person["knowsAbout"].as_array().unwrap().is_empty());
    let credentials = person["hasCredential"].as_array().unwrap();
    assert_eq!(
        credentials.len(),
        3,
        "the sample's timeline has three credentials"
    );
    assert_eq!(credentials[0]["@type"], "EducationalOccupationalCredential");
    assert_eq!(credentials[0]["recognizedBy"]["name"], "Ambition Institute");
    assert_eq!(credentials[0]["dateCreated"], "2024-07");

    let artefacts: Vec<_> = data
        .iter()
        .filter(|(rel, _)| rel.starts_with("artefacts/") && rel.matches('/').count() == 2)
        .collect();
    assert!(
        artefacts.len() >= 5,
        "{:?}",
        data.keys().collect::<Vec<_>>()
    );
    for (rel, work) in artefacts {
        assert_eq!(work["@type"], "CreativeWork", "{rel}");
        // The author is the home page's person, by id.
        assert_eq!(work["author"]["@id"], person["@id"], "{rel}");
        assert!(same_address(&work["url"], &site.base, rel), "{rel}");
    }
    let tagged = data
        .values()
        .filter(|w| w.get("keywords").is_some())
        .count();
    let about = data.values().filter(|w| w.get("about").is_some()).count();
    assert!(
        tagged > 0 && about > 0,
        "tags and competencies reach the data"
    );
}

#[test]
fn link_preview_tags_name_the_page_and_a_1200_by_630_card() {
    let site = Built::of(&sample(), "https://amara.example.org/");
    let mut checked = 0;
    let empty = Regex::new(r#"<meta [^>]*content="\s*">"#).unwrap();
    for (rel, html) in site.pages() {
        if is_private(&rel) {
            continue;
        }
        assert!(!empty.is_match(&html), "{rel}: a tag with empty content");
        let tags: BTreeMap<String, String> = meta_tags(&html).into_iter().collect();
        for key in [
            "og:title",
            "og:description",
            "og:type",
            "og:url",
            "og:image",
            "og:locale",
        ] {
            assert!(tags.contains_key(key), "{rel}: no {key}");
        }
        assert_eq!(tags["twitter:card"], "summary_large_image", "{rel}");
        assert_eq!(tags["og:locale"], "en_GB");
        assert!(
            same_address(&Value::from(tags["og:url"].as_str()), &site.base, &rel),
            "{rel}"
        );
        let expected_type = match rel.as_str() {
            "index.html" => "profile",
            r if r.starts_with("artefacts/") && r.matches('/').count() == 2 => "article",
            _ => "website",
        };
        assert_eq!(tags["og:type"], expected_type, "{rel}");
        let image = tags["og:image"]
            .strip_prefix(&site.base)
            .expect("under base_url");
        assert_eq!(image, "social-card.png");
        // X falls back to og:title, og:description and og:image: not repeated as twitter:.
        for key in ["twitter:title", "twitter:description", "twitter:image"] {
            assert!(!tags.contains_key(key), "{rel}: {key} repeats og:");
        }
        assert_eq!(tags["twitter:image:alt"], tags["og:image:alt"]);
        checked += 1;
    }
    assert!(checked > 10);
    let (width, height) = png_size(&site.run.out.join("social-card.png"));
    assert_eq!((width, height), (1200, 630));
}

fn png_size(path: &Path) -> (u32, u32) {
    let file = std::fs::File::open(path).expect("the card exists");
    let reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("a PNG");
    let info = reader.info();
    (info.width, info.height)
}

/// The colour of one pixel of an RGBA PNG.
fn pixel(path: &Path, x: u32, y: u32) -> [u8; 3] {
    let file = std::fs::File::open(path).unwrap();
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    let channels = frame.color_type.samples();
    let at = (y * frame.width + x) as usize * channels;
    [buf[at], buf[at + 1], buf[at + 2]]
}

#[test]
fn hostile_strings_stay_inside_the_json_ld_and_reach_it_intact() {
    let site = Built::of(&rich(), "https://example.org/~amara/portfolio/");
    let data = checked_json_ld(&site);
    for (rel, html) in site.pages() {
        for block in scripts(&html) {
            assert!(!block.contains('<'), "{rel}: `<` left unescaped in JSON-LD");
        }
        // Exactly as many script ends as script starts: nothing in the data closed one early.
        assert_eq!(
            html.matches("<script").count(),
            html.matches("</script>").count(),
            "{rel}"
        );
    }
    let person = &data["index.html"]["mainEntity"];
    assert_eq!(
        person["name"],
        "Amara <b onmouseover=alert(1)>Okafor</b> & Siân ap Gruffudd"
    );
    assert_eq!(
        person["@id"],
        "https://example.org/~amara/portfolio/#person"
    );
    // The application is listed nowhere, its pages carry nothing (checked above), and none of
    // the public data mentions its address.
    let everything = serde_json::to_string(&data).unwrap();
    assert!(
        !everything.contains("/for/"),
        "an application's address leaked"
    );
    let tags: BTreeMap<_, _> = meta_tags(&site.pages()["index.html"]).into_iter().collect();
    assert_eq!(
        tags["og:locale"], "cy_GB",
        "the rich portfolio is in Welsh (cy-GB)"
    );
    assert!(
        tags["og:title"].contains("<script>"),
        "{}",
        tags["og:title"]
    );
}

#[test]
fn the_card_is_the_same_bytes_on_every_build_and_in_the_theme_colours() {
    let first = Built::of(&rich(), "https://example.org/~amara/portfolio/");
    let second = Built::of(&rich(), "https://example.org/~amara/portfolio/");
    let card = |b: &Built| std::fs::read(b.run.out.join("social-card.png")).unwrap();
    assert_eq!(card(&first), card(&second));
    // The background is the theme's `--bg`: classic's #fbfaf7, modern's #f4f5f9.
    let classic = first.run.out.join("social-card.png");
    assert_eq!(pixel(&classic, 600, 10), [0xfb, 0xfa, 0xf7]);
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&sample(), tmp.path());
    let yaml = tmp.path().join("portfolio.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, text.replace("theme: classic", "theme: modern")).unwrap();
    let modern = Built::of(tmp.path(), "https://amara.example.org/");
    let card = modern.run.out.join("social-card.png");
    assert_eq!(pixel(&card, 600, 10), [0xf4, 0xf5, 0xf9]);
}
