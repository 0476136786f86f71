//! Errors a user can act on: the message names the bad value and, where it
//! helps, a hint says what to do. Every error exits with status 2.

use std::fmt;

use crate::values::ParseError;

/// An error caused by what the user asked for (bad input, unknown names,
/// refused operations), as opposed to an I/O or database failure, which
/// travels as a plain `anyhow` error with context.
#[derive(Debug)]
pub struct UserError {
    pub message: String,
    pub hint: Option<String>,
}

impl UserError {
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), hint: None }
    }

    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `--terms "net-30": expected receipt, netN, eom or eom+N, e.g. net30`
    pub fn bad_value(flag: &str, value: &str, why: &ParseError) -> Self {
        Self::new(format!("{flag} {value:?}: {why}"))
    }

    /// `unknown client "acme"`, with a hint naming the command that lists them.
    pub fn unknown(kind: &str, name: &str, list_command: &str) -> Self {
        Self::new(format!("unknown {kind} {name:?}")).with_hint(format!("`expect {list_command}` lists them"))
    }
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UserError {}

/// Shorthand for returning a [`UserError`] from a function returning
/// `anyhow::Result`.
pub fn user<T>(message: impl Into<String>) -> anyhow::Result<T> {
    Err(UserError::new(message).into())
}

/// Parses `value` with `parse`, turning a refusal into a [`UserError`] that
/// names `flag` and the value.
pub fn parse_flag<T>(
    flag: &str,
    value: &str,
    parse: impl FnOnce(&str) -> Result<T, ParseError>,
) -> Result<T, UserError> {
    parse(value).map_err(|e| UserError::bad_value(flag, value, &e))
}
