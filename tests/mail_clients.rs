//! Mail as real programs write it, read by `ingest` (Thunderbird, Gmail,
//! Outlook, Apple Mail, mutt, an mbox, machines); clients' mail domains
//! (`--domain`, `--no-domain`); `request ID`; and the demo's mail.

mod common;

use std::path::{Path, PathBuf};

use common::Env;
use serde_json::{json, Value};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mail")
}

/// Sam Freelancer (me) and Alex; acme with Jane as its contact and
/// acme.example as its domain, added on 2026-11-02.
fn sams_book() -> Env {
    let env = Env::new();
    {
        let at = env.runner(&["--as-of", "2026-11-02"]);
        at(&["init", "--name", "Sam Freelancer", "--email", "sam@studio.example"]);
        at(&["add-member", "alex", "--name", "Alex Rivera", "--email", "alex@studio.example"]);
        at(&[
            "add-client",
            "acme",
            "--name",
            "Acme",
            "--contact",
            "Jane Doe <jane@acme.example>",
            "--domain",
            "acme.example",
        ]);
    }
    env
}

#[test]
fn real_world_mail_is_decoded_and_recorded() {
    let env = sams_book();
    // The fixture files (not their subfolders), the undated scan delivered
    // (its file written) on 2026-12-02 08:00.
    let dir = env.path("exported");
    std::fs::create_dir(&dir).unwrap();
    for f in std::fs::read_dir(fixtures()).unwrap() {
        let f = f.unwrap().path();
        if f.is_file() && !f.file_name().unwrap().to_str().unwrap().starts_with('.') {
            std::fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
        }
    }
    let delivered = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_796_198_400);
    std::fs::File::options()
        .write(true)
        .open(dir.join("no-date.eml"))
        .unwrap()
        .set_modified(delivered)
        .unwrap();
    let run = env.run(&["--as-of", "2026-12-05", "ingest", dir.to_str().unwrap()]).status(0);
    assert_eq!(
        run.stderr,
        format!(
            "expect: warning: {0}/not-a-message.png: not a message: no From header: skipped\n\
             expect: warning: {0}/not-a-message.txt: not a message: no header lines: skipped\n\
             read 18 messages: 8 logged, 1 follow-up, 2 replies, 7 skipped (4 automatic, 2 unreadable, \
             1 your own mail replying to nothing)\n",
            dir.display()
        )
    );
    let m = env.json(&["--as-of", "2026-12-05", "messages"], 0);
    let got: Vec<Value> = m
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            json!([
                m["id"],
                m["from"],
                m["to"],
                m["at"],
                m["subject"],
                m["bypassed"],
                m["replied_at"],
                m["follow_up_of"]
            ])
        })
        .collect();
    assert_eq!(
        got,
        [
            // Gmail, CRLF, a UTF-8 Q subject, the sender's address in another case.
            // Thunderbird's reply names it in References (and Apple Mail's in
            // In-Reply-To): dated days before both, it answers each on arrival.
            json!([
                1,
                "Jane Doe <jane@acme.example>",
                "me",
                "2026-11-27T15:05:12+00:00",
                "Kick-off call – café on Monday?",
                false,
                "2026-11-27T15:05:12+00:00",
                null
            ]),
            // ELM: an obsolete two-digit-year Date with a zone name, a (comment) name.
            json!([
                2,
                "Jane Doe <jane@acme.example>",
                "me",
                "2026-11-27T21:05:00+00:00",
                "Re: Re[2]: RE : Fwd: logo files",
                false,
                null,
                null
            ]),
            // Apple Mail: a folded subject; a new address at acme's domain.
            json!([
                3,
                "Bob Smith <bob@acme.example>",
                "me",
                "2026-11-28T15:30:45+00:00",
                "Invoice 2026-014 and the remaining deliverables for the spring campaign landing pages",
                true,
                "2026-11-28T15:30:45+00:00",
                null
            ]),
            // Outlook, CRLF, ISO-8859-1 Q in the name and the subject; to me with Pat and Jane in Cc.
            json!([
                4,
                "Jürgen Müller <juergen.mueller@acme.example>",
                "me",
                "2026-11-30T09:14:02+00:00",
                "AW: Angebot für die Website-Überarbeitung",
                true,
                null,
                null
            ]),
            // No Message-ID: known by its digest.
            json!([
                5,
                "Acme Website <www-data@acme.example>",
                "me",
                "2026-12-01T07:15:00+00:00",
                "New contact form entry: brief for the spring campaign",
                true,
                null,
                null
            ]),
            // The mbox: a message, a follow-up from Bob, and Sam's reply answering both.
            json!([
                6,
                "Jane Doe <jane@acme.example>",
                "me",
                "2026-12-01T09:00:00+00:00",
                "Contract draft",
                false,
                "2026-12-01T11:00:00+00:00",
                null
            ]),
            json!([
                7,
                "Bob Smith <bob@acme.example>",
                "me",
                "2026-12-01T10:30:00+00:00",
                "Re: Contract draft",
                true,
                "2026-12-01T11:00:00+00:00",
                6
            ]),
            // No Date: the file's delivery time.
            json!([
                8,
                "Acme Scanner <scanner@acme.example>",
                "me",
                "2026-12-02T08:00:00+00:00",
                "Scanned document from MFP-3F",
                true,
                null,
                null
            ]),
            // ISO-8859-1 B, a name with a comma and quotes, several To and Cc.
            json!([
                9,
                "O'Neil, Pat \"PJ\" <Pat.ONeil@Acme.Example>",
                "me",
                "2026-12-02T13:30:00+00:00",
                "Änderung der Rechnung für März",
                true,
                null,
                null
            ]),
        ]
    );
    let rows = env.json(&["--as-of", "2026-12-05", "ingest", dir.to_str().unwrap()], 0);
    assert_eq!(rows, json!([]));
}

#[test]
fn domains_belong_to_one_client_and_never_to_a_mail_provider() {
    let env = sams_book();
    let at = env.runner(&["--as-of", "2026-11-02"]);
    at(&[
        "add-client",
        "globex",
        "--name",
        "Globex",
        "--domain",
        "Globex.Example",
        "--domain",
        "@globex-mail.example.",
    ]);
    let v = env.json(&["--as-of", "2026-11-02", "show-client", "globex"], 0);
    assert_eq!(v["domains"], json!(["globex-mail.example", "globex.example"]));
    assert!(env
        .ok(&["--as-of", "2026-11-02", "show-client", "globex"])
        .stdout
        .contains("\nmail domains: globex-mail.example, globex.example\n"));
    let before = env.db_bytes();
    env.run(&[
        "--as-of",
        "2026-11-02",
        "add-client",
        "initech",
        "--name",
        "Initech",
        "--domain",
        "gmail.com",
    ])
    .status(2)
    .stderr(
        "expect: error: gmail.com is a public mail domain: its addresses belong to no one client\n  \
         hint: add the client's people with `expect add-contact CLIENT PERSON` instead\n",
    );
    env.run(&["--as-of", "2026-11-02", "edit-client", "acme", "--domain", "globex.example"])
        .status(2)
        .stderr(
            "expect: error: domain globex.example already belongs to client globex\n  \
         hint: `expect edit-client globex --no-domain DOMAIN` takes it from globex first\n",
        );
    env.run(&["--as-of", "2026-11-02", "edit-client", "acme", "--domain", "not a domain"])
        .status(2)
        .stderr_has("expect: error: --domain \"not a domain\": expected a mail domain, e.g. acme.example");
    env.run(&["--as-of", "2026-11-02", "edit-client", "acme", "--no-domain", "globex.example"])
        .status(2)
        .stderr_has("client acme has no domain globex.example");
    assert_eq!(env.db_bytes(), before);
    at(&["edit-client", "globex", "--no-domain", "globex-mail.example"]);
    let edited =
        env.json(&["--as-of", "2026-11-02", "edit-client", "acme", "--domain", "acme-mail.example"], 0);
    assert_eq!(edited["domains"], json!(["acme-mail.example", "acme.example"]));
    assert_eq!(
        env.json(&["--as-of", "2026-11-02", "show-client", "globex"], 0)["domains"],
        json!(["globex.example"])
    );
    // Mail from a new address there is globex's, its sender a new contact.
    let mail = env.path("lisa.eml");
    std::fs::write(
        &mail,
        "From: \"Park, Lisa\" <Lisa@GLOBEX.example>\nTo: sam@studio.example\nDate: Tue, 1 Dec 2026 10:00:00 +0000\n\
         Subject: Hello\nMessage-ID: <lisa@globex.example>\n\nhi\n",
    )
    .unwrap();
    let rows = env.json(&["--as-of", "2026-12-02", "ingest", mail.to_str().unwrap()], 0);
    assert_eq!((&rows[0]["client"], &rows[0]["action"]), (&json!("globex"), &json!("logged")));
    let contacts = &env.json(&["--as-of", "2026-12-02", "show-client", "globex"], 0)["contacts"];
    assert_eq!(
        contacts,
        &json!([{"name": "Park, Lisa", "email": "Lisa@GLOBEX.example", "primary": false, "role": null, "phone": null}])
    );
}

#[test]
fn request_makes_a_logged_message_a_request_as_if_logged_with_request() {
    let env = sams_book();
    let at = env.runner(&["--as-of", "2026-11-30T12:00"]);
    at(&["log", "acme", "--from", "jane@acme.example", "--at", "2026-11-27T16:30", "Banner"]);
    at(&[
        "log",
        "acme",
        "--from",
        "jane@acme.example",
        "--at",
        "2026-11-27T16:30",
        "--wants",
        "+1bd",
        "Banner",
    ]);
    at(&["request", "1", "--wants", "+1bd"]).stdout("message 1 is now a request, due 2026-12-04 17:00\n");
    let m = env.json(&["--as-of", "2026-11-30T12:00", "messages"], 0);
    let (mut made, mut logged) = (m[0].clone(), m[1].clone());
    assert_eq!(made["request"], true);
    made["id"] = json!(0);
    logged["id"] = json!(0);
    assert_eq!(made, logged);
    let flags = env.json(&["--as-of", "2026-11-30T12:00", "check", "--only", "after-cutoff,rush-request"], 1);
    let keys: Vec<&str> = flags.as_array().unwrap().iter().map(|f| f["key"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        [
            "after-cutoff:message:1",
            "after-cutoff:message:2",
            "rush-request:message:1",
            "rush-request:message:2"
        ]
    );
    let before = env.db_bytes();
    env.run(&["--as-of", "2026-11-30T12:00", "request", "1"]).status(2).stderr(
        "expect: error: message 1 is already a request\n  hint: `expect messages --open` shows its deadlines\n",
    );
    env.run(&["request", "9"]).status(2).stderr_has("unknown message \"9\"");
    env.run(&["request", "x"]).status(2).stderr_has("ID \"x\"");
    env.run(&["request", "1", "--wants", "someday"]).status(2).stderr_has("--wants \"someday\"");
    assert_eq!(env.db_bytes(), before);
    // Without --wants: start and delivery deadlines only.
    at(&["log", "acme", "--from", "jane@acme.example", "--at", "2026-11-30T10:00", "Flyer"]);
    let v = env.json(&["--as-of", "2026-11-30T12:00", "request", "3"], 0);
    assert_eq!(
        (&v["request"], &v["wants"], &v["due"]),
        (&json!(true), &Value::Null, &json!("2026-12-07T10:00:00+00:00"))
    );
}

#[test]
fn the_demo_reads_a_maildir_with_a_chaser_and_a_reply_from_sent() {
    let env = Env::new();
    let db = env.path("demo.db");
    let run = env
        .run(&["--as-of", "2026-12-05T11:00", "--format", "json", "demo", "--db", db.to_str().unwrap()])
        .status(0);
    assert!(
        run.stderr.contains("(read 6 messages: 3 logged, 1 follow-up, 1 reply, 1 skipped (1 automatic))"),
        "{}",
        run.describe()
    );
    let flags: Value = serde_json::from_str(&run.stdout).unwrap();
    let chaser = flags.as_array().unwrap().iter().find(|f| f["code"] == "chaser").expect("a chaser");
    assert_eq!(
        chaser["detail"],
        "Jane Doe wrote again 2 hours after message 9, before the reply promised within 1-2bd"
    );
    let demo = |args: &[&str]| {
        let mut full = vec!["--db", db.to_str().unwrap(), "--as-of", "2026-12-05T11:00"];
        full.extend_from_slice(args);
        env.json(&full, 0)
    };
    let messages = demo(&["messages", "--client", "globex"]);
    let invoice =
        messages.as_array().unwrap().iter().find(|m| m["subject"] == "Invoice for the design phase").unwrap();
    assert_eq!(invoice["replied_at"], "2026-12-05T09:00:00+00:00", "answered from the Sent folder");
    assert_eq!(demo(&["show-client", "globex"])["domains"], json!(["globex.example"]));
}
