//! `ingest` and threads: follow-ups and chasers, replies read from a Sent
//! folder (also before the mail they answer), and answers to reminders.

use super::*;
use crate::store::records::Insert as _;

#[test]
fn follow_ups_chasers_and_replies() {
    let config = config();
    let mut store = book(&config);
    let inbox = [
        mail("jane@acme.example", "alex@studio.example", (27, 9, 0), "Homepage copy", "Message-ID: <1@acme>"),
        // In the thread, 5 minutes later: a chaser.
        mail(
            "Bob <bob@acme.example>",
            "alex@studio.example",
            (27, 9, 5),
            "Re: Homepage copy",
            "Message-ID: <2@acme>\nIn-Reply-To: <1@acme>",
        ),
        // Same subject, no thread headers, within 14 days: a follow-up too.
        mail(
            "jane@acme.example",
            "alex@studio.example",
            (30, 10, 0),
            "AW: RE: homepage COPY",
            "Message-ID: <3@acme>",
        ),
    ];
    let run = ingest_at(&mut store, &config, t(30, 12, 0), &inbox, None);
    assert_eq!(
        actions(&run),
        [(Action::Logged, 1, "acme"), (Action::FollowUp, 2, "acme"), (Action::FollowUp, 3, "acme")]
    );
    let m = list(&store, &config, t(30, 12, 0));
    assert_eq!((m[1].follow_up_of, m[1].reply_by, m[2].follow_up_of), (Some(1), None, Some(1)));
    // Message 1's reply target is Friday 17:00 (1bd from Friday 09:00): only
    // the first follow-up came before it.
    assert_eq!(m[0].reply_target, Some(t(27, 17, 0)));
    let keys = flag_keys(&store, &config, t(30, 12, 0));
    assert!(keys.contains(&"chaser:message:2".to_string()), "{keys:?}");
    assert!(!keys.contains(&"chaser:message:3".to_string()), "{keys:?}");
    let cal = config.calendar().unwrap();
    let env = Env { now: t(30, 12, 0), cal: &cal, config: &config };
    let chaser =
        gather(&store.read(), &env, &Filter { only: vec![crate::flags::Code::Chaser], ..Filter::default() })
            .unwrap();
    assert_eq!(
        chaser[0].detail(),
        "Bob wrote again 5 minutes after message 1, before the reply promised within 1-2bd"
    );
    // A reply to the follow-up answers all three; read twice, it is already read.
    let sent = [mail(
        "Alex <alex@studio.example>",
        "jane@acme.example",
        (30, 11, 0),
        "Re: Homepage copy",
        "Message-ID: <r1@studio>\nIn-Reply-To: <2@acme>\nReferences: <1@acme> <2@acme>",
    )];
    let run = ingest_at(&mut store, &config, t(30, 12, 0), &sent, None);
    assert_eq!(actions(&run), [(Action::Replied, 2, "acme")]);
    let m = list(&store, &config, t(30, 12, 0));
    assert!(m.iter().all(|m| m.replied_at == Some(t(30, 11, 0)) && !m.open), "{m:#?}");
    // Replied Monday 11:00, before the limit (2bd: Monday 17:00): no late-reply.
    assert!(!flag_keys(&store, &config, t(30, 12, 0)).iter().any(|k| k.starts_with("late-reply")));
    let again = ingest_at(&mut store, &config, t(30, 12, 0), &[inbox.to_vec(), sent.to_vec()].concat(), None);
    assert!(again.report.rows.is_empty());
    assert_eq!(again.report.counts.already_read, 4);
    // A new message in the thread after the reply is a new message.
    let later = [mail(
        "jane@acme.example",
        "alex@studio.example",
        (30, 11, 30),
        "Re: Homepage copy",
        "Message-ID: <4@acme>\nIn-Reply-To: <r1@studio>\nReferences: <1@acme> <r1@studio>",
    )];
    let run = ingest_at(&mut store, &config, t(30, 12, 0), &later, None);
    assert_eq!(actions(&run), [(Action::Logged, 4, "acme")]);
}

#[test]
fn replies_read_first_late_replies_and_replies_to_nothing() {
    let config = config();
    let mut store = book(&config);
    let run = ingest_at(
        &mut store,
        &config,
        t(30, 12, 0),
        &[
            // The Sent folder read before the inbox: still in date order.
            mail(
                "sam@studio.example",
                "hank@globex.example",
                (27, 10, 0),
                "Re: Quote",
                "Message-ID: <s1@st>\nIn-Reply-To: <q@g>",
            ),
            mail("sam@studio.example", "x@y.example", (27, 10, 0), "Lunch?", "Message-ID: <s2@st>"),
            mail("hank@globex.example", "sam@studio.example", (26, 9, 0), "Quote", "Message-ID: <q@g>"),
            // Answered on Monday 11:00, after its limit (2bd from Wednesday 09:00: Thursday 17:00).
            mail("hank@globex.example", "sam@studio.example", (25, 9, 0), "Invoice", "Message-ID: <i@g>"),
            mail(
                "hello@studio.example",
                "hank@globex.example",
                (30, 11, 0),
                "Re: Invoice",
                "Message-ID: <s3@st>\nReferences: <i@g>",
            ),
            // The reply clock ran behind: dated before the message.
            mail("hank@globex.example", "sam@studio.example", (30, 9, 30), "Skew", "Message-ID: <k@g>"),
            mail(
                "sam@studio.example",
                "hank@globex.example",
                (30, 9, 29),
                "Re: Skew",
                "Message-ID: <s4@st>\nIn-Reply-To: <k@g>",
            ),
        ],
        None,
    );
    assert_eq!(
        actions(&run),
        [
            (Action::Logged, 1, "globex"),
            (Action::Logged, 2, "globex"),
            (Action::Replied, 2, "globex"),
            (Action::Logged, 3, "globex"),
            (Action::Replied, 1, "globex"),
            (Action::Replied, 3, "globex"),
        ]
    );
    let c = run.report.counts;
    assert_eq!((c.replies, c.replying_to_nothing), (3, 1));
    let m = list(&store, &config, t(30, 12, 0));
    assert_eq!(m[0].replied_at, Some(t(30, 11, 0)));
    assert_eq!(m[2].replied_at, Some(t(30, 9, 30)));
    let keys = flag_keys(&store, &config, t(30, 12, 0));
    assert!(keys.contains(&"late-reply:message:1".to_string()), "{keys:?}");
    assert!(!keys.contains(&"late-reply:message:2".to_string()), "{keys:?}");
}

#[test]
fn answers_to_reminders_are_the_clients() {
    let config = config();
    let mut store = book(&config);
    let cal = config.calendar().unwrap();
    let env = Env { now: t(2, 9, 0), cal: &cal, config: &config };
    store
        .write(|tx| {
            let globex = crate::book::clients::find_client(tx, "globex")?.id;
            let invoice = InvoiceRecord {
                id: 0,
                client_id: globex,
                number: "INV-0007".into(),
                amount: crate::values::Decimal::of(crate::values::Money(100), crate::values::Currency::USD),
                issued: "2026-10-01".parse().unwrap(),
                due: "2026-10-31".parse().unwrap(),
                terms: "net30".into(),
                phase_id: None,
                settled_on: None,
                voided_at: None,
                void_reason: None,
                created_at: 0,
                changed_at: None,
            }
            .insert(tx)?;
            let reminder = |step, id: &str| ReminderRecord {
                id: 0,
                invoice_id: invoice,
                step,
                tone: "friendly".into(),
                sent_at: 0,
                text: None,
                message_id: Some(id.into()),
            };
            reminder(1, "rem1@studio.example").insert(tx)?;
            edit_client(tx, &env, "globex", &ClientEdit::default())?;
            Ok::<_, BookError>(())
        })
        .unwrap();
    let run = ingest_at(
        &mut store,
        &config,
        t(30, 12, 0),
        &[
            mail(
                "Accounts <ap@globex-payments.example>",
                "sam@studio.example",
                (27, 9, 0),
                "Re: Reminder",
                "Message-ID: <p1@x>\nIn-Reply-To: <rem1@studio.example>",
            ),
            mail(
                "Ann <ann@other.example>",
                "sam@studio.example",
                (27, 10, 0),
                "Paid inv-0007.",
                "Message-ID: <p2@x>",
            ),
            mail(
                "zed@other.example",
                "sam@studio.example",
                (27, 11, 0),
                "About INV-0008",
                "Message-ID: <p3@x>",
            ),
            // Your mail that names only the reminder answers the client's
            // open message of the same subject.
            mail(
                "sam@studio.example",
                "ap@globex-payments.example",
                (27, 12, 0),
                "Re: Reminder",
                "Message-ID: <s@st>\nReferences: <rem1@studio.example>",
            ),
        ],
        None,
    );
    assert_eq!(
        actions(&run),
        [(Action::Logged, 1, "globex"), (Action::Logged, 2, "globex"), (Action::Replied, 1, "globex")]
    );
    assert_eq!(run.report.counts.not_from_a_client, 1);
    let m = list(&store, &config, t(30, 12, 0));
    assert_eq!(m[0].from, "Accounts <ap@globex-payments.example>");
    assert_eq!(m[1].from, "Ann <ann@other.example>");
}

#[test]
fn a_close_or_a_delivery_answers_the_follow_ups_too() {
    let config = config();
    let mut store = book(&config);
    let thread = |n: u32, h: u32| {
        [
            mail(
                "jane@acme.example",
                "alex@studio.example",
                (n, h, 0),
                &format!("Topic {n}"),
                &format!("Message-ID: <{n}@acme>"),
            ),
            mail(
                "jane@acme.example",
                "alex@studio.example",
                (n, h, 30),
                &format!("Re: Topic {n}"),
                &format!("Message-ID: <{n}b@acme>\nIn-Reply-To: <{n}@acme>"),
            ),
        ]
    };
    ingest_at(&mut store, &config, t(30, 12, 0), &[thread(25, 9), thread(26, 9)].concat(), None);
    let cal = config.calendar().unwrap();
    let env = Env { now: t(30, 12, 0), cal: &cal, config: &config };
    store
        .write(|tx| {
            messages::record_mark(tx, &env, 1, messages::Mark::Closed, t(25, 11, 0))?;
            crate::book::requests::make_request(tx, &env, 3, None)?;
            messages::record_mark(tx, &env, 3, messages::Mark::Delivered, t(27, 10, 0))?;
            Ok::<_, BookError>(())
        })
        .unwrap();
    let m = list(&store, &config, t(30, 12, 0));
    assert_eq!(m[1].closed_at, Some(t(25, 11, 0)), "closing message 1 answers its follow-up");
    assert_eq!(m[3].replied_at, Some(t(27, 10, 0)), "delivering request 3 answers its follow-up");
    assert!(m.iter().all(|m| !m.open), "{m:#?}");
}
