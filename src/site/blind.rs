//! `--blind`: the portfolio as a panel shortlisting on evidence alone reads it. A pure
//! transform of the validated model, before the site is derived from it, so every page, feed,
//! `portfolio.json`, the sitemap and the PDF are made from the blinded words and nothing
//! downstream needs to know: the person's name becomes a stable label ("Candidate 7F3A"),
//! referees become "Referee 1" (their role kept), employers "Organisation A", contact details
//! and the privacy lists' names are withheld, and the photo, location and personal links go.
//!
//! Files cannot be rewritten safely, so a copied file (an attachment, a file of `static/`)
//! whose name or text holds a replaced string is left out, with a warning naming it.
//! Matching is `privacy::blind`'s, the guard's own word matching.

use crate::diag::{codes, Diagnostic, Diagnostics, Location};
use crate::model::{
    Artefact, AttachmentTarget, LinkTarget, Markdown, Metric, Plan, Portfolio, Story, TimelineKind,
    When,
};
use crate::parse::{markdown_scan, Root};
use crate::privacy::blind::Replacer;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A blinded portfolio, its label and the files a blind build must not copy.
#[derive(Debug, Clone)]
pub struct Blind {
    pub portfolio: Portfolio,
    /// "Candidate 7F3A".
    pub label: String,
    /// Files of `static/` left out (the photo, and any naming someone).
    pub withheld_static: Vec<PathBuf>,
}

/// A blind build publishes no listed name (each is replaced, see [`Replacer::set_private`]),
/// so the guard's D0601 errors become D0651 warnings: said once, without failing the build
/// (under `--strict`, still an error). A normal build of the same portfolio still fails.
pub fn listed_names_replaced(diags: Diagnostics) -> Diagnostics {
    diags
        .into_iter()
        .map(|d| match d.code == codes::FORBIDDEN_NAME {
            true => {
                let hint = "a normal build fails on it: remove it or describe the person instead (\"a Year 9 pupil\", \"a colleague\")";
                let message = format!("{}; this blind build replaces it", d.message);
                Diagnostic::warning(codes::BLIND_LISTED_NAME, d.location, message)
                    .with_hint(hint)
            }
            false => d,
        })
        .collect()
}

/// What contact details become in prose.
const CONTACT: &str = "[contact withheld]";

/// The label of a portfolio whose content hash is `version`: the same content always gives
/// the same label, and the label does not reveal the version.
pub fn label(version: &str) -> String {
    let digest = Sha256::digest(format!("dossier blind review\n{version}").as_bytes());
    format!("Candidate {:02X}{:02X}", digest[0], digest[1])
}

/// `portfolio` with everything that identifies the person replaced. `version` is the content
/// hash of the portfolio as written; `static_files` are those `static/` would copy;
/// `include_drafts` says which artefacts are published (only their files are checked).
pub fn apply(
    portfolio: &Portfolio,
    version: &str,
    static_files: &[PathBuf],
    include_drafts: bool,
    diags: &mut Diagnostics,
) -> Blind {
    let label = label(version);
    let replacer = replacer(portfolio, &label);
    let mut p = portfolio.clone();
    let r = |s: &str| replacer.replace(s);
    let ro = |s: &Option<String>| s.as_deref().map(r);
    p.title = r(&p.title);
    p.base_url = base_url(&p.base_url, &replacer, &label);
    let root = Root::new(&p.root);
    p.person.name = label.clone();
    p.person.headline = ro(&p.person.headline);
    p.person.location = None;
    p.person.photo = None;
    p.person.email = None;
    p.person.links.clear();
    p.person.summary = p
        .person
        .summary
        .as_ref()
        .map(|m| markdown(m, &replacer, &root, &root.path, diags));
    for entry in &mut p.timeline {
        entry.title = r(&entry.title);
        entry.organisation = ro(&entry.organisation);
        entry.description = ro(&entry.description);
        if entry.url.as_deref().is_some_and(|u| replacer.finds(u)) {
            entry.url = None;
        }
    }
    for application in &mut p.applications {
        application.title = r(&application.title);
        application.statement = application
            .statement
            .as_ref()
            .map(|m| markdown(m, &replacer, &root, &root.path, diags));
    }
    if let Some(framework) = &mut p.framework {
        framework.name = r(&framework.name);
        framework.source = ro(&framework.source);
        for competency in &mut framework.competencies {
            competency.name = r(&competency.name);
            competency.description = ro(&competency.description);
            competency.short = ro(&competency.short);
        }
    }
    if let Some(pathway) = &mut p.pathway {
        pathway.name = r(&pathway.name);
        pathway.description = ro(&pathway.description);
        for skill in &mut pathway.skills {
            skill.name = r(&skill.name);
            skill.description = ro(&skill.description);
        }
    }
    let referees = referees(portfolio);
    for artefact in &mut p.artefacts {
        // Withheld artefacts publish nothing, so their files need no warning.
        let mut unpublished = Diagnostics::default();
        let diags = match artefact.is_published(include_drafts) {
            true => &mut *diags,
            false => &mut unpublished,
        };
        artefact_words(artefact, &replacer, &root, &referees, diags);
    }
    let mut withheld_static: Vec<PathBuf> = portfolio
        .person
        .photo
        .iter()
        .map(|p| p.source.clone())
        .collect();
    for file in static_files {
        if !withheld_static.contains(file) && names_someone(file, &replacer) {
            diags.push(withheld(&p.root, file, Location::file(rel(&p.root, file))));
            withheld_static.push(file.clone());
        }
    }
    p.privacy.own_contact.clear();
    Blind {
        portfolio: p,
        label,
        withheld_static,
    }
}

/// Who and what is replaced: the person (each of several names joined by "&" or "and"),
/// every referee who has a name, employers of the timeline, the person's contact details,
/// and the privacy lists.
fn replacer(portfolio: &Portfolio, label: &str) -> Replacer {
    let mut replacer = Replacer::default();
    for (n, name) in referees(portfolio).iter().enumerate() {
        replacer.add_name(name, &format!("Referee {}", n + 1));
    }
    let mut organisations: Vec<String> = Vec::new();
    let roles = portfolio
        .timeline
        .iter()
        .filter(|e| e.kind == TimelineKind::Role);
    for organisation in roles.filter_map(|e| e.organisation.as_deref()) {
        let organisation = strip_tags(organisation);
        // "Riverside Academy, Leeds": the school is named with or without its town.
        for form in [
            organisation.as_str(),
            organisation.split(',').next().unwrap_or(""),
        ] {
            let key = crate::privacy::text::phrase(form).join(" ");
            if key.is_empty() || organisations.contains(&key) {
                continue;
            }
            let letter = organisation_letter(organisations.len());
            replacer.add_organisation(form, &format!("Organisation {letter}"));
            organisations.push(key);
        }
    }
    let person = strip_tags(&portfolio.person.name);
    replacer.add_phrase(&person, label);
    for name in split_names(&person) {
        replacer.add_name(name, label);
    }
    let contacts = portfolio
        .person
        .email
        .iter()
        .chain(&portfolio.privacy.own_contact);
    for contact in contacts {
        replacer.add_phrase(contact, CONTACT);
    }
    let mut scratch = Diagnostics::default();
    // The lists' own problems were reported when validating.
    replacer.set_private(crate::privacy::lists::load(portfolio, &mut scratch));
    replacer
}

/// A, B, … Z, then AA, AB…
fn organisation_letter(n: usize) -> String {
    let letter = |i: usize| char::from(b'A' + (i % 26) as u8);
    match n {
        0..26 => letter(n).to_string(),
        _ => format!("{}{}", letter(n / 26 - 1), letter(n)),
    }
}

/// The referees' names, each once, in the order the portfolio's files give them: only
/// testimonials that name a person (not anonymised, not a description like "A Year 9 pupil").
fn referees(portfolio: &Portfolio) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let all = portfolio.artefacts.iter().flat_map(|a| &a.testimonials);
    for t in all.filter(|t| !t.anonymised) {
        let name = strip_tags(&t.name);
        let key = crate::privacy::text::phrase(&name).join(" ");
        if is_a_name(&name)
            && !names
                .iter()
                .any(|n| crate::privacy::text::phrase(n).join(" ") == key)
        {
            names.push(name);
        }
    }
    names
}

/// Whether `text` reads as a person's name: two words or more (or a title and a surname),
/// none written in lower case except particles ("ap", "van", "de"), not starting "A", "An" or
/// "The". Scripts without capitals pass.
fn is_a_name(text: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "ap", "van", "von", "de", "der", "den", "da", "di", "du", "del", "la", "le", "bin", "bint",
        "al", "el", "ibn", "ben", "mac", "o",
    ];
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '.' && c != '\'' && c != '-')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    let first = words.first().map(|w| w.to_lowercase());
    let lower = |w: &&str| w.chars().next().is_some_and(char::is_lowercase);
    words.len() >= 2
        && !matches!(first.as_deref(), Some("a" | "an" | "the"))
        && words
            .iter()
            .all(|w| !lower(w) || PARTICLES.contains(&w.to_lowercase().as_str()))
}

/// "Amara Okafor & Siân ap Gruffudd" is two people, each matched alone as well.
fn split_names(text: &str) -> Vec<&str> {
    text.split(['&', ',', '/', '+'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect()
}

/// `text` without anything inside `<…>`: a name written with markup is matched by its words.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '<' => depth += 1,
            '>' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The published address, with anything naming the person moved off it: a host or path that
/// holds a replaced word becomes `https://candidate-7f3a.invalid/…` (links in a blind build
/// are read from the files, not followed to the person's own site).
fn base_url(base: &str, replacer: &Replacer, label: &str) -> String {
    let replaced = replacer.replace(base);
    if replaced == base {
        return base.to_string();
    }
    let host = crate::privacy::text::phrase(label).join("-");
    match url::Url::parse(&replaced) {
        Ok(url) => format!("https://{host}.invalid{}", url.path()),
        Err(_) => format!("https://{host}.invalid/"),
    }
}

/// One artefact's words blinded; its files that name someone left out.
fn artefact_words(
    a: &mut Artefact,
    replacer: &Replacer,
    root: &Root,
    referees: &[String],
    diags: &mut Diagnostics,
) {
    let r = |s: &str| replacer.replace(s);
    let ro = |s: &Option<String>| s.as_deref().map(r);
    a.title = r(&a.title);
    a.role = ro(&a.role);
    a.summary = ro(&a.summary);
    a.tags = a.tags.iter().map(|t| r(t)).collect();
    a.metrics.iter_mut().for_each(|m| metric(m, replacer));
    for t in &mut a.testimonials {
        t.quote = r(&t.quote);
        let key = crate::privacy::text::phrase(&strip_tags(&t.name)).join(" ");
        let referee = referees
            .iter()
            .position(|n| crate::privacy::text::phrase(n).join(" ") == key);
        t.name = match (t.anonymised, referee) {
            (false, Some(n)) => format!("Referee {}", n + 1),
            _ => r(&t.name),
        };
        t.role = ro(&t.role);
    }
    let root_path = root.path.clone();
    a.attachments.retain_mut(|attachment| {
        attachment.title = r(&attachment.title);
        match &mut attachment.target {
            AttachmentTarget::File(asset) if names_someone(&asset.source, replacer) => {
                diags.push(withheld(&root_path, &asset.source, asset.location.clone()));
                false
            }
            AttachmentTarget::File(_) => true,
            AttachmentTarget::Url(url) => {
                url.value = r(&url.value);
                true
            }
        }
    });
    story(&mut a.story, replacer);
    if let Some(plan) = &mut a.plan {
        self::plan(plan, replacer);
    }
    a.body = markdown(&a.body, replacer, root, &a.dir, diags);
}

fn metric(m: &mut Metric, replacer: &Replacer) {
    let r = |s: &str| replacer.replace(s);
    m.label = r(&m.label);
    m.unit = m.unit.as_deref().map(r);
    m.source = m.source.as_deref().map(r);
    if let When::Period(period) = &mut m.context.when {
        *period = r(period);
    }
    let pairs = m.context.comparison.iter_mut().chain(&mut m.context.groups);
    for pair in pairs {
        pair.label = r(&pair.label);
    }
}

fn story(s: &mut Story, replacer: &Replacer) {
    for part in [&mut s.changed, &mut s.why, &mut s.next] {
        *part = part.as_deref().map(|t| replacer.replace(t));
    }
}

fn plan(p: &mut Plan, replacer: &Replacer) {
    let r = |s: &str| replacer.replace(s);
    p.goal = r(&p.goal);
    p.budget = p.budget.as_deref().map(r);
    for kpi in &mut p.kpis {
        kpi.label = r(&kpi.label);
        kpi.unit = kpi.unit.as_deref().map(r);
    }
    if let Some(decision) = &mut p.decision {
        decision.question = decision.question.as_deref().map(r);
    }
}

/// Markdown with its words replaced before it is rendered, then read again so its links and
/// heading ids are those of the new text. A link to a file that names someone (D0650), or
/// whose file name was replaced (so it points at no file), keeps only its text, as a link to a
/// withheld artefact does: its target is a file no page is made from.
fn markdown(
    m: &Markdown,
    replacer: &Replacer,
    root: &Root,
    dir: &Path,
    diags: &mut Diagnostics,
) -> Markdown {
    let mut named: Vec<PathBuf> = Vec::new();
    for link in &m.links {
        let LinkTarget::Asset(file) = &link.target else {
            continue;
        };
        if !named.contains(file) && file.exists() && names_someone(file, replacer) {
            diags.push(withheld(&root.path, file, link.location.clone()));
            named.push(file.clone());
        }
    }
    let text = replacer.replace(&m.text);
    if text == m.text && named.is_empty() {
        return m.clone();
    }
    let resolve = |d: &str| match root.link_target(dir, d) {
        LinkTarget::Asset(file) | LinkTarget::Artefact { file, .. }
            if !file.exists() || named.contains(&file) =>
        {
            LinkTarget::Artefact {
                file,
                fragment: None,
            }
        }
        target => target,
    };
    let mut scanned = markdown_scan::scan(&m.path, &text, m.first_line, &resolve);
    // Already reported about the words as written.
    scanned.problems.clear();
    scanned
}

/// Whether a file's name, or its text (a text file, or the text of a PDF), holds anything a
/// blind build replaces. A file that cannot be read counts as naming someone.
fn names_someone(file: &Path, replacer: &Replacer) -> bool {
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
    if name.is_some_and(|n| replacer.finds(&n)) {
        return true;
    }
    let Ok(bytes) = std::fs::read(file) else {
        return true;
    };
    if let Ok(text) = std::str::from_utf8(&bytes) {
        return replacer.finds(text);
    }
    if replacer.finds(&String::from_utf8_lossy(&bytes)) {
        return true;
    }
    let is_pdf = bytes.starts_with(b"%PDF");
    is_pdf && pdf_text(&bytes).is_none_or(|text| replacer.finds(&text))
}

/// The text of every page of a PDF and its document information, or `None` if unreadable.
fn pdf_text(bytes: &[u8]) -> Option<String> {
    let doc = lopdf::Document::load_mem(bytes).ok()?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut text = doc.extract_text(&pages).ok()?;
    if let Ok(info) = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .and_then(|r| doc.get_dictionary(r))
    {
        for (_, value) in info.iter() {
            if let Ok(s) = value.as_str() {
                text.push('\n');
                text.push_str(&String::from_utf8_lossy(s));
            }
        }
    }
    Some(text)
}

/// The warning for a file a blind build leaves out.
fn withheld(root: &Path, file: &Path, at: Location) -> Diagnostic {
    Diagnostic::warning(
        codes::BLIND_WITHHELD_FILE,
        at,
        format!(
            "`{}` is left out of this blind build: its name or text holds a name or contact detail the build replaces, and a file's bytes cannot be rewritten safely",
            rel(root, file)
        ),
    )
    .with_hint("rename the file or remove the name from it to include it in blind builds; normal builds include it as it is")
}

fn rel(root: &Path, file: &Path) -> String {
    crate::diag::display_path(root, file)
}

#[cfg(test)]
#[path = "blind_tests.rs"]
mod tests;
