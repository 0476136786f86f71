//! `expect init`: creates the database (and, when none exists, a commented
//! default config), and sets your name and e-mail on member `me`.

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
    /// Your name (member `me`)
    #[arg(long)]
    pub name: Option<String>,
    /// Your e-mail (member `me`)
    #[arg(long)]
    pub email: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let name = self.name.as_deref().map(|n| text("--name", n)).transpose()?;
        let email = self.email.as_deref().map(|e| parse_flag("--email", e, parse_email)).transpose()?;
        let existed = ctx.db_path.exists();
        let wrote_config = !ctx.config.exists;
        let mut store = ctx.store_rw()?;
        let mut said = Vec::new();
        if !existed {
            said.push(format!("created database {}", ctx.db_path.display()));
        }
        if name.is_some() || email.is_some() {
            store.write(|tx| clients::update_me(tx, name.as_deref(), email.as_deref()))?;
            said.push("updated member me".to_string());
        }
        if !ctx.config.exists {
            write_default_config(&ctx.config.path)?;
            said.push(format!("wrote config {}", ctx.config.path.display()));
        }
        if said.is_empty() {
            said.push(format!("nothing to do: database {} already exists", ctx.db_path.display()));
        }
        let me = clients::me(&store.read())?;
        let record = serde_json::json!({
            "database": ctx.db_path,
            "created": !existed,
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
