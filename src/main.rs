//! The `dossier` command: parse the command line, run, map the outcome to an exit code
//! (0 success, 1 problems in the portfolio, 2 the tool could not do its job).

use clap::Parser;
use dossier::cli::{BuildArgs, CheckArgs, Cli, Command, InitArgs, NewArgs, VerifyArgs};
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
            Err(failure) => failed(failure),
        },
        Command::Pack(args) => match dossier::pack::pack(&args.options()) {
            Ok(packed) => {
                eprintln!(
                    "Wrote {}: {} files, version {}{}",
                    packed.path.display(),
                    packed.files,
                    packed.version,
                    if packed.pdfs.is_empty() {
                        String::from(", no PDF")
                    } else {
                        format!(", with {}", packed.pdfs.join(" and "))
                    }
                );
                ExitCode::SUCCESS
            }
            Err(failure) => failed(failure),
        },
        Command::Verify(args) => verify(&args),
        Command::Themes => {
            for (name, description) in dossier::render::builtin_themes() {
                println!("{name:10} {description}");
            }
            ExitCode::SUCCESS
        }
    }
}

/// A failed pdf or pack: the portfolio's problems (exit 1) or the tool's (exit 2).
fn failed(failure: Failure) -> ExitCode {
    match failure {
        Failure::Content(diags) => {
            report::diagnostics(Format::Human, &diags, &mut std::io::stderr().lock());
            report::failure_line(&diags, &mut std::io::stderr().lock());
            ExitCode::from(1)
        }
        Failure::Tool(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// `dossier verify`: one line per mismatch and exit 1, or a line saying the pack checks out.
fn verify(args: &VerifyArgs) -> ExitCode {
    match dossier::pack::verify(&args.pack, args.against.as_deref()) {
        Ok(problems) if problems.is_empty() => {
            let against = match &args.against {
                Some(path) => format!(" and matches the portfolio in {}", path.display()),
                None => String::new(),
            };
            println!(
                "{}: every file matches its manifest{against}.",
                args.pack.display()
            );
            ExitCode::SUCCESS
        }
        Ok(problems) => {
            report::diagnostics(Format::Human, &problems, &mut std::io::stderr().lock());
            eprintln!(
                "{}: {} problem{}: do not rely on this pack.",
                args.pack.display(),
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
        Err(failure) => failed(failure),
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
                    match report.diagnostics.len() {
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
