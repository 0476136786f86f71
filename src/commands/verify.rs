//! `expect verify`: of a file book, SQLite's integrity and foreign key
//! checks and the schema's tables; of a server book, its schema's tables
//! and indexes. Exit 0 when the book is sound, 1 with what is damaged
//! (SPEC 10).

use std::process::ExitCode;

use serde::Serialize;

use crate::context::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {}

#[derive(Debug, Serialize)]
struct Verdict {
    database: String,
    ok: bool,
    problems: Vec<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let database = ctx.db.to_string();
        let problems = match ctx.store().and_then(|store| store.verify()) {
            Ok(problems) => problems,
            Err(e) if e.is_damage() => vec![e.root().to_string()],
            Err(e) => return Err(e.into()),
        };
        let ok = problems.is_empty();
        let verdict = Verdict { database, ok, problems };
        ctx.out.record(&verdict, || {
            if verdict.ok {
                format!("{}: ok", verdict.database)
            } else {
                let mut s = format!("{}: damaged", verdict.database);
                for p in &verdict.problems {
                    s += &format!("\n  {p}");
                }
                s + "\n  hint: restore it from a backup (`expect backup FILE` makes one); see the README"
            }
        })?;
        Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
    }
}
