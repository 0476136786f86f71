//! Communication and work, end to end: `deadline` (the worked examples of
//! SPEC 4), `log` / `reply` / `close` / `start` / `deliver`, `messages`,
//! `waiting-on` / `received` / `waiting`, and their flags in `check`.

mod common;

use common::Env;
use serde_json::Value;

const CONFIG: &str = "[calendar]\nholidays = [\"2026-12-25\"]\n";

/// The flags of `check --format json` as `(key, at)` pairs, and its status.
fn flags(env: &Env, as_of: &str, extra: &[&str], status: i32) -> Vec<(String, String)> {
    let mut args = vec!["--as-of", as_of, "check"];
    args.extend_from_slice(extra);
    let v = env.json(&args, status);
    v.as_array()
        .expect("a list")
        .iter()
        .map(|f| (f["key"].as_str().unwrap().to_string(), f["at"].as_str().unwrap().to_string()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(k, a)| (k.to_string(), a.to_string())).collect()
}

#[test]
fn deadline_worked_examples_of_spec_4() {
    let env = Env::with_config(CONFIG);
    env.ok(&["deadline", "1bd", "--from", "2026-11-27T16:00"]).stdout("2026-11-30T16:00\n");
    env.ok(&["deadline", "1bd", "--from", "2026-11-27T18:30"]).stdout("2026-11-30T17:00\n");
    env.ok(&["deadline", "2bd", "--from", "2026-12-24T12:00"]).stdout("2026-12-29T12:00\n");
    // Check times apply only with --reply.
    env.write_config(&format!("{CONFIG}[communication]\ncheck_times = [\"10:00\", \"15:00\"]\n"));
    env.ok(&["deadline", "1bd", "--from", "2026-11-27T16:00", "--reply"]).stdout("2026-12-01T10:00\n");
    env.ok(&["deadline", "1bd", "--from", "2026-11-27T16:00"]).stdout("2026-11-30T16:00\n");

    let v = env.json(&["deadline", "1bd", "--from", "2026-11-27T18:30"], 0);
    assert_eq!(
        v,
        serde_json::json!({
            "from": "2026-11-27T18:30:00+00:00",
            "start": "2026-11-30T09:00:00+00:00",
            "deadline": "2026-11-30T17:00:00+00:00"
        })
    );
    let v = env.json(&["deadline", "1-2bd", "--from", "2026-11-27T16:00", "--reply"], 0);
    assert_eq!(v["start"], "2026-11-30T10:00:00+00:00");
    assert_eq!(v["target"], "2026-12-01T10:00:00+00:00");
    assert_eq!(v["deadline"], "2026-12-02T10:00:00+00:00");
    env.ok(&["deadline", "1-2bd", "--from", "2026-11-27T16:00"])
        .stdout("target 2026-11-30T16:00\nlimit  2026-12-01T16:00\n");
    // Elapsed units start at the clock start itself.
    let v = env.json(&["deadline", "3h", "--from", "2026-11-28T22:00"], 0);
    assert_eq!(v["start"], "2026-11-28T22:00:00+00:00");
    assert_eq!(v["deadline"], "2026-11-29T01:00:00+00:00");
    env.run(&["deadline", "2-1bd"]).status(2).stderr_has("DURATION \"2-1bd\"");
    env.run(&["deadline", "1bd", "--from", "someday"]).status(2).stderr_has("--from \"someday\"");
}

/// acme: Jane is the primary contact, `me` the manager, e-mail the only
/// channel, 2bd turnaround, a Friday 16:00 cutoff, a 50% rush fee, and a
/// reply promise of 1bd; a signed contract.
fn acme() -> Env {
    let env = Env::with_config(CONFIG);
    env.ok(&["--as-of", "2026-11-02", "init"]);
    env.ok(&["--as-of", "2026-11-02", "add-member", "sam", "--name", "Sam Lee"]);
    env.ok(&[
        "--as-of",
        "2026-11-02",
        "add-client",
        "acme",
        "--name",
        "Acme Corp",
        "--contact",
        "Jane Doe <jane@acme.example>",
        "--channels",
        "email",
        "--response",
        "1bd",
        "--turnaround",
        "2bd",
        "--start-within",
        "1bd",
        "--cutoff",
        "fri 16:00",
        "--rush-fee",
        "50%",
    ]);
    // Signed and covering every topic, so contract flags stay out of the way.
    env.ok(&["--as-of", "2026-11-02", "add-contract", "acme", "--signed", "2026-11-02"]);
    env
}

#[test]
fn friday_afternoon_request_end_to_end() {
    let env = acme();
    env.ok(&[
        "--as-of",
        "2026-11-27T16:00",
        "log",
        "acme",
        "--from",
        "Bob Smith <bob@acme.example>",
        "--to",
        "sam",
        "--via",
        "phone",
        "--wants",
        "2026-11-27T21:00",
        "Banner",
        "for",
        "tonight",
    ])
    .stdout("logged message 1\n");

    let m = &env.json(&["--as-of", "2026-11-27T16:00", "messages"], 0)[0];
    let keys: Vec<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        &keys[..16],
        [
            "id",
            "client",
            "from",
            "to",
            "via",
            "at",
            "subject",
            "request",
            "wants",
            "reply_target",
            "reply_by",
            "replied_at",
            "start_by",
            "started_at",
            "due",
            "delivered_at"
        ]
    );
    assert_eq!(m["from"], "Bob Smith <bob@acme.example>");
    assert_eq!(m["to"], "sam");
    assert_eq!(m["subject"], "Banner for tonight");
    assert_eq!(m["request"], true);
    assert_eq!(m["wants"], "2026-11-27T21:00:00+00:00");
    // The reply clock is not moved by the cutoff: 1bd from Friday 16:00.
    assert_eq!(m["reply_target"], "2026-11-30T16:00:00+00:00");
    assert_eq!(m["reply_by"], "2026-11-30T16:00:00+00:00");
    // Start and delivery count from Monday's opening.
    assert_eq!(m["start_by"], "2026-11-30T17:00:00+00:00");
    assert_eq!(m["due"], "2026-12-01T17:00:00+00:00");

    // Right after: the four events of its arrival.
    let arrival = pairs(&[
        ("after-cutoff:message:1", "2026-11-27T16:00:00+00:00"),
        ("bypassed-contact:message:1", "2026-11-27T16:00:00+00:00"),
        ("rush-request:message:1", "2026-11-27T16:00:00+00:00"),
        ("wrong-channel:message:1", "2026-11-27T16:00:00+00:00"),
    ]);
    assert_eq!(flags(&env, "2026-11-27T17:00", &[], 1), arrival);
    let v = env.json(&["--as-of", "2026-11-27T17:00", "check", "--only", "rush-request,after-cutoff"], 1);
    assert_eq!(v[0]["code"], "after-cutoff");
    assert_eq!(v[0]["severity"], "warning");
    assert_eq!(v[0]["party"], "client");
    assert_eq!(v[0]["subject"], "message 1");
    assert_eq!(v[1]["code"], "rush-request");
    assert_eq!(v[1]["severity"], "violation");
    assert_eq!(v[1]["client"], "acme");
    let detail = v[1]["detail"].as_str().unwrap();
    assert!(detail.contains("50%") && detail.contains("2026-12-01 17:00"), "{detail}");
    // Warnings alone exit 0.
    assert_eq!(flags(&env, "2026-11-27T17:00", &["--only", "after-cutoff"], 0), arrival[..1].to_vec());

    // Monday 11:00: the limit (16:00) is 5 business hours away, beyond the
    // default `soon` of 4bh; a wider --soon warns.
    assert_eq!(flags(&env, "2026-11-30T11:00", &[], 1), arrival);
    assert_eq!(
        flags(&env, "2026-11-30T11:00", &["--only", "reply-due", "--soon", "1bd"], 0),
        pairs(&[("reply-due:message:1", "2026-11-30T16:00:00+00:00")])
    );
    // Monday 13:00: within soon.
    assert_eq!(
        flags(&env, "2026-11-30T13:00", &["--only", "reply-due,late-reply"], 0),
        pairs(&[("reply-due:message:1", "2026-11-30T16:00:00+00:00")])
    );
    // Monday 16:30: unanswered past the limit; the warning gives way; not
    // started by 17:00 yet.
    assert_eq!(
        flags(&env, "2026-11-30T16:30", &["--only", "reply-due,late-reply,late-start"], 1),
        pairs(&[("late-reply:message:1", "2026-11-30T16:00:00+00:00")])
    );
    // Tuesday 14:00: late start, delivery due at 17:00.
    assert_eq!(
        flags(&env, "2026-12-01T14:00", &["--only", "late-reply,late-start,delivery-due,late-delivery"], 1),
        pairs(&[
            ("late-reply:message:1", "2026-11-30T16:00:00+00:00"),
            ("late-start:message:1", "2026-11-30T17:00:00+00:00"),
            ("delivery-due:message:1", "2026-12-01T17:00:00+00:00"),
        ])
    );

    // A late reply turns the state into an event at the reply time.
    env.ok(&["--as-of", "2026-11-30T18:00", "reply", "1"]).stdout("replied to message 1\n");
    assert_eq!(
        flags(&env, "2026-12-01T10:00", &["--only", "late-reply"], 1),
        pairs(&[("late-reply:message:1", "2026-11-30T18:00:00+00:00")])
    );
    // Replayed as of before the reply, it is still the state flag.
    assert_eq!(
        flags(&env, "2026-11-30T17:00", &["--only", "late-reply"], 1),
        pairs(&[("late-reply:message:1", "2026-11-30T16:00:00+00:00")])
    );
    let m = &env.json(&["--as-of", "2026-11-30T17:00", "messages", "--open"], 0)[0];
    assert_eq!(m["replied_at"], Value::Null);

    // Delivered late (and so started late) on Wednesday.
    env.ok(&["--as-of", "2026-12-02T10:00", "deliver", "1"]).stdout("delivered message 1\n");
    assert_eq!(
        flags(&env, "2026-12-02T11:00", &[], 1),
        [
            arrival.clone(),
            pairs(&[
                ("late-reply:message:1", "2026-11-30T18:00:00+00:00"),
                ("late-delivery:message:1", "2026-12-02T10:00:00+00:00"),
                ("late-start:message:1", "2026-12-02T10:00:00+00:00"),
            ]),
        ]
        .concat()
    );
    // Events drop out after --since (default 7 days back).
    assert_eq!(
        flags(&env, "2026-12-05T10:00", &[], 1),
        pairs(&[
            ("late-reply:message:1", "2026-11-30T18:00:00+00:00"),
            ("late-delivery:message:1", "2026-12-02T10:00:00+00:00"),
            ("late-start:message:1", "2026-12-02T10:00:00+00:00"),
        ])
    );
    assert_eq!(flags(&env, "2026-12-20T10:00", &[], 0), vec![]);
    assert_eq!(flags(&env, "2026-12-20T10:00", &["--since", "2026-12-01"], 1).len(), 2);
    assert_eq!(env.json(&["--as-of", "2026-12-20", "messages", "--open"], 0), serde_json::json!([]));
    // Dismissing the violations leaves exit 0.
    env.ok(&["--as-of", "2026-12-03", "dismiss", "late-delivery:message:1"]);
    env.ok(&["--as-of", "2026-12-03", "dismiss", "late-start:message:1"]);
    env.ok(&["--as-of", "2026-12-03", "dismiss", "late-reply:message:1"]);
    assert_eq!(flags(&env, "2026-12-05T10:00", &[], 0), vec![]);
}

#[test]
fn log_matches_people_and_decides_bypass_when_logged() {
    let env = acme();
    // The primary contact, by e-mail in another case, to the manager, by e-mail.
    env.ok(&["--as-of", "2026-12-01T10:00", "log", "acme", "--from", "JANE@acme.example", "Hello"])
        .stdout("logged message 1\n");
    // By name alone.
    env.ok(&["--as-of", "2026-12-01T10:00", "log", "acme", "--from", "jane doe", "--fyi", "Thanks!"]);
    // An unknown sender becomes a non-primary contact.
    env.ok(&["--as-of", "2026-12-01T10:00", "log", "acme", "--from", "Kim <kim@acme.example>", "Hi"]);
    let c = env.json(&["--as-of", "2026-12-01T10:00", "show-client", "acme"], 0);
    let contacts = c["contacts"].as_array().unwrap();
    assert_eq!(contacts.len(), 2);
    assert_eq!(contacts[1]["email"], "kim@acme.example");
    assert_eq!(contacts[1]["primary"], false);
    let v = env.json(&["--as-of", "2026-12-01T10:00", "messages"], 0);
    assert_eq!(v[0]["from"], "Jane Doe <jane@acme.example>");
    assert_eq!(v[0]["to"], "me");
    assert_eq!(v[0]["via"], "email");
    assert_eq!(v[0]["bypassed"], false);
    assert_eq!(v[1]["reply_by"], Value::Null);
    assert_eq!(v[2]["bypassed"], true);
    assert_eq!(
        flags(&env, "2026-12-01T11:00", &[], 1),
        pairs(&[("bypassed-contact:message:3", "2026-12-01T10:00:00+00:00")])
    );
    assert_eq!(
        flags(&env, "2026-12-01T11:00", &["--client", "acme", "--only", "bypassed-contact"], 1).len(),
        1
    );
    // Making Kim the primary contact later does not change what was decided.
    env.ok(&["--as-of", "2026-12-01T10:00", "add-contact", "acme", "kim@acme.example", "--primary"]);
    assert_eq!(
        flags(&env, "2026-12-01T11:00", &["--only", "bypassed-contact"], 1),
        pairs(&[("bypassed-contact:message:3", "2026-12-01T10:00:00+00:00")])
    );

    // --wants: a date alone is the closing time of its last working day;
    // relative values count from --at; it implies --request.
    env.ok(&[
        "--as-of",
        "2026-12-01T10:00",
        "log",
        "acme",
        "--from",
        "kim@acme.example",
        "--at",
        "2026-12-01T09:30",
        "--wants",
        "2026-12-06",
        "Deck",
    ]);
    env.ok(&[
        "--as-of",
        "2026-12-01T10:00",
        "log",
        "acme",
        "--from",
        "kim@acme.example",
        "--at",
        "2026-12-01T09:30",
        "--wants",
        "+1bd",
        "Flyer",
    ]);
    let v = env.json(&["--as-of", "2026-12-01T10:00", "messages", "--client", "acme", "--open"], 0);
    let deck = v.as_array().unwrap().iter().find(|m| m["subject"] == "Deck").unwrap();
    assert_eq!(deck["wants"], "2026-12-04T17:00:00+00:00");
    assert_eq!(deck["request"], true);
    assert_eq!(deck["due"], "2026-12-03T09:30:00+00:00");
    assert_eq!(deck["rush"], false);
    let flyer = v.as_array().unwrap().iter().find(|m| m["subject"] == "Flyer").unwrap();
    assert_eq!(flyer["wants"], "2026-12-02T09:30:00+00:00");
    assert_eq!(flyer["rush"], true);
    let c = env.json(&["--as-of", "2026-12-01T10:00", "show-client", "acme"], 0);
    assert_eq!(c["open_requests"].as_array().unwrap().len(), 2);

    // Bad input names the flag and changes nothing.
    let before = env.db_bytes();
    env.run(&["log", "acme", "--from", "kim@acme.example", "--via", "e mail", "x"])
        .status(2)
        .stderr_has("--via \"e mail\"");
    env.run(&["log", "acme", "--from", "<bad", "x"]).status(2).stderr_has("--from \"<bad\"");
    env.run(&["log", "acme", "--from", "kim@acme.example", "--wants", "soon", "x"])
        .status(2)
        .stderr_has("--wants \"soon\"");
    env.run(&["log", "nope", "--from", "kim@acme.example", "x"]).status(2).stderr_has("unknown client");
    env.run(&["log", "acme", "--from", "kim@acme.example", "--to", "zed", "x"])
        .status(2)
        .stderr_has("unknown member");
    env.run(&["reply", "99"]).status(2).stderr_has("unknown message");
    env.run(&["--as-of", "2026-12-01T11:00", "start", "1"]).status(2).stderr_has("not a request");
    env.run(&["--as-of", "2026-12-01T08:00", "reply", "1"]).status(2).stderr_has("before message 1 arrived");
    assert_eq!(env.db_bytes(), before);
    env.ok(&["--as-of", "2026-12-01T11:00", "reply", "1"]);
    env.run(&["--as-of", "2026-12-01T11:00", "reply", "1"]).status(2).stderr_has("already answered");
}

#[test]
fn close_after_the_limit_is_a_late_reply_at_the_close() {
    let env = acme();
    env.ok(&["--as-of", "2026-12-01T10:00", "log", "acme", "--from", "jane@acme.example", "Thanks"]);
    assert_eq!(
        flags(&env, "2026-12-02T10:30", &[], 1),
        pairs(&[("late-reply:message:1", "2026-12-02T10:00:00+00:00")])
    );
    env.ok(&["--as-of", "2026-12-02T11:00", "close", "1"]).stdout("closed message 1\n");
    assert_eq!(
        flags(&env, "2026-12-02T12:00", &[], 1),
        pairs(&[("late-reply:message:1", "2026-12-02T11:00:00+00:00")])
    );
    // Closed in time: nothing.
    env.ok(&["--as-of", "2026-12-03T10:00", "log", "acme", "--from", "jane@acme.example", "Thanks again"]);
    env.ok(&["--as-of", "2026-12-03T10:05", "close", "2"]);
    assert_eq!(flags(&env, "2026-12-10T12:00", &[], 0), vec![]);
}

#[test]
fn waiting_on_the_client() {
    let env = acme();
    env.ok(&["--as-of", "2026-11-20", "waiting-on", "acme", "homepage copy", "--due", "2026-11-25"])
        .stdout("added waiting item 1 (acme owes homepage copy, due 2026-11-25)\n");
    assert_eq!(flags(&env, "2026-11-25T16:00", &[], 0), vec![]);
    assert_eq!(
        flags(&env, "2026-11-26T09:00", &[], 1),
        pairs(&[("client-late:waiting:1", "2026-11-26T00:00:00+00:00")])
    );
    let v = env.json(&["--as-of", "2026-11-26", "waiting", "--open"], 0);
    assert_eq!(
        v,
        serde_json::json!([{"id": 1, "client": "acme", "what": "homepage copy", "due": "2026-11-25", "received": null}])
    );
    env.ok(&["--as-of", "2026-11-28", "received", "1", "--on", "2026-11-27"]);
    assert_eq!(flags(&env, "2026-11-28T09:00", &[], 0), vec![]);
    // Replayed before it came in, the client was late.
    assert_eq!(flags(&env, "2026-11-26T09:00", &[], 1).len(), 1);
    assert_eq!(env.json(&["--as-of", "2026-11-28", "waiting", "--open"], 0), serde_json::json!([]));
    assert_eq!(env.json(&["--as-of", "2026-11-28", "waiting"], 0)[0]["received"], "2026-11-27");
    env.run(&["received", "1"]).status(2).stderr_has("already received");
    env.run(&["waiting-on", "acme", "x", "--due", "soon"]).status(2).stderr_has("--due \"soon\"");
    env.ok(&["--as-of", "2026-11-28", "waiting"]).stdout_has("homepage copy");
}
