//! The command line: one clap `Args` struct per command, resolved into pipeline options.

use crate::pipeline::Options;
use crate::report::Format;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "dossier",
    version,
    about = "Turns a folder of Markdown evidence into a leadership portfolio website"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Start a new portfolio in a folder, with examples to replace
    Init(InitArgs),
    /// Add a new artefact, with the front matter for its kind filled in
    New(NewArgs),
    /// Build the site into a folder (default: PATH/public)
    Build(BuildArgs),
    /// Check everything a build checks, plus links and quality; writes nothing
    Check(CheckArgs),
    /// Serve the site locally, rebuilding and reloading the browser on every save
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
    /// Print the whole portfolio (or one application) to a PDF, with Chromium
    Pdf(PdfArgs),
    /// Write the reviewer pack: one zip with the site, the PDF(s) and a manifest of hashes
    Pack(PackArgs),
    /// Check a reviewer pack: every file's hash, and (with --against) the portfolio it came from
    Verify(VerifyArgs),
    /// List the built-in themes
    Themes,
    /// Keep names out of the site: `dossier privacy add "Zofia Kowalska"`
    #[command(subcommand)]
    Privacy(PrivacyCommand),
    /// Print the shell completion script for bash, zsh, fish, elvish or powershell
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `dossier man > dossier.1`
    Man,
    /// Write JSON Schemas of portfolio.yaml, artefact front matter, frameworks, pathways and
    /// privacy.yaml, for editors with a YAML language server (see docs/editors.md)
    Schema(SchemaArgs),
}

#[derive(clap::Args, Debug, Clone)]
pub struct SchemaArgs {
    /// The folder to write the schemas into
    #[arg(short, long, value_name = "DIR", default_value = crate::schema::DIR)]
    pub output: PathBuf,
}

#[derive(clap::Args, Debug, Clone)]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Subcommand, Debug)]
pub enum PrivacyCommand {
    /// Add a name that must never be published to privacy.yaml, stored only as salted hashes
    Add(PrivacyAddArgs),
}

#[derive(clap::Args, Debug, Clone)]
pub struct PrivacyAddArgs {
    /// The name or phrase, in quotes
    pub name: String,
    /// The portfolio folder (the one with portfolio.yaml)
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Also catch the name with one part as an initial ("Zofia K.", "Z. Kowalska")
    #[arg(long)]
    pub initials: bool,
}

#[derive(clap::Args, Debug, Clone)]
pub struct InitArgs {
    /// The folder to create the portfolio in
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Add only the starter files that are missing, even if the folder is not empty (no file is
    /// replaced or deleted)
    #[arg(long)]
    pub force: bool,
}

#[derive(clap::Args, Debug, Clone)]
pub struct NewArgs {
    /// case-study, project, publication, presentation, credential, reflection or testimonial
    pub kind: String,
    /// The artefact's title, in quotes
    pub title: String,
    /// The portfolio folder (the one with portfolio.yaml), or any folder inside it
    #[arg(value_name = "PATH", conflicts_with = "root")]
    pub portfolio: Option<PathBuf>,
    /// Where to put it, inside artefacts/ (default: artefacts/<this year>/)
    #[arg(long = "path", value_name = "DIR")]
    pub folder: Option<PathBuf>,
    /// The portfolio folder: the older spelling of PATH, still accepted
    #[arg(long, value_name = "PATH", hide = true)]
    pub root: Option<PathBuf>,
}

impl NewArgs {
    /// Where to look for the portfolio: PATH (or `--root`), else the current folder.
    pub fn start(&self) -> PathBuf {
        self.portfolio
            .clone()
            .or_else(|| self.root.clone())
            .unwrap_or_else(|| PathBuf::from("."))
    }
}

#[derive(clap::Args, Debug, Clone)]
pub struct CheckArgs {
    /// The portfolio folder (the one with portfolio.yaml)
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Treat every warning as an error
    #[arg(long)]
    pub strict: bool,
    /// Include artefacts marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Check as if published at this address
    #[arg(long, value_name = "URL", value_parser = crate::parse::base_url_argument)]
    pub base_url: Option<String>,
    /// How to print problems
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Also write what was held back or flagged (artefacts, testimonials, files, applications,
    /// cleaned images, findings) to FILE, as JSON
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Warn about testimonials older than this many years
    #[arg(long, value_name = "YEARS", default_value_t = crate::validate::quality::DEFAULT_TESTIMONIAL_MAX_AGE_YEARS)]
    pub testimonial_max_age: u32,
    /// Also request every web address the site links to (articles, attachments, your links)
    /// and warn about each that is gone, failing or unreachable (needs the network)
    #[arg(long)]
    pub external: bool,
    /// Print only problems, not the summary
    #[arg(short, long)]
    pub quiet: bool,
    /// Blind review: the person's name, photo, contact details, employers, referees' names and
    /// the privacy lists' names replaced by a candidate label and roles
    #[arg(long)]
    pub blind: bool,
}

impl CheckArgs {
    pub fn options(&self) -> Options {
        Options {
            output: self.path.join("public"),
            root: self.path.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            strict: self.strict,
            serving: false,
            blind: self.blind,
        }
    }
}

/// Today, for dates the tool writes or compares: `SOURCE_DATE_EPOCH` when set, so reproducible
/// builds and CI runs agree, else the clock.
pub fn today() -> crate::model::Date {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|epoch| chrono::DateTime::from_timestamp(epoch, 0))
        .unwrap_or_else(chrono::Utc::now);
    use chrono::Datelike;
    crate::model::Date {
        year: now.year(),
        month: now.month(),
        day: Some(now.day()),
    }
}

#[derive(clap::Args, Debug, Clone)]
pub struct PdfArgs {
    /// The portfolio folder (the one with portfolio.yaml)
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// The PDF file to write (default: PATH/portfolio.pdf, PATH/<application>.pdf, or with
    /// --brief PATH/brief.pdf, PATH/<application>-brief.pdf)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print this application's document instead of the whole portfolio
    #[arg(long, value_name = "SLUG")]
    pub application: Option<String>,
    #[command(flatten)]
    pub printing: Printing,
    /// Print the two-page panel brief instead of the whole document
    #[arg(long)]
    pub brief: bool,
}

/// What `pdf` and `pack` share: how to print, and which version of the portfolio to build.
#[derive(clap::Args, Debug, Clone)]
pub struct Printing {
    /// The Chromium or Chrome program to print with (default: found on PATH)
    #[arg(long, value_name = "PATH")]
    pub chromium: Option<PathBuf>,
    /// Include artefacts marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// The paper size (default: Letter for a US, Canadian… `language`, else A4)
    #[arg(long, value_name = "a4|letter", value_parser = crate::pdf::Paper::argument)]
    pub paper: Option<crate::pdf::Paper>,
    /// Blind review: the person's name, photo, contact details, employers, referees' names and
    /// the privacy lists' names replaced by a candidate label and roles
    #[arg(long)]
    pub blind: bool,
}

impl Printing {
    /// Build options for a site made in a temporary folder: never strict, no preview.
    fn build(&self, path: &std::path::Path) -> Options {
        Options {
            output: path.join("public"),
            root: path.to_path_buf(),
            base_url: None,
            drafts: self.drafts,
            strict: false,
            serving: false,
            blind: self.blind,
        }
    }
}

impl PdfArgs {
    pub fn options(&self) -> crate::pdf::PdfOptions {
        let default_name = match (&self.application, self.brief) {
            (Some(slug), false) => format!("{slug}.pdf"),
            (Some(slug), true) => format!("{slug}-brief.pdf"),
            (None, false) => "portfolio.pdf".to_string(),
            (None, true) => "brief.pdf".to_string(),
        };
        crate::pdf::PdfOptions {
            build: self.printing.build(&self.path),
            output: self
                .output
                .clone()
                .unwrap_or_else(|| self.path.join(default_name)),
            application: self.application.clone(),
            chromium: self.printing.chromium.clone(),
            paper: self.printing.paper,
            brief: self.brief,
        }
    }
}

#[derive(clap::Args, Debug, Clone)]
pub struct PackArgs {
    /// The portfolio folder (the one with portfolio.yaml)
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// The zip to write (default: PATH/review-pack.zip, or PATH/<application>-pack.zip)
    #[arg(short, long, value_name = "FILE.zip")]
    pub output: Option<PathBuf>,
    /// Also print this application's document into the pack
    #[arg(long, value_name = "SLUG")]
    pub application: Option<String>,
    #[command(flatten)]
    pub printing: Printing,
    /// Leave the PDFs out (no browser needed)
    #[arg(long)]
    pub no_pdf: bool,
}

impl PackArgs {
    pub fn options(&self) -> crate::pack::PackOptions {
        let default_name = match &self.application {
            Some(slug) => format!("{slug}-pack.zip"),
            None => "review-pack.zip".to_string(),
        };
        crate::pack::PackOptions {
            build: self.printing.build(&self.path),
            output: self
                .output
                .clone()
                .unwrap_or_else(|| self.path.join(default_name)),
            application: self.application.clone(),
            chromium: self.printing.chromium.clone(),
            paper: self.printing.paper,
            no_pdf: self.no_pdf,
        }
    }
}

#[derive(clap::Args, Debug, Clone)]
pub struct VerifyArgs {
    /// The pack to check
    #[arg(value_name = "FILE.zip")]
    pub pack: PathBuf,
    /// Also check that the pack was built from the portfolio in this folder
    #[arg(long, value_name = "PATH")]
    pub against: Option<PathBuf>,
}

#[cfg(feature = "serve")]
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// The portfolio folder (the one with portfolio.yaml)
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// The port to listen on
    #[arg(short, long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; only this computer can see the site unless you change it
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in your web browser
    #[arg(long)]
    pub open: bool,
    /// Include artefacts marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Treat every warning as an error
    #[arg(long)]
    pub strict: bool,
    /// Also answer requests addressed to this host name (a proxy's, a name on your network);
    /// others are refused so that web sites cannot read the preview. Repeat for more names
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_hosts: Vec<String>,
}

#[cfg(feature = "serve")]
impl ServeArgs {
    pub fn options(&self) -> crate::serve::ServeOptions {
        crate::serve::ServeOptions {
            build: Options {
                output: self.path.join("public"),
                root: self.path.clone(),
                base_url: None,
                drafts: self.drafts,
                strict: self.strict,
                serving: true,
                blind: false,
            },
            bind: self.bind,
            port: self.port,
            open: self.open,
            allow_hosts: self.allow_hosts.clone(),
        }
    }
}

#[derive(clap::Args, Debug, Clone)]
pub struct BuildArgs {
    /// The portfolio folder (the one with portfolio.yaml)
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Where to write the site
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Publish at this address instead of portfolio.yaml's base_url (e.g. for a preview)
    #[arg(long, value_name = "URL", value_parser = crate::parse::base_url_argument)]
    pub base_url: Option<String>,
    /// Include artefacts marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Treat every warning as an error
    #[arg(long)]
    pub strict: bool,
    /// How to print problems
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Print only problems, not the summary
    #[arg(short, long)]
    pub quiet: bool,
    /// Build every portfolio under PATH (each folder with a portfolio.yaml) into OUT/<folder>/
    #[arg(long)]
    pub all: bool,
    /// With --all: build only slice K of N (e.g. 2/4), for a CI matrix; a portfolio's slice
    /// depends on its folder name alone
    #[arg(long, value_name = "K/N", requires = "all")]
    pub shard: Option<crate::pipeline::many::Shard>,
    /// With --all: also write OUT/index.html, linking every portfolio (not with --shard: a
    /// shard knows only its own portfolios)
    #[arg(long, requires = "all", conflicts_with = "shard")]
    pub index: bool,
    /// Also write what was held back or flagged (artefacts, testimonials, files, applications,
    /// cleaned images, findings) to FILE, as JSON
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Blind review: the person's name, photo, contact details, employers, referees' names and
    /// the privacy lists' names replaced by a candidate label and roles
    #[arg(long, conflicts_with = "all")]
    pub blind: bool,
    /// Keep a build cache in DIR (for CI: store it between runs), so the next build parses
    /// and writes only what changed; the output is the same. Also read from DOSSIER_CACHE
    #[arg(long, value_name = "DIR", conflicts_with = "all")]
    pub cache: Option<PathBuf>,
}

impl BuildArgs {
    /// `--cache DIR`, else the `DOSSIER_CACHE` environment variable (ignored when empty).
    pub fn cache_dir(&self) -> Option<PathBuf> {
        self.cache.clone().or_else(|| {
            std::env::var_os("DOSSIER_CACHE")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
    }

    /// What `--all` builds: every portfolio under PATH, into OUT (default PATH/public).
    pub fn many(&self) -> crate::pipeline::many::ManyOptions {
        crate::pipeline::many::ManyOptions {
            dir: self.path.clone(),
            output: self
                .output
                .clone()
                .unwrap_or_else(|| self.path.join("public")),
            drafts: self.drafts,
            strict: self.strict,
            shard: self.shard,
            index: self.index,
        }
    }

    pub fn options(&self) -> Options {
        Options {
            output: self
                .output
                .clone()
                .unwrap_or_else(|| self.path.join("public")),
            root: self.path.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            strict: self.strict,
            serving: false,
            blind: self.blind,
        }
    }
}
