//! The error every value parser returns: what was expected, with an example.

/// Why a piece of user input was refused.
///
/// The message reads as the tail of a one-line error, e.g.
/// `expected receipt, netN, eom or eom+N, e.g. net30`; the caller prefixes
/// the flag and the value (`--terms "net-30": ...`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub String);

impl ParseError {
    /// A refusal with the given explanation.
    pub fn new(msg: impl Into<String>) -> Self {
        Self(msg.into())
    }

    /// Bad input exits with status 2.
    pub fn exit_code(&self) -> u8 {
        2
    }
}
