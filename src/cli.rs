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
    /// Build the site into a folder (default: PATH/public)
    Build(BuildArgs),
    /// Serve the site locally, rebuilding and reloading the browser on every save
    Serve(ServeArgs),
    /// List the built-in themes
    Themes,
}

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
}

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
            },
            bind: self.bind,
            port: self.port,
            open: self.open,
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
    #[arg(long, value_name = "URL")]
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
}

impl BuildArgs {
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
        }
    }
}
