//! `chaser` (SPEC 8 and 12): a client writing again in the thread of one of
//! their messages still awaiting your reply, before the reply you promised
//! was due. Pure: the caller passes the follow-up and the open message it
//! was recorded against.

use chrono::DateTime;
use chrono_tz::Tz;

use super::{Code, Flag};

/// A follow-up and the open message it chases.
#[derive(Debug, Clone)]
pub struct FollowUp {
    /// The follow-up's own id.
    pub id: i64,
    pub client: String,
    /// Who wrote it: the contact's name, else their e-mail.
    pub from: String,
    pub at: DateTime<Tz>,
    /// The open message it follows up.
    pub of: i64,
    pub of_at: DateTime<Tz>,
    /// The open message's reply target (none: no reply was promised).
    pub of_target: Option<DateTime<Tz>>,
    /// The reply promise in force when the open message arrived (`1-2bd`).
    pub response: Option<String>,
}

/// The `chaser` event of a follow-up that arrived before the open message's
/// reply target; nothing otherwise.
pub fn chaser(f: &FollowUp) -> Option<Flag> {
    let target = f.of_target?;
    if f.at >= target {
        return None;
    }
    let promise = f.response.as_ref().map(|r| format!(" within {r}")).unwrap_or_default();
    let detail = format!(
        "{} wrote again {} after message {}, before the reply promised{promise}",
        f.from,
        elapsed(f.at.signed_duration_since(f.of_at).num_seconds()),
        f.of
    );
    Some(
        Flag::new(
            Code::Chaser,
            &f.client,
            &format!("message:{}", f.id),
            format!("message {}", f.id),
            &f.at,
            detail,
        )
        .as_event(),
    )
}

/// `5 minutes`, `3 hours`, `2 days`: whole units, rounded down.
fn elapsed(seconds: i64) -> String {
    let s = seconds.max(0);
    let (n, unit) = match s {
        0..3600 => (s / 60, "minute"),
        3600..86_400 => (s / 3600, "hour"),
        _ => (s / 86_400, "day"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Tz> {
        Tz::UTC.with_ymd_and_hms(2026, 12, 1, h, m, 0).unwrap()
    }

    fn follow_up(h: u32, m: u32) -> FollowUp {
        FollowUp {
            id: 13,
            client: "acme".into(),
            from: "Jane Doe".into(),
            at: at(h, m),
            of: 12,
            of_at: at(10, 0),
            of_target: Some(at(16, 0)),
            response: Some("1-2bd".into()),
        }
    }

    #[test]
    fn before_the_target_it_is_a_chaser() {
        let f = chaser(&follow_up(10, 5)).unwrap();
        assert_eq!(f.key(), "chaser:message:13");
        assert_eq!(f.subject(), "message 13");
        assert_eq!(f.at, at(10, 5).fixed_offset());
        assert!(f.event);
        assert_eq!(
            f.detail(),
            "Jane Doe wrote again 5 minutes after message 12, before the reply promised within 1-2bd"
        );
        assert_eq!(
            chaser(&follow_up(11, 0)).unwrap().detail().split(" after").next(),
            Some("Jane Doe wrote again 1 hour")
        );
    }

    #[test]
    fn at_or_after_the_target_or_without_one_it_is_not() {
        assert!(chaser(&follow_up(16, 0)).is_none());
        assert!(chaser(&follow_up(17, 0)).is_none());
        assert!(chaser(&FollowUp { of_target: None, ..follow_up(10, 5) }).is_none());
        let no_rule = chaser(&FollowUp { response: None, ..follow_up(10, 5) }).unwrap();
        assert!(no_rule.detail().ends_with("before the reply promised"), "{}", no_rule.detail());
    }

    #[test]
    fn elapsed_words() {
        assert_eq!(elapsed(0), "0 minutes");
        assert_eq!(elapsed(60), "1 minute");
        assert_eq!(elapsed(3599), "59 minutes");
        assert_eq!(elapsed(7200), "2 hours");
        assert_eq!(elapsed(86_400), "1 day");
        assert_eq!(elapsed(3 * 86_400 + 5), "3 days");
        assert_eq!(elapsed(-5), "0 minutes");
    }
}
