//! The command line: global flags, the subcommands, and the dispatcher that
//! resolves config, database path and "now" once and hands them to the
//! command.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::{ContextKind, ErrorKind};
use clap::parser::ValueSource;
use clap::{Args, CommandFactory as _, FromArgMatches as _, Parser, Subcommand};

use crate::commands;
use crate::config::{self, Config};
use crate::context::{default_db_path, AsOf, Ctx};
use crate::error::{self, parse_flag, UserError};
use crate::output::{ColorChoice, Format, Output};
use crate::store::Location;
use crate::values::Handle;

/// Keep the expectations agreed with each client on record, and see where
/// they are broken.
#[derive(Debug, Parser)]
#[command(name = "expect", version, about, max_term_width = 100, args_override_self = true)]
#[command(
    after_help = "Exit status: 0 nothing to report, 1 something to report (check, overdue, remind), 2 error."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts, before or after its name (listed after the
/// command's own options, under their own heading).
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// The book: a database file, or a postgres:// URI of a shared one [default: config database, else
    /// $XDG_DATA_HOME/expect/expect.db]
    #[arg(long, global = true, env = "EXPECT_DB", hide_env_values = true, value_name = "PATH|URI")]
    pub db: Option<PathBuf>,
    /// Config file [default: $XDG_CONFIG_HOME/expect/config.toml]
    #[arg(long, global = true, env = "EXPECT_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Evaluate as if now were TIME (e.g. last friday 16:00, -2d; or 2026-11-27T16:05)
    #[arg(
        long = "as-of",
        global = true,
        env = "EXPECT_NOW",
        value_name = "TIME",
        allow_hyphen_values = true
    )]
    pub as_of: Option<String>,
    /// Output of list and report commands
    #[arg(long, global = true, env = "EXPECT_FORMAT", value_enum, ignore_case = true, default_value_t = Format::Table)]
    pub format: Format,
    /// Colour: only on a terminal under auto (NO_COLOR turns auto off)
    #[arg(long, global = true, value_enum, ignore_case = true, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print nothing on stdout; the exit status still tells
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// The subcommands. Each one's arguments are defined only when it is the
/// one being parsed (`defer`): building all of them on every run was most
/// of `expect`'s start-up.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Create the database (and a commented default config)
    Init(commands::init::Args),
    /// Record a new client and the rules agreed with them
    AddClient(commands::add_client::Args),
    /// Change a client's details or rules (rule changes are kept as versions)
    EditClient(commands::edit_client::Args),
    /// Add a person at a client (--primary makes them the point of contact)
    AddContact(commands::add_contact::Args),
    /// Record a signed contract and the rules it covers
    AddContract(commands::add_contract::Args),
    /// List contracts
    Contracts(commands::contracts::Args),
    /// Print a letter announcing a client's rule changes (--sent records it)
    Notice(commands::notice::Args),
    /// Print a client's expectations sheet in Markdown
    Sheet(commands::sheet::Args),
    /// Print an e-mail signature line with your check times and reply promise
    Signature(commands::signature::Args),
    /// Add a member of your team
    AddMember(commands::add_member::Args),
    /// List your team
    Members(commands::members::Args),
    /// List clients
    Clients(commands::clients::Args),
    /// Show a client: rules in force, upcoming changes, contacts, flags
    ShowClient(commands::show_client::Args),
    /// Hide a client from reports (kept on record)
    ArchiveClient(commands::archive_client::Args),
    /// Bring an archived client back
    UnarchiveClient(commands::archive_client::UnarchiveArgs),
    /// When a deadline falls by your business calendar
    Deadline(commands::deadline::Args),
    /// Record a message (or work request) from a client
    Log(commands::log::Args),
    /// Record that you answered a message
    Reply(commands::reply::Args),
    /// Turn a logged message into a work request, with start and delivery deadlines
    Request(commands::request::Args),
    /// Mark a message as needing no reply after all
    Close(commands::close::Args),
    /// Record that work on a request began
    Start(commands::start::Args),
    /// Record that you delivered a request
    Deliver(commands::deliver::Args),
    /// List messages and their deadlines
    Messages(commands::messages::Args),
    /// Read mail (Maildir, mbox, message files, stdin): what clients wrote, and your replies
    Ingest(commands::ingest::Args),
    /// Record something a client owes you
    WaitingOn(commands::waiting_on::Args),
    /// Record that a client delivered what they owed
    Received(commands::received::Args),
    /// List what clients owe you
    Waiting(commands::waiting::Args),
    /// Record an invoice (due date from the terms in force on the issue date)
    AddInvoice(commands::add_invoice::Args),
    /// Record a payment (principal first, then late fee, then interest)
    Pay(commands::pay::Args),
    /// Remove an invoice's latest payment (or the one on a date)
    Unpay(commands::unpay::Args),
    /// Cancel an invoice (kept, shown as void, counted nowhere)
    Void(commands::void::Args),
    /// Forgo an invoice's late fee and/or interest (--undo takes it back)
    Waive(commands::waive::Args),
    /// List invoices with what is paid and outstanding
    Invoices(commands::invoices::Args),
    /// List overdue invoices with late fee, interest and aging
    Overdue(commands::overdue::Args),
    /// Record a project and its ordered phases (milestone payments)
    AddProject(commands::add_project::Args),
    /// Record that a project phase started
    StartPhase(commands::start_phase::Args),
    /// List projects and their phases: amount, start, paid
    Projects(commands::projects::Args),
    /// Print (and record) the payment reminders now due
    Remind(commands::remind::Args),
    /// List every broken expectation as of now
    Check(commands::check::Args),
    /// Hide one flag of `check` for good
    Dismiss(commands::dismiss::Args),
    /// Bring a dismissed flag back
    Undismiss(commands::dismiss::UndismissArgs),
    /// Write a consistent copy of the database to a new file
    Backup(commands::backup::Args),
    /// Check the database for damage (exit 1 when damaged)
    Verify(commands::verify::Args),
    /// List every open deadline, or print them as an iCalendar feed (--ics)
    Calendar(commands::calendar::Args),
    /// Both sides' record per client: replies, deliveries, payments, bypasses
    Scorecard(commands::scorecard::Args),
    /// Write the whole database as one document (--format toml|json), or the receivables as a ledger
    /// journal (--format journal)
    Export(commands::export::Args),
    /// Read a document written by export (--merge: add what is new)
    Import(commands::import::Args),
    /// Record the invoices (and payments) of another program's CSV export
    ImportInvoices(commands::import_invoices::Args),
    /// Build a demo database and show `check` on it
    Demo(commands::demo::Args),
    /// Print the script that makes a shell complete commands, flags and names
    Completions(commands::completions::Args),
    /// Print the man page (--dir DIR: write one page per command)
    Man(commands::man::Args),
}

/// The command line as clap sees it, whole (every subcommand's arguments
/// defined): the derived definitions, with the shell completers that read
/// names from the database attached.
pub fn command() -> clap::Command {
    let mut cli = Cli::command();
    cli.build();
    commands::completions::with_completers(cli)
}

/// Parses `args` and runs the command.
pub fn run(args: impl IntoIterator<Item = OsString>) -> anyhow::Result<ExitCode> {
    let args: Vec<OsString> = args.into_iter().collect();
    if commands::completions::complete_if_asked(&args) {
        return Ok(ExitCode::SUCCESS);
    }
    let args = commands::export::route_format(args);
    // Only the subcommand given is built (see [`Command`]); what clap built
    // is left to the end of the process rather than taken apart.
    let mut parser = Cli::command();
    let matches = match parser.try_get_matches_from_mut(&args) {
        Ok(m) => m,
        Err(e) => return clap_error(&e, &args),
    };
    std::mem::forget(parser);
    let from_env = |id: &str| matches.value_source(id) == Some(ValueSource::EnvVariable);
    let (db_from_env, config_from_env) = (from_env("db"), from_env("config"));
    let as_of_name = if from_env("as_of") { "EXPECT_NOW" } else { "--as-of" };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => return clap_error(&e, &args),
    };
    std::mem::forget(matches);
    let g = cli.global;
    let as_of = g.as_of.as_deref().map(|value| AsOf { value, name: as_of_name });
    // The one reading of the clock; everything below gets it passed down.
    let clock = chrono::Utc::now();
    let out = Output::new(g.format, g.color, g.quiet);
    match cli.command {
        Command::Completions(a) => return a.run(out),
        Command::Man(a) => return a.run(out),
        Command::Demo(a) => {
            let db = if db_from_env { None } else { g.db };
            return a.run(db, as_of, clock, out);
        }
        _ => {}
    }
    let config_path = match &g.config {
        Some(p) => p.clone(),
        None => config::default_path()?,
    };
    let config = Config::load(&config_path).map_err(|e| {
        if config_from_env && e.chain().any(<dyn std::error::Error>::is::<std::io::Error>) {
            UserError::new(format!("EXPECT_CONFIG {:?}: {e:#}", config_path.display().to_string())).into()
        } else {
            e
        }
    })?;
    let db = match g.db {
        Some(p) => Location::parse(p.as_os_str()).map_err(|e| {
            let name = if db_from_env { "EXPECT_DB" } else { "--db" };
            UserError::new(format!("{name}: {e}"))
                .with_hint("a server book is postgres://USER@HOST/DATABASE (e.g. ?sslmode=require); anything else is a file path")
        })?,
        None => match config.database.clone() {
            Some(db) => db,
            None => Location::File(default_db_path()?),
        },
    };
    let me = match std::env::var("EXPECT_ME") {
        Ok(v) => Some(parse_flag("EXPECT_ME", &v, str::parse::<Handle>)?.into_string()),
        Err(_) => config.me.clone(),
    };
    if me.is_none() && matches!(db, Location::Server(_)) {
        return Err(UserError::new(format!("{db} is a shared book, so expect needs to know who you are"))
            .with_hint("add me = \"HANDLE\" (your member handle, e.g. sam) to config.toml, or set EXPECT_ME")
            .into());
    }
    let ctx = Ctx::new(config, db, me.unwrap_or_else(|| "me".into()), as_of, clock, out)?;
    dispatch(cli.command, &ctx).map_err(|e| {
        let e = commands::shared::did_you_mean(&ctx, e);
        if db_from_env {
            error::db_named_by_env(e, "EXPECT_DB", &ctx.db.to_string())
        } else {
            e
        }
    })
}

/// Runs a command with a resolved context.
pub fn dispatch(command: Command, ctx: &Ctx) -> anyhow::Result<ExitCode> {
    match command {
        Command::Init(a) => a.run(ctx),
        Command::AddClient(a) => a.run(ctx),
        Command::EditClient(a) => a.run(ctx),
        Command::AddContact(a) => a.run(ctx),
        Command::AddContract(a) => a.run(ctx),
        Command::Contracts(a) => a.run(ctx),
        Command::Notice(a) => a.run(ctx),
        Command::Sheet(a) => a.run(ctx),
        Command::Signature(a) => a.run(ctx),
        Command::AddMember(a) => a.run(ctx),
        Command::Members(a) => a.run(ctx),
        Command::Clients(a) => a.run(ctx),
        Command::ShowClient(a) => a.run(ctx),
        Command::ArchiveClient(a) => a.run(ctx),
        Command::UnarchiveClient(a) => a.run(ctx),
        Command::Deadline(a) => a.run(ctx),
        Command::Log(a) => a.run(ctx),
        Command::Reply(a) => a.run(ctx),
        Command::Request(a) => a.run(ctx),
        Command::Close(a) => a.run(ctx),
        Command::Start(a) => a.run(ctx),
        Command::Deliver(a) => a.run(ctx),
        Command::Messages(a) => a.run(ctx),
        Command::Ingest(a) => a.run(ctx),
        Command::WaitingOn(a) => a.run(ctx),
        Command::Received(a) => a.run(ctx),
        Command::Waiting(a) => a.run(ctx),
        Command::AddInvoice(a) => a.run(ctx),
        Command::Pay(a) => a.run(ctx),
        Command::Unpay(a) => a.run(ctx),
        Command::Void(a) => a.run(ctx),
        Command::Waive(a) => a.run(ctx),
        Command::Invoices(a) => a.run(ctx),
        Command::Overdue(a) => a.run(ctx),
        Command::AddProject(a) => a.run(ctx),
        Command::StartPhase(a) => a.run(ctx),
        Command::Projects(a) => a.run(ctx),
        Command::Remind(a) => a.run(ctx),
        Command::Check(a) => a.run(ctx),
        Command::Dismiss(a) => a.run(ctx),
        Command::Undismiss(a) => a.run(ctx),
        Command::Backup(a) => a.run(ctx),
        Command::Verify(a) => a.run(ctx),
        Command::Calendar(a) => a.run(ctx),
        Command::Scorecard(a) => a.run(ctx),
        Command::Export(a) => a.run(ctx),
        Command::Import(a) => a.run(ctx),
        Command::ImportInvoices(a) => a.run(ctx),
        Command::Demo(_) | Command::Completions(_) | Command::Man(_) => {
            unreachable!("handled before the context is built")
        }
    }
}

/// The usage line of the command named in clap's `usage` (which also lists
/// flags that came from environment variables), rendered afresh.
fn clean_usage(usage: &str) -> String {
    let name = usage.split_whitespace().nth(1).filter(|w| !w.starts_with(['-', '<', '[']));
    let mut cli = Cli::command();
    cli.build();
    let fresh = name.and_then(|n| cli.find_subcommand_mut(n)).map(|sub| {
        let mut sub = sub.clone().bin_name(format!("expect {}", name.unwrap_or_default()));
        sub.render_usage().to_string()
    });
    fresh.map_or_else(|| usage.to_string(), |u| u.trim_start_matches("Usage: ").to_string())
}

/// The environment variable an invalid value came from, when it came from
/// one: clap names the flag (`--format <FORMAT>`), but the user never typed
/// it. `args` is the command line as given.
fn value_from_env(e: &clap::Error, args: &[OsString]) -> Option<String> {
    let flag = e.get(ContextKind::InvalidArg)?.to_string();
    let long = flag.split_whitespace().next()?.strip_prefix("--")?;
    let value = e.get(ContextKind::InvalidValue)?.to_string();
    let typed = args.iter().filter_map(|a| a.to_str()).any(|a| {
        a.strip_prefix("--").is_some_and(|rest| rest == long || rest.starts_with(&format!("{long}=")))
    });
    let cli = Cli::command();
    let var = cli.get_arguments().find(|a| a.get_long() == Some(long))?.get_env()?.to_str()?.to_string();
    let from_env = std::env::var_os(&var).is_some_and(|v| v.to_str() == Some(value.as_str()));
    (from_env && !typed).then(|| format!("{var} {value:?}: not one of the possible values"))
}

/// The one command nearest to a mistyped one, as a hint.
fn nearest_command(typed: &str) -> Option<String> {
    let cli = Cli::command();
    let names: Vec<&str> =
        cli.get_subcommands().filter(|c| !c.is_hide_set()).map(clap::Command::get_name).collect();
    crate::values::closest(typed, names.iter().copied())
        .map(|name| format!("did you mean `expect {name}`? `expect --help` lists the commands"))
}

/// Prints clap's help and version as clap does; turns usage errors into
/// `expect: error: ...` with a hint, exit 2.
fn clap_error(e: &clap::Error, args: &[OsString]) -> anyhow::Result<ExitCode> {
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            e.print()?;
            return Ok(if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            });
        }
        _ => {}
    }
    let rendered = e.render().to_string();
    let lines: Vec<&str> = rendered.lines().collect();
    let first = lines.first().copied().unwrap_or("bad usage");
    let mut message = first.strip_prefix("error: ").unwrap_or(first).to_string();
    if let Some(named) = value_from_env(e, args) {
        message = named;
    }
    // Clap lists what is missing on the indented lines below the first.
    let listed: Vec<&str> = lines
        .iter()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.trim())
        .filter(|l| !l.starts_with("tip:") && !l.starts_with('['))
        .collect();
    if !listed.is_empty() {
        message = format!("{} {}", message, listed.join(", "));
    }
    let find = |prefix: &str| lines.iter().find_map(|l| l.trim().strip_prefix(prefix)).map(str::to_string);
    let invalid_command = e.get(ContextKind::InvalidSubcommand).map(ToString::to_string);
    let possible =
        find("[possible values: ").map(|v| format!("possible values: {}", v.trim_end_matches(']')));
    let hint = invalid_command
        .as_deref()
        .and_then(nearest_command)
        .or_else(|| possible.clone().filter(|_| e.kind() == ErrorKind::InvalidValue))
        .or_else(|| find("tip: ").filter(|_| invalid_command.is_none()))
        .or(possible)
        .or_else(|| find("Usage: ").map(|u| format!("usage: {}", clean_usage(&u))))
        .unwrap_or_else(|| match invalid_command {
            Some(_) => "`expect --help` lists the commands".to_string(),
            None => "add --help after the command to see its usage".to_string(),
        });
    Err(UserError::new(message).with_hint(hint).into())
}
