//! What the commands share: turning arguments into values (handles, texts,
//! record numbers, amounts, `--at` and `--on`; each refusal names the flag
//! and shows a good value), recording a mark on a message, and the table
//! of flags that `check` and `demo` print; and "did you mean" for an
//! unknown name.

use std::process::ExitCode;

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;

use crate::book::messages::{self, Mark, MessageView};
use crate::book::BookError;
use crate::context::Ctx;
use crate::error::{parse_flag, UserError};
use crate::flags::{Flag, Severity};
use crate::output::{json, Cell, Output, Style};
use crate::values::{Domain, Handle, MoneyInput, ParseError};

/// Validates a new handle given as `what` (e.g. `client handle`).
pub fn new_handle(what: &str, s: &str) -> Result<Handle, UserError> {
    parse_flag(what, s, str::parse::<Handle>)
}

/// A one-line TEXT (names, subjects, roles, reasons), kept exactly as given.
pub fn text(flag: &str, s: &str) -> Result<String, UserError> {
    parse_flag(flag, s, |v| crate::values::text::one_line(v).map(|()| v.to_string()))
}

/// The DOMAINs given to `flag` (`--domain`, `--no-domain`), each checked.
pub fn domains(flag: &str, given: &[String]) -> Result<Vec<Domain>, UserError> {
    given.iter().map(|d| parse_flag(flag, d, str::parse::<Domain>)).collect()
}

/// A record number given as `ID` (`what`: `a message number, e.g. 12`).
pub fn record_id(s: &str, what: &str) -> Result<i64, UserError> {
    parse_flag("ID", s, |v| {
        v.trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| ParseError::new(format!("expected {what}")))
    })
}

/// MONEY given as `what`, typed in the config's `numbers` style, with or
/// without a currency sign or code (the operation checks it against the
/// client's currency and decimals).
pub fn amount(ctx: &Ctx, what: &str, s: &str) -> Result<MoneyInput, UserError> {
    let m = parse_flag(what, s, |v| MoneyInput::parse(what, v, ctx.config.numbers))?;
    if m.value.is_zero() {
        return Err(UserError::new(format!("{what} {s:?}: expected an amount above zero, e.g. 1500")));
    }
    Ok(m)
}

/// The TIME of something that happened (`--at`, default now).
pub fn at_or_now(ctx: &Ctx, at: Option<&str>) -> anyhow::Result<DateTime<Tz>> {
    match at {
        Some(s) => ctx.past_time("--at", s),
        None => Ok(ctx.now),
    }
}

/// The DATE of something that happened (`--on`, default today).
pub fn on_or_today(ctx: &Ctx, on: Option<&str>) -> anyhow::Result<NaiveDate> {
    match on {
        Some(s) => ctx.past_date("--on", s),
        None => Ok(ctx.today()),
    }
}

/// Words a refusal about `--at`: `--at 2026-11-27 09:00: before message 3
/// arrived (...)`.
pub fn at_error(e: BookError) -> anyhow::Error {
    match e {
        BookError::BeforeArrival { .. } => anyhow::Error::from(
            UserError::new(format!("--at {e}")).with_hint("give the time it happened, e.g. --at now"),
        ),
        other => other.into(),
    }
}

/// `reply`, `close`, `start` and `deliver`: records `mark` on message `id`
/// at `--at` (default now) and prints the confirmation.
pub fn mark(ctx: &Ctx, id: &str, at: Option<&str>, mark: Mark) -> anyhow::Result<ExitCode> {
    let id = record_id(id, "a message number, e.g. 12")?;
    let when = at_or_now(ctx, at)?;
    let env = ctx.env();
    let mut store = ctx.store()?;
    let view: MessageView =
        store.write(|tx| messages::record_mark(tx, &env, id, mark, when)).map_err(at_error)?;
    let verb = match mark {
        Mark::Replied => "replied to",
        Mark::Closed => "closed",
        Mark::Started => "started",
        Mark::Delivered => "delivered",
    };
    ctx.out.record(&view, || format!("{verb} message {id}"))?;
    Ok(ExitCode::SUCCESS)
}

/// `err` with the nearest known name added when it is an unknown client,
/// member, invoice or project ("did you mean"), looked up afresh: the
/// failed command's transaction is gone, and nothing is written.
pub fn did_you_mean(ctx: &Ctx, err: anyhow::Error) -> anyhow::Error {
    let unknown = matches!(err.downcast_ref::<BookError>(), Some(BookError::Unknown { near: None, .. }));
    // Only a bare refusal: one wrapped in context keeps its wording.
    if !unknown || err.chain().count() > 1 {
        return err;
    }
    let Ok(store) = ctx.store() else { return err };
    match err.downcast::<BookError>() {
        Ok(refusal) => crate::book::names::with_nearest(&store.read(), refusal).into(),
        Err(err) => err,
    }
}

/// The exit status for a list of flags: 1 when an undismissed violation is
/// listed.
pub fn status(flags: &[Flag]) -> ExitCode {
    if crate::book::check::has_violation(flags) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints flags in the chosen format.
pub fn print_flags(out: &Output, flags: &[Flag]) -> anyhow::Result<()> {
    let headers = ["at", "client", "code", "severity", "subject", "detail"];
    out.with_keys(Flag::KEYS).flat_list(flags, &headers, flag_cells, flag_fields)
}

/// The JSON object of a flag (SPEC 8), a field at a time: what its
/// `Serialize` writes.
fn flag_fields(f: &Flag, o: &mut json::Fields<'_>) {
    json::flat_fields!(o;
        "key" => str(f.key()),
        "code" => name_str(f.code.as_str()),
        "severity" => name_str(f.severity().as_str()),
        "party" => name_str(f.party().as_str()),
        "client" => str(f.client()),
        "subject" => str(f.subject()),
        "at" => instant(&f.at),
        "detail" => str(f.detail()),
        "dismissed" => bool(f.dismissed),
    );
}

/// The table cells of a flag.
fn flag_cells(f: &Flag) -> Vec<Cell> {
    let style = match f.severity() {
        Severity::Violation => Style::Bad,
        Severity::Warning => Style::Warn,
    };
    vec![
        f.at.format("%Y-%m-%d %H:%M").to_string().into(),
        f.client().to_string().into(),
        Cell::styled(f.code.as_str(), style),
        Cell::styled(
            format!("{}{}", f.severity().as_str(), if f.dismissed { " (dismissed)" } else { "" }),
            if f.dismissed { Style::Dim } else { style },
        ),
        f.subject().to_string().into(),
        f.detail().to_string().into(),
    ]
}

#[cfg(test)]
mod flag_json_tests {
    use chrono::DateTime;

    use super::*;
    use crate::flags::Code;

    /// A flag's JSON written a field at a time is what its `Serialize`
    /// writes: every code (so both severities and parties), hostile text,
    /// an instant with part of a second (chrono's form), dismissed or not.
    #[test]
    fn flags_written_a_field_at_a_time_are_what_serde_writes() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let mut flags: Vec<Flag> = Code::ALL
            .iter()
            .enumerate()
            .map(|(i, code)| {
                let when =
                    if i % 2 == 0 { at("2026-11-30T16:00:00+01:00") } else { at("2026-11-30T16:00:00.25Z") };
                Flag::new(
                    *code,
                    "acme",
                    &format!("x:{i}"),
                    format!("subject {i}"),
                    &when,
                    "said \"now\"\n\u{9b}2J é",
                )
            })
            .collect();
        flags[3].dismissed = true;
        flags.push(Flag::on_invoice(
            Code::OverdueInvoice,
            "",
            "",
            &at("1969-12-31T23:59:59-09:30"),
            0,
            |_| {},
        ));
        let mut fast = Vec::new();
        json::write_objects(&mut fast, &flags, flag_fields).unwrap();
        let mut serde = Vec::new();
        json::write_pretty(&mut serde, &flags).unwrap();
        assert_eq!(String::from_utf8(fast).unwrap(), String::from_utf8(serde).unwrap());
    }
}
