//! `expect ingest` end to end (SPEC 12): a Maildir of INBOX and Sent read
//! twice, the flags it gives against `log`/`reply` typed by hand, broken
//! files, PATHs that do not exist, stdin, `--dry-run` and `[mail] sources`.

mod common;

use std::path::{Path, PathBuf};

use common::Env;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mail").join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The studio of the `studio` fixture: Alex (me) and Sam; acme (Jane,
/// domain acme.example, managed by me) and globex (Hank, managed by Sam),
/// both with a contract, added on 2026-11-02.
fn studio() -> Env {
    let env = Env::new();
    {
        let at = env.runner(&["--as-of", "2026-11-02"]);
        at(&["init", "--name", "Alex Rivera", "--email", "alex@studio.example"]);
        at(&["add-member", "sam", "--name", "Sam Lee", "--email", "sam@studio.example"]);
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
        at(&[
            "add-client",
            "globex",
            "--name",
            "Globex",
            "--contact",
            "Hank Scorpio <hank@globex.example>",
            "--manager",
            "sam",
        ]);
        at(&["add-contract", "acme", "--signed", "2026-11-02"]);
        at(&["add-contract", "globex", "--signed", "2026-11-02"]);
    }
    env
}

/// `(action, id, client, subject)` of each row of `ingest --format json`.
fn rows(v: &Value) -> Vec<(String, i64, String, String)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let text = |k: &str| r[k].as_str().unwrap().to_string();
            (text("action"), r["id"].as_i64().unwrap(), text("client"), text("subject"))
        })
        .collect()
}

fn row(action: &str, id: i64, client: &str, subject: &str) -> (String, i64, String, String) {
    (action.into(), id, client.into(), subject.into())
}

fn keys(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|f| f["key"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_maildir_of_inbox_and_sent_read_twice_records_once() {
    let env = studio();
    let (inbox, sent) = (fixture("studio/INBOX"), fixture("studio/Sent"));
    let run = env
        .run(&["--as-of", "2026-12-04T10:00", "--format", "json", "ingest", s(&inbox), s(&sent)])
        .status(0);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        rows(&v),
        [
            row("logged", 1, "acme", "Spring campaign: first draft"),
            row("follow-up", 2, "acme", "Re: Spring campaign: first draft"),
            row("logged", 3, "acme", "Fotos für die Startseite"),
            row("replied", 2, "acme", "Re: Spring campaign: first draft"),
            row("logged", 4, "globex", "Invoice INV-0003"),
            row("logged", 5, "globex", "Banner sizes"),
            row("replied", 4, "globex", "Re: Invoice INV-0003"),
        ]
    );
    let first = &v[0];
    assert_eq!(first["message_id"], "draft-1@acme.example");
    assert_eq!(first["file"], s(&inbox.join("cur/1764489600.M1P777.laptop,U=1:2,S")));
    assert!(v[5]["message_id"].as_str().unwrap().starts_with("sha256:"), "no Message-ID: the digest");
    assert_eq!(
        run.stderr,
        "read 10 messages: 4 logged, 1 follow-up, 2 replies, 3 skipped (1 not from a client, 1 automatic, \
         1 your own mail replying to nothing)\n"
    );
    let m = env.json(&["--as-of", "2026-12-04T10:00", "messages"], 0);
    assert_eq!(m[0]["at"], "2026-11-30T08:00:00+00:00");
    assert_eq!(m[0]["replied_at"], "2026-11-30T13:00:00+00:00");
    assert_eq!(
        (&m[1]["follow_up_of"], &m[1]["reply_by"], &m[1]["replied_at"]),
        (&Value::from(1), &Value::Null, &m[0]["replied_at"])
    );
    // A new address at acme's domain, to Sam with the manager (me) in Cc.
    assert_eq!(
        (&m[2]["from"], &m[2]["to"], &m[2]["bypassed"]),
        (&"Kim Lé <kim@acme.example>".into(), &"me".into(), &true.into())
    );
    assert_eq!(m[3]["replied_at"], "2026-12-03T15:00:00+00:00");
    assert_eq!(m[4]["replied_at"], Value::Null);
    let contacts = env.json(&["--as-of", "2026-12-04T10:00", "show-client", "acme"], 0)["contacts"].clone();
    assert_eq!(contacts[1]["name"], "Kim Lé");
    assert_eq!(contacts[1]["primary"], false);
    let flags = env.json(&["--as-of", "2026-12-04T10:00", "check"], 1);
    assert_eq!(
        keys(&flags),
        [
            "chaser:message:2",
            "bypassed-contact:message:3",
            "late-reply:message:3",
            // Message 5's limit (Thursday 14:00) came before message 4's late reply (15:00).
            "late-reply:message:5",
            "late-reply:message:4",
        ]
    );
    let chaser = &flags[0];
    assert_eq!(
        (&chaser["severity"], &chaser["party"], &chaser["at"]),
        (&"warning".into(), &"client".into(), &"2026-11-30T08:20:00+00:00".into())
    );
    assert_eq!(
        chaser["detail"],
        "Jane Doe wrote again 20 minutes after message 1, before the reply promised within 1-2bd"
    );
    // The second run over the same folders records nothing.
    let before = env.db_bytes();
    env.run(&["--as-of", "2026-12-04T10:00", "ingest", s(&inbox), s(&sent)]).status(0).stdout("").stderr(
        "read 10 messages: 0 logged, 0 follow-ups, 0 replies, 10 skipped (1 not from a client, 1 automatic, \
         7 already read, 1 your own mail replying to nothing)\n",
    );
    assert_eq!(env.db_bytes(), before);
    // The scorecard counts the chaser as theirs.
    let card = env.json(&["--as-of", "2026-12-04T10:00", "scorecard", "--client", "acme"], 0);
    assert_eq!((&card[0]["chasers"], &card[0]["bypasses"]), (&Value::from(1), &Value::from(1)));
    let table = env.ok(&["--as-of", "2026-12-04T10:00", "scorecard"]).stdout;
    assert!(table.lines().next().unwrap().ends_with("CHASERS"), "{table}");
}

/// One mail of the comparison: where it is, and what `log`/`reply` say.
struct Letter {
    sent: bool,
    id: &'static str,
    from: &'static str,
    to: &'static str,
    cc: &'static str,
    at: &'static str,
    subject: &'static str,
    answers: &'static str,
}

const LETTERS: &[Letter] = &[
    Letter {
        sent: false,
        id: "c1",
        from: "Jane Doe <jane@acme.example>",
        to: "alex@studio.example",
        cc: "",
        at: "2026-11-30T09:00:00Z",
        subject: "Logo colours",
        answers: "",
    },
    Letter {
        sent: false,
        id: "c2",
        from: "Kim <kim@acme.example>",
        to: "sam@studio.example",
        cc: "",
        at: "2026-11-30T11:00:00Z",
        subject: "Fonts",
        answers: "",
    },
    Letter {
        sent: true,
        id: "r1",
        from: "alex@studio.example",
        to: "jane@acme.example",
        cc: "",
        at: "2026-11-30T12:00:00Z",
        subject: "Re: Logo colours",
        answers: "c1",
    },
    Letter {
        sent: false,
        id: "c3",
        from: "Hank Scorpio <hank@globex.example>",
        to: "sam@studio.example",
        cc: "",
        at: "2026-12-01T09:00:00Z",
        subject: "Invoice",
        answers: "",
    },
    Letter {
        sent: false,
        id: "c4",
        from: "Hank Scorpio <hank@globex.example>",
        to: "alex@studio.example",
        cc: "Sam <sam@studio.example>",
        at: "2026-12-01T10:00:00Z",
        subject: "Meeting",
        answers: "",
    },
    Letter {
        sent: true,
        id: "r2",
        from: "sam@studio.example",
        to: "hank@globex.example",
        cc: "",
        at: "2026-12-01T11:00:00Z",
        subject: "Re: Meeting",
        answers: "c4",
    },
    Letter {
        sent: false,
        id: "c5",
        from: "Jane Doe <jane@acme.example>",
        to: "hello@studio.example",
        cc: "",
        at: "2026-12-02T09:00:00Z",
        subject: "Copy deck",
        answers: "",
    },
    Letter {
        sent: true,
        id: "r3",
        from: "sam@studio.example",
        to: "hank@globex.example",
        cc: "",
        at: "2026-12-03T16:00:00Z",
        subject: "Re: Invoice",
        answers: "c3",
    },
];

fn rfc2822(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339).unwrap().to_rfc2822()
}

#[test]
fn ingest_gives_the_flags_log_and_reply_give_for_the_same_mail() {
    let config = "[mail]\naddresses = [\"hello@studio.example\"]\n";
    let by_mail = studio();
    by_mail.write_config(config);
    let maildir = by_mail.path("Mail");
    for (n, l) in LETTERS.iter().enumerate() {
        let folder = maildir.join(if l.sent { "Sent" } else { "INBOX" });
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(folder.join(sub)).unwrap();
        }
        let cc = if l.cc.is_empty() { String::new() } else { format!("Cc: {}\n", l.cc) };
        let answers =
            if l.answers.is_empty() { String::new() } else { format!("In-Reply-To: <{}@x>\n", l.answers) };
        let text = format!(
            "Date: {}\nFrom: {}\nTo: {}\n{cc}Subject: {}\nMessage-ID: <{}@x>\n{answers}\nbody\n",
            rfc2822(l.at),
            l.from,
            l.to,
            l.subject,
            l.id
        );
        std::fs::write(folder.join("cur").join(format!("{n}.M{n}P1.host:2,S")), text).unwrap();
    }
    by_mail.ok(&["--as-of", "2026-12-07", "ingest", s(&maildir.join("Sent")), s(&maildir.join("INBOX"))]);

    let by_hand = studio();
    by_hand.write_config(config);
    let at = by_hand.runner(&["--as-of", "2026-12-07"]);
    let mut ids: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for l in LETTERS {
        if l.sent {
            at(&["reply", &ids[l.answers], "--at", l.at]);
            continue;
        }
        let (client, to) = if l.from.contains("globex") { ("globex", "sam") } else { ("acme", "me") };
        let to = if l.to.starts_with("sam") { "sam" } else { to };
        let out = at(&["log", client, "--from", l.from, "--to", to, "--at", l.at, l.subject]).stdout;
        ids.insert(l.id, out.trim().rsplit(' ').next().unwrap().to_string());
    }
    for as_of in ["2026-11-30T18:00", "2026-12-02T10:00", "2026-12-03T17:00", "2026-12-07T10:00"] {
        let args = ["--as-of", as_of, "check", "--all", "--since", "1970-01-01"];
        let (a, b) = (by_mail.json(&args, 1), by_hand.json(&args, 1));
        assert_eq!(a, b, "at {as_of}");
        assert!(!a.as_array().unwrap().is_empty());
        let m = ["--as-of", as_of, "messages"];
        assert_eq!(by_mail.json(&m, 0), by_hand.json(&m, 0), "at {as_of}");
    }
    let flags = keys(&by_mail.json(&["--as-of", "2026-12-07T10:00", "check", "--since", "1970-01-01"], 1));
    assert_eq!(
        flags,
        [
            "bypassed-contact:message:2",
            "late-reply:message:2",
            "late-reply:message:5",
            "late-reply:message:3"
        ]
    );
}

#[test]
fn a_broken_file_among_good_ones_is_one_warning_and_the_rest_is_recorded() {
    let env = studio();
    let dir = env.path("exported");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(fixture("apple-mail.eml"), dir.join("1-apple.eml")).unwrap();
    std::fs::copy(fixture("not-a-message.png"), dir.join("2-broken.eml")).unwrap();
    std::fs::copy(fixture("gmail.eml"), dir.join("3-gmail.eml")).unwrap();
    // An mbox whose second message has no From.
    std::fs::write(
        dir.join("4-archive.mbox"),
        "From x Tue Dec  1 10:00:00 2026\nFrom: jane@acme.example\nDate: Tue, 1 Dec 2026 10:00:00 +0000\n\
         Subject: In the mbox\nMessage-ID: <mbox-1@acme.example>\n\nhi\n\nFrom y Tue Dec  1 11:00:00 2026\n\
         Subject: no sender\n\nbody\n",
    )
    .unwrap();
    let run = env.run(&["--as-of", "2026-12-04", "ingest", s(&dir)]).status(0);
    assert_eq!(
        run.stderr,
        format!(
            "expect: warning: {}: not a message: no From header: skipped\n\
             expect: warning: {}:2: not a message: no From header: skipped\n\
             read 5 messages: 3 logged, 0 follow-ups, 0 replies, 2 skipped (2 unreadable)\n",
            dir.join("2-broken.eml").display(),
            dir.join("4-archive.mbox").display()
        )
    );
    assert_eq!(env.json(&["--as-of", "2026-12-04", "messages"], 0).as_array().unwrap().len(), 3);
}

#[test]
fn a_path_that_does_not_exist_or_is_no_message_is_bad_input_and_changes_nothing() {
    let env = studio();
    let before = env.db_bytes();
    let missing = env.path("Mail/INBOX");
    env.run(&["--as-of", "2026-12-04", "ingest", s(&fixture("studio/INBOX")), s(&missing)]).status(2).stdout("").stderr(&format!(
        "expect: error: PATH \"{}\": no such file or folder\n  hint: name a Maildir (a folder with cur/ and new/), \
         an mbox, a message file or a folder of them\n",
        missing.display()
    ));
    env.run(&[
        "--as-of",
        "2026-12-04",
        "ingest",
        s(&fixture("studio/INBOX")),
        s(&fixture("not-a-message.txt")),
    ])
    .status(2)
    .stderr_has("not-a-message.txt\": not a message: no header lines\n  hint:");
    env.run(&["--as-of", "2026-12-04", "ingest"]).status(2).stderr_has("nothing to read");
    env.run(&["--as-of", "2026-12-04", "ingest", "--since", "whenever", "x"])
        .status(2)
        .stderr_has("--since \"whenever\"");
    assert_eq!(env.db_bytes(), before);
}

#[test]
fn one_message_on_stdin() {
    let env = studio();
    let pipe = |bytes: &[u8]| {
        use std::io::Write as _;
        let mut child = env
            .command(&["--as-of", "2026-12-04", "--format", "csv", "ingest", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(bytes).unwrap();
        let out = child.wait_with_output().unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    };
    let mail = std::fs::read(fixture("gmail.eml")).unwrap();
    let (code, out, err) = pipe(&mail);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        // The CSV guard quotes a cell that starts with `-`.
        "file,message_id,action,id,client,subject\n'-,CAJx8p7QmZ4bq1YV=k3m9dXw_R2t+uE@mail.gmail.com,logged,1,acme,\
         Kick-off call – café on Monday?\n"
    );
    assert_eq!(err, "read 1 message: 1 logged, 0 follow-ups, 0 replies, 0 skipped\n");
    let (code, out, err) = pipe(&mail);
    assert_eq!((code, out.as_str()), (Some(0), "file,message_id,action,id,client,subject\n"));
    assert!(err.ends_with("(1 already read)\n"), "{err}");
    let before = env.db_bytes();
    let (code, _, err) = pipe(b"this is no mail\n");
    assert_eq!(code, Some(2));
    assert!(err.starts_with("expect: error: PATH \"-\": not a message: no header lines"), "{err}");
    assert_eq!(env.db_bytes(), before);
}

#[test]
fn dry_run_shows_what_would_be_recorded_and_records_nothing() {
    let env = studio();
    let before = env.db_bytes();
    let run =
        env.run(&["--as-of", "2026-12-04", "ingest", "--dry-run", s(&fixture("studio/INBOX"))]).status(0);
    assert!(run.stdout.lines().next().unwrap().starts_with("FILE"), "{}", run.describe());
    assert_eq!(run.stdout.lines().count(), 6, "{}", run.describe());
    assert!(run.stderr.ends_with("dry run: nothing was recorded\n"), "{}", run.describe());
    assert_eq!(env.db_bytes(), before);
    assert_eq!(env.json(&["--as-of", "2026-12-04", "messages"], 0), serde_json::json!([]));
}

#[test]
fn without_path_the_configured_sources_are_read() {
    let env = studio();
    // HOME is the test's folder: `~` expands to it.
    let home_mail = env.path("Mail");
    std::fs::create_dir(&home_mail).unwrap();
    for folder in ["INBOX", "Sent"] {
        let to = home_mail.join(folder);
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(to.join(sub)).unwrap();
            if let Ok(files) = std::fs::read_dir(fixture("studio").join(folder).join(sub)) {
                for f in files {
                    let f = f.unwrap().path();
                    std::fs::copy(&f, to.join(sub).join(f.file_name().unwrap())).unwrap();
                }
            }
        }
    }
    env.write_config("[mail]\nsources = [\"~/Mail/INBOX\", \"~/Mail/Sent\"]\n");
    env.run(&["--as-of", "2026-12-04T10:00", "-q", "ingest"]).status(0).stdout("").stderr("");
    assert_eq!(env.json(&["--as-of", "2026-12-04T10:00", "messages"], 0).as_array().unwrap().len(), 5);
    env.write_config("[mail]\nsources = [\"~/Mail/Drafts\"]\n");
    env.run(&["--as-of", "2026-12-04T10:00", "ingest"])
        .status(2)
        .stderr_has("Mail/Drafts\": no such file or folder");
    env.write_config("[mail]\naddresses = [\"not an address\"]\n");
    env.run(&["--as-of", "2026-12-04T10:00", "ingest", "x"])
        .status(2)
        .stderr_has("config.toml:2: mail.addresses = \"not an address\": expected an e-mail address");
}
