//! Developer tasks for opsloop. `gen` writes the sample site's data files or a whole
//! synthetic benchmark site, deterministically from a seed.

mod synth;

use anyhow::{Context, bail};
use std::path::PathBuf;

const USAGE: &str = "usage:
  cargo run -p xtask -- gen --scale sample --seed 42 --out content
      regenerate content/data/ of the sample site
  cargo run -p xtask -- gen --scale S|M|L [--seed 42] --out DIR
      write a whole benchmark site to DIR/content (site.yaml, data/, postmortems/, wins/)";

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("gen") => run_gen(&args[1..]),
        Some("-h" | "--help" | "help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown task `{other}`\n{USAGE}"),
    }
}

/// Hand-parsed flags: three options do not justify a CLI dependency in a dev tool.
fn run_gen(args: &[String]) -> anyhow::Result<()> {
    let mut scale = None;
    let mut seed = 42u64;
    let mut out = None;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .with_context(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--scale" => scale = Some(value()?),
            "--seed" => {
                let v = value()?;
                seed = v
                    .parse()
                    .with_context(|| format!("--seed `{v}` is not an unsigned integer"))?;
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            other => bail!("unknown flag `{other}`\n{USAGE}"),
        }
    }
    let scale = scale.with_context(|| format!("--scale is required\n{USAGE}"))?;
    let scale = synth::Scale::parse(&scale)?;
    let out = out.with_context(|| format!("--out is required\n{USAGE}"))?;
    let stats = synth::generate(scale, seed, &out)?;
    eprintln!("{stats}");
    Ok(())
}
