//! The `dossier` command: parse the command line, run, map the outcome to an exit code
//! (0 success, 1 problems in the portfolio, 2 the tool could not do its job).

use clap::Parser;
use dossier::cli::{BuildArgs, Cli, Command};
use dossier::report::{self, Format};
use dossier::{pipeline, Failure};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(&args),
        Command::Serve(args) => match dossier::serve::run(args.options()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(Failure::Tool(message)) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
            Err(Failure::Content(_)) => ExitCode::from(1),
        },
        Command::Themes => {
            for (name, description) in dossier::render::builtin_themes() {
                println!("{name:10} {description}");
            }
            ExitCode::SUCCESS
        }
    }
}

fn build(args: &BuildArgs) -> ExitCode {
    if let Some(url) = &args.base_url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            eprintln!("error: --base-url {url} is not a web address; write it in full, e.g. --base-url https://preview.example.org/");
            return ExitCode::from(2);
        }
    }
    let opts = args.options();
    let stderr = &mut std::io::stderr().lock();
    let out: &mut dyn Write = if args.format == Format::Human {
        stderr
    } else {
        &mut std::io::stdout().lock()
    };
    match pipeline::build(&opts) {
        Ok(report) => {
            report::diagnostics(args.format, &report.diagnostics, out);
            if !args.quiet && args.format == Format::Human {
                report::summary(&report, &opts.output, out);
            }
            ExitCode::SUCCESS
        }
        Err(Failure::Content(diags)) => {
            report::diagnostics(args.format, &diags, out);
            if args.format == Format::Human {
                report::failure_line(&diags, out);
            }
            ExitCode::from(1)
        }
        Err(Failure::Tool(message)) => {
            let _ = writeln!(std::io::stderr(), "error: {message}");
            ExitCode::from(2)
        }
    }
}
