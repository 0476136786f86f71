//! Reminders through the binary (SPEC 6): each ladder step once, what was
//! recorded when and when the next step comes, `--again`, `check`'s detail
//! once a step is sent, files that stay in their folder, and reminders as
//! e-mail (`--eml`, `--maildir`) read back by Python's `email` package.

mod common;

use std::process::Command;

use common::books::{at, spec_example, with_client};

#[test]
fn remind_prints_each_step_once_and_the_next_one_later() {
    let env = spec_example();
    let first = env.run(&at("2026-11-10", &["remind"])).status(1);
    assert!(first.stdout.starts_with("Subject: Friendly reminder: invoice INV-0001"), "{}", first.stdout);
    for part in [
        "Hello Jane Doe,",
        "USD 1,081.16",
        "USD 75.00",
        "USD 6.16",
        "net 30",
        "5% of the balance",
        "1.5% per month",
    ] {
        assert!(first.stdout.contains(part), "{part}\n{}", first.stdout);
    }
    env.run(&at("2026-11-10", &["remind"])).status(0).stdout("");
    // A dry run 14 days later shows the firm step but records nothing.
    let dry = env.run(&at("2026-11-24", &["remind", "--dry-run"])).status(1);
    assert!(dry.stdout.contains("is now 24 days overdue"), "{}", dry.stdout);
    let dir = env.path("out");
    std::fs::create_dir(&dir).unwrap();
    let out = env.run(&at("2026-11-24", &["remind", "--out", dir.to_str().unwrap()])).status(1);
    assert!(out.stdout.contains("INV-0001-firm.txt"), "{}", out.stdout);
    let text = std::fs::read_to_string(dir.join("INV-0001-firm.txt")).unwrap();
    assert!(text.starts_with("Subject: Invoice INV-0001 is now 24 days overdue"));
    env.run(&at("2026-11-24", &["remind"])).status(0).stdout("");
    // The final step suggests a call; after it nothing lower is ever sent.
    let last = env.run(&at("2026-12-15", &["remind", "INV-0001"])).status(1);
    assert!(last.stdout.contains("phone call"), "{}", last.stdout);
    env.run(&at("2026-12-20", &["remind"])).status(0).stdout("");
    // Not overdue: said on stderr, exit 0.
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "10", "--issued", "2026-12-01"]));
    env.run(&at("2026-12-02", &["remind", "INV-0002"])).status(0).stdout("").stderr_has("not overdue");
}

#[test]
fn remind_for_an_invoice_that_is_not_overdue_says_so_and_exits_0() {
    let env = spec_example();
    env.run(&at("2026-10-15", &["remind", "INV-0001"]))
        .status(0)
        .stdout("")
        .stderr("expect: invoice INV-0001 is not overdue\n");
}

#[test]
fn remind_num_says_what_was_recorded_and_when_the_next_step_comes() {
    let env = spec_example();
    env.run(&at("2026-11-10T09:30", &["remind", "INV-0001"])).status(1).stdout_has("Friendly reminder");
    env.run(&at("2026-11-11", &["remind", "INV-0001"])).status(0).stdout("").stderr(
        "expect: the friendly reminder of invoice INV-0001 was recorded on 2026-11-10; \
         the firm one is reached on 2026-11-14\n",
    );
    // check names the step sent and its date, not "send `expect remind`".
    let flags = env.json(&at("2026-11-11", &["check", "--only", "overdue-invoice"]), 1);
    assert_eq!(
        flags[0]["detail"],
        "invoice INV-0001 was due 2026-10-31 and is 11 days late: USD 1,081.66 now due; \
         the friendly reminder was sent on 2026-11-10"
    );
    // Once the next step is reached, check says it is due.
    let flags = env.json(&at("2026-11-15", &["check", "--only", "overdue-invoice"]), 1);
    assert!(
        flags[0]["detail"].as_str().unwrap().ends_with(
            "the friendly reminder was sent on 2026-11-10; the firm one is due: `expect remind INV-0001`"
        ),
        "{flags:#}"
    );
    // --again prints the latest reminder as recorded, and records nothing.
    let before = env.db_bytes();
    let again = env.ok(&at("2026-11-20", &["remind", "INV-0001", "--again"]));
    assert!(again.stdout.starts_with("Subject: Friendly reminder: invoice INV-0001"), "{}", again.stdout);
    assert!(again.stdout.contains("Total now due: USD 1,081.16"), "{}", again.stdout);
    assert_eq!(env.db_bytes(), before);
    // The last step: nothing comes after it.
    env.run(&at("2026-12-15", &["-q", "remind"])).status(1);
    env.run(&at("2026-12-16", &["remind", "INV-0001"])).status(0).stderr(
        "expect: the final reminder of invoice INV-0001 was recorded on 2026-12-15; it was the last step\n",
    );
}

/// Parses a written message with Python's `email` package and prints the
/// headers and the decoded text body.
const READ_MESSAGE: &str = r#"
import email, email.policy, sys
with open(sys.argv[1], "rb") as f:
    m = email.message_from_binary_file(f, policy=email.policy.default)
for h in ["From", "To", "Subject", "Date", "Message-ID"]:
    print(f"{h}: {m[h]}")
print(m.get_content_type(), m.get_content_charset())
print(m.get_body(preferencelist=("plain",)).get_content())
"#;

fn python_reads(path: &std::path::Path) -> String {
    let out = Command::new("python3").arg("-c").arg(READ_MESSAGE).arg(path).output().expect("python3 runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The draft's `Date` is the time it is recorded in the configured
/// timezone's offset, as a mail program writes it (+0100 in Berlin in
/// November), not UTC.
#[test]
fn a_reminder_draft_is_dated_in_the_local_offset() {
    let env = common::books::spec_example_in(common::Env::with_config("timezone = \"Europe/Berlin\"\n"));
    env.ok(&["init", "--name", "Alex Rivera", "--email", "alex@studio.example"]);
    let dir = env.path("Mail/Drafts");
    env.run(&at("2026-11-10T09:30", &["remind", "--maildir", dir.to_str().unwrap()])).status(1);
    let files: Vec<_> = std::fs::read_dir(dir.join("cur")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1);
    let read = python_reads(&files[0]);
    assert_eq!(read.lines().nth(3), Some("Date: Tue, 10 Nov 2026 09:30:00 +0100"), "{read}");
}

#[test]
fn remind_into_a_maildir_writes_a_draft_a_mail_reader_opens() {
    let env = spec_example();
    env.ok(&["init", "--name", "Alex Rivera", "--email", "alex@studio.example"]);
    let dir = env.path("Mail/Drafts");
    let run = env.run(&at("2026-11-10T09:30", &["remind", "--maildir", dir.to_str().unwrap()])).status(1);
    for sub in ["cur", "new", "tmp"] {
        assert!(dir.join(sub).is_dir(), "{sub}");
    }
    let files: Vec<_> = std::fs::read_dir(dir.join("cur")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1);
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.ends_with(":2,D"), "{name}");
    assert!(run.stdout.contains(&name), "{}", run.stdout);
    let read = python_reads(&files[0]);
    let lines: Vec<&str> = read.lines().collect();
    assert_eq!(lines[0], "From: Alex Rivera <alex@studio.example>");
    assert_eq!(lines[1], "To: Jane Doe <jane@acme.example>");
    assert_eq!(lines[2], "Subject: Friendly reminder: invoice INV-0001 was due 2026-10-31");
    assert_eq!(lines[3], "Date: Tue, 10 Nov 2026 09:30:00 +0000");
    assert!(
        lines[4].starts_with("Message-ID: <reminder.1.1.") && lines[4].ends_with("@studio.example>"),
        "{read}"
    );
    assert_eq!(lines[5], "text/plain utf-8");
    for part in [
        "Hello Jane Doe,",
        "Outstanding:   USD 1,000.00",
        "Late fee:      USD 75.00",
        "Interest:      USD 6.16",
        "Total now due: USD 1,081.16",
    ] {
        assert!(read.contains(part), "{part}\n{read}");
    }
    // The Message-ID is kept with the reminder (a client's answer threads to it).
    let doc = env.ok(&["export", "--format", "json"]).stdout;
    let id = lines[4].trim_start_matches("Message-ID: <").trim_end_matches('>');
    assert!(doc.contains(&format!("\"message_id\": \"{id}\"")), "{doc}");
    // Recorded: a second run writes nothing more.
    env.run(&at("2026-11-10T10:00", &["remind", "--maildir", dir.to_str().unwrap()])).status(0).stdout("");
    assert_eq!(std::fs::read_dir(dir.join("cur")).unwrap().count(), 1);
}

#[test]
fn remind_as_eml_needs_both_addresses_and_records_only_what_it_wrote() {
    let env = spec_example();
    let dir = env.path("out");
    // Member `me` has no e-mail yet: nothing written, nothing recorded.
    let before = env.db_bytes();
    env.run(&at("2026-11-10", &["remind", "--eml", dir.to_str().unwrap()]))
        .status(1)
        .stdout("")
        .stderr_has("reminder of invoice INV-0001 not written or recorded: the sender (member me) has no e-mail: add `expect init --email ADDRESS`");
    assert_eq!(env.db_bytes(), before);
    env.ok(&["init", "--email", "me@studio.example"]);
    env.run(&at("2026-11-10", &["remind", "--eml", dir.to_str().unwrap()])).status(1);
    let read = python_reads(&dir.join("INV-0001-friendly.eml"));
    assert!(read.starts_with("From: Me <me@studio.example>\nTo: Jane Doe <jane@acme.example>\n"), "{read}");
    // A client whose primary contact has no e-mail is said, not written.
    let other = with_client(&[]);
    other.ok(&["init", "--email", "me@studio.example"]);
    other.ok(&["--as-of", "2026-10-01", "add-client", "nomail", "--name", "No Mail", "--contact", "Bob"]);
    other.ok(&at("2026-10-01", &["add-invoice", "nomail", "100"]));
    other
        .run(&at("2026-11-15", &["remind", "--eml", other.path("eml").to_str().unwrap()]))
        .status(1)
        .stderr_has("the primary contact of nomail has no e-mail: add one with `expect add-contact nomail \"Name <address>\" --primary`");
}

#[test]
fn before_the_first_step_check_and_remind_say_when_it_comes() {
    let env = common::Env::with_config("[[reminders]]\nafter = \"7d\"\ntone = \"friendly\"\n");
    env.ok(&at("2026-10-01", &["add-client", "acme", "--name", "Acme"]));
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "100"]));
    let flags = env.json(&at("2026-11-03", &["check", "--only", "overdue-invoice"]), 1);
    assert!(
        flags[0]["detail"]
            .as_str()
            .unwrap()
            .ends_with("USD 100.00 now due; its first reminder is due on 2026-11-07"),
        "{flags:#}"
    );
    env.run(&at("2026-11-03", &["remind", "INV-0001"]))
        .status(0)
        .stdout("")
        .stderr("expect: invoice INV-0001 is overdue; its first reminder is due on 2026-11-07\n");
}
