//! `expect demo`: builds a demo database (never touching real data: the
//! user's config and `EXPECT_DB` are ignored), with a small Maildir in a
//! temporary folder read as `ingest` reads mail, and prints `check` on it.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::book::check::{self, Filter};
use crate::book::mail::Summary;
use crate::config::Config;
use crate::context::{AsOf, Ctx, Location};
use crate::error::UserError;
use crate::output::Output;

use super::shared::print_flags;

#[derive(Debug, clap::Args)]
pub struct Args {}

impl Args {
    /// `db` is `--db` as given on the command line (not from `EXPECT_DB`);
    /// `clock` the real time, read once by the caller.
    pub fn run(
        self,
        db: Option<PathBuf>,
        as_of: Option<AsOf<'_>>,
        clock: chrono::DateTime<chrono::Utc>,
        out: Output,
    ) -> anyhow::Result<ExitCode> {
        if let Some(p) = db.as_ref().filter(|p| p.to_str().is_some_and(crate::context::is_server_uri)) {
            return Err(UserError::new(format!(
                "--db {}: the demo builds a file book, not a server one",
                p.display()
            ))
            .with_hint("give a file path that does not exist yet, or none for a temporary one")
            .into());
        }
        if let Some(p) = db.as_ref().filter(|p| p.exists()) {
            return Err(UserError::new(format!("{} already exists", p.display()))
                .with_hint("the demo builds a new database: give a path that does not exist yet")
                .into());
        }
        // The demo's own folder: the database (unless --db), and its mail.
        let folder = tempfile::Builder::new()
            .prefix("expect-demo-")
            .tempdir()
            .context("creating a temporary folder for the demo")?
            .keep();
        let path = db.unwrap_or_else(|| folder.join("expect.db"));
        let mail = folder.join("mail");
        let config = Config::builtin(PathBuf::from("(built-in demo config)"));
        let ctx = Ctx::new(config, Location::File(path.clone()), "me".into(), as_of, clock, out)?;
        let env = ctx.env();
        let mut store = ctx.store_rw()?;
        let read = crate::demo::build(&mut store, &env, &mail).context("building the demo data")?;
        eprintln!("demo database: {}", path.display());
        eprintln!(
            "demo mail: {} ({})",
            mail.display(),
            Summary { counts: &read.counts, too_early: "too old" }
        );
        eprintln!("  try: expect --db {} show-client acme", path.display());
        let flags = check::gather(&store.read(), &env, &Filter::default())?;
        print_flags(&ctx.out, &flags)?;
        Ok(ExitCode::SUCCESS)
    }
}
