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

impl ManArgs {
    pub fn run(self, out: Output) -> anyhow::Result<ExitCode> {
        let mut buf = Vec::new();
        clap_mangen::Man::new(Cli::command()).render(&mut buf).context("rendering the man page")?;
        out.text(&String::from_utf8(buf).context("man page is not UTF-8")?)?;
        Ok(ExitCode::SUCCESS)
    }
}
