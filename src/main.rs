//! The `dossier` command: parse the command line, run, map the outcome to an exit code
//! (0 success, 1 problems in the portfolio, 2 the tool could not do its job).

use clap::{CommandFactory, Parser};
use dossier::cli::{BuildArgs, CheckArgs, Cli, Command, InitArgs, NewArgs, VerifyArgs};
use dossier::report::{self, Format};
use dossier::{pipeline, Failure};
use std::io::Write;
use std::process::ExitCode;

/// Rendering allocates many short-lived strings on every core; mimalloc's per-thread free lists
/// serve them faster than the C allocator (docs/performance.md). Built without transparent
/// huge pages (the `no_thp` feature in Cargo.toml): zeroing 2 MiB pages cost more than it saved.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long mimalloc keeps freed memory before giving it back to the system, in milliseconds.
/// Its default (1,000 ms in mimalloc 3) held each big page's memory (a listing's context, the
/// printable document) past the whole render: 15 to 20 MB more peak memory at 10,000
/// artefacts. 100 ms returned as much without the system time that 0 or 10 ms cost
/// (docs/performance.md, "Memory at 10,000"). `MIMALLOC_PURGE_DELAY` still overrides it.
const PURGE_DELAY_MS: std::os::raw::c_long = 100;

/// Sets [`PURGE_DELAY_MS`] unless the environment chose a delay. By hand: the `mimalloc` crate
/// exposes no options, and `libmimalloc-sys` names no constant for this one (its index in
/// mimalloc's `mi_option_t`, the same in mimalloc 2 and 3, is 15).
fn return_freed_memory_sooner() {
    extern "C" {
        fn mi_option_set(option: std::os::raw::c_int, value: std::os::raw::c_long);
    }
    const MI_OPTION_PURGE_DELAY: std::os::raw::c_int = 15;
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one integer option before any thread but this one runs; the symbol is
        // mimalloc's own, linked in by the `mimalloc` crate.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    }
}

fn main() -> ExitCode {
    return_freed_memory_sooner();
    let cli = Cli::parse();
    match cli.command {
        Command::Init(args) => init(&args),
        Command::New(args) => new(&args),
        Command::Build(args) => build(&args),
        Command::Check(args) => check(&args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => match dossier::serve::run(args.options()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(Failure::Tool(message)) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
            Err(Failure::Content(_)) => ExitCode::from(1),
        },
        Command::Pdf(args) => match dossier::pdf::print_with_info(&args.options()) {
            Ok((path, info)) => {
                blind_line(info.blind_label.as_deref());
                eprintln!("Wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(failure) => failed(failure),
        },
        Command::Pack(args) => match dossier::pack::pack(&args.options()) {
            Ok(packed) => {
                blind_line(packed.blind_label.as_deref());
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
        Command::Privacy(dossier::cli::PrivacyCommand::Add(args)) => privacy_add(&args),
        Command::Completions(args) => {
            let stdout = &mut std::io::stdout().lock();
            clap_complete::generate(args.shell, &mut Cli::command(), "dossier", stdout);
            ExitCode::SUCCESS
        }
        Command::Man => {
            match clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: could not write the manual page: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Schema(args) => match dossier::schema::write(&args.output) {
            Ok(files) => {
                for file in files {
                    println!("wrote {}", file.display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!(
                    "error: could not write the schemas into {}: {e}",
                    args.output.display()
                );
                ExitCode::from(2)
            }
        },
        Command::Themes => {
            for (name, description) in dossier::render::builtin_themes() {
                println!("{name:10} {description}");
            }
            ExitCode::SUCCESS
        }
    }
}

/// A blind build (`--blind`) says so, and which label stands for the person, on standard
/// error (standard output may be JSON).
fn blind_line(label: Option<&str>) {
    if let Some(label) = label {
        eprintln!(
            "Blind build: the person, their photo and contact details, employers and referees \
             are replaced; the candidate is \"{label}\"."
        );
    }
}

/// A failed pdf or pack: the portfolio's problems (exit 1) or the tool's (exit 2).
fn failed(failure: Failure) -> ExitCode {
    match failure {
        Failure::Content(diags) => {
            let stderr = &mut anstream::stderr().lock();
            report::diagnostics(Format::Human, &diags, stderr);
            report::failure_line(&diags, stderr);
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
            report::diagnostics(Format::Human, &problems, &mut anstream::stderr().lock());
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
    let stderr = &mut anstream::stderr().lock();
    let human = args.format == Format::Human;
    let out: &mut dyn Write = if human { stderr } else { stdout };
    let summary = human && !args.quiet;
    let result = pipeline::check(&args.options(), &quality, args.external);
    if !write_report(args.report.as_deref(), &result) {
        return ExitCode::from(2);
    }
    match result {
        Ok(report) => {
            report::diagnostics_and_notes(
                args.format,
                &report.diagnostics,
                Some(&report.withheld),
                out,
            );
            if !args.quiet {
                blind_line(report.blind_label.as_deref());
            }
            if summary {
                report::held_back::human(&report.withheld, out);
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
            if summary {
                check_failure_line(&diags, out);
            }
            ExitCode::from(1)
        }
        Err(Failure::Tool(message)) => {
            let _ = writeln!(std::io::stderr(), "error: {message}");
            ExitCode::from(2)
        }
    }
}

/// "Check failed: 2 errors, 1 warning." after the diagnostics, as `build` ends with its own.
fn check_failure_line(diags: &[dossier::diag::Diagnostic], to: &mut dyn Write) {
    let errors = diags
        .iter()
        .filter(|d| d.severity == dossier::diag::Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let mut line = format!("Check failed: {}", count(errors, "error"));
    if warnings > 0 {
        line.push_str(&format!(", {}", count(warnings, "warning")));
    }
    let _ = writeln!(to, "{line}.");
}

/// An output folder `build` will not replace: the portfolio is still read and checked (into
/// memory) so its own problems come in the same run as the folder's, not after the fix.
fn refused_output(args: &BuildArgs, opts: &pipeline::Options, reason: &str) -> ExitCode {
    let human = args.format == Format::Human;
    let stdout = &mut std::io::stdout().lock();
    let stderr = &mut anstream::stderr().lock();
    let out: &mut dyn Write = if human { stderr } else { stdout };
    let memory = dossier::output::Memory::default();
    let diags = match pipeline::build_into(opts, &memory) {
        Ok(report) => report.diagnostics,
        Err(Failure::Content(diags)) => diags,
        Err(Failure::Tool(_)) => Vec::new(),
    };
    report::diagnostics(args.format, &diags, out);
    let _ = writeln!(std::io::stderr(), "error: {reason}");
    ExitCode::from(2)
}

fn build(args: &BuildArgs) -> ExitCode {
    if !base_url_is_valid(args.base_url.as_deref()) {
        return ExitCode::from(2);
    }
    if args.all {
        return build_all(args);
    }
    let opts = args.options();
    let stderr = &mut anstream::stderr().lock();
    let root = dossier::parse::Root::new(&opts.root);
    if let Some(reason) = dossier::output::refuse_reason(&root.path, &opts.output) {
        return refused_output(args, &opts, &reason);
    }
    let out: &mut dyn Write = if args.format == Format::Human {
        stderr
    } else {
        &mut std::io::stdout().lock()
    };
    let result = build_with_secret(&opts, args.cache_dir().as_deref());
    if !write_report(args.report.as_deref(), &result) {
        return ExitCode::from(2);
    }
    match result {
        Ok(report) => {
            report::diagnostics_and_notes(
                args.format,
                &report.diagnostics,
                Some(&report.withheld),
                out,
            );
            if !args.quiet && args.format == Format::Human {
                report::summary(&report, &opts.output, out);
            }
            if !args.quiet {
                blind_line(report.blind_label.as_deref());
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
            report::diagnostics(args.format, &diags, &mut anstream::stderr().lock());
            return ExitCode::from(1);
        }
    };
    let diags = report.diagnostics();
    let stderr = &mut anstream::stderr().lock();
    let out: &mut dyn Write = if args.format == Format::Human {
        stderr
    } else {
        &mut std::io::stdout().lock()
    };
    report::diagnostics(args.format, &diags, out);
    // On stderr whatever the format, so stdout stays machine-readable.
    for file in report.secrets_written() {
        eprintln!(
            "Wrote {}: the secret behind this portfolio's application addresses. Keep it \
             (without it the addresses change) and never publish it.",
            file.display()
        );
    }
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

/// A build that says when it wrote the portfolio's secret (see `pipeline::build_with_secret`).
/// The notice goes to stderr whatever the format, so `--format json` output stays one JSON
/// value per line.
fn build_with_secret(
    opts: &pipeline::Options,
    cache: Option<&std::path::Path>,
) -> Result<pipeline::Report, Failure> {
    let (report, secret, reuse) = pipeline::build_with_secret_cached(opts, cache)?;
    // What the cache did goes to stderr, so JSON, GitHub or SARIF output on stdout stays clean.
    if let Some(reuse) = reuse {
        for note in &reuse.notes {
            eprintln!("note: {note}");
        }
        eprintln!("{}", reuse.summary());
    }
    if let Some(file) = secret {
        let _ = writeln!(
            anstream::stderr().lock(),
            "Wrote {}: the secret behind your applications' addresses. Keep it (without it \
             the addresses change) and never publish it.",
            file.display()
        );
    }
    Ok(report)
}

/// `--report FILE`: what was held back or flagged, as JSON; false (after saying why) if the
/// file cannot be written.
fn write_report(
    file: Option<&std::path::Path>,
    result: &Result<pipeline::Report, Failure>,
) -> bool {
    let Some(file) = file else {
        return true;
    };
    let text = match result {
        Ok(report) => report::held_back::document(Some(&report.withheld), &report.diagnostics),
        Err(Failure::Content(diags)) => report::held_back::document(None, diags),
        Err(Failure::Tool(_)) => return true,
    };
    match std::fs::write(file, text) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("error: cannot write the report {}: {e}", file.display());
            false
        }
    }
}
