//! `request ID` (SPEC 7): a message logged (or read from mail) turns out to
//! ask for work. It becomes a request with start and delivery deadlines from
//! the rules in force when it arrived, exactly as if it had been logged with
//! `--request` (and `--wants`); its reply deadlines stay as they were.

use super::messages::{deadlines, find_message, MessageView};
use super::{BookError, Env, Result};
use crate::calendar::TimeInput;
use crate::rules::rules_on;
use crate::store::messages::{set_request, RequestTerms};
use crate::store::rules::versions;
use crate::store::Tx;

/// Makes message `id` a request; `wants` (when the client wants it done)
/// resolves as `log --wants` does, relative values from the arrival.
pub fn make_request(tx: &Tx<'_>, env: &Env<'_>, id: i64, wants: Option<&TimeInput>) -> Result<MessageView> {
    let m = find_message(tx, id)?;
    if m.request {
        return Err(BookError::AlreadyRequest(id));
    }
    let at = env.instant(m.at);
    let wants =
        wants.map(|w| env.cal.resolve_wants(w, at, env.now)).transpose().map_err(BookError::BadTime)?;
    let rules = rules_on(&versions(tx, m.client_id)?, at.date_naive());
    let d = deadlines(env.cal, &rules, &env.config.check_times, at, true, m.fyi, wants);
    let ts = |t: Option<chrono::DateTime<chrono_tz::Tz>>| t.map(|t| t.timestamp());
    let terms = RequestTerms {
        wants: ts(wants),
        clock_from: ts(d.clock_from),
        start_by: ts(d.start_by),
        due: ts(d.due),
        rush: d.rush,
    };
    set_request(tx, id, &terms, env.now_ts())?;
    Ok(MessageView::new(env, &find_message(tx, id)?))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use chrono::TimeZone as _;
    use chrono_tz::Tz;

    use super::*;
    use crate::book::clients::{add_client, NewClient};
    use crate::book::messages::{record_message, Inbound};
    use crate::config::Config;
    use crate::rules::RulePatch;

    #[test]
    fn a_message_becomes_a_request_as_if_logged_with_request() {
        let mut config = Config::builtin(PathBuf::from("test"));
        config.timezone = Tz::UTC;
        let cal = config.calendar().unwrap();
        let now = Tz::UTC.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
        let env = Env { now, cal: &cal, config: &config };
        let mut store = crate::store::testing::store();
        let friday = Tz::UTC.with_ymd_and_hms(2026, 11, 27, 16, 30, 0).unwrap();
        let inbound = |request: bool| Inbound {
            client: "acme".into(),
            from: "jane@acme.example".parse().unwrap(),
            to: None,
            via: "email".into(),
            at: friday,
            subject: "Banner".into(),
            request,
            wants: None,
            fyi: false,
            message_id: None,
            follow_up_of: None,
        };
        let (made, logged) = store
            .write(|tx| {
                let new = NewClient {
                    handle: "acme".parse().unwrap(),
                    name: "Acme".into(),
                    contact: None,
                    manager: "me".into(),
                    currency: crate::values::Currency::USD,
                    rules: RulePatch::default(),
                    domains: Vec::new(),
                    typed_fees: Vec::new(),
                };
                add_client(tx, &Env { now: friday - chrono::Duration::days(30), ..env }, &new)?;
                let plain = record_message(tx, &env, &inbound(false))?;
                let wants: TimeInput = "+1bd".parse().unwrap();
                let made = make_request(tx, &env, plain.id, Some(&wants))?;
                let logged = record_message(
                    tx,
                    &env,
                    &Inbound {
                        wants: Some(Tz::UTC.with_ymd_and_hms(2026, 11, 30, 16, 30, 0).unwrap()),
                        ..inbound(true)
                    },
                )?;
                assert!(matches!(make_request(tx, &env, plain.id, None), Err(BookError::AlreadyRequest(_))));
                Ok::<_, BookError>((made, logged))
            })
            .unwrap();
        assert!(made.request);
        // After the Friday 16:00 cutoff: the clock starts Monday 09:00.
        assert_eq!(made.clock_from.unwrap().to_rfc3339(), "2026-11-30T09:00:00+00:00");
        assert_eq!(made.wants.unwrap().to_rfc3339(), "2026-11-30T16:30:00+00:00");
        for (a, b) in [
            (made.wants, logged.wants),
            (made.clock_from, logged.clock_from),
            (made.start_by, logged.start_by),
            (made.due, logged.due),
            (made.reply_by, logged.reply_by),
        ] {
            assert_eq!(a, b);
        }
        assert_eq!(made.rush, logged.rush);
        assert!(made.rush);
    }
}
