//! `expect completions SHELL` and `expect man`: generated from the command
//! definitions by clap_complete and clap_mangen.

use std::process::ExitCode;

use anyhow::Context as _;
use clap::CommandFactory as _;

use crate::cli::Cli;
use crate::output::Output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// bash, zsh, fish, elvish or powershell
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {}

impl Args {
    pub fn run(self, out: Output) -> anyhow::Result<ExitCode> {
        let mut buf = Vec::new();
        clap_complete::generate(self.shell, &mut Cli::command(), "expect", &mut buf);
        out.text(&String::from_utf8(buf).context("completions are not UTF-8")?)?;
        Ok(ExitCode::SUCCESS)
    }
}

/// The EXIT STATUS section of the man page, in roff.
const EXIT_STATUS: &str = ".SH \"EXIT STATUS\"\n\
.TP\n0\nsuccess; for check, overdue and remind: nothing to report\n\
.TP\n1\ncheck found a violation, overdue an overdue invoice, remind a reminder due\n\
.TP\n2\nerror: bad usage, bad input, unknown client, database problem\n";

impl ManArgs {
    pub fn run(self, out: Output) -> anyhow::Result<ExitCode> {
        let man = clap_mangen::Man::new(Cli::command());
        let mut buf = Vec::new();
        // One page for everything: the sections clap_mangen offers, less the
        // references to per-command pages this tool does not install, with
        // the exit status under its usual heading.
        man.render_title(&mut buf)?;
        man.render_name_section(&mut buf)?;
        man.render_synopsis_section(&mut buf)?;
        man.render_description_section(&mut buf)?;
        man.render_options_section(&mut buf)?;
        man.render_subcommands_section(&mut buf)?;
        buf.extend_from_slice(EXIT_STATUS.as_bytes());
        man.render_version_section(&mut buf)?;
        let page = String::from_utf8(buf).context("man page is not UTF-8")?;
        // `expect\-add\-client(1)` (a page of its own) becomes `expect add-client`.
        let page: Vec<String> = page
            .lines()
            .map(|l| match l.strip_prefix("expect\\-").and_then(|r| r.strip_suffix("(1)")) {
                Some(name) => format!("\\fBexpect {name}\\fR"),
                None => l.to_string(),
            })
            .collect();
        out.text(&page.join("\n"))?;
        Ok(ExitCode::SUCCESS)
    }
}
