//! The `[mail]` section (SPEC 12): where `expect ingest` reads mail when no
//! PATH is given, and your own addresses besides your members' e-mails.
//! Paths may start with `~` (your home folder); a relative path is taken
//! from the config file's folder, as `holidays_file` is; `-` is stdin.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::Checker;
use crate::error::UserError;
use crate::values::{parse_email, ParseError};

/// What `[mail]` says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailConfig {
    /// What `ingest` reads without PATH: Maildirs, mboxes, message files or
    /// folders, `-` for stdin.
    pub sources: Vec<PathBuf>,
    /// Your own addresses besides members' e-mails (aliases), as written.
    pub addresses: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMail {
    sources: Option<Vec<Spanned<String>>>,
    addresses: Option<Vec<Spanned<String>>>,
}

/// Checks `[mail]`; `home` expands a leading `~`, `base` is the config's
/// folder.
pub(super) fn mail_from(
    c: &Checker<'_>,
    raw: &RawMail,
    home: Option<&Path>,
    base: &Path,
) -> Result<MailConfig, UserError> {
    let mut out = MailConfig::default();
    for s in raw.sources.iter().flatten() {
        out.sources.push(c.check("mail.sources", s, s.get_ref(), |v| source_path(v, home, base))?);
    }
    for a in raw.addresses.iter().flatten() {
        out.addresses.push(c.check("mail.addresses", a, a.get_ref(), |v| {
            parse_email(v)
                .map_err(|_| ParseError::new("expected an e-mail address, e.g. hello@studio.example"))
        })?);
    }
    Ok(out)
}

fn source_path(v: &str, home: Option<&Path>, base: &Path) -> Result<PathBuf, ParseError> {
    let t = v.trim();
    if t.is_empty() {
        return Err(ParseError::new("expected a Maildir, mbox or folder, e.g. \"~/Mail/INBOX\""));
    }
    if t == "-" {
        return Ok(PathBuf::from("-"));
    }
    config_path(t, home, base)
}

/// A path written in the config: a leading `~` is the `home` folder, and
/// a relative path is taken from `base`, the config's folder.
pub(super) fn config_path(t: &str, home: Option<&Path>, base: &Path) -> Result<PathBuf, ParseError> {
    let tilde = t == "~" || t.starts_with("~/");
    if tilde {
        let home = home.ok_or_else(|| ParseError::new("~ needs a home folder (HOME is not set)"))?;
        return Ok(home.join(t.trim_start_matches('~').trim_start_matches('/')));
    }
    Ok(base.join(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_expand_home_and_the_config_folder() {
        let home = Path::new("/home/sam");
        let base = Path::new("/home/sam/.config/expect");
        let p = |v: &str| source_path(v, Some(home), base).map(|p| p.display().to_string());
        assert_eq!(p("~/Mail/INBOX").as_deref(), Ok("/home/sam/Mail/INBOX"));
        assert_eq!(p("~").as_deref(), Ok("/home/sam/"));
        assert_eq!(p("/var/mail/sam").as_deref(), Ok("/var/mail/sam"));
        assert_eq!(p("mail/archive.mbox").as_deref(), Ok("/home/sam/.config/expect/mail/archive.mbox"));
        assert_eq!(p(" - ").as_deref(), Ok("-"));
        assert_eq!(p("~other/Mail").as_deref(), Ok("/home/sam/.config/expect/~other/Mail"));
        assert!(p("").is_err());
        assert!(source_path("~/Mail", None, base).is_err());
    }
}
