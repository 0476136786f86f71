//! `expect` keeps the expectations agreed with each client on record and
//! flags every place where they are being broken.
//!
//! Layers: [`cli`] parses, [`commands`] translate arguments into typed
//! values and call one operation of the [`book`], which decides with the
//! pure domain ([`rules`], [`money`], [`calendar`], [`flags`], [`letters`],
//! [`values`], [`mail`], [`invoice_file`]) and reads and writes through the [`store`], the one module
//! that speaks SQL; [`output`] renders what the operations return.

pub mod book;
pub mod calendar;
pub mod cli;
pub mod commands;
pub mod config;
pub mod context;
pub mod demo;
pub mod error;
pub mod files;
pub mod flags;
pub mod invoice_file;
pub mod letters;
pub mod lists;
pub mod mail;
pub mod money;
pub mod output;
pub mod rules;
pub mod store;
pub mod values;

use std::io::Write as _;
use std::process::ExitCode;

/// Runs the command line and turns the outcome into an exit status:
/// 0 nothing to report, 1 something to report, 2 an error.
pub fn main_exit() -> ExitCode {
    // A bug must still read as an error, never as a Rust panic with a
    // backtrace: one line on stderr, exit status 2.
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(ToString::to_string)
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "expect: error: internal error{at}: {what}\n  hint: this is a bug in expect; please report it with the command you ran"
        );
        // The release build aborts on a panic (no unwinding tables to load
        // at start-up): leave with the error status here, as the catch
        // below does where panics unwind.
        if cfg!(panic = "abort") {
            std::process::exit(2);
        }
    }));
    let outcome = std::panic::catch_unwind(|| cli::run(std::env::args_os()));
    let Ok(result) = outcome else {
        return ExitCode::from(2);
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            report(&err);
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints `expect: error: <what>` with the whole context chain on one line,
/// and a hint where one is known.
fn report(err: &anyhow::Error) {
    let mut stderr = std::io::stderr().lock();
    // What a client typed may reach this line: no raw control character
    // gets to the terminal.
    let message = format!("{err:#}");
    let _ = writeln!(stderr, "expect: error: {}", output::escape_controls(&message));
    if let Some(hint) = error::hint(err) {
        let _ = writeln!(stderr, "  hint: {}", output::escape_controls(&hint));
    }
}
