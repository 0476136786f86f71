//! `expect init`: creates the book (a new file, or an empty server schema
//! set up) and, when none exists, a commented default config; sets your
//! name and e-mail on your member record (`me`, or the config's `me` /
//! `EXPECT_ME` on a shared book, added when it is not there yet).

use std::process::ExitCode;

use anyhow::Context as _;

use crate::book::clients;
use crate::config::DEFAULT_CONFIG;
use crate::context::Ctx;
use crate::error::parse_flag;
use crate::values::parse_email;

use super::shared::text;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Your name (your member record: `me`, or the config's `me`)
    #[arg(long)]
    pub name: Option<String>,
    /// Your e-mail (your member record)
    #[arg(long)]
    pub email: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let name = self.name.as_deref().map(|n| text("--name", n)).transpose()?;
        let email = self.email.as_deref().map(|e| parse_flag("--email", e, parse_email)).transpose()?;
        let wrote_config = !ctx.config.exists;
        let mut store = ctx.store_rw()?;
        let created = store.created();
        let mut said = Vec::new();
        if created {
            said.push(format!("created database {}", ctx.db));
        }
        if name.is_some() || email.is_some() {
            let added =
                store.write(|tx| clients::update_me(tx, &ctx.me, name.as_deref(), email.as_deref()))?;
            said.push(format!("{} member {}", if added { "added" } else { "updated" }, ctx.me));
        }
        if !ctx.config.exists {
            write_default_config(&ctx.config.path)?;
            said.push(format!("wrote config {}", ctx.config.path.display()));
        }
        let me = clients::me(&store.read(), &ctx.me)?;
        if name.is_none() && me.is_none() {
            said.push(format!(
                "member {} is not in the book yet: `expect init --name \"Your Name\"` adds you",
                ctx.me
            ));
        }
        if said.is_empty() {
            said.push(format!("nothing to do: database {} already exists", ctx.db));
        }
        let record = serde_json::json!({
            "database": ctx.db.to_string(),
            "created": created,
            "config": ctx.config.path,
            "config_written": wrote_config,
            "member": me,
        });
        ctx.out.record(&record, || said.join("\n"))?;
        Ok(ExitCode::SUCCESS)
    }
}

fn write_default_config(path: &std::path::Path) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating folder {}", dir.display()))?;
    }
    std::fs::write(path, DEFAULT_CONFIG).with_context(|| format!("writing config {}", path.display()))
}
