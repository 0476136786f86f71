//! The calendar feed read by the programs people subscribe with (SPEC 10):
//! khal imports the feeds of two databases, twice, and keeps one event per
//! deadline (UIDs unique across databases, stable across runs); Python's
//! `icalendar` reads every event with its DTSTAMP, DESCRIPTION and, for a
//! timed one, DURATION; and an unchanged book gives the same bytes.

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
    assert!(shown.contains("INV-0001 due from acme (1500.00 USD)"), "{shown}");
    assert!(shown.contains("Send acme notice of the rule change 2027-01-15"), "{shown}");
}
