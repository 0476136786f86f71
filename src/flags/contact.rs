//! Flags about the single point of contact: `no-contact`.

use chrono::{DateTime, TimeZone};

use super::{Code, Flag};

/// An active client with no primary contact.
pub struct ClientWithoutContact<Tz: TimeZone> {
    pub handle: String,
    pub name: String,
    /// Since when (the client was added).
    pub since: DateTime<Tz>,
}

/// `no-contact`: one flag per active client with no primary contact.
pub fn no_contact<Tz: TimeZone>(clients: &[ClientWithoutContact<Tz>]) -> Vec<Flag> {
    clients
        .iter()
        .map(|c| {
            Flag::new(
                Code::NoContact,
                &c.handle,
                &format!("client:{}", c.handle),
                format!("client {}", c.handle),
                &c.since,
                format!(
                    "{} has no primary contact: name one with `expect add-contact {} \"Name <email>\" --primary`",
                    c.name, c.handle
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn one_flag_per_client() {
        let since = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
        let flags =
            no_contact(&[ClientWithoutContact { handle: "acme".into(), name: "Acme Corp".into(), since }]);
        assert_eq!(flags.len(), 1);
        let f = &flags[0];
        assert_eq!(f.key(), "no-contact:client:acme");
        assert_eq!(f.subject(), "client acme");
        assert_eq!(f.code, Code::NoContact);
        assert_eq!(f.at.to_rfc3339(), "2026-11-01T09:00:00+00:00");
        assert!(f.detail().contains("expect add-contact acme"));
    }
}
