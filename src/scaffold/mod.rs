//! Starting points for a portfolio: `dossier init` writes the starter portfolio, `dossier new`
//! writes one artefact with its front matter filled in for its kind.
//!
//! The people who run these commands are teachers, not programmers, and this is usually the
//! first thing they do with dossier. So both functions put safety first (they never delete a file,
//! and `new` never overwrites one), everything they write builds without a single warning, and
//! every error says what is wrong and what to do about it.
//!
//! The starter is a real folder, `starter/` at the root of the crate, embedded into the binary,
//! so it can be read, edited and built (`dossier build starter -o /tmp/out`) like any portfolio.
//! Note: without include_dir's nightly `tracked` feature, Cargo does not notice a file *added*
//! to `starter/`; touch this file (or `cargo clean -p dossier`) after adding one.

use crate::markdown::slugify;
use crate::model::Kind;
use include_dir::{include_dir, Dir, DirEntry};
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/starter");

/// The built-in framework, read only to list its competency ids in a new artefact's comments.
const UK_TEACHERS_STANDARDS: (&str, &str) = (
    "uk-teachers-standards",
    include_str!("../../frameworks/uk-teachers-standards.yaml"),
);

/// Why `init` or `new` did not write anything. Each message says what is wrong and what to do,
/// in words a teacher can act on; the command line prints it after "error: ".
#[derive(Debug)]
pub enum ScaffoldError {
    /// `init` was pointed at a file rather than a folder.
    NotAFolder { path: PathBuf },
    /// `init` found files (other than hidden ones) in the folder, and `force` was not given.
    NotEmpty { dir: PathBuf },
    /// `init` would replace a hidden file (such as `.gitignore`) that already exists, and
    /// `force` was not given.
    WouldReplace { path: PathBuf },
    /// `new` was run outside a portfolio folder.
    NotAPortfolio { root: PathBuf },
    /// `new` was given a kind that is not one of the seven.
    UnknownKind {
        kind: String,
        /// "did you mean `case-study`?", when the kind looks like a typo.
        suggestion: Option<String>,
    },
    /// `new` was given an empty title.
    EmptyTitle,
    /// The title has no letters or digits, so it gives no file name.
    EmptySlug { title: String },
    /// The artefact's file already exists: `new` never overwrites.
    AlreadyExists { path: PathBuf },
    /// Another artefact already has the slug the new one would get.
    SlugTaken { slug: String, existing: PathBuf },
    /// The folder asked for is not inside `artefacts/`, so the build would not read the file.
    NotInArtefacts { folder: PathBuf },
    /// The date passed as "today" does not exist.
    BadDate { year: i32, month: u32, day: u32 },
    /// Reading or writing the disk failed.
    Io {
        /// What was being done, e.g. "create the folder".
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
}

impl fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScaffoldError::NotAFolder { path } => write!(
                f,
                "{} is a file, not a folder; choose a new folder name for your portfolio, such as my-portfolio",
                path.display()
            ),
            ScaffoldError::NotEmpty { dir } => write!(
                f,
                "the folder {} is not empty; use --force to add the starter files anyway \
                 (nothing is deleted, but files with the same names as the starter's are replaced), \
                 or choose a new folder name",
                dir.display()
            ),
            ScaffoldError::WouldReplace { path } => write!(
                f,
                "{} already exists and the starter would replace it; use --force to replace it \
                 (nothing else is deleted), or choose a new folder name",
                path.display()
            ),
            ScaffoldError::NotAPortfolio { root } => write!(
                f,
                "there is no portfolio.yaml in {}; run this in your portfolio folder (the one that \
                 holds portfolio.yaml), or start a new portfolio with `dossier init`",
                root.display()
            ),
            ScaffoldError::UnknownKind { kind, suggestion } => {
                write!(f, "`{kind}` is not a kind of artefact")?;
                if let Some(suggestion) = suggestion {
                    write!(f, "; {suggestion}")?;
                }
                let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.id()).collect();
                write!(f, " The kinds are: {}.", kinds.join(", "))
            }
            ScaffoldError::EmptyTitle => write!(
                f,
                "the title is empty; give the new artefact a title, such as \"Year 7 reading programme\""
            ),
            ScaffoldError::EmptySlug { title } => write!(
                f,
                "the title \"{title}\" has no letters or digits, so it cannot be turned into a file \
                 name; use a title with at least one word in it"
            ),
            ScaffoldError::AlreadyExists { path } => write!(
                f,
                "{} already exists, and dossier never overwrites your work; open that file to carry \
                 on writing it, or choose a different title",
                path.display()
            ),
            ScaffoldError::SlugTaken { slug, existing } => write!(
                f,
                "there is already an artefact called `{slug}` ({}); every artefact needs its own \
                 name, so choose a different title",
                existing.display()
            ),
            ScaffoldError::NotInArtefacts { folder } => write!(
                f,
                "{} is not inside the artefacts folder, so dossier would not find the new artefact; \
                 choose a folder inside artefacts, such as artefacts/projects",
                folder.display()
            ),
            ScaffoldError::BadDate { year, month, day } => write!(
                f,
                "{year:04}-{month:02}-{day:02} is not a date that exists; check your computer's date"
            ),
            ScaffoldError::Io {
                action,
                path,
                source,
            } => write!(f, "could not {action} {}: {source}", path.display()),
        }
    }
}

impl std::error::Error for ScaffoldError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ScaffoldError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> ScaffoldError {
    let path = path.to_path_buf();
    move |source| ScaffoldError::Io {
        action,
        path,
        source,
    }
}

/// Every file of the starter, at any depth, with its path relative to the starter folder.
fn starter_files() -> Vec<&'static include_dir::File<'static>> {
    fn collect(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
        for entry in dir.entries() {
            match entry {
                DirEntry::Dir(d) => collect(d, out),
                DirEntry::File(f) => out.push(f),
            }
        }
    }
    let mut files = Vec::new();
    collect(&STARTER, &mut files);
    files.sort_by_key(|f| f.path());
    files
}

/// Writes the starter portfolio into `dir`, creating the folder if it is missing, and returns
/// the paths it wrote, relative to `dir`, sorted.
///
/// A folder that already holds files is refused unless `force` is true. Hidden entries (names
/// starting with `.`, such as `.git` from `git init` or `.DS_Store`) do not count: a freshly
/// created repository is a fine place for a portfolio. A hidden file the starter itself writes
/// (`.gitignore`) is the exception, since writing it would replace the user's own. With `force`,
/// nothing is ever deleted and only the starter's own files are replaced.
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>, ScaffoldError> {
    let files = starter_files();
    match fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            return Err(ScaffoldError::NotAFolder {
                path: dir.to_path_buf(),
            })
        }
        Ok(_) if !force => {
            let entries = fs::read_dir(dir).map_err(io_error("read the folder", dir))?;
            for entry in entries {
                let entry = entry.map_err(io_error("read the folder", dir))?;
                if !entry.file_name().to_string_lossy().starts_with('.') {
                    return Err(ScaffoldError::NotEmpty {
                        dir: dir.to_path_buf(),
                    });
                }
            }
            // Only hidden entries: still never replace one of them without being asked.
            for file in &files {
                let target = dir.join(file.path());
                if fs::symlink_metadata(&target).is_ok() {
                    return Err(ScaffoldError::WouldReplace { path: target });
                }
            }
        }
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_error("read the folder", dir)(e)),
    }

    let mut written = Vec::with_capacity(files.len());
    for file in files {
        let relative = file.path().to_path_buf();
        let target = dir.join(&relative);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io_error("create the folder", parent))?;
        }
        fs::write(&target, file.contents()).map_err(io_error("write", &target))?;
        written.push(relative);
    }
    written.sort();
    Ok(written)
}

/// Writes a new artefact of `kind` titled `title` into the portfolio at `root`, and returns the
/// path of the new file (`root` joined with `artefacts/<YYYY>/<slug>.md`, or with
/// `<path>/<slug>.md` when `path` is given; `path` is relative to `root` and must lie inside
/// `artefacts/`, where the build looks for artefacts).
///
/// `today` is `(year, month, day)`: it becomes the artefact's `date` and, by default, the name of
/// its year folder. The file's front matter is valid as written and builds without warnings; the
/// optional fields that suit the kind are there too, commented out, each also valid once its
/// `# ` is removed. An existing file is never overwritten, and a title whose slug another
/// artefact already uses is refused, since the build would reject the duplicate.
pub fn new_artefact(
    root: &Path,
    kind: &str,
    title: &str,
    path: Option<&Path>,
    today: (i32, u32, u32),
) -> Result<PathBuf, ScaffoldError> {
    if !root.join("portfolio.yaml").is_file() {
        return Err(ScaffoldError::NotAPortfolio {
            root: root.to_path_buf(),
        });
    }
    let kind = parse_kind(kind)?;
    let title = clean_title(title);
    if title.is_empty() {
        return Err(ScaffoldError::EmptyTitle);
    }
    let slug = slugify(&title);
    if slug.is_empty() {
        return Err(ScaffoldError::EmptySlug { title });
    }
    let (year, month, day) = today;
    if chrono::NaiveDate::from_ymd_opt(year, month, day).is_none() {
        return Err(ScaffoldError::BadDate { year, month, day });
    }

    let folder = match path {
        None => PathBuf::from("artefacts").join(format!("{year:04}")),
        Some(path) => artefact_folder(root, path)?,
    };
    let file = root.join(&folder).join(format!("{slug}.md"));
    if file.exists() {
        return Err(ScaffoldError::AlreadyExists { path: file });
    }
    if let Some(existing) = artefact_with_slug(&root.join("artefacts"), &slug) {
        return Err(ScaffoldError::SlugTaken { slug, existing });
    }

    let competencies = framework_competencies(root);
    let text = artefact_text(kind, &title, today, competencies.as_ref());

    let parent = root.join(&folder);
    fs::create_dir_all(&parent).map_err(io_error("create the folder", &parent))?;
    // `create_new` makes "never overwrite" hold even if the file appeared since the check above.
    let mut out = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .map_err(|source| {
            if source.kind() == io::ErrorKind::AlreadyExists {
                ScaffoldError::AlreadyExists { path: file.clone() }
            } else {
                io_error("create", &file)(source)
            }
        })?;
    out.write_all(text.as_bytes())
        .map_err(io_error("write", &file))?;
    Ok(file)
}

/// The kind, accepting what a person might type: `case study`, `Case-Study`, `case_study`.
fn parse_kind(kind: &str) -> Result<Kind, ScaffoldError> {
    let normalised = slugify(kind);
    Kind::from_id(&normalised).ok_or_else(|| ScaffoldError::UnknownKind {
        kind: kind.trim().to_string(),
        suggestion: crate::diag::did_you_mean(
            if normalised.is_empty() {
                kind
            } else {
                &normalised
            },
            Kind::ALL.iter().map(|k| k.id()),
        ),
    })
}

/// The title on one line: control characters and line separators would break the YAML line it
/// is written on, so they become spaces.
fn clean_title(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A YAML double-quoted string: safe for any title, whatever colons, quotes or `#` it holds.
fn yaml_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `path` (relative to `root`, or absolute inside it) as a lexically normalised folder relative
/// to `root`, which must be `artefacts` or inside it: anywhere else the build would not read it.
fn artefact_folder(root: &Path, path: &Path) -> Result<PathBuf, ScaffoldError> {
    let refused = || ScaffoldError::NotInArtefacts {
        folder: path.to_path_buf(),
    };
    let relative = if path.is_absolute() {
        let canonical_root = root.canonicalize().ok();
        path.strip_prefix(root)
            .ok()
            .or_else(|| {
                canonical_root
                    .as_deref()
                    .and_then(|r| path.strip_prefix(r).ok())
            })
            .ok_or_else(refused)?
            .to_path_buf()
    } else {
        path.to_path_buf()
    };
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in relative.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop().ok_or_else(refused)?;
            }
            Component::Normal(part) => parts.push(part),
            Component::RootDir | Component::Prefix(_) => return Err(refused()),
        }
    }
    // Hidden folders are skipped by the build, like the root's other folders.
    if parts.first().map(|p| p.to_str()) != Some(Some("artefacts"))
        || parts.iter().any(|p| p.to_string_lossy().starts_with('.'))
    {
        return Err(refused());
    }
    Ok(parts.iter().collect())
}

/// An existing artefact file whose default slug (its file name, made web-safe) is `slug`.
/// Explicit `slug:` fields are not read: this only catches the common case cheaply.
fn artefact_with_slug(artefacts: &Path, slug: &str) -> Option<PathBuf> {
    walkdir::WalkDir::new(artefacts)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .find(|e| {
            let path = e.path();
            let name = e.file_name().to_string_lossy();
            let is_markdown = matches!(
                path.extension().and_then(|x| x.to_str()),
                Some("md" | "markdown")
            );
            is_markdown
                && !crate::source::is_editor_leftover(&name)
                && path
                    .file_stem()
                    .is_some_and(|stem| slugify(&stem.to_string_lossy()) == slug)
        })
        .map(|e| e.into_path())
}

/// The portfolio's framework id and its competency ids, found by scanning lines rather than
/// parsing YAML: this only feeds a helpful comment, so a miss costs nothing.
struct Competencies {
    framework: String,
    ids: Vec<String>,
}

fn framework_competencies(root: &Path) -> Option<Competencies> {
    let config = fs::read_to_string(root.join("portfolio.yaml")).ok()?;
    let framework = config
        .lines()
        .find_map(|line| line.strip_prefix("framework:"))
        .map(scalar)
        .filter(|f| !f.is_empty())?;

    let mut ids = None;
    if let Ok(entries) = fs::read_dir(root.join("frameworks")) {
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        paths.sort();
        for path in paths {
            if !matches!(
                path.extension().and_then(|x| x.to_str()),
                Some("yaml" | "yml")
            ) {
                continue;
            }
            let Ok(text) = fs::read_to_string(&path) else {
                continue;
            };
            let stem = path.file_stem().map(|s| s.to_string_lossy().to_string());
            let id = text
                .lines()
                .find_map(|line| line.strip_prefix("id:"))
                .map(scalar);
            if stem.as_deref() == Some(framework.as_str()) || id.as_deref() == Some(&framework) {
                ids = Some(competency_ids(&text));
                break;
            }
        }
    }
    if ids.is_none() && framework == UK_TEACHERS_STANDARDS.0 {
        ids = Some(competency_ids(UK_TEACHERS_STANDARDS.1));
    }
    Some(Competencies {
        framework,
        ids: ids.filter(|ids| !ids.is_empty())?,
    })
}

/// The competency ids of a framework file: lines `- id: x` and flow items `{id: x, …}`.
fn competency_ids(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            continue;
        }
        let value = if let Some(rest) = trimmed.strip_prefix("- id:") {
            Some(scalar(rest))
        } else {
            trimmed.find("{id:").map(|at| {
                let rest = &trimmed[at + 4..];
                scalar(&rest[..rest.find([',', '}']).unwrap_or(rest.len())])
            })
        };
        if let Some(id) = value.filter(|id| !id.is_empty()) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids
}

/// A one-line YAML scalar without its comment and quotes.
fn scalar(raw: &str) -> String {
    let value = raw.split(" #").next().unwrap_or(raw).trim();
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value)
        .to_string()
}

/// Which optional blocks suit a kind, and the headings of its body.
struct Shape {
    metrics: bool,
    testimonials: bool,
    attachments: bool,
    /// (heading, prompt) pairs for the body.
    sections: &'static [(&'static str, &'static str)],
}

fn shape(kind: Kind) -> Shape {
    match kind {
        Kind::CaseStudy => Shape {
            metrics: true,
            testimonials: true,
            attachments: true,
            sections: &[
                (
                    "Context",
                    "What was the situation, and for whom? Give the numbers you had at the start.",
                ),
                (
                    "What I did",
                    "Say what *you* did, step by step. A list works well.",
                ),
                (
                    "Impact",
                    "What changed, and how do you know? Say what the numbers mean.",
                ),
                ("What I learned", "What would you do differently next time?"),
            ],
        },
        Kind::Project => Shape {
            metrics: true,
            testimonials: true,
            attachments: true,
            sections: &[
                ("Aim", "What did the project set out to do, and why?"),
                ("What I did", "Your own part in it, step by step."),
                (
                    "Outcome",
                    "What came of it? Numbers, examples or what colleagues noticed.",
                ),
                ("Next steps", "What happens now, and what would you change?"),
            ],
        },
        Kind::Publication => Shape {
            metrics: false,
            testimonials: true,
            attachments: true,
            sections: &[
                ("About this piece", "What did you write, and who is it for?"),
                (
                    "Key points",
                    "The two or three ideas a reader should take away.",
                ),
                (
                    "Where it was published",
                    "Where and when it appeared; attach it or link to it above.",
                ),
            ],
        },
        Kind::Presentation => Shape {
            metrics: false,
            testimonials: true,
            attachments: true,
            sections: &[
                ("The session", "Who was it for, and why did you run it?"),
                ("What I did", "How you planned and led it."),
                (
                    "How it was received",
                    "What did people say or do differently afterwards?",
                ),
            ],
        },
        Kind::Credential => Shape {
            metrics: false,
            testimonials: false,
            attachments: true,
            sections: &[
                (
                    "About the qualification",
                    "What it is, who awarded it, and when.",
                ),
                (
                    "What I learned",
                    "The ideas from it that changed your practice.",
                ),
                (
                    "How I use it",
                    "An example of putting it to work in school.",
                ),
            ],
        },
        Kind::Reflection => Shape {
            metrics: false,
            testimonials: false,
            attachments: false,
            sections: &[
                (
                    "What happened",
                    "Describe the experience in a few sentences.",
                ),
                (
                    "What I learned",
                    "What surprised you? Which belief did you change?",
                ),
                ("What I will do next", "One or two concrete next steps."),
            ],
        },
        Kind::Testimonial => Shape {
            metrics: false,
            testimonials: true,
            attachments: false,
            sections: &[(
                "About these testimonials",
                "Who are these people, and what work of yours are they talking about?",
            )],
        },
    }
}

/// The whole new file. Every uncommented line is valid as it stands, and every commented-out
/// field line is valid once its leading `# ` is removed (the tests check both).
fn artefact_text(
    kind: Kind,
    title: &str,
    (year, month, day): (i32, u32, u32),
    competencies: Option<&Competencies>,
) -> String {
    let shape = shape(kind);
    let date = format!("{year:04}-{month:02}-{day:02}");
    let mut s = String::new();
    let mut line = |text: &str| {
        s.push_str(text);
        s.push('\n');
    };

    line("---");
    line(&format!("title: {}", yaml_quote(title)));
    line(&format!("kind: {}", kind.id()));
    line(&format!(
        "date: {date}        # when the work ended, or was published or awarded"
    ));
    if kind == Kind::CaseStudy {
        line("summary: Replace this with one sentence a reader sees first, saying what you did and what changed.");
    }
    line("");
    line("# Optional fields. To use one, remove the \"# \" at the start of its line (and of the");
    line("# indented lines under it), then change the example to your own words.");
    line(&format!(
        "{:<32}# when the work began",
        format!("# start: {year:04}-{month:02}")
    ));
    line("# role: Project lead            # your own role in this work");
    if kind != Kind::CaseStudy {
        line("# summary: One sentence a reader sees first, saying what this is about.");
    }
    line("# tags: [leadership]            # topics, each with its own page on your site");
    match competencies {
        Some(c) => {
            line(&format!(
                "# Competency ids in your framework ({}), for the line below:",
                c.framework
            ));
            for chunk in wrap_ids(&c.ids, 80) {
                line(&format!("# {chunk}"));
            }
            line(&format!(
                "# competencies: [{}]",
                c.ids.iter().take(2).cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        None => {
            line(
                "# competencies: []              # ids from the framework named in portfolio.yaml",
            );
        }
    }
    line("# featured: true                # show it under \"Featured work\" on your home page");
    line("# draft: true                   # keep it off your site until you are ready");

    if shape.metrics {
        line("");
        line("# Measured impact: the numbers before and after, shown as a chart.");
        line("# metrics:");
        line("#   - label: Pupils at or above the expected standard");
        line("#     unit: \"%\"                 # or pp, pupils, hours, £ ...");
        line("#     baseline: 54              # the number before the work");
        line("#     result: 68                # the number after it");
        line("#     target: 65                # what you were aiming for");
        line("#     headline: true            # also show it on your home page");
        line("#     source: School assessment data   # where the numbers come from");
    }
    if shape.testimonials {
        line("");
        line(
            "# What colleagues said. Only write consent: true once they have agreed to be quoted.",
        );
        line("# testimonials:");
        line("#   - quote: Replace this with their words about your work.");
        line("#     name: Their name, as they agreed to be named");
        line("#     role: Their role");
        line("#     relationship: colleague   # line-manager, colleague, mentee, parent, student, partner or other");
        line("#     consent: true");
    }
    if shape.attachments {
        line("");
        line("# Files and links. Put a file in the same folder as this one, then name it here.");
        line("# attachments:");
        line("#   - {title: My report, file: my-report.pdf}");
        line("#   - {title: A web page about it, url: \"https://example.org/\"}");
    }
    line("---");
    line("");
    line(&match kind {
        Kind::Testimonial => "Replace this with a few words introducing these testimonials. The heading below \
             is a suggestion; change it freely."
            .to_string(),
        _ => format!(
            "Replace this with your own {}. The headings below are a suggested shape; change them freely.",
            kind.label().to_lowercase()
        ),
    });
    for (heading, prompt) in shape.sections {
        line("");
        line(&format!("## {heading}"));
        line("");
        line(prompt);
    }
    s
}

/// The ids as comma-separated lines of at most `width` characters.
fn wrap_ids(ids: &[String], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, id) in ids.iter().enumerate() {
        let piece = if i + 1 < ids.len() {
            format!("{id},")
        } else {
            id.clone()
        };
        if !current.is_empty() && current.len() + 1 + piece.len() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&piece);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_titles_for_yaml() {
        assert_eq!(yaml_quote(r#"A "b": c\d"#), r#""A \"b\": c\\d""#);
    }

    #[test]
    fn cleans_titles_onto_one_line() {
        assert_eq!(clean_title("  a\nb\t c\u{2028}d "), "a b c d");
    }

    #[test]
    fn reads_kinds_as_people_type_them() {
        assert_eq!(parse_kind("Case study").unwrap(), Kind::CaseStudy);
        assert_eq!(parse_kind("case_study").unwrap(), Kind::CaseStudy);
        assert!(parse_kind("casestudy")
            .unwrap_err()
            .to_string()
            .contains("did you mean `case-study`?"));
    }

    #[test]
    fn scans_competency_ids() {
        let text = "id: f\ncompetencies:\n  - id: coaching\n    name: C\n  - {id: \"data\", name: D}\n# - id: no\n";
        assert_eq!(competency_ids(text), vec!["coaching", "data"]);
    }

    #[test]
    fn keeps_new_folders_inside_artefacts() {
        let root = Path::new("/p");
        assert_eq!(
            artefact_folder(root, Path::new("artefacts/./x/../y")).unwrap(),
            PathBuf::from("artefacts/y")
        );
        assert_eq!(
            artefact_folder(root, Path::new("/p/artefacts/z")).unwrap(),
            PathBuf::from("artefacts/z")
        );
        for bad in [
            "2025",
            "artefacts/../static",
            "../artefacts",
            "artefacts/.hidden",
            "/q/artefacts",
        ] {
            assert!(artefact_folder(root, Path::new(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn wraps_ids() {
        let ids: Vec<String> = ["aaaa", "bbbb", "cccc"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(wrap_ids(&ids, 11), vec!["aaaa, bbbb,", "cccc"]);
    }
}
