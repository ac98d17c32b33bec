//! Whole-portfolio rules that no single file can check alone, one function each:
//! competencies exist, slugs are unique, links resolve, addresses are safe, testimonials have
//! consent, images have alt text.

mod argument;
mod figures;
pub mod quality;

use crate::diag::{codes, did_you_mean, Diagnostic, Diagnostics, Location};
use crate::markdown::{is_external, is_safe_url};
use crate::model::{Artefact, AttachmentTarget, LinkTarget, Markdown, Portfolio};
use std::collections::HashMap;
use std::path::PathBuf;

/// Runs every rule, pushing what fails into `diags`. `include_drafts` is `build --drafts`.
pub fn all(portfolio: &Portfolio, include_drafts: bool, diags: &mut Diagnostics) {
    all_with(portfolio, include_drafts, diags, &mut Memo::default());
}

/// What validating keeps between runs over one portfolio, so a run after an edit redoes only
/// what the edit can change. The whole-portfolio rules over the model are linear and take
/// milliseconds at 10,000 artefacts; reading and scanning every published file for the
/// privacy guard does not, so its per-file findings are kept (see [`crate::privacy::Scanned`]).
#[derive(Debug, Default)]
pub struct Memo {
    pub privacy: crate::privacy::Scanned,
}

impl Memo {
    /// Forgets what was found in the file at portfolio-relative `path`, which changed.
    pub fn forget(&mut self, path: &str) {
        self.privacy.forget(path);
    }

    /// Forgets everything: settings, lists or files beside the artefacts may have changed.
    pub fn clear(&mut self) {
        self.privacy.clear();
    }
}

/// [`all`], reusing and updating `memo`.
pub fn all_with(
    portfolio: &Portfolio,
    include_drafts: bool,
    diags: &mut Diagnostics,
    memo: &mut Memo,
) {
    // The privacy guard reads and scans files; the other rules only read the model: they run
    // side by side, and their findings join `diags` in the same order as one after the other.
    let ((model, argument), privacy) = rayon::join(
        || model_rules(portfolio, include_drafts),
        || {
            let mut found = Diagnostics::default();
            crate::privacy::check_with(portfolio, include_drafts, &mut found, &mut memo.privacy);
            found
        },
    );
    diags.extend(model);
    diags.extend(privacy);
    diags.extend(argument);
}

/// The rules over the model alone: those before the privacy guard, and those after it.
fn model_rules(portfolio: &Portfolio, include_drafts: bool) -> (Diagnostics, Diagnostics) {
    // In two halves side by side (each a pass over every artefact; at 10,000 artefacts the
    // rules take as long as the rest of a `serve` rebuild before the page is sent), their
    // findings joined in the order of one after the other.
    let (mut diags, rest) = rayon::join(
        || {
            let mut diags = Diagnostics::default();
            competencies_exist(portfolio, &mut diags);
            slugs_are_unique(&portfolio.artefacts, &mut diags);
            diags
        },
        || {
            let mut diags = Diagnostics::default();
            links_resolve(portfolio, include_drafts, &mut diags);
            images_have_alt_text(portfolio, include_drafts, &mut diags);
            addresses_are_web_addresses(portfolio, &mut diags);
            applications_are_sound(portfolio, include_drafts, &mut diags);
            testimonials_have_consent(&portfolio.artefacts, &mut diags);
            diags
        },
    );
    diags.extend(rest);
    let mut argument = Diagnostics::default();
    argument::pathway_names_known_competencies(portfolio, &mut argument);
    argument::plans_close_known_competencies(portfolio, &mut argument);
    (diags, argument)
}

fn competencies_exist(portfolio: &Portfolio, diags: &mut Diagnostics) {
    let named = portfolio
        .artefacts
        .iter()
        .flat_map(|a| &a.competencies)
        .chain(portfolio.applications.iter().flat_map(|a| &a.competencies));
    let Some(framework) = &portfolio.framework else {
        if let Some(first) = named.into_iter().next() {
            diags.push(
                Diagnostic::error(
                    codes::UNKNOWN_COMPETENCY,
                    first.location.clone(),
                    format!("`{}` names a competency, but the portfolio has no framework", first.value),
                )
                .with_hint("name the framework in portfolio.yaml, for example:\nframework: teacher-leader\n(a file frameworks/teacher-leader.yaml, or the built-in uk-teachers-standards)"),
            );
        }
        return;
    };
    let ids: Vec<&str> = framework
        .competencies
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    for competency in named {
        if !ids.contains(&competency.value.as_str()) {
            let hint = did_you_mean(&competency.value, ids.iter().copied()).unwrap_or_else(|| {
                format!(
                    "the competencies of `{}` are: {}",
                    framework.id,
                    ids.join(", ")
                )
            });
            diags.push(
                Diagnostic::error(
                    codes::UNKNOWN_COMPETENCY,
                    competency.location.clone(),
                    format!(
                        "`{}` is not a competency of the framework `{}`",
                        competency.value, framework.id
                    ),
                )
                .with_hint(hint),
            );
        }
    }
}

fn slugs_are_unique(artefacts: &[Artefact], diags: &mut Diagnostics) {
    let mut first: HashMap<&str, &Artefact> = HashMap::new();
    for artefact in artefacts {
        if let Some(earlier) = first.insert(&artefact.slug.value, artefact) {
            // Report at the later file (in path order), naming the earlier one.
            let (earlier, later) = if earlier.source_path < artefact.source_path {
                (earlier, artefact)
            } else {
                (artefact, earlier)
            };
            first.insert(&earlier.slug.value, earlier);
            diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_SLUG,
                    later.slug.location.clone(),
                    format!(
                        "the slug `{}` is already used by {}",
                        later.slug.value, earlier.source_path
                    ),
                )
                .with_hint(format!(
                    "give one of them its own slug, for example:\nslug: {}-2",
                    later.slug.value
                )),
            );
        }
    }
}

/// The Markdown texts a build publishes: bodies of published artefacts, the person's summary,
/// application statements.
fn published_markdown(
    portfolio: &Portfolio,
    include_drafts: bool,
) -> impl Iterator<Item = &Markdown> {
    portfolio
        .artefacts
        .iter()
        .filter(move |a| a.is_published(include_drafts))
        .map(|a| &a.body)
        .chain(portfolio.person.summary.iter())
        .chain(
            portfolio
                .applications
                .iter()
                .filter_map(|a| a.statement.as_ref()),
        )
}

/// Links between artefacts reach an artefact this build publishes, and a heading of it when
/// they name one. Unpublished targets are shown as plain text, with a warning.
fn links_resolve(portfolio: &Portfolio, include_drafts: bool, diags: &mut Diagnostics) {
    let by_file: HashMap<PathBuf, &Artefact> = portfolio
        .artefacts
        .iter()
        .map(|a| (a.dir.join(file_name(a)), a))
        .collect();
    for markdown in published_markdown(portfolio, include_drafts) {
        for link in &markdown.links {
            let LinkTarget::Artefact { file, fragment } = &link.target else {
                continue;
            };
            let Some(target) = by_file.get(file) else {
                // A file that exists but did not parse has its own error; one is enough.
                if file.is_file() {
                    continue;
                }
                let stem = file
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_default();
                let hint = did_you_mean(&stem, by_file.keys().filter_map(|p| p.file_stem()).filter_map(|s| s.to_str()))
                    .unwrap_or_else(|| "links are relative to the file they are written in, e.g. `../2024/other-artefact.md`".into());
                diags.push(
                    Diagnostic::error(
                        codes::BROKEN_LINK,
                        link.location.clone(),
                        format!(
                            "`{}` is not an artefact of this portfolio",
                            link.destination
                        ),
                    )
                    .with_hint(hint),
                );
                continue;
            };
            if !target.is_published(include_drafts) {
                let why = if target.private {
                    "a private artefact, which is never published"
                } else {
                    "a draft, which this build leaves out"
                };
                diags.push(
                    Diagnostic::warning(
                        codes::BROKEN_LINK,
                        link.location.clone(),
                        format!("`{}` links to {why}", link.destination),
                    )
                    .with_hint("the link is shown as plain text; remove it, or publish the target"),
                );
            } else if let Some(fragment) = fragment.as_deref().filter(|f| !f.is_empty()) {
                if !target.body.heading_ids.iter().any(|id| id == fragment) {
                    let hint =
                        did_you_mean(fragment, target.body.heading_ids.iter().map(String::as_str))
                            .unwrap_or_else(|| {
                                format!(
                                    "the headings of {} are: #{}",
                                    target.source_path,
                                    target.body.heading_ids.join(", #")
                                )
                            });
                    diags.push(
                        Diagnostic::warning(
                            codes::BROKEN_ANCHOR,
                            link.location.clone(),
                            format!("{} has no heading `#{fragment}`", target.source_path),
                        )
                        .with_hint(hint),
                    );
                }
            }
        }
    }
}

fn images_have_alt_text(portfolio: &Portfolio, include_drafts: bool, diags: &mut Diagnostics) {
    for markdown in published_markdown(portfolio, include_drafts) {
        for image in markdown
            .links
            .iter()
            .filter(|l| l.is_image && l.missing_alt)
        {
            diags.push(
                Diagnostic::warning(codes::MISSING_ALT, image.location.clone(), "this image has no alt text, so screen-reader users cannot tell what it shows")
                    .with_hint(format!("describe it between the brackets, for example:\n![Bar chart of pupils at the expected standard, April to June]({})", image.destination)),
            );
        }
    }
}

/// Addresses written in front matter or portfolio.yaml become links: they must be web
/// addresses, and never `javascript:`.
fn addresses_are_web_addresses(portfolio: &Portfolio, diags: &mut Diagnostics) {
    let config = Location::file("portfolio.yaml");
    let mut check = |url: &str, location: &Location| {
        if !is_external(url) || !is_safe_url(url) {
            diags.push(
                Diagnostic::error(codes::BAD_URL, location.clone(), format!("`{url}` is not a web address"))
                    .with_hint("write the whole address, starting with https://, for example:\nurl: \"https://www.example.org/report\""),
            );
        }
    };
    for link in &portfolio.person.links {
        check(&link.url, &link.location);
    }
    for entry in &portfolio.timeline {
        if let Some(url) = &entry.url {
            check(url, entry.url_location.as_ref().unwrap_or(&config));
        }
    }
    for artefact in &portfolio.artefacts {
        for attachment in &artefact.attachments {
            if let AttachmentTarget::Url(url) = &attachment.target {
                check(&url.value, &url.location);
            }
        }
    }
}

fn file_name(artefact: &Artefact) -> String {
    artefact
        .source_path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Application slugs are unique; the artefacts they choose exist (by slug or file name) and
/// are published.
fn applications_are_sound(portfolio: &Portfolio, include_drafts: bool, diags: &mut Diagnostics) {
    let mut seen = HashMap::new();
    for application in &portfolio.applications {
        if seen.insert(application.slug.as_str(), ()).is_some() {
            diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_SLUG,
                    application.location.clone(),
                    format!("two applications use the slug `{}`", application.slug),
                )
                .with_hint("give each application its own slug"),
            );
        }
        for chosen in &application.artefacts {
            match find_artefact(&portfolio.artefacts, &chosen.value) {
                // An artefact with errors of its own: those say what to fix.
                None if portfolio.may_be_unparsed(&chosen.value) => {}
                None => {
                    let names = portfolio.artefacts.iter().map(|a| a.slug.value.as_str());
                    let hint = did_you_mean(&chosen.value, names).unwrap_or_else(|| {
                        "use the artefact's slug (its file name without `.md`, unless it sets `slug:`)".into()
                    });
                    diags.push(
                        Diagnostic::error(
                            codes::UNKNOWN_ARTEFACT,
                            chosen.location.clone(),
                            format!("there is no artefact `{}`", chosen.value),
                        )
                        .with_hint(hint),
                    );
                }
                Some(a) if !a.is_published(include_drafts) => {
                    let why = if a.private {
                        "private"
                    } else {
                        "a draft (build with --drafts to include it)"
                    };
                    diags.push(
                        Diagnostic::warning(
                            codes::UNKNOWN_ARTEFACT,
                            chosen.location.clone(),
                            format!(
                                "`{}` is {why}, so this application leaves it out",
                                chosen.value
                            ),
                        )
                        .with_hint("remove it from the list, or publish the artefact"),
                    );
                }
                Some(_) => {}
            }
        }
    }
}

/// An artefact by slug, or by file name without extension (as FORMAT.md's own example does).
pub fn find_artefact<'a>(artefacts: &'a [Artefact], name: &str) -> Option<&'a Artefact> {
    artefacts.iter().find(|a| a.slug.value == name).or_else(|| {
        artefacts
            .iter()
            .find(|a| file_name(a).rsplit_once('.').map(|(stem, _)| stem) == Some(name))
    })
}

fn testimonials_have_consent(artefacts: &[Artefact], diags: &mut Diagnostics) {
    for artefact in artefacts.iter().filter(|a| !a.private) {
        for testimonial in artefact.testimonials.iter().filter(|t| !t.consent) {
            diags.push(
                Diagnostic::warning(
                    codes::NO_CONSENT,
                    testimonial.location.clone(),
                    // Never the referee's name: this line reaches CI logs, and the person
                    // has not agreed to be published anywhere (the position says which one).
                    format!(
                        "the testimonial here ({}) has no `consent: true`, so it is left out",
                        testimonial.relationship.label().to_lowercase()
                    ),
                )
                .with_hint("ask them, then add `consent: true` to publish the quote"),
            );
        }
    }
}
