//! Contracts, notices and the client-facing texts, end to end (SPEC 8):
//! `add-contract` / `contracts`, the `no-contract`, `contract-gap` and
//! `unnotified-change` flags of `check` (with `--as-of` replay), `notice`
//! and `notice --sent`, `sheet`, `signature`, `show-client`'s contracts, and
//! the demo showing every flag code.

mod common;

use common::Env;
use serde_json::{json, Value};

const DAY: &str = "2026-11-02";

/// acme, added on 2026-11-02 with the built-in defaults (no late fee,
/// interest, suspension or rush fee; phase gating on; 30d notice).
fn acme() -> Env {
    let env = Env::new();
    env.ok(&["--as-of", DAY, "init", "--name", "Alex Rivera", "--email", "alex@studio.example"]);
    env.ok(&[
        "--as-of",
        DAY,
        "add-client",
        "acme",
        "--name",
        "Acme Corp",
        "--contact",
        "Jane Doe <jane@acme.example>",
    ]);
    env
}

/// The keys `check --format json` lists as of `as_of`, with its status.
fn keys(env: &Env, as_of: &str, status: i32) -> Vec<String> {
    let v = env.json(&["--as-of", as_of, "check"], status);
    v.as_array().expect("a list").iter().map(|f| f["key"].as_str().unwrap().to_string()).collect()
}

fn flag<'a>(list: &'a Value, key: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == key)
        .unwrap_or_else(|| panic!("no {key} in {list:#}"))
}

#[test]
fn add_contract_prints_and_lists_exactly() {
    let env = acme();
    std::fs::write(env.path("acme-2026.pdf"), "%PDF").unwrap();
    env.ok(&["--as-of", DAY, "contracts"]).stdout("");
    assert_eq!(env.json(&["--as-of", DAY, "contracts"], 0), json!([]));
    env.ok(&["--as-of", DAY, "add-contract", "acme", "--signed", "2026-10-30"]).stdout("added contract 1\n");
    let v = env.json(
        &[
            "--as-of",
            DAY,
            "add-contract",
            "acme",
            "--signed",
            "yesterday",
            "--kind",
            "Retainer",
            "--rate",
            "1,500.5",
            "--expires",
            "2027-10-31",
            "--covers",
            "payment, late-fee,payment",
            "--file",
            "acme-2026.pdf",
        ],
        0,
    );
    let file = std::fs::canonicalize(env.path("acme-2026.pdf")).unwrap().to_str().unwrap().to_string();
    assert!(file.starts_with('/'));
    assert_eq!(
        v,
        json!({
            "id": 2, "client": "acme", "signed": "2026-11-01", "kind": "retainer", "rate": "1500.50",
            "expires": "2027-10-31", "covers": ["payment", "late-fee"], "file": file, "in_force": true
        })
    );
    let all = [
        "contact",
        "communication",
        "payment",
        "late-fee",
        "interest",
        "suspension",
        "turnaround",
        "rush",
        "phases",
    ];
    let list = env.json(&["--as-of", DAY, "contracts", "--client", "acme"], 0);
    assert_eq!(
        list[0],
        json!({
            "id": 1, "client": "acme", "signed": "2026-10-30", "kind": null, "rate": null,
            "expires": null, "covers": all, "file": null, "in_force": true
        })
    );
    assert_eq!(list[1]["id"], 2);
    env.ok(&["--as-of", DAY, "contracts"]).stdout(&format!(
        "ID  CLIENT  SIGNED      KIND              RATE  EXPIRES     COVERS{}  FILE\n \
         1  acme    2026-10-30                                      {}\n \
         2  acme    2026-11-01  retainer  USD 1,500.50  2027-10-31  payment,late-fee{}  {file}\n",
        " ".repeat(all.join(",").len() - "COVERS".len()),
        all.join(","),
        " ".repeat(all.join(",").len() - "payment,late-fee".len()),
    ));
    // --as-of replay: a contract signed after the as-of date is not there yet.
    assert_eq!(env.json(&["--as-of", "2026-10-31", "contracts"], 0).as_array().unwrap().len(), 1);
    let csv = env.run(&["--as-of", DAY, "--format", "csv", "contracts"]).status(0).stdout;
    assert!(csv.starts_with("id,client,signed,kind,rate,expires,covers,file"), "{csv}");
    // show-client lists them too.
    let c = env.json(&["--as-of", DAY, "show-client", "acme"], 0);
    assert_eq!(c["contracts"], list);
    env.ok(&["--as-of", DAY, "show-client", "acme"])
        .stdout_has(&format!("contracts:\n  1 signed 2026-10-30: {}\n", all.join(", ")))
        .stdout_has("  2 signed 2026-11-01, retainer USD 1,500.50, until 2027-10-31: payment, late-fee [");
    env.run(&["--as-of", DAY, "contracts", "--client", "nobody"])
        .status(2)
        .stderr_has("unknown client \"nobody\"");
}

#[test]
fn bad_contract_input_exits_2_and_changes_nothing() {
    let env = acme();
    std::fs::create_dir(env.path("folder")).unwrap();
    let before = env.db_bytes();
    assert!(!before.is_empty());
    let cases: &[(&[&str], &str)] = &[
        (
            &["add-contract", "acme", "--signed", "2026-11-01", "--covers", "payment,late_fee"],
            "expect: error: --covers \"payment,late_fee\": expected topics among contact, communication, \
             payment, late-fee, interest, suspension, turnaround, rush, phases, e.g. payment,late-fee\n",
        ),
        (&["add-contract", "acme", "--signed", "2026-11-01", "--covers", ""], "--covers \"\""),
        (&["add-contract", "acme", "--signed", "2026-13-01"], "expect: error: --signed \"2026-13-01\""),
        (&["add-contract", "acme", "--signed", "soon"], "--signed \"soon\""),
        (
            &["add-contract", "acme", "--signed", "2026-11-01", "--expires", "31/12/2027"],
            "--expires \"31/12/2027\"",
        ),
        (
            &["add-contract", "acme", "--signed", "2026-11-01", "--expires", "2026-10-31"],
            "expect: error: --expires \"2026-10-31\": the contract would expire (2026-10-31) before it is \
             signed (2026-11-01)\n  hint: give a date on or after 2026-11-01, e.g. --expires 2027-11-01\n",
        ),
        (
            &["add-contract", "acme", "--signed", "2026-11-01", "--file", "missing.pdf"],
            "expect: error: --file \"missing.pdf\": no such file\n",
        ),
        (
            &["add-contract", "acme", "--signed", "2026-11-01", "--file", "folder"],
            "--file \"folder\": not a file",
        ),
        (
            &["add-contract", "acme", "--signed", "2026-11-01", "--kind", "monthly"],
            "--kind \"monthly\": expected hourly, fixed or retainer, e.g. retainer",
        ),
        (&["add-contract", "acme", "--signed", "2026-11-01", "--rate", "-5"], "--rate \"-5\""),
        (&["add-contract", "acme", "--signed", "2026-11-01", "--rate", "1500,50"], "--rate \"1500,50\""),
        (&["add-contract", "acme"], "--signed"),
        (&["add-contract", "nobody", "--signed", "2026-11-01"], "unknown client \"nobody\""),
        (&["notice", "nobody"], "unknown client \"nobody\""),
        (&["notice", "acme", "--sent", "2026-02-30"], "--sent \"2026-02-30\""),
        (&["notice", "acme", "--sent", "2026-11-03"], "--sent \"2026-11-03\": 2026-11-03 is in the future"),
        (&["sheet", "nobody"], "unknown client \"nobody\""),
        (&["signature", "nobody"], "unknown client \"nobody\""),
    ];
    for (args, message) in cases {
        let mut full = vec!["--as-of", DAY];
        full.extend_from_slice(args);
        let run = env.run(&full).status(2);
        assert!(run.stderr.contains(message), "stderr lacks {message:?}\n{}", run.describe());
        assert!(run.stderr.starts_with("expect: error: "), "{}", run.describe());
        assert_eq!(run.stdout, "", "{}", run.describe());
        assert!(env.db_bytes() == before, "database changed after: expect {}", args.join(" "));
    }
}

#[test]
fn no_contract_until_signed_replayed_with_as_of_and_after_expiry() {
    let env = acme();
    let v = env.json(&["--as-of", DAY, "check"], 1);
    assert_eq!(keys(&env, DAY, 1), vec!["no-contract:client:acme"]);
    assert_eq!(
        v[0],
        json!({
            "key": "no-contract:client:acme", "code": "no-contract", "severity": "violation", "party": "you",
            "client": "acme", "subject": "client acme", "at": "2026-11-02T00:00:00+00:00",
            "detail": "Acme Corp has no signed contract: the rules agreed with them are not on paper; \
                       record one with `expect add-contract acme --signed DATE`",
            "dismissed": false
        })
    );
    env.ok(&["--as-of", DAY, "add-contract", "acme", "--signed", "2026-11-10", "--expires", "2026-12-31"]);
    // Signed later than the as-of time: not yet there.
    assert_eq!(keys(&env, "2026-11-09T23:59", 1), vec!["no-contract:client:acme"]);
    assert_eq!(keys(&env, "2026-11-10", 0), Vec::<String>::new());
    // The expiry date is covered whole; the day after it is not.
    assert_eq!(keys(&env, "2026-12-31T23:59", 0), Vec::<String>::new());
    let after = env.json(&["--as-of", "2027-01-01T08:00", "check"], 1);
    assert_eq!(after[0]["key"], "no-contract:client:acme");
    assert_eq!(after[0]["at"], "2027-01-01T00:00:00+00:00");
    assert!(after[0]["detail"].as_str().unwrap().starts_with("Acme Corp has no unexpired contract"));
    // Archived clients are never flagged.
    env.ok(&["--as-of", "2027-01-01", "archive-client", "acme"]);
    env.ok(&["--as-of", "2027-01-01", "check"]).stdout("");
}

#[test]
fn contract_gaps_one_per_uncovered_topic_that_needs_cover() {
    let env = acme();
    env.ok(&["--as-of", DAY, "add-contract", "acme", "--signed", DAY, "--covers", "payment"]);
    // Built-in defaults: contact always, communication and turnaround (with
    // the cut-off) need cover; no late fee, interest, suspension or rush
    // fee, and phase gating only once the client has a project.
    assert_eq!(
        keys(&env, DAY, 1),
        vec![
            "contract-gap:client:acme:communication",
            "contract-gap:client:acme:contact",
            "contract-gap:client:acme:turnaround",
        ]
    );
    env.ok(&["--as-of", DAY, "add-project", "acme", "website", "--phase", "design=1000"]);
    assert!(keys(&env, DAY, 1).contains(&"contract-gap:client:acme:phases".to_string()));
    let v = env.json(&["--as-of", DAY, "check", "--only", "contract-gap"], 1);
    assert_eq!(
        flag(&v, "contract-gap:client:acme:turnaround")["detail"],
        "turnaround 5bd, start_within 2bd, cutoff fri 16:00 are in force for acme but no signed contract \
         covers the topic turnaround: add it to the next agreement \
         (`expect add-contract acme --signed DATE --covers turnaround`)"
    );
    assert_eq!(flag(&v, "contract-gap:client:acme:contact")["subject"], "client acme");
    assert_eq!(flag(&v, "contract-gap:client:acme:contact")["at"], "2026-11-02T00:00:00+00:00");
    // Union of every signed, unexpired contract.
    env.ok(&[
        "--as-of",
        DAY,
        "add-contract",
        "acme",
        "--signed",
        DAY,
        "--covers",
        "contact,communication,turnaround",
    ]);
    assert_eq!(keys(&env, DAY, 1), vec!["contract-gap:client:acme:phases"]);
    // Phase gating off: no cover needed. A late fee from a date: the gap opens then.
    env.ok(&["--as-of", DAY, "edit-client", "acme", "--no-phase-gating"]);
    env.ok(&[
        "--as-of",
        DAY,
        "edit-client",
        "acme",
        "--late-fee",
        "25",
        "--effective",
        "2026-11-20",
        "--notified",
        "2026-10-20",
    ]);
    assert_eq!(keys(&env, "2026-11-19", 0), Vec::<String>::new());
    let v = env.json(&["--as-of", "2026-11-20T09:00", "check"], 1);
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["key"], "contract-gap:client:acme:late-fee");
    assert_eq!(v[0]["at"], "2026-11-20T00:00:00+00:00");
    assert!(v[0]["detail"].as_str().unwrap().starts_with("late_fee 25.00 is in force for acme"));
    assert!(v[0]["detail"].as_str().unwrap().contains("the topic late-fee"));
    // No contract at all: no-contract alone, never with contract-gap.
    assert_eq!(keys(&env, "2026-11-01", 1), vec!["no-contract:client:acme"]);
}

#[test]
fn unnotified_change_until_notice_is_recorded_in_time() {
    let env = acme();
    env.ok(&["--as-of", DAY, "add-contract", "acme", "--signed", DAY]);
    // A stricter change without --effective takes effect notice_period from
    // today: it needs notice today.
    env.ok(&["--as-of", "2026-11-10", "edit-client", "acme", "--late-fee", "5%"]);
    let v = env.json(&["--as-of", "2026-11-10T09:00", "check"], 1);
    assert_eq!(
        v,
        json!([{
            "key": "unnotified-change:client:acme:2026-12-10", "code": "unnotified-change",
            "severity": "violation", "party": "you", "client": "acme", "subject": "rule change 2026-12-10",
            "at": "2026-12-10T00:00:00+00:00",
            "detail": "the stricter change from 2026-12-10 (late_fee 5%) needs 30d notice, by 2026-11-10, and \
                       the client has not been told: send `expect notice acme` today and record it with `--sent`",
            "dismissed": false
        }])
    );
    // Not before the notice window opens.
    assert_eq!(keys(&env, "2026-11-09", 0), Vec::<String>::new());
    env.ok(&["--as-of", "2026-11-10T09:00", "notice", "acme", "--sent"])
        .stdout("recorded notice to acme of 1 change(s)\n");
    assert_eq!(keys(&env, "2026-11-10T09:00", 0), Vec::<String>::new());
    // Replayed before the notice date, the notice has not happened yet.
    env.ok(&["--as-of", "2026-11-09", "check"]).stdout("");
    // Nothing left to record.
    env.ok(&["--as-of", "2026-11-10", "notice", "acme", "--sent"])
        .stdout("")
        .stderr("expect: acme has no upcoming rule changes without a notice date; nothing recorded\n");

    // Notice given too late: still flagged, until notice_period after it took effect.
    env.ok(&[
        "--as-of",
        "2026-11-10",
        "edit-client",
        "acme",
        "--terms",
        "net15",
        "--effective",
        "2026-12-20",
    ]);
    let v = env.json(&["--as-of", "2026-11-25", "notice", "acme", "--sent", "2026-11-25"], 0);
    assert_eq!(v, json!({"client": "acme", "notified": "2026-11-25", "changes": ["2026-12-20"]}));
    let v = env.json(&["--as-of", "2026-11-25", "check"], 1);
    assert_eq!(v[0]["key"], "unnotified-change:client:acme:2026-12-20");
    assert!(v[0]["detail"]
        .as_str()
        .unwrap()
        .contains("needs 30d notice, by 2026-11-20, and the client was told only on 2026-11-25"));
    assert_eq!(keys(&env, "2027-01-18", 1), vec!["unnotified-change:client:acme:2026-12-20"]);
    assert_eq!(keys(&env, "2027-01-19", 0), Vec::<String>::new());
    // A change that is not stricter needs no notice.
    env.ok(&[
        "--as-of",
        "2027-01-19",
        "edit-client",
        "acme",
        "--terms",
        "net45",
        "--effective",
        "2027-01-25",
    ]);
    assert_eq!(keys(&env, "2027-01-20", 0), Vec::<String>::new());
}

#[test]
fn notice_letter_is_specific_and_polite() {
    let env = acme();
    env.ok(&["--as-of", DAY, "add-contract", "acme", "--signed", DAY]);
    env.ok(&["--as-of", DAY, "notice", "acme"])
        .stdout("")
        .stderr("expect: acme has no upcoming rule changes to announce\n");
    env.ok(&["--as-of", DAY, "add-invoice", "acme", "1200", "--issued", "2026-11-01"]);
    env.ok(&["--as-of", DAY, "add-invoice", "acme", "2000", "--issued", "2026-11-02"]);
    env.ok(&["--as-of", DAY, "add-invoice", "acme", "900", "--issued", "2026-11-02"]);
    env.ok(&["--as-of", DAY, "edit-client", "acme", "--late-fee", "5%", "--effective", "2026-12-15"]);
    env.ok(&[
        "--as-of",
        DAY,
        "edit-client",
        "acme",
        "--terms",
        "net15",
        "--interest",
        "1.5%/month",
        "--effective",
        "2027-01-01",
    ]);
    env.ok(&["--as-of", DAY, "notice", "acme"]).stdout(
        "Subject: Changes to our terms from 2026-12-15\n\
         \n\
         Dear Jane,\n\
         \n\
         Thank you for working with us. I am writing to let you know in good time about some changes to the \
         terms we agreed, so that nothing comes as a surprise.\n\
         \n\
         From 2026-12-15:\n\
         \n\
         - Late fee: from none to 5%.\n  \
         A late invoice will carry a late fee of 5% of the overdue balance: on a typical invoice of \
         USD 1,200.00, that is USD 60.00 if it is paid late.\n\
         \n\
         From 2027-01-01:\n\
         \n\
         - Payment terms: from net30 to net15.\n  \
         An invoice will be due 15 days after it is issued (instead of 30 days after it is issued): one issued \
         on 2027-01-01 would be due 2027-01-16 rather than 2027-01-31.\n\
         \n\
         - Interest on late payments: from none to 1.5%/month.\n  \
         Interest of 1.5% a month (18% a year) will run on overdue balances: on a typical invoice of \
         USD 1,200.00, each month it is late adds USD 18.00.\n\
         \n\
         Everything else stays as it is. If you have any questions, or if a change causes a problem on your \
         side, just reply to this e-mail before 2026-12-15 and we will find a way that works for both of us.\n\
         \n\
         Kind regards,\n\
         Alex Rivera\n\
         alex@studio.example\n",
    );
    let v = env.json(&["--as-of", DAY, "notice", "acme"], 0);
    assert_eq!(v["client"], "acme");
    assert_eq!(v["to"], "Jane Doe <jane@acme.example>");
    assert_eq!(
        v["changes"][0],
        json!({"effective": "2026-12-15", "rule": "late_fee", "from": null, "to": "5%", "stricter": true,
               "meaning": "A late invoice will carry a late fee of 5% of the overdue balance: on a typical invoice of USD 1,200.00, that is USD 60.00 if it is paid late."})
    );
    // A raised fee is priced both ways; --sent with a date marks both versions.
    env.ok(&["--as-of", DAY, "edit-client", "acme", "--late-fee", "8%", "--effective", "2026-12-15"]);
    env.ok(&["--as-of", DAY, "notice", "acme"]).stdout_has("- Late fee: from none to 8%.\n");
    env.ok(&["--as-of", "2026-11-03", "notice", "acme", "--sent", "yesterday"])
        .stdout("recorded notice to acme of 2 change(s)\n");
    let c = env.json(&["--as-of", "2026-11-03", "show-client", "acme"], 0);
    assert_eq!(c["upcoming"][0]["notified"], "2026-11-02");
    assert_eq!(c["upcoming"][1]["notified"], "2026-11-02");
    assert_eq!(env.json(&["--as-of", "2026-12-20", "check", "--only", "unnotified-change"], 0), json!([]));
}

#[test]
fn sheet_is_markdown_from_the_rules_in_force() {
    let env = Env::with_config("[communication]\ncheck_times = [\"15:00\", \"10:00\"]\n");
    env.ok(&["--as-of", DAY, "init", "--name", "Alex Rivera", "--email", "alex@studio.example"]);
    env.ok(&["--as-of", DAY, "add-member", "sam", "--name", "Sam Lee", "--email", "sam@studio.example"]);
    env.ok(&[
        "--as-of",
        DAY,
        "add-client",
        "initech",
        "--name",
        "Initech",
        "--contact",
        "Bill Lumbergh <bill@initech.example>",
        "--manager",
        "sam",
        "--terms",
        "eom+10",
        "--late-fee",
        "25",
        "--interest",
        "18%/year",
        "--suspend-after",
        "60d",
        "--rush-fee",
        "50%",
        "--channels",
        "email,basecamp",
        "--response",
        "4bh",
        "--no-phase-gating",
    ]);
    env.ok(&["--as-of", DAY, "edit-client", "initech", "--grace", "5d", "--effective", "2026-12-01"]);
    let sheet = env.ok(&["--as-of", DAY, "sheet", "initech"]).stdout;
    assert!(sheet.starts_with("# Working together: Initech\n\n"), "{sheet}");
    for line in [
        "- **Your primary contact:** Bill Lumbergh <bill@initech.example>\n",
        "- **Your manager with us:** Sam Lee <sam@studio.example>\n",
        "- **Channels:** `email,basecamp`: please use email and basecamp only.\n",
        "- **Business hours:** Monday–Friday 09:00–17:00 (UTC).\n",
        "- **Response:** `4bh`: we reply within 4 business hours.\n",
        "- **Check times:** `10:00,15:00`: we read messages at 10:00 and 15:00; the reply clock starts then.\n",
        "- **Terms:** `eom+10`: an invoice is due 10 days after the end of the month it is issued in.\n",
        "- **Grace:** `0d`: an invoice counts as late 1 day after its due date.\n",
        "### When payment is late\n",
        "- **Late fee:** `25.00`: a flat USD 25.00 is added once the invoice is late.\n",
        "- **Interest:** `18%/year`: 18% a year on the overdue balance, while it is late.\n",
        "- **Suspension:** `60d`: work may be paused once an invoice is 60 days late, until it is paid.\n",
        "- **Phases:** `off`: a phase may start before the previous one is paid.\n",
        "- **Start:** `2bd`: new work starts within 2 business days.\n",
        "- **Turnaround:** `5bd`: work is delivered within 5 business days.\n",
        "- **Cut-off:** `fri 16:00`: requests that arrive after 16:00 on Fridays count from the next business day.\n",
        "- **Rush:** `50%`: work wanted sooner than the turnaround costs 50% on top of the normal price.\n",
        "- **Notice:** `30d`: we announce any stricter change at least 30 days before it takes effect.\n",
    ] {
        assert!(sheet.contains(line), "sheet lacks {line:?}\n{sheet}");
    }
    // The rules in force on the as-of date.
    env.ok(&["--as-of", "2026-12-01", "sheet", "initech"])
        .stdout_has("- **Grace:** `5d`: an invoice counts as late 6 days after its due date.\n");
    let v = env.json(&["--as-of", DAY, "sheet", "initech"], 0);
    assert_eq!(v["markdown"], sheet);
    assert_eq!(v["rules"]["terms"], "eom+10");
}

#[test]
fn sheet_names_the_changes_coming_after_the_as_of_date() {
    let env = Env::new();
    let at = env.runner(&["--as-of", DAY]);
    at(&["add-client", "acme", "--name", "Acme Corp", "--late-fee", "5%"]);
    at(&["edit-client", "acme", "--late-fee", "10%", "--effective", "2027-01-01", "--notified", DAY]);
    let sheet = env.ok(&["--as-of", DAY, "sheet", "acme"]).stdout;
    assert!(
        sheet.contains(
            "\n## Coming changes\n\n- **From 2027-01-01:** the late fee is `10%` (until then `5%`). "
        ),
        "{sheet}"
    );
    let v = env.json(&["--as-of", DAY, "sheet", "acme"], 0);
    assert_eq!(
        (v["upcoming"][0]["rule"].clone(), v["upcoming"][0]["to"].clone()),
        (json!("late_fee"), json!("10%"))
    );
    // Once in force, it is a rule of the sheet, no longer a coming change.
    let later = env.ok(&["--as-of", "2027-01-01", "sheet", "acme"]).stdout;
    assert!(!later.contains("Coming changes") && later.contains("- **Late fee:** `10%`"), "{later}");
}

#[test]
fn signature_from_check_times_and_the_response_promise() {
    let env = Env::new();
    env.ok(&["signature"]).stdout("I reply to e-mail within 1–2 business days.\n");
    env.write_config("[communication]\ncheck_times = [\"15:00\", \"10:00\"]\n");
    env.ok(&["signature"]).stdout("I check e-mail at 10:00 and 15:00 and reply within 1–2 business days.\n");
    env.write_config("[communication]\ncheck_times = [\"10:00\"]\n[defaults]\nresponse = \"1bd\"\n");
    env.ok(&["signature"]).stdout("I check e-mail at 10:00 and reply within 1 business day.\n");
    env.write_config("[defaults]\nresponse = \"4bh\"\n");
    env.ok(&["signature"]).stdout("I reply to e-mail within 4 business hours.\n");
    env.write_config("");
    env.ok(&["--as-of", DAY, "add-client", "a", "--name", "A", "--response", "2h"]);
    env.ok(&["--as-of", DAY, "add-client", "b", "--name", "B", "--response", "1-3d"]);
    env.ok(&["signature", "a"]).stdout("I reply to e-mail within 2 hours.\n");
    env.ok(&["signature", "b"]).stdout("I reply to e-mail within 1–3 days.\n");
    let v = env.json(&["signature", "b"], 0);
    assert_eq!(
        v,
        json!({"client": "b", "check_times": [], "response": "1-3d",
               "signature": "I reply to e-mail within 1–3 days."})
    );
}

const ALL_CODES: [&str; 19] = [
    "overdue-invoice",
    "suspension-due",
    "chaser",
    "unpaid-charges",
    "bypassed-contact",
    "wrong-channel",
    "after-cutoff",
    "rush-request",
    "client-late",
    "late-reply",
    "reply-due",
    "late-start",
    "late-delivery",
    "delivery-due",
    "unpaid-phase",
    "no-contact",
    "no-contract",
    "contract-gap",
    "unnotified-change",
];

#[test]
fn the_demo_shows_every_flag_code_on_a_friday_a_monday_and_a_saturday() {
    let env = Env::new();
    // Friday 2026-11-27, Monday 2026-11-30, Saturday 2026-12-05.
    for as_of in ["2026-11-27T10:00", "2026-11-30T10:00", "2026-12-05T11:00"] {
        let db = env.path(&format!("demo-{}.db", &as_of[..10]));
        let run =
            env.run(&["--as-of", as_of, "--format", "json", "demo", "--db", db.to_str().unwrap()]).status(0);
        let flags: Value = serde_json::from_str(&run.stdout).expect("JSON");
        let codes: std::collections::BTreeSet<&str> =
            flags.as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
        for code in ALL_CODES {
            assert!(codes.contains(code), "no {code} at {as_of}\n{}", run.describe());
        }
        let of = |code: &str| -> Vec<&str> {
            flags
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["code"] == code)
                .map(|f| f["key"].as_str().unwrap())
                .collect()
        };
        assert_eq!(of("no-contract"), vec!["no-contract:client:umbrella"], "at {as_of}");
        assert_eq!(of("contract-gap"), vec!["contract-gap:client:acme:late-fee"], "at {as_of}");
        assert_eq!(of("unnotified-change").len(), 1, "at {as_of}");
        assert!(of("unnotified-change")[0].starts_with("unnotified-change:client:acme:"));
    }
}
