//! The reminders recorded as sent for invoices: one per invoice and ladder
//! step, with the text that went out and, for one written as an e-mail,
//! its Message-ID (so a client's answer to it is found again).

use std::collections::HashMap;

use super::records::ReminderRecord;
use super::sql::p;
use super::{conn, Db, StoreError, Tx};

/// The highest reminder step recorded for an invoice, at any date.
pub fn highest_reminder(db: &impl Db, invoice_id: i64) -> Result<Option<u32>, StoreError> {
    conn(db).one("SELECT max(step) FROM reminders WHERE invoice_id = ?1", p![invoice_id], |r| r.get(0))
}

/// Records a reminder as sent (once per invoice and step: a second one of
/// the same step is not recorded); whether it was recorded.
pub fn insert_reminder(tx: &Tx<'_>, reminder: &ReminderRecord) -> Result<bool, StoreError> {
    let n = conn(tx).execute(
        "INSERT INTO reminders (invoice_id, step, tone, sent_at, text, message_id) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
        p![
            reminder.invoice_id,
            reminder.step,
            reminder.tone,
            reminder.sent_at,
            reminder.text,
            reminder.message_id
        ],
    )?;
    Ok(n > 0)
}

/// The reminders recorded for an invoice by `until` (seconds since the
/// epoch), in step order.
pub fn reminders(db: &impl Db, invoice_id: i64, until: i64) -> Result<Vec<ReminderRecord>, StoreError> {
    let sql = format!(
        "SELECT {} FROM reminders r WHERE r.invoice_id = ?1 AND r.sent_at <= ?2 ORDER BY r.step",
        ReminderRecord::COLUMNS
    );
    conn(db).all(&sql, p![invoice_id, until], |r| ReminderRecord::from_row(r, 0))
}

/// The highest step recorded by `until` of every invoice that has one, by
/// invoice id (one query for all of `check`).
pub fn latest_reminders(db: &impl Db, until: i64) -> Result<HashMap<i64, ReminderRecord>, StoreError> {
    let sql = format!(
        "SELECT {} FROM reminders r WHERE r.sent_at <= ?1 ORDER BY r.invoice_id, r.step",
        ReminderRecord::COLUMNS
    );
    let mut out = HashMap::new();
    conn(db).each(&sql, p![until], |r| {
        let rec = ReminderRecord::from_row(r, 0)?;
        out.insert(rec.invoice_id, rec);
        Ok(())
    })?;
    Ok(out)
}

/// The reminder written as the e-mail of `message_id` (without `<>`).
pub fn reminder_by_message_id(db: &impl Db, message_id: &str) -> Result<Option<ReminderRecord>, StoreError> {
    let sql = format!("SELECT {} FROM reminders r WHERE r.message_id = ?1", ReminderRecord::COLUMNS);
    conn(db).opt(&sql, p![message_id], |r| ReminderRecord::from_row(r, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn once_per_step_with_the_text_and_message_id() {
        let mut store = crate::store::testing::store();
        let rec = |step: i64, at: i64, mid: Option<&str>| ReminderRecord {
            id: 0,
            invoice_id: 1,
            step,
            tone: "friendly".into(),
            sent_at: at,
            text: Some(format!("text {step}")),
            message_id: mid.map(str::to_string),
        };
        store
            .write(|tx| {
                let client = crate::store::testing::client(tx, "acme")?;
                conn(tx).execute(
                    "INSERT INTO invoices (id, client_id, number, amount, issued, due, terms, created_at) \
                     VALUES (1, ?1, 'INV-1', 100, '2026-01-01', '2026-01-31', 'net30', 0)",
                    p![client],
                )?;
                assert!(insert_reminder(tx, &rec(1, 10, Some("a@x")))?);
                assert!(!insert_reminder(tx, &rec(1, 20, None))?);
                assert!(insert_reminder(tx, &rec(2, 30, None))?);
                Ok::<_, StoreError>(())
            })
            .unwrap();
        let db = store.read();
        assert_eq!(highest_reminder(&db, 1).unwrap(), Some(2));
        assert_eq!(reminders(&db, 1, 15).unwrap().len(), 1);
        assert_eq!(latest_reminders(&db, 100).unwrap()[&1].step, 2);
        assert_eq!(latest_reminders(&db, 15).unwrap()[&1].text.as_deref(), Some("text 1"));
        assert_eq!(reminder_by_message_id(&db, "a@x").unwrap().map(|r| r.step), Some(1));
    }
}
