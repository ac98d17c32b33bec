//! The `dossier` command: parse the command line, run, map the outcome to an exit code
//! (0 success, 1 problems in the portfolio, 2 the tool could not do its job).

use clap::Parser;
use dossier::cli::{BuildArgs, CheckArgs, Cli, Command, InitArgs, NewArgs};
use dossier::report::{self, Format};
use dossier::{pipeline, Failure};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Init(args) => init(&args),
        Command::New(args) => new(&args),
        Command::Build(args) => build(&args),
        Command::Check(args) => check(&args),
        Command::Serve(args) => match dossier::serve::run(args.options()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(Failure::Tool(message)) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
            Err(Failure::Content(_)) => ExitCode::from(1),
        },
        Command::Pdf(args) => match dossier::pdf::print(&args.options()) {
            Ok(path) => {
                eprintln!("Wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(Failure::Content(diags)) => {
                report::diagnostics(Format::Human, &diags, &mut std::io::stderr().lock());
                report::failure_line(&diags, &mut std::io::stderr().lock());
                ExitCode::from(1)
            }
            Err(Failure::Tool(message)) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        },
        Command::Privacy(dossier::cli::PrivacyCommand::Add(args)) => privacy_add(&args),
        Command::Themes => {
            for (name, description) in dossier::render::builtin_themes() {
                println!("{name:10} {description}");
            }
            ExitCode::SUCCESS
        }
    }
}

/// `--base-url` must be a whole web address; a usage error (exit 2) otherwise.
fn base_url_is_valid(url: Option<&str>) -> bool {
    match url {
        Some(url) if !(url.starts_with("http://") || url.starts_with("https://")) => {
            eprintln!("error: --base-url {url} is not a web address; write it in full, e.g. --base-url https://preview.example.org/");
            false
        }
        _ => true,
    }
}

fn init(args: &InitArgs) -> ExitCode {
    match dossier::scaffold::init(&args.dir, args.force) {
        Ok(done) => {
            print_initialised(&args.dir, &done);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// What `init` wrote and, under `--force`, which of the user's files it kept as they are.
fn print_initialised(dir: &std::path::Path, done: &dossier::scaffold::Initialised) {
    let written = done.written.len();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if done.unchanged.is_empty() && done.kept.is_empty() {
        println!(
            "Created a new portfolio in {} ({written} files).",
            dir.display()
        );
    } else {
        println!(
            "Added {written} missing starter file{} to {}.",
            plural(written),
            dir.display()
        );
        if !done.unchanged.is_empty() {
            let n = done.unchanged.len();
            println!("{n} starter file{} already there, unchanged.", plural(n));
        }
    }
    if !done.kept.is_empty() {
        let (files, they) = match done.kept.len() {
            1 => ("1 file".to_string(), "it differs"),
            n => (format!("{n} files"), "they differ"),
        };
        println!(
            "Kept your own version of {files} ({they} from the starter's; --force only adds \
             missing starter files and never replaces one):"
        );
        for path in &done.kept {
            println!("  {}", path.display());
        }
    }
    println!("Next: open portfolio.yaml and put in your details, then see it in your browser with:\n  dossier serve {} --open", dir.display());
}

fn privacy_add(args: &dossier::cli::PrivacyAddArgs) -> ExitCode {
    match dossier::privacy::add::add(&args.path, &args.name, args.initials) {
        Ok(added) => {
            println!(
                "Added {} hash{} to {} ({} already there). The name itself is not stored.",
                added.added,
                if added.added == 1 { "" } else { "es" },
                added.file.display(),
                added.already
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn new(args: &NewArgs) -> ExitCode {
    let today = dossier::cli::today();
    match dossier::scaffold::new_artefact(
        &args.start(),
        &args.kind,
        &args.title,
        args.folder.as_deref(),
        (today.year, today.month, today.day.unwrap_or(1)),
    ) {
        Ok(path) => {
            println!("Created {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn check(args: &CheckArgs) -> ExitCode {
    if !base_url_is_valid(args.base_url.as_deref()) {
        return ExitCode::from(2);
    }
    let quality = dossier::validate::quality::QualityOptions {
        today: dossier::cli::today(),
        testimonial_max_age_years: args.testimonial_max_age,
    };
    let stdout = &mut std::io::stdout().lock();
    let stderr = &mut std::io::stderr().lock();
    let out: &mut dyn Write = if args.format == Format::Human {
        stderr
    } else {
        stdout
    };
    match pipeline::check(&args.options(), &quality) {
        Ok(report) => {
            report::diagnostics(args.format, &report.diagnostics, out);
            if args.format == Format::Human {
                let _ = writeln!(
                    out,
                    "Checked {} pages: no errors{}.",
                    report.rendered.pages,
                    // Notes (privacy findings accepted on purpose) are listed, not counted.
                    match report
                        .diagnostics
                        .iter()
                        .filter(|d| d.severity == dossier::diag::Severity::Warning)
                        .count()
                    {
                        0 => String::new(),
                        n => format!(", {n} warning{}", if n == 1 { "" } else { "s" }),
                    }
                );
            }
            ExitCode::SUCCESS
        }
        Err(Failure::Content(diags)) => {
            report::diagnostics(args.format, &diags, out);
            ExitCode::from(1)
        }
        Err(Failure::Tool(message)) => {
            let _ = writeln!(std::io::stderr(), "error: {message}");
            ExitCode::from(2)
        }
    }
}

fn build(args: &BuildArgs) -> ExitCode {
    if !base_url_is_valid(args.base_url.as_deref()) {
        return ExitCode::from(2);
    }
    if args.all {
        return build_all(args);
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

/// `build --all`: one combined report over every portfolio, one exit code (2 if the tool
/// failed on any, else 1 if any portfolio has errors, else 0).
fn build_all(args: &BuildArgs) -> ExitCode {
    let opts = args.many();
    let report = match pipeline::many::build_all(&opts) {
        Ok(report) => report,
        Err(Failure::Tool(message)) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
        Err(Failure::Content(diags)) => {
            report::diagnostics(args.format, &diags, &mut std::io::stderr().lock());
            return ExitCode::from(1);
        }
    };
    let diags = report.diagnostics();
    let stderr = &mut std::io::stderr().lock();
    let out: &mut dyn Write = if args.format == Format::Human {
        stderr
    } else {
        &mut std::io::stdout().lock()
    };
    report::diagnostics(args.format, &diags, out);
    let tool_failures = report.tool_failures();
    for (name, message) in &tool_failures {
        eprintln!("error: {name}: {message}");
    }
    let failed = report.failed();
    if !args.quiet && args.format == Format::Human {
        report::many_summary(&report, &opts.output, &mut std::io::stderr().lock());
    }
    if !tool_failures.is_empty() {
        ExitCode::from(2)
    } else if !failed.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
