//! The privacy guard's settings: portfolio.yaml's `privacy:` section (which detectors run, the
//! small-number threshold), the person's own contact details (never reported as someone
//! else's), and privacy.yaml, the salted hashes `dossier privacy add` writes.

use super::fields::{Fields, Sink};
use super::shapes;
use super::yaml::{self, Value};
use crate::diag::{codes, Diagnostic};
use crate::model::{Detector, HashedNames, PrivacySettings};
use crate::source::SourceFile;

/// The file beside portfolio.yaml that holds the hashed names. It is outside `static/` and
/// `artefacts/`, so no build ever copies it.
pub const HASHES_FILE: &str = "privacy.yaml";

/// portfolio.yaml's `privacy:` section (all optional) and the person's own contact details.
pub fn settings(fields: &Fields<'_>) -> PrivacySettings {
    let mut settings = PrivacySettings {
        own_contact: own_contact(fields.get("person")),
        ..PrivacySettings::default()
    };
    let Some(node) = fields.get("privacy") else {
        return settings;
    };
    let Some(privacy) = Fields::of(fields.sink(), node, &shapes::PRIVACY) else {
        return settings;
    };
    if let Some(n) = privacy.count("small_numbers", "small_numbers: 10") {
        settings.small_numbers = n;
    }
    if let Some(node) = privacy.get("detectors") {
        if let Some(detectors) = Fields::of(fields.sink(), node, &shapes::DETECTORS) {
            settings.off = Detector::ALL
                .into_iter()
                .filter(|d| detectors.bool(d.id()) == Some(false))
                .collect();
            detectors.finish();
        }
    }
    privacy.finish();
    settings
}

/// The person's email and any `mailto:`/`tel:` link, as written (shown or not).
fn own_contact(person: Option<&yaml::Node>) -> Vec<String> {
    let Some(Value::Map(entries)) = person.map(|p| &p.value) else {
        return Vec::new();
    };
    let text = |node: &yaml::Node| match &node.value {
        Value::String(s) => Some(s.clone()),
        _ => None,
    };
    let mut own = Vec::new();
    for (key, value) in entries {
        match (key.name.as_str(), &value.value) {
            ("email", _) => own.extend(text(value)),
            ("links", Value::Seq(links)) => {
                for link in links {
                    let Value::Map(fields) = &link.value else {
                        continue;
                    };
                    let urls = fields.iter().filter(|(k, _)| k.name == "url");
                    for url in urls.filter_map(|(_, v)| text(v)) {
                        if let Some(rest) = url
                            .strip_prefix("mailto:")
                            .or_else(|| url.strip_prefix("tel:"))
                        {
                            own.push(rest.split('?').next().unwrap_or_default().to_string());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    own
}

/// Reads privacy.yaml: its salt and the hashes of the names that must never appear.
pub fn hashed_names(file: &SourceFile) -> Result<HashedNames, Vec<Diagnostic>> {
    let node = yaml::parse(&file.path, &file.text, 1).map_err(|e| vec![e])?;
    let sink = Sink::new(&file.path);
    let Some(fields) = Fields::of(&sink, &node, &shapes::HASHES) else {
        return Err(sink.into_diagnostics());
    };
    let salt = fields.required_string("salt", "salt: 9c2f…");
    let hashes = fields.string_list("names");
    for hash in &hashes {
        if !is_digest(&hash.value) {
            sink.push(
                Diagnostic::error(
                    codes::NAME_LIST,
                    hash.location.clone(),
                    "this is not a hashed name written by `dossier privacy add`",
                )
                .with_hint("privacy.yaml keeps only hashes, never names: remove this line and add the name with\n  dossier privacy add \"Zofia Kowalska\""),
            );
        }
    }
    fields.finish();
    let diags = sink.into_diagnostics();
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(HashedNames {
        path: file.path.clone(),
        salt: salt.unwrap_or_default(),
        hashes: hashes.into_iter().map(|h| h.value.to_lowercase()).collect(),
    })
}

/// A SHA-256 digest in hex.
fn is_digest(text: &str) -> bool {
    text.len() == 64 && text.chars().all(|c| c.is_ascii_hexdigit())
}
