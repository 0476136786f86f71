//! `expect export [--format toml|json|journal]`: the whole database as one document
//! on stdout ([`data::export`], in one snapshot), TOML unless `--format json` is
//! given on the command line (`EXPECT_FORMAT` does not apply: a backup
//! format should not change with the shell's environment); or, with
//! `--format journal`, the receivables as of the as-of date as an
//! hledger/Ledger journal ([`journal::journal`]).
//!
//! The global `--format` only knows table, json and csv, so before clap
//! parses the command line [`route_format`] hands an `export`'s `--format`
//! to the hidden `--export-format` of this command.

use std::ffi::OsString;
use std::process::ExitCode;

use crate::book::{data, journal};
use crate::context::Ctx;
use crate::error::UserError;

// Its arguments are defined once the global ones are copied into it
// (`crate::cli::Command` is deferred), so the copied global `--format` is
// replaced by this command's own. (Not a doc comment: clap would make it
// the command's about text.)
#[derive(Debug, clap::Args)]
#[command(mut_arg("format", |_: clap::Arg| format_arg()))]
pub struct Args {
    /// The document format (given as --format)
    #[arg(long = "export-format", hide = true, value_name = "FORMAT")]
    pub export_format: Option<String>,
}

/// The `--format` that `export --help` shows, in place of the report
/// formats of the global one (which it keeps from being copied into this
/// command). Never parsed here: [`route_format`] hands its value to the
/// hidden `--export-format`.
fn format_arg() -> clap::Arg {
    clap::Arg::new("format")
        .long("format")
        .value_name("FORMAT")
        .value_parser(["toml", "json", "journal"])
        .help("The document format [default: toml, whatever EXPECT_FORMAT says]")
}

/// The global flags that take a value as the next argument.
const VALUE_FLAGS: [&str; 5] = ["--db", "--config", "--as-of", "--format", "--color"];

/// Moves the (last) `--format X` / `--format=X` of an `export` command line,
/// wherever it stands, to the hidden `--export-format X` at its end; other
/// command lines are returned unchanged.
pub fn route_format(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let args: Vec<OsString> = args.into_iter().collect();
    let mut i = 1;
    let mut command = None;
    while i < args.len() {
        let a = args[i].to_string_lossy();
        if a == "--" {
            break;
        }
        if VALUE_FLAGS.contains(&a.as_ref()) {
            i += 2;
            continue;
        }
        if !a.starts_with('-') {
            command = Some(i);
            break;
        }
        i += 1;
    }
    if command.is_none_or(|c| args[c] != "export") {
        return args;
    }
    let mut out = Vec::with_capacity(args.len());
    let mut value = None;
    let mut rest = args.into_iter();
    out.extend(rest.next());
    while let Some(a) = rest.next() {
        let s = a.to_string_lossy().into_owned();
        if s == "--" {
            out.push(a);
            out.extend(rest.by_ref());
            break;
        }
        if s == "--format" {
            value = Some(rest.next().unwrap_or_default());
        } else if let Some(v) = s.strip_prefix("--format=") {
            value = Some(OsString::from(v));
        } else if VALUE_FLAGS.contains(&s.as_str()) {
            out.push(a);
            out.extend(rest.next());
        } else {
            out.push(a);
        }
    }
    if let Some(v) = value {
        out.push(OsString::from("--export-format"));
        out.push(v);
    }
    out
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let format = match self.export_format.as_deref() {
            None | Some("toml") => Document::Toml,
            Some("json") => Document::Json,
            Some("journal") => Document::Journal,
            Some(other) => {
                return Err(UserError::new(format!(
                    "--format {other:?}: export writes toml, json or journal, e.g. --format json"
                ))
                .into())
            }
        };
        let store = ctx.store()?;
        store.quick_check()?;
        let text = match format {
            Document::Journal => {
                let env = ctx.env();
                store.snapshot(|db| journal::journal(db, &env))?.render()
            }
            Document::Json => {
                ctx.out.json_document(&store.snapshot(|db| data::export(db))?)?;
                return Ok(ExitCode::SUCCESS);
            }
            Document::Toml => toml::to_string(&store.snapshot(|db| data::export(db))?)?,
        };
        ctx.out.document(&text)?;
        Ok(ExitCode::SUCCESS)
    }
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Document {
    Toml,
    Json,
    Journal,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(args: &[&str]) -> Vec<String> {
        route_format(args.iter().map(OsString::from)).into_iter().map(|a| a.into_string().unwrap()).collect()
    }

    #[test]
    fn only_an_export_format_is_routed() {
        assert_eq!(
            route(&["expect", "export", "--format", "json"]),
            ["expect", "export", "--export-format", "json"]
        );
        assert_eq!(
            route(&["expect", "--format", "toml", "--db", "x.db", "export"]),
            ["expect", "--db", "x.db", "export", "--export-format", "toml"]
        );
        assert_eq!(
            route(&["expect", "export", "--format=json"]),
            ["expect", "export", "--export-format", "json"]
        );
        assert_eq!(
            route(&["expect", "--db", "export", "clients", "--format", "json"]),
            ["expect", "--db", "export", "clients", "--format", "json"]
        );
        assert_eq!(
            route(&["expect", "clients", "--format", "json"]),
            ["expect", "clients", "--format", "json"]
        );
        assert_eq!(route(&["expect"]), ["expect"]);
    }
}
