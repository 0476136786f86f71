//! Who a mail is from and to whom it went, decided from what the book knows
//! (SPEC 12), without the database: the [`Directory`] is read once per run
//! and every rule here is a pure function of it and the parsed mail.
//!
//! - From you: `From` is a member's e-mail or one of `[mail] addresses`.
//! - From a client: `From` is a contact of exactly one active client
//!   (e-mail, case-insensitive), else its domain is exactly one of a
//!   client's domains (a contact's e-mail beats a domain; a contact of two
//!   clients is ambiguous and skipped).
//! - `--to`: the manager when named in `To` or `Cc`, else the first member
//!   in `To`, then in `Cc`, else the manager.

use std::collections::{HashMap, HashSet};

use crate::mail::{domain_of, Mail, Mailbox};

/// What a run knows of the book's people, read once.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    /// Your addresses, lower case: members' e-mails and `[mail] addresses`.
    pub own: HashSet<String>,
    /// Members by e-mail (lower case).
    pub members: HashMap<String, i64>,
    /// Member handles by id.
    pub handles: HashMap<i64, String>,
    /// Active clients whose contact has the e-mail (lower case), by id.
    pub contacts: HashMap<String, Vec<i64>>,
    /// The active client of each domain (lower case).
    pub domains: HashMap<String, i64>,
    /// Active clients by id.
    pub clients: HashMap<i64, ClientInfo>,
    /// The active client of each invoice a reminder was sent for, by number
    /// in lower case.
    pub reminded: HashMap<String, i64>,
}

/// What a run needs of an active client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientInfo {
    pub handle: String,
    pub manager_id: i64,
    /// When it was added: mail from before is skipped unless `--since`.
    pub created_at: i64,
}

/// Who sent a mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sender {
    /// You: a member or one of your addresses.
    Own,
    /// A contact of this client.
    Contact(i64),
    /// A new address at this client's domain.
    Domain(i64),
    /// A contact of several clients (their ids, in order).
    Ambiguous(Vec<i64>),
    /// Nobody the book knows.
    Unknown,
}

/// Who sent `from`.
pub fn sender(dir: &Directory, from: &Mailbox) -> Sender {
    if dir.own.contains(&from.email_key) {
        return Sender::Own;
    }
    match dir.contacts.get(&from.email_key).map(Vec::as_slice) {
        Some([one]) => return Sender::Contact(*one),
        Some(many) if many.len() > 1 => return Sender::Ambiguous(many.to_vec()),
        _ => {}
    }
    match domain_of(&from.email_key).and_then(|d| dir.domains.get(&d)) {
        Some(client) => Sender::Domain(*client),
        None => Sender::Unknown,
    }
}

/// The client of a reminded invoice whose number the subject names, as a
/// word of its own (`Re: Reminder: invoice INV-0007 (overdue)`); the first
/// such number wins.
pub fn invoice_client(dir: &Directory, subject: &str) -> Option<i64> {
    if dir.reminded.is_empty() {
        return None;
    }
    let is_part = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '#');
    subject.split(|c: char| !is_part(c)).filter(|w| !w.is_empty()).find_map(|word| {
        let word = word.to_lowercase();
        // A number may end a sentence or follow a `#`: try the word bare too.
        let bare = word.trim_end_matches('.').trim_start_matches('#');
        dir.reminded.get(&word).or_else(|| dir.reminded.get(bare)).copied()
    })
}

/// The member a client's mail counts as sent to: the manager when named in
/// `To` or `Cc`, else the first member in `To`, then in `Cc`, else the
/// manager (mail to an alias, a list or Bcc names no member).
pub fn recipient(dir: &Directory, to: &[Mailbox], cc: &[Mailbox], manager_id: i64) -> i64 {
    let named: Vec<i64> =
        to.iter().chain(cc).filter_map(|m| dir.members.get(&m.email_key).copied()).collect();
    if named.contains(&manager_id) {
        return manager_id;
    }
    named.first().copied().unwrap_or(manager_id)
}

/// The message ids a mail's thread names: `In-Reply-To` first, then
/// `References` newest first, each once, never the mail's own key.
pub fn thread_ids(mail: &Mail) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in mail.in_reply_to.iter().chain(mail.references.iter().rev()) {
        if *id != mail.key && !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mb(email: &str) -> Mailbox {
        Mailbox::new(email, None).unwrap()
    }

    /// me (1, alex@studio.example) and sam (2); acme (10: jane, acme.example),
    /// globex (20: hank, globex.example; jane too, as an old contact), initech
    /// (30: bill); invoice INV-0007 of initech reminded; alias hello@.
    fn dir() -> Directory {
        let mut d = Directory::default();
        for (email, id) in [("alex@studio.example", 1), ("sam@studio.example", 2)] {
            d.members.insert(email.into(), id);
            d.own.insert(email.into());
            d.handles.insert(id, if id == 1 { "me" } else { "sam" }.into());
        }
        d.own.insert("hello@studio.example".into());
        for (email, clients) in [
            ("jane@acme.example", vec![10]),
            ("hank@globex.example", vec![20]),
            ("pat@gmail.com", vec![10, 20]),
            ("bill@initech.example", vec![30]),
            ("jane.old@globex.example", vec![20]),
        ] {
            d.contacts.insert(email.into(), clients);
        }
        d.domains.insert("acme.example".into(), 10);
        d.domains.insert("globex.example".into(), 20);
        d.reminded.insert("inv-0007".into(), 30);
        d.reminded.insert("2026/14".into(), 10);
        d
    }

    #[test]
    fn senders() {
        let d = dir();
        assert_eq!(sender(&d, &mb("Alex@Studio.Example")), Sender::Own);
        assert_eq!(sender(&d, &mb("hello@studio.example")), Sender::Own);
        assert_eq!(sender(&d, &mb("JANE@acme.example")), Sender::Contact(10));
        // A contact's e-mail beats the domain it is at.
        assert_eq!(sender(&d, &mb("bill@initech.example")), Sender::Contact(30));
        assert_eq!(sender(&d, &mb("kim@acme.example")), Sender::Domain(10));
        assert_eq!(sender(&d, &mb("kim@mail.acme.example")), Sender::Unknown);
        assert_eq!(sender(&d, &mb("pat@gmail.com")), Sender::Ambiguous(vec![10, 20]));
        assert_eq!(sender(&d, &mb("zed@gmail.com")), Sender::Unknown);
    }

    #[test]
    fn invoice_numbers_in_subjects() {
        let d = dir();
        assert_eq!(invoice_client(&d, "Re: Reminder: invoice INV-0007 is overdue"), Some(30));
        assert_eq!(invoice_client(&d, "Paid inv-0007."), Some(30));
        assert_eq!(invoice_client(&d, "About #INV-0007, and 2026/14"), Some(30));
        assert_eq!(invoice_client(&d, "Invoice 2026/14"), Some(10));
        assert_eq!(invoice_client(&d, "INV-00070 and XINV-0007"), None);
        assert_eq!(invoice_client(&d, ""), None);
        assert_eq!(invoice_client(&Directory::default(), "INV-0007"), None);
    }

    #[test]
    fn recipients() {
        let d = dir();
        let (me, sam) = (1, 2);
        // The manager named anywhere wins.
        assert_eq!(recipient(&d, &[mb("sam@studio.example")], &[mb("alex@studio.example")], me), me);
        // Else the first member in To, then in Cc.
        assert_eq!(recipient(&d, &[mb("x@y.example"), mb("SAM@studio.example")], &[], me), sam);
        assert_eq!(recipient(&d, &[mb("x@y.example")], &[mb("sam@studio.example")], me), sam);
        // An alias, a list or Bcc names no member: the manager.
        assert_eq!(recipient(&d, &[mb("hello@studio.example")], &[], sam), sam);
        assert_eq!(recipient(&d, &[], &[], me), me);
    }

    #[test]
    fn thread_ids_newest_first_without_repeats() {
        let mut mail = Mail::parse(b"From: a@b.example\nMessage-ID: <own@x>\n\n").unwrap();
        mail.in_reply_to = vec!["3@x".into()];
        mail.references = vec!["1@x".into(), "2@x".into(), "3@x".into(), "own@x".into()];
        assert_eq!(thread_ids(&mail), ["3@x", "2@x", "1@x"]);
    }
}
