//! Command line: build, check, serve, init, new. Exit codes: 0 ok, 1 input errors (and warnings
//! under --strict), 2 usage errors.

mod summary;

use crate::config::{Config, Overrides};
use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "opsloop",
    version,
    about = "Turn incident, ticket and metric exports plus postmortems into a static feedback-report site"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Read content/ and write the site to public/.
    #[command(
        after_help = "Examples:\n  opsloop build\n  opsloop build --root my-site --base-url https://pages.example.com/ops/\n  opsloop build --as-of 2025-06-30 --strict --timings"
    )]
    Build(BuildArgs),
    /// Everything build does except writing; reports every problem.
    #[command(
        after_help = "Examples:\n  opsloop check\n  opsloop check --strict --links\n  opsloop check --json > diagnostics.json"
    )]
    Check(CheckArgs),
    /// Preview the site locally: rebuild on changes to content/ and themes/, reload open pages.
    #[command(
        after_help = "Examples:\n  opsloop serve\n  opsloop serve --root my-site --drafts\n  opsloop serve --port 8080 --as-of 2025-06-30"
    )]
    Serve(ServeArgs),
    /// Create a new site with a commented site.yaml and one example of each input kind.
    #[command(after_help = "Examples:\n  opsloop init my-site\n  cd my-site && opsloop build")]
    Init {
        /// Directory to create (must be empty or missing).
        dir: PathBuf,
    },
    /// Create a new content file from a template.
    #[command(subcommand)]
    New(NewCommand),
}

#[derive(Subcommand, Debug)]
pub enum NewCommand {
    /// A postmortem with front matter filled in (date, slug, empty action table).
    #[command(
        after_help = "Examples:\n  opsloop new postmortem \"DNS resolver outage\"\n  opsloop new postmortem \"Checkout latency\" --root my-site --date 2025-07-01"
    )]
    Postmortem {
        title: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Date of the postmortem (YYYY-MM-DD); default today.
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Args, Debug, Clone)]
pub struct CommonArgs {
    /// Site directory (holds content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Report date (YYYY-MM-DD); default: as_of in site.yaml, else the latest timestamp in the data.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Treat warnings as errors (exit 1).
    #[arg(long)]
    pub strict: bool,
    /// Include postmortems with status draft.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Output directory (default: ROOT/public).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Base URL the site is served from, e.g. https://pages.example.com/ops/
    #[arg(long)]
    pub base_url: Option<String>,
    /// Print the time spent in each stage.
    #[arg(long)]
    pub timings: bool,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Print a machine-readable summary on stdout.
    #[arg(long)]
    pub json: bool,
    /// Also build into a temporary directory and check every internal link, anchor and
    /// asset reference (external links are listed, not fetched); broken ones exit 1.
    #[arg(long)]
    pub links: bool,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Site directory (holds content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port to listen on.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on; the default keeps the preview on this machine.
    #[arg(long, default_value = "127.0.0.1")]
    pub interface: std::net::IpAddr,
    /// Include postmortems with status draft.
    #[arg(long)]
    pub drafts: bool,
    /// Report date (YYYY-MM-DD); default: as_of in site.yaml, else the latest timestamp in the data.
    #[arg(long)]
    pub as_of: Option<String>,
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build(args) => {
            let overrides = overrides(&args.common, args.output.clone(), args.base_url.clone());
            let config = Config::load(&args.common.root, &overrides)?;
            let outcome = crate::build::run_with(&config, true, args.timings)?;
            summary::print_human(&outcome.diagnostics);
            if args.timings {
                eprint!("{}", outcome.timings.render());
            }
            eprintln!(
                "wrote {} files to {}",
                outcome.files,
                config.output_dir.display()
            );
            let code = exit_code(&outcome.diagnostics, config.strict);
            crate::build::drop_in_background(outcome);
            Ok(code)
        }
        Command::Check(args) => {
            // --links checks what this content builds to: the one run builds into a
            // temporary directory (public/ is left alone) instead of ingesting and
            // analysing a second time.
            let links_dir = if args.links {
                Some(tempfile::tempdir().context("creating a temporary directory for --links")?)
            } else {
                None
            };
            let output = links_dir.as_ref().map(|d| d.path().join("public"));
            let config = Config::load(&args.common.root, &overrides(&args.common, output, None))?;
            let outcome = crate::build::run(&config, links_dir.is_some())?;
            if args.json {
                println!("{}", summary::json(&outcome.diagnostics));
            } else {
                summary::print_human(&outcome.diagnostics);
            }
            let code = exit_code(&outcome.diagnostics, config.strict);
            if links_dir.is_some()
                && !crate::linkcheck::print_report(&config.output_dir, &config.base_url)
            {
                return Ok(ExitCode::from(1));
            }
            Ok(code)
        }
        Command::Serve(args) => {
            crate::serve::run(crate::serve::ServeOptions {
                interface: args.interface,
                port: args.port,
                drafts: args.drafts,
                as_of: args.as_of,
                ..crate::serve::ServeOptions::new(args.root)
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir } => {
            crate::scaffold::init(&dir)?;
            eprintln!(
                "created a new site in {}; next: cd {} && opsloop build",
                dir.display(),
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::New(NewCommand::Postmortem { title, root, date }) => {
            let path = crate::scaffold::new_postmortem(&root, &title, date.as_deref())?;
            eprintln!("created {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn overrides(c: &CommonArgs, output: Option<PathBuf>, base_url: Option<String>) -> Overrides {
    Overrides {
        output,
        base_url,
        as_of: c.as_of.clone(),
        strict: c.strict,
        drafts: c.drafts,
    }
}

fn exit_code(d: &crate::diagnostics::Diagnostics, strict: bool) -> ExitCode {
    if d.has_errors() || (strict && d.has_warnings()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
