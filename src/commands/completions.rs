//! `expect completions SHELL`: the script that makes SHELL complete
//! `expect` command lines, with clap_complete's dynamic completion: at
//! each TAB the shell asks `expect` itself (`COMPLETE=SHELL expect --
//! <words>`), which answers from the command definitions (commands, flags,
//! the values of `--format`, `--color` and `completions`) and, for the
//! arguments that name records, from the database: client handles, member
//! handles, invoice numbers and open message ids ([`with_completers`]
//! lists which arguments).
//!
//! Completing never writes: the database is opened read-only (never
//! created, upgraded or given a `-wal` file; [`crate::context::read_only_store`]),
//! and any error (no database, a damaged one) just means no names are
//! offered.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};
use clap_complete::env::Shells;

use crate::book::names::{candidates, Completable};
use crate::context::{default_db_path, read_only_store, Location};
use crate::output::Output;

/// The environment variable that turns a run into a completion request.
pub const VAR: &str = "COMPLETE";

/// The shells a script can be printed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    /// GNU Bash (bash-completion)
    Bash,
    /// Zsh
    Zsh,
    /// fish
    Fish,
    /// Elvish
    Elvish,
    /// PowerShell
    Powershell,
}

impl Shell {
    fn name(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::Zsh => "zsh",
            Shell::Fish => "fish",
            Shell::Elvish => "elvish",
            Shell::Powershell => "powershell",
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Bash: expect completions bash > ~/.local/share/bash-completion/completions/expect\n\
Zsh: expect completions zsh > \"${fpath[1]}/_expect\"   Fish: expect completions fish > ~/.config/fish/completions/expect.fish")]
pub struct Args {
    /// The shell to complete for
    pub shell: Shell,
}

impl Args {
    pub fn run(self, out: Output) -> anyhow::Result<ExitCode> {
        let shells = Shells::builtins();
        let shell = shells.completer(self.shell.name()).context("a shell clap_complete knows")?;
        let mut buf = Vec::new();
        shell.write_registration(VAR, "expect", "expect", &completer(), &mut buf)?;
        out.text(&String::from_utf8(buf).context("completions are not UTF-8")?)?;
        Ok(ExitCode::SUCCESS)
    }
}

/// The program the script calls: `expect` when that is how it was run
/// (found on PATH at completion time), else the path it was run by, made
/// absolute.
fn completer() -> String {
    let argv0 = PathBuf::from(std::env::args_os().next().unwrap_or_else(|| OsString::from("expect")));
    if argv0.components().count() <= 1 {
        return argv0.to_string_lossy().into_owned();
    }
    std::path::absolute(&argv0).unwrap_or(argv0).to_string_lossy().into_owned()
}

/// Runs a completion request when [`VAR`] is set (the shell's script
/// calling back): prints the candidates and returns true. Quiet on any
/// error: a shell shows no candidates rather than a message.
pub fn complete_if_asked(args: &[OsString]) -> bool {
    let asked = std::env::var_os(VAR).is_some_and(|v| !v.is_empty() && v != "0");
    if !asked {
        return false;
    }
    let current = std::env::current_dir().ok();
    let _ = clap_complete::CompleteEnv::with_factory(crate::cli::command)
        .var(VAR)
        .try_complete(args.iter().cloned(), current.as_deref());
    true
}

/// Which arguments name records: (command, argument id, what). `*` is any
/// command. New handles and numbers (`add-client HANDLE`, `add-invoice
/// --number`) are not completed.
const NAMED: &[(&str, &str, Completable)] = &[
    ("*", "client", Completable::Client),
    ("edit-client", "handle", Completable::Client),
    ("show-client", "handle", Completable::Client),
    ("archive-client", "handle", Completable::Client),
    ("unarchive-client", "handle", Completable::Client),
    ("add-client", "manager", Completable::Member),
    ("edit-client", "manager", Completable::Member),
    ("log", "to", Completable::Member),
    ("pay", "number", Completable::Invoice),
    ("unpay", "number", Completable::Invoice),
    ("void", "number", Completable::Invoice),
    ("remind", "number", Completable::Invoice),
    ("reply", "id", Completable::OpenMessage),
    ("close", "id", Completable::OpenMessage),
    ("start", "id", Completable::OpenMessage),
    ("deliver", "id", Completable::OpenMessage),
];

/// `cmd` with the database completers of [`NAMED`] attached.
pub fn with_completers(cmd: clap::Command) -> clap::Command {
    cmd.mut_subcommands(|sub| {
        let name = sub.get_name().to_string();
        sub.mut_args(|arg| {
            let id = arg.get_id().as_str();
            match NAMED.iter().find(|(c, a, _)| (*c == "*" || *c == name) && *a == id) {
                Some((_, _, what)) => {
                    let what = *what;
                    arg.add(ArgValueCandidates::new(move || names(what)))
                }
                None => arg,
            }
        })
    })
}

/// The database a completion request is about: `--db` on the line being
/// completed, else `EXPECT_DB`, else the default.
fn database() -> Option<Location> {
    let words: Vec<OsString> = std::env::args_os().skip_while(|a| a != "--").skip(1).collect();
    let mut found = None;
    for (i, w) in words.iter().enumerate() {
        let w = w.to_string_lossy();
        if w == "--db" {
            found = words.get(i + 1).map(PathBuf::from);
        } else if let Some(p) = w.strip_prefix("--db=") {
            found = Some(PathBuf::from(p));
        }
    }
    let given = found.map(PathBuf::into_os_string).or_else(|| std::env::var_os("EXPECT_DB"));
    match given {
        Some(g) => Location::parse(&g).ok(),
        None => default_db_path().ok().map(Location::File),
    }
}

/// The names to offer for `what`; none when the database cannot be read.
fn names(what: Completable) -> Vec<CompletionCandidate> {
    let Some(path) = database() else { return Vec::new() };
    let Ok(store) = read_only_store(&path) else { return Vec::new() };
    candidates(&store.read(), what)
        .unwrap_or_default()
        .into_iter()
        .map(|c| CompletionCandidate::new(c.value).help(c.help.map(Into::into)))
        .collect()
}
