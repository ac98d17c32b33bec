//! The validated portfolio as plain data: what the educator wrote, typed, knowing no YAML and no HTML.
//!
//! Values that later stages must point back at (competency ids, slugs, file references, links)
//! carry the [`Location`] they were written at, so a rule that fails can say where.

mod argument;
mod date;
mod figures;

pub use argument::{
    has_comparison, DecisionPoint, Kpi, Pathway, PathwaySkill, Plan, Story, Strength,
};
pub use date::{Date, TimelineEnd};
pub use figures::{Context, Pair, When};

use crate::diag::Location;
use std::path::PathBuf;

/// A value and where it was written.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub location: Location,
}

impl<T> Located<T> {
    pub fn new(value: T, location: Location) -> Self {
        Located { value, location }
    }
}

/// Markdown source text and where its first line sits in its file, so links inside it can be
/// reported at their own line.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Default)]
pub struct Markdown {
    pub text: String,
    /// The file's path, shared with every [`Location`] of that file.
    #[serde(with = "crate::diag::shared_path")]
    pub path: std::sync::Arc<str>,
    /// File line of the text's first line.
    pub first_line: usize,
    /// Links and images found in the text, in order.
    pub links: Vec<Link>,
    /// Ids of the headings (the `#fragment`s other pages may link to).
    pub heading_ids: Vec<String>,
    /// What scanning found wrong with the text itself (a heading attribute removed, a table
    /// too wide); parse hands them on to the run's diagnostics.
    pub problems: Vec<crate::diag::Diagnostic>,
}

/// A link or image in Markdown, as written.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Link {
    pub destination: String,
    pub is_image: bool,
    /// True when an image has no alt text.
    pub missing_alt: bool,
    pub location: Location,
    pub target: LinkTarget,
}

/// What a link in Markdown points at, once resolved against the file it is written in.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub enum LinkTarget {
    /// Another site, a `mailto:`, a `#fragment` of the same page, or a site-absolute path: kept as written.
    AsWritten,
    /// Another artefact's Markdown file (lexically normalised absolute path) and an optional `#fragment`.
    Artefact {
        file: PathBuf,
        fragment: Option<String>,
    },
    /// A file of the portfolio that is copied beside the page (an image, a PDF): its canonical
    /// path once parse has checked it exists (lexical before, and for portfolio.yaml's links).
    Asset(PathBuf),
}

/// A file of the portfolio that the output will carry (photo, attachment, image).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Asset {
    /// As written in the portfolio.
    pub reference: String,
    /// Where it is on disk.
    pub source: PathBuf,
    pub location: Location,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Portfolio {
    /// The portfolio folder on disk (absolute).
    pub root: PathBuf,
    pub title: String,
    pub base_url: String,
    pub language: String,
    pub theme: Located<String>,
    pub theme_options: Vec<(String, String)>,
    pub framework: Option<Framework>,
    /// The career route the readiness page argues for (`pathway:` in portfolio.yaml).
    pub pathway: Option<Pathway>,
    pub person: Person,
    pub timeline: Vec<TimelineEntry>,
    pub applications: Vec<Application>,
    /// `paper:`, the sheet size of the printed dossier, when portfolio.yaml names one.
    pub paper: Option<Paper>,
    /// Every artefact read, including drafts and private ones; `site` decides what is public.
    pub artefacts: Vec<Artefact>,
    /// Artefact files that did not parse. Their own errors are reported; rules that look an
    /// artefact up by name stay quiet about these, so one mistake gives one error.
    pub unparsed: Vec<Unparsed>,
    /// What the privacy guard looks for (portfolio.yaml `privacy:` and privacy.yaml).
    pub privacy: PrivacySettings,
}

/// One privacy detector, switchable in portfolio.yaml `privacy: { detectors: { id: false } }`.
#[derive(
    Debug, Clone, serde::Serialize, serde::Deserialize, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
pub enum Detector {
    Email,
    Phone,
    Upn,
    NiNumber,
    StudentId,
    BirthDate,
    PupilName,
    TestimonialName,
    SmallNumber,
}

impl Detector {
    pub const ALL: [Detector; 9] = [
        Detector::Email,
        Detector::Phone,
        Detector::Upn,
        Detector::NiNumber,
        Detector::StudentId,
        Detector::BirthDate,
        Detector::PupilName,
        Detector::TestimonialName,
        Detector::SmallNumber,
    ];

    /// The key written under `privacy: detectors:`.
    pub fn id(self) -> &'static str {
        match self {
            Detector::Email => "email",
            Detector::Phone => "phone",
            Detector::Upn => "upn",
            Detector::NiNumber => "ni_number",
            Detector::StudentId => "student_id",
            Detector::BirthDate => "birth_date",
            Detector::PupilName => "pupil_name",
            Detector::TestimonialName => "testimonial_name",
            Detector::SmallNumber => "small_number",
        }
    }
}

/// The privacy guard's settings: which detectors are off, the small-number threshold, the
/// salted hashes of names that must never appear, and the person's own contact details
/// (never reported as someone else's).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct PrivacySettings {
    pub off: Vec<Detector>,
    /// A percentage of fewer than this many people is reported (`privacy: small_numbers:`).
    pub small_numbers: u32,
    pub hashed_names: Option<HashedNames>,
    /// The person's own email addresses and phone numbers, as written in portfolio.yaml.
    pub own_contact: Vec<String>,
}

impl Default for PrivacySettings {
    fn default() -> Self {
        PrivacySettings {
            off: Vec::new(),
            small_numbers: 10,
            hashed_names: None,
            own_contact: Vec::new(),
        }
    }
}

impl PrivacySettings {
    pub fn is_on(&self, detector: Detector) -> bool {
        !self.off.contains(&detector)
    }
}

/// privacy.yaml: names stored only as salted SHA-256 hashes of their normalised words.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct HashedNames {
    /// Portfolio-relative path of the file, for messages.
    pub path: String,
    pub salt: String,
    /// Lowercase hex digests.
    pub hashes: Vec<String>,
}

/// A sheet size for the printed dossier.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

/// An artefact file that did not parse, and the names it may be known by.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Unparsed {
    pub source_path: String,
    /// Its slug: from `slug:` if that was read, else from the file name.
    pub slug: String,
    /// `false` when the front matter could not be read at all, so any `slug:` is unknown.
    pub slug_known: bool,
}

impl Portfolio {
    /// Whether `name` may be an artefact that did not parse (so its absence is no news).
    pub fn may_be_unparsed(&self, name: &str) -> bool {
        self.unparsed
            .iter()
            .any(|u| !u.slug_known || u.slug == name || file_stem(&u.source_path) == name)
    }
}

/// `artefacts/2025/pilot.md` -> `pilot`.
fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Person {
    pub name: String,
    pub headline: Option<String>,
    pub location: Option<String>,
    pub photo: Option<Asset>,
    /// Already `None` unless `contact.show_email: true`.
    pub email: Option<String>,
    pub links: Vec<PersonLink>,
    pub summary: Option<Markdown>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct PersonLink {
    pub label: String,
    pub url: String,
    pub location: Location,
}

#[derive(
    Debug, Clone, serde::Serialize, serde::Deserialize, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
pub enum TimelineKind {
    Role,
    Credential,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct TimelineEntry {
    pub title: String,
    pub organisation: Option<String>,
    pub kind: TimelineKind,
    pub start: Option<Date>,
    pub end: Option<TimelineEnd>,
    /// A single date (credentials, one-off events).
    pub date: Option<Date>,
    pub url: Option<String>,
    pub url_location: Option<Location>,
    pub description: Option<String>,
}

impl TimelineEntry {
    /// The date the entry sorts by: its end (present sorts first), else its date, else its start.
    pub fn sort_key(&self) -> (bool, Option<Date>) {
        match (&self.end, self.date, self.start) {
            (Some(TimelineEnd::Present), _, _) => (true, self.start),
            (Some(TimelineEnd::Date(end)), _, _) => (false, Some(*end)),
            (None, Some(date), _) => (false, Some(date)),
            (None, None, start) => (false, start),
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Application {
    pub slug: String,
    pub title: String,
    pub statement: Option<Markdown>,
    pub competencies: Vec<Located<String>>,
    /// Explicit choice and order of artefact slugs; empty means "chosen by competency".
    pub artefacts: Vec<Located<String>>,
    pub noindex: bool,
    /// `public: true`: listed in portfolio.json and the sitemap at a plain `for/<slug>/`;
    /// otherwise only someone given its address (with its token) finds it.
    pub public: bool,
    pub location: Location,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Framework {
    pub id: String,
    pub name: String,
    pub source: Option<String>,
    pub competencies: Vec<Competency>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Competency {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// A short column heading for the evidence matrix.
    pub short: Option<String>,
    /// Where the competency is defined in its framework file.
    pub location: Location,
}

#[derive(
    Debug, Clone, serde::Serialize, serde::Deserialize, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
pub enum Kind {
    CaseStudy,
    Project,
    Publication,
    Presentation,
    Credential,
    Reflection,
    Testimonial,
    Plan,
}

impl Kind {
    /// In the order indexes show them.
    pub const ALL: [Kind; 8] = [
        Kind::CaseStudy,
        Kind::Project,
        Kind::Publication,
        Kind::Presentation,
        Kind::Credential,
        Kind::Reflection,
        Kind::Testimonial,
        Kind::Plan,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Kind::CaseStudy => "case-study",
            Kind::Project => "project",
            Kind::Publication => "publication",
            Kind::Presentation => "presentation",
            Kind::Credential => "credential",
            Kind::Reflection => "reflection",
            Kind::Testimonial => "testimonial",
            Kind::Plan => "plan",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::CaseStudy => "Case study",
            Kind::Project => "Project",
            Kind::Publication => "Publication",
            Kind::Presentation => "Presentation",
            Kind::Credential => "Credential",
            Kind::Reflection => "Reflection",
            Kind::Testimonial => "Testimonial",
            Kind::Plan => "Development plan",
        }
    }

    pub fn plural_label(self) -> &'static str {
        match self {
            Kind::CaseStudy => "Case studies",
            Kind::Project => "Projects",
            Kind::Publication => "Publications",
            Kind::Presentation => "Presentations",
            Kind::Credential => "Credentials",
            Kind::Reflection => "Reflections",
            Kind::Testimonial => "Testimonials",
            Kind::Plan => "Development plans",
        }
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == id)
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Artefact {
    pub slug: Located<String>,
    pub title: String,
    pub kind: Kind,
    pub date: Date,
    pub start: Option<Date>,
    pub role: Option<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub competencies: Vec<Located<String>>,
    pub featured: bool,
    pub draft: bool,
    pub private: bool,
    pub metrics: Vec<Metric>,
    pub testimonials: Vec<Testimonial>,
    pub attachments: Vec<Attachment>,
    /// What changed, why, what next (case studies, mostly).
    pub story: Story,
    /// The development plan, on `kind: plan` artefacts.
    pub plan: Option<Plan>,
    /// The language of the artefact's own words (title, summary, body) when not the
    /// portfolio's: a well-formed, registered BCP 47 tag (`cy`, `ar`).
    pub lang: Option<String>,
    pub body: Markdown,
    /// Portfolio-relative path of the Markdown file.
    pub source_path: String,
    /// Folder of the Markdown file on disk; relative references resolve from here.
    pub dir: PathBuf,
}

impl Artefact {
    /// Whether a build shows this artefact: a private one never, a draft only with `--drafts`.
    pub fn is_published(&self, include_drafts: bool) -> bool {
        !self.private && (include_drafts || !self.draft)
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, Copy, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
}

impl Better {
    pub fn id(self) -> &'static str {
        match self {
            Better::Higher => "higher",
            Better::Lower => "lower",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, Copy, PartialEq, Eq)]
pub enum MetricKind {
    Outcome,
    Implementation,
}

impl MetricKind {
    pub fn id(self) -> &'static str {
        match self {
            MetricKind::Outcome => "outcome",
            MetricKind::Implementation => "implementation",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Metric {
    pub label: String,
    pub unit: Option<String>,
    pub baseline: f64,
    pub result: f64,
    pub target: Option<f64>,
    pub better: Better,
    pub kind: MetricKind,
    pub headline: bool,
    pub source: Option<String>,
    /// How many pupils, staff or classes the figure is about, when the author says.
    pub n: Option<u32>,
    pub series: Vec<SeriesPoint>,
    /// Dates, comparison, groups and links to other measures (issue 11).
    pub context: Context,
    pub location: Location,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct SeriesPoint {
    pub date: Date,
    pub value: f64,
}

#[derive(
    Debug, Clone, serde::Serialize, serde::Deserialize, Copy, PartialEq, Eq, PartialOrd, Ord,
)]
pub enum Relationship {
    LineManager,
    Colleague,
    Mentee,
    Parent,
    Student,
    Partner,
    Other,
}

impl Relationship {
    pub const ALL: [Relationship; 7] = [
        Relationship::LineManager,
        Relationship::Colleague,
        Relationship::Mentee,
        Relationship::Parent,
        Relationship::Student,
        Relationship::Partner,
        Relationship::Other,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Relationship::LineManager => "line-manager",
            Relationship::Colleague => "colleague",
            Relationship::Mentee => "mentee",
            Relationship::Parent => "parent",
            Relationship::Student => "student",
            Relationship::Partner => "partner",
            Relationship::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Relationship::LineManager => "Line manager",
            Relationship::Colleague => "Colleague",
            Relationship::Mentee => "Mentee",
            Relationship::Parent => "Parent",
            Relationship::Student => "Student",
            Relationship::Partner => "Partner",
            Relationship::Other => "Other",
        }
    }

    pub fn from_id(id: &str) -> Option<Relationship> {
        Relationship::ALL.into_iter().find(|r| r.id() == id)
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Testimonial {
    pub quote: String,
    /// The name published: with `anonymise: true`, a description from the role ("Parent of a
    /// Year 9 pupil") instead of the name written.
    pub name: String,
    /// `anonymise: true`: the name written is never published (and `role` went into `name`).
    pub anonymised: bool,
    /// Where the `name:` value is written, so the privacy guard can point at it (or, when
    /// anonymised, leave it out of what it scans).
    pub name_location: Option<Location>,
    pub role: Option<String>,
    pub relationship: Relationship,
    pub date: Option<Date>,
    pub consent: bool,
    /// The language of the quote when not the artefact's: a BCP 47 tag (`ar`).
    pub lang: Option<String>,
    pub location: Location,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Attachment {
    pub title: String,
    pub target: AttachmentTarget,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub enum AttachmentTarget {
    File(Asset),
    Url(Located<String>),
}

/// Numbers as people write them: `68`, `31.4`, `0.25` (never `68.0` or `1e3`).
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let text = format!("{n:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}
