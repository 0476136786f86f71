//! The calendar feed read by the programs people subscribe with (SPEC 10):
//! khal imports the feeds of two databases, twice, and keeps one event per
//! deadline (UIDs unique across databases, stable across runs); Python's
//! `icalendar` reads every event with its DTSTAMP, DESCRIPTION and, for a
//! timed one, DURATION; and an unchanged book gives the same bytes. Also
//! `calendar` as a list: every open deadline with its `uid`, `date` and
//! `time`.

mod common;

use std::path::Path;
use std::process::Command;

use common::Env;

const NOW: &str = "2026-11-27T12:00";

/// A book with one deadline of each kind the store keeps, and a stricter
/// rule change not yet announced.
fn book(env: &Env) {
    let at = env.runner(&["--as-of", NOW]);
    at(&["add-client", "acme", "--name", "Acme Corp", "--contact", "jane@acme.example", "--late-fee", "5%"]);
    at(&["add-contract", "acme", "--signed", "2026-11-01", "--expires", "2026-12-31"]);
    at(&["edit-client", "acme", "--late-fee", "10%", "--effective", "2027-01-15"]);
    at(&["add-invoice", "acme", "1500", "--issued", "2026-11-20", "--number", "INV-0001"]);
    at(&["log", "acme", "--from", "jane@acme.example", "--at", "-1h", "Question about the logo"]);
    at(&["log", "acme", "--from", "jane@acme.example", "--request", "New banner"]);
    at(&["waiting-on", "acme", "Copy for the homepage", "--due", "2026-12-02"]);
}

fn feed(env: &Env) -> String {
    env.ok(&["--as-of", NOW, "calendar", "--ics"]).stdout
}

/// Whether `program` runs; CI must have it (`.ci/run` installs it).
fn have(program: &str, check: &[&str], package: &str) -> bool {
    let found = Command::new(program).args(check).output().is_ok_and(|o| o.status.success());
    assert!(found || std::env::var_os("CI").is_none(), "{program} is missing: .ci/run installs {package}");
    if !found {
        eprintln!("skipped: {program} cannot run here (install {package})");
    }
    found
}

#[test]
fn an_unchanged_book_gives_the_same_feed_and_every_event_is_complete() {
    let env = Env::new();
    book(&env);
    let ics = feed(&env);
    assert_eq!(feed(&env), ics, "two runs differ");
    // The time of the run does not show: only the records' own times do.
    assert_eq!(env.ok(&["--as-of", "2026-11-27T15:00", "calendar", "--ics"]).stdout, ics);
    let unfolded = ics.replace("\r\n ", "");
    for kind in ["invoice", "reply", "start", "delivery", "waiting", "expiry", "notice"] {
        assert!(unfolded.contains(&format!("CATEGORIES:{kind}\r\n")), "no {kind} in {unfolded}");
    }
    assert!(
        unfolded.contains(
            "DESCRIPTION:Last day to tell acme of the stricter rule change 2027-01-15 (late_fee 10%\\; 30d \
             notice) with the notice agreed: expect notice acme\\, then expect notice acme --sent.\r\n"
        ),
        "{unfolded}"
    );
    // 30 days before 2027-01-15.
    assert!(unfolded.contains("DTSTART;VALUE=DATE:20261216\r\nSUMMARY:Send acme notice of the rule change"));
    assert!(!unfolded.contains("DTSTAMP:20261127T150000Z"), "{unfolded}");
    // Announced: the notice deadline is gone.
    env.ok(&["--as-of", NOW, "notice", "acme", "--sent"]);
    assert!(!feed(&env).contains("CATEGORIES:notice"));
}

#[test]
fn python_icalendar_reads_both_feeds_with_unique_uids() {
    let (a, b) = (Env::new(), Env::new());
    book(&a);
    book(&b);
    if !have("python3", &["-c", "import icalendar"], "the icalendar package (pip install icalendar)") {
        return;
    }
    let (fa, fb) = (a.path("a.ics"), b.path("b.ics"));
    std::fs::write(&fa, feed(&a)).unwrap();
    std::fs::write(&fb, feed(&b)).unwrap();
    let script = r#"
import sys, icalendar
uids = []
for path in sys.argv[1:]:
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    for e in cal.walk("VEVENT"):
        assert e.get("DTSTAMP") is not None and str(e.get("DESCRIPTION")), e
        start = e.decoded("DTSTART")
        if hasattr(start, "hour"):
            assert str(e.decoded("DURATION")) == "0:15:00", e
        else:
            assert e.get("DTEND") is not None and e.get("DURATION") is None, e
        uids.append(str(e["UID"]))
assert len(uids) == len(set(uids)), uids
print(len(uids))
"#;
    let out = Command::new("python3").arg("-c").arg(script).arg(&fa).arg(&fb).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "16\n");
}

fn khal_config(dir: &Path) -> std::path::PathBuf {
    let cal = dir.join("calendar");
    std::fs::create_dir_all(&cal).unwrap();
    let config = dir.join("khal.conf");
    std::fs::write(
        &config,
        format!(
            "[calendars]\n[[expect]]\npath = {}\ntype = calendar\n\
             [locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n\
             datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n\
             local_timezone = UTC\ndefault_timezone = UTC\n\
             [default]\ndefault_calendar = expect\n[sqlite]\npath = {}\n",
            cal.display(),
            dir.join("khal.db").display()
        ),
    )
    .unwrap();
    config
}

#[test]
fn khal_imports_two_books_twice_and_keeps_one_event_per_deadline() {
    let (a, b) = (Env::new(), Env::new());
    book(&a);
    book(&b);
    if !have("khal", &["--version"], "khal (apt-get install khal)") {
        return;
    }
    let home = a.path("khal");
    let config = khal_config(&home);
    let import = |ics: &str, name: &str| {
        let file = home.join(name);
        std::fs::write(&file, ics).unwrap();
        let out = Command::new("khal")
            .arg("-c")
            .arg(&config)
            .args(["import", "--batch", "-a", "expect"])
            .arg(&file)
            .env("HOME", &home)
            .env("TZ", "UTC")
            .output()
            .unwrap();
        assert!(out.status.success(), "khal import: {}", String::from_utf8_lossy(&out.stderr));
    };
    let events = || std::fs::read_dir(home.join("calendar")).unwrap().count();
    import(&feed(&a), "a.ics");
    assert_eq!(events(), 8);
    // The same feed again (a calendar program re-reading a subscription):
    // the events are updated, not duplicated.
    import(&feed(&a), "a.ics");
    assert_eq!(events(), 8);
    // Another book with the same deadlines: its own events.
    import(&feed(&b), "b.ics");
    import(&feed(&b), "b.ics");
    assert_eq!(events(), 16);
    let list = Command::new("khal")
        .arg("-c")
        .arg(&config)
        .args(["list", "2026-11-27", "2027-01-01"])
        .env("HOME", &home)
        .env("TZ", "UTC")
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&list.stdout);
    assert!(shown.contains("INV-0001 due from acme (USD 1,500.00)"), "{shown}");
    assert!(shown.contains("Send acme notice of the rule change 2027-01-15"), "{shown}");
}

/// acme with an open invoice (4,250.00, 2,000.00 of it paid), a paid one, a message awaiting reply, a
/// request awaiting delivery, an answered message and an item owed; beta
/// archived with an open item (never shown).
fn calendar_fixture(env: &Env) {
    let at = env.runner(&["--as-of", NOW]);
    at(&["add-client", "acme", "--name", "Acme Corp", "--contact", "Jane <jane@acme.example>"]);
    at(&["add-invoice", "acme", "4250", "--issued", "2026-11-01", "--number", "INV-0001"]);
    at(&["pay", "INV-0001", "2000", "--on", "2026-11-20"]);
    at(&["add-invoice", "acme", "200", "--issued", "2026-11-02", "--number", "INV-0002"]);
    at(&["pay", "INV-0002", "--on", "2026-11-20"]);
    at(&[
        "log",
        "acme",
        "--from",
        "jane@acme.example",
        "--at",
        "2026-11-26T10:00",
        "Question about the logo",
    ]);
    at(&[
        "log",
        "acme",
        "--from",
        "jane@acme.example",
        "--at",
        "2026-11-26T11:00",
        "--request",
        "New banner",
    ]);
    at(&["log", "acme", "--from", "jane@acme.example", "--at", "2026-11-25T11:00", "Answered"]);
    at(&["reply", "3", "--at", "2026-11-25T12:00"]);
    at(&["waiting-on", "acme", "Copy for the homepage", "--due", "2026-12-02"]);
    at(&["add-client", "beta", "--name", "Beta"]);
    at(&["waiting-on", "beta", "Logo files", "--due", "2026-12-03"]);
    at(&["archive-client", "beta"]);
}

#[test]
fn calendar_lists_every_open_deadline() {
    let env = Env::new();
    calendar_fixture(&env);
    let msgs = env.json(&["--as-of", NOW, "messages"], 0);
    let msg = |id: i64, key: &str| {
        let m = msgs.as_array().unwrap().iter().find(|m| m["id"] == id).unwrap();
        m[key].as_str().unwrap().to_string()
    };
    let v = env.json(&["--as-of", NOW, "calendar"], 0);
    let got: Vec<(String, String, String, serde_json::Value)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(r["client"], "acme");
            let s = |k: &str| r[k].as_str().unwrap().to_string();
            (s("kind"), s("subject"), s("date"), r["time"].clone())
        })
        .collect();
    let timed = |k: &str, id: i64, key: &str| {
        let t = msg(id, key);
        (k.to_string(), format!("message {id}"), t[..10].to_string(), serde_json::json!(t))
    };
    let day =
        |k: &str, s: &str, d: &str| (k.to_string(), s.to_string(), d.to_string(), serde_json::Value::Null);
    // By day; on a day, all-day items first, then by time.
    let mut want = vec![
        timed("reply", 1, "reply_by"),
        timed("reply", 2, "reply_by"),
        timed("start", 2, "start_by"),
        day("invoice", "invoice INV-0001", "2026-12-01"),
        day("waiting", "waiting 1", "2026-12-02"),
        timed("delivery", 2, "due"),
    ];
    let key = |r: &(String, String, String, serde_json::Value)| {
        (r.2.clone(), r.3.as_str().map(ToString::to_string).unwrap_or_default(), r.0.clone())
    };
    want.sort_by_key(key);
    assert_eq!(got, want, "{v:#}");
    let book = v[0]["uid"].as_str().unwrap().split('@').nth(1).unwrap().to_string();
    assert_eq!(book.len(), 36, "{v:#}");
    let uids: Vec<&str> = v.as_array().unwrap().iter().map(|r| r["uid"].as_str().unwrap()).collect();
    assert!(uids.contains(&format!("invoice-INV-0001@{book}").as_str()), "{uids:?}");
    // An invoice names the principal still owed, without separators in JSON
    // and CSV (grouped in the table); before the payment, all of it.
    let inv = |v: &serde_json::Value| {
        v.as_array().unwrap().iter().find(|r| r["kind"] == "invoice").unwrap()["what"].clone()
    };
    assert_eq!(inv(&v), "2250.00 USD", "{v:#}");
    assert_eq!(inv(&env.json(&["--as-of", "2026-11-19", "calendar"], 0)), "4250.00 USD");
    assert_eq!(inv(&env.json(&["--as-of", "2026-11-20", "calendar"], 0)), "2250.00 USD");
    let table = env.ok(&["--as-of", NOW, "--format", "table", "calendar"]).stdout;
    assert!(table.contains("USD 2,250.00") && !table.contains("4,250.00"), "{table}");
    // CSV has the same keys as the JSON.
    let csv = env.ok(&["--as-of", NOW, "--format", "csv", "calendar"]).stdout;
    assert!(csv.starts_with("uid,kind,client,subject,date,time,what\n"), "{csv}");
    assert!(
        csv.contains(&format!(
            "invoice-INV-0001@{book},invoice,acme,invoice INV-0001,2026-12-01,,2250.00 USD\n"
        )),
        "{csv}"
    );
    // As of before anything happened, nothing is open: no output, `[]` in JSON.
    env.ok(&["--as-of", "2026-10-01", "calendar"]).stdout("");
    assert_eq!(env.json(&["--as-of", "2026-10-01", "calendar"], 0), serde_json::json!([]));
    // Once paid, replied, started and delivered, those deadlines are gone.
    env.ok(&["--as-of", NOW, "pay", "INV-0001"]);
    env.ok(&["--as-of", NOW, "reply", "1"]);
    env.ok(&["--as-of", NOW, "reply", "2"]);
    env.ok(&["--as-of", NOW, "deliver", "2"]);
    let v = env.json(&["--as-of", NOW, "calendar"], 0);
    assert_eq!(v.as_array().unwrap().len(), 1, "{v:#}");
    assert_eq!(v[0]["kind"], "waiting");
    // ... but an earlier as-of still shows the replies, the start and the
    // delivery made at noon (the invoice was paid that day, the item
    // recorded at noon).
    let v = env.json(&["--as-of", "2026-11-27T11:00", "calendar"], 0);
    let kinds: Vec<&str> = v.as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["reply", "reply", "start", "delivery"], "{v:#}");
}

#[test]
fn calendar_ics_is_a_stable_feed() {
    let env = Env::new();
    calendar_fixture(&env);
    let ics = env.ok(&["--as-of", NOW, "calendar", "--ics"]).stdout;
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{ics}");
    assert!(ics.ends_with("END:VCALENDAR\r\n"), "{ics}");
    assert!(!ics.replace("\r\n", "").contains('\n'));
    assert!(ics.split("\r\n").all(|l| l.len() <= 75), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT\r\n").count(), 6, "{ics}");
    let book = env.json(&["--as-of", NOW, "calendar"], 0)[0]["uid"]
        .as_str()
        .unwrap()
        .split('@')
        .nth(1)
        .unwrap()
        .to_string();
    for uid in ["invoice-INV-0001", "reply-1", "reply-2", "start-2", "delivery-2", "waiting-1"] {
        assert!(ics.contains(&format!("UID:{uid}@{book}\r\n")), "{uid} in {ics}");
    }
    // Every record was made or changed by a command run as of NOW.
    assert_eq!(ics.matches("DTSTAMP:20261127T120000Z\r\n").count(), 6, "{ics}");
    assert_eq!(ics.matches("DURATION:PT15M\r\n").count(), 4, "{ics}");
    assert_eq!(ics.matches("DESCRIPTION:").count(), 6, "{ics}");
    assert!(
        ics.contains("DTSTART;VALUE=DATE:20261201\r\nSUMMARY:INV-0001 due from acme (USD 2\\,250.00)\r\n"),
        "{ics}"
    );
    let before_payment = env.ok(&["--as-of", "2026-11-19", "calendar", "--ics"]).stdout;
    assert!(
        before_payment.contains("SUMMARY:INV-0001 due from acme (USD 4\\,250.00)\r\n"),
        "{before_payment}"
    );
    // --format does not change the feed, and two runs print the same bytes,
    // whatever the time of the run.
    assert_eq!(env.ok(&["--as-of", NOW, "--format", "json", "calendar", "--ics"]).stdout, ics);
    assert_eq!(env.ok(&["--as-of", "2026-11-27T12:05", "calendar", "--ics"]).stdout, ics);
}
