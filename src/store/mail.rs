//! What `ingest` looks up while it reads mail (SPEC 12): whether a mail was
//! read before (by the key kept in `messages.message_id`, through its unique
//! index), the recorded messages a thread names, a client's messages still
//! awaiting a reply, the reminders written as e-mail, and who the senders
//! are (contacts of active clients).

use super::records::MessageRecord;
use super::sql::p;
use super::{conn, Db, StoreError};

/// Whether a message was recorded from the mail known by `key` (its
/// Message-ID or digest).
pub fn is_read(db: &impl Db, key: &str) -> Result<bool, StoreError> {
    Ok(conn(db).opt("SELECT 1 FROM messages WHERE message_id = ?1", p![key], |_| Ok(()))?.is_some())
}

/// The message recorded from the mail known by `key`.
pub fn message_by_key(db: &impl Db, key: &str) -> Result<Option<MessageRecord>, StoreError> {
    let sql = format!("SELECT {} FROM messages m WHERE m.message_id = ?1", MessageRecord::COLUMNS);
    conn(db).opt(&sql, p![key], |r| MessageRecord::from_row(r, 0))
}

/// Client `client_id`'s messages that arrived in `[from, to]` and still
/// awaited a reply at `to` (not `--fyi`, not replied or closed by then),
/// latest first. Reads the index on `(client_id, at)`.
pub fn awaiting_reply(
    db: &impl Db,
    client_id: i64,
    from: i64,
    to: i64,
) -> Result<Vec<MessageRecord>, StoreError> {
    let sql = format!(
        "SELECT {} FROM messages m WHERE m.client_id = ?1 AND m.at BETWEEN ?2 AND ?3 AND m.fyi = 0 \
         AND (m.replied_at IS NULL OR m.replied_at > ?3) AND (m.closed_at IS NULL OR m.closed_at > ?3) \
         ORDER BY m.at DESC, m.id DESC",
        MessageRecord::COLUMNS
    );
    conn(db).all(&sql, p![client_id, from, to], |r| MessageRecord::from_row(r, 0))
}

/// Client `client_id`'s messages that arrived at or after `from`:
/// `(id, arrival, subject)`, oldest first. Reads the index on
/// `(client_id, at)`.
pub fn subjects_since(
    db: &impl Db,
    client_id: i64,
    from: i64,
) -> Result<Vec<(i64, i64, String)>, StoreError> {
    conn(db).all(
        "SELECT id, at, subject FROM messages WHERE client_id = ?1 AND at >= ?2 ORDER BY at, id",
        p![client_id, from],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// The invoice a reminder written as an e-mail with Message-ID `id` was
/// for: `(client id, invoice number)`.
pub fn reminder_by_key(db: &impl Db, id: &str) -> Result<Option<(i64, String)>, StoreError> {
    conn(db).opt(
        "SELECT i.client_id, i.number FROM reminders r JOIN invoices i ON i.id = r.invoice_id WHERE r.message_id = ?1",
        p![id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The invoices of active clients that a reminder was sent for:
/// `(invoice number, client id)`, by number.
pub fn reminded_invoices(db: &impl Db) -> Result<Vec<(String, i64)>, StoreError> {
    conn(db).all(
        "SELECT DISTINCT i.number, i.client_id FROM reminders r JOIN invoices i ON i.id = r.invoice_id \
         JOIN clients c ON c.id = i.client_id WHERE c.archived = 0 ORDER BY i.number",
        p![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The e-mail keys (lower case) of the contacts of active clients:
/// `(email key, client id)`, each pair once, by key.
pub fn contact_keys(db: &impl Db) -> Result<Vec<(String, i64)>, StoreError> {
    conn(db).all(
        "SELECT DISTINCT k.email_key, k.client_id FROM contacts k JOIN clients c ON c.id = k.client_id \
         WHERE c.archived = 0 AND k.email_key IS NOT NULL ORDER BY k.email_key, k.client_id",
        p![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::records::{ContactRecord, Insert, InvoiceRecord, ReminderRecord};
    use crate::store::{clients, messages, testing, Tx};

    fn contact(tx: &Tx<'_>, client_id: i64, email: &str) -> Result<i64, StoreError> {
        ContactRecord {
            id: 0,
            client_id,
            name: None,
            email: Some(email.into()),
            primary: false,
            role: None,
            phone: None,
        }
        .insert(tx)
    }

    #[test]
    fn lookups_of_ingest() {
        let mut store = crate::store::testing::store();
        let (acme, globex, first, reply) = store
            .write(|tx| {
                let acme = testing::client(tx, "acme")?;
                let globex = testing::client(tx, "globex")?;
                let jane = contact(tx, acme, "Jane@Acme.example")?;
                contact(tx, globex, "jane@acme.example")?;
                contact(tx, globex, "hank@globex.example")?;
                let base = MessageRecord {
                    client_id: acme,
                    from_contact: jane,
                    to_member: 1,
                    via: "email".into(),
                    subject: "Budget".into(),
                    ..MessageRecord::default()
                };
                let first = messages::insert_message(
                    tx,
                    &MessageRecord { at: 100, message_id: Some("a@x".into()), ..base.clone() },
                )?;
                messages::insert_message(tx, &MessageRecord { at: 150, fyi: true, ..base.clone() })?;
                messages::insert_message(
                    tx,
                    &MessageRecord { at: 160, replied_at: Some(170), ..base.clone() },
                )?;
                let reply = messages::insert_message(
                    tx,
                    &MessageRecord { at: 200, follow_up_of: Some(first), ..base.clone() },
                )?;
                let invoice = InvoiceRecord {
                    id: 0,
                    client_id: acme,
                    number: "INV-0007".into(),
                    amount: crate::values::Decimal::of(
                        crate::values::Money(100),
                        crate::values::Currency::USD,
                    ),
                    issued: "2026-11-01".parse().unwrap(),
                    due: "2026-11-15".parse().unwrap(),
                    terms: "net14".into(),
                    phase_id: None,
                    settled_on: None,
                    voided_at: None,
                    void_reason: None,
                    created_at: 0,
                    changed_at: None,
                }
                .insert(tx)?;
                ReminderRecord {
                    id: 0,
                    invoice_id: invoice,
                    step: 1,
                    tone: "friendly".into(),
                    sent_at: 300,
                    text: None,
                    message_id: Some("r1@studio.example".into()),
                }
                .insert(tx)?;
                Ok::<_, StoreError>((acme, globex, first, reply))
            })
            .unwrap();
        let db = store.read();
        assert!(is_read(&db, "a@x").unwrap());
        assert!(!is_read(&db, "b@x").unwrap());
        assert_eq!(message_by_key(&db, "a@x").unwrap().map(|m| m.id), Some(first));
        // Awaiting at 180: the fyi and the replied one are not; latest first.
        let ids = |rows: Vec<MessageRecord>| rows.iter().map(|m| m.id).collect::<Vec<_>>();
        assert_eq!(ids(awaiting_reply(&db, acme, 0, 180).unwrap()), [first]);
        assert_eq!(ids(awaiting_reply(&db, acme, 0, 200).unwrap()), [reply, first]);
        // Replied after `to`: still awaiting then.
        assert_eq!(ids(awaiting_reply(&db, acme, 150, 165).unwrap()).len(), 1);
        assert!(awaiting_reply(&db, globex, 0, 500).unwrap().is_empty());
        let subjects = subjects_since(&db, acme, 150).unwrap();
        assert_eq!(
            subjects.iter().map(|s| (s.1, s.2.as_str())).collect::<Vec<_>>(),
            [(150, "Budget"), (160, "Budget"), (200, "Budget")]
        );
        assert_eq!(ids(messages::follow_ups(&db, first).unwrap()), [reply]);
        assert_eq!(reminder_by_key(&db, "r1@studio.example").unwrap(), Some((acme, "INV-0007".into())));
        assert_eq!(reminder_by_key(&db, "a@x").unwrap(), None);
        assert_eq!(reminded_invoices(&db).unwrap(), [("INV-0007".to_string(), acme)]);
        assert_eq!(
            contact_keys(&db).unwrap(),
            [
                ("hank@globex.example".to_string(), globex),
                ("jane@acme.example".to_string(), acme),
                ("jane@acme.example".to_string(), globex)
            ]
        );
        store.write(|tx| clients::set_archived(tx, globex, true)).unwrap();
        assert_eq!(contact_keys(&store.read()).unwrap(), [("jane@acme.example".to_string(), acme)]);
    }
}
