//! TIME and DATE as people type them (SPEC 3), end to end: every date form
//! at a fixed `--as-of` on a Friday and on a Monday, and in the two
//! daylight-saving weeks of 2026 in Europe/Berlin. TIME is probed with
//! `deadline 0m --from TIME` (its JSON `from` is the resolved time), DATE
//! with `waiting-on --due`, and `--wants` with `log`.

mod common;

use common::Env;

const CONFIG: &str = "timezone = \"Europe/Berlin\"\n[calendar]\nholidays = [\"2026-12-25\"]\n";

/// Friday 2026-11-27 16:00 and Monday 2026-11-30 10:00, Berlin (UTC+1).
const FRI: &str = "2026-11-27T16:00";
const MON: &str = "2026-11-30T10:00";

/// The time `form` resolves to at `as_of`, as RFC 3339.
fn time(env: &Env, as_of: &str, form: &str) -> String {
    let v = env.json(&["--as-of", as_of, "deadline", "0m", "--from", form], 0);
    v["from"].as_str().expect("a from time").to_string()
}

/// An environment with client `acme` (contact Jane), for DATE and `--wants`.
fn with_client() -> Env {
    let env = Env::with_config(CONFIG);
    env.ok(&["--as-of", "2026-11-02", "init"]);
    env.ok(&[
        "--as-of",
        "2026-11-02",
        "add-client",
        "acme",
        "--name",
        "Acme",
        "--contact",
        "jane@acme.example",
    ]);
    env
}

/// The DATE `form` resolves to at `as_of`, through `waiting-on --due`.
fn date(env: &Env, as_of: &str, form: &str) -> String {
    let v = env.json(&["--as-of", as_of, "waiting-on", "acme", "copy", "--due", form], 0);
    v["due"].as_str().expect("a due date").to_string()
}

/// The `--wants` time of a message logged at `as_of`.
fn wants(env: &Env, as_of: &str, form: &str) -> String {
    let v = env.json(
        &["--as-of", as_of, "log", "acme", "--from", "jane@acme.example", "--wants", form, "Please"],
        0,
    );
    v["wants"].as_str().expect("a wants time").to_string()
}

#[test]
fn every_time_form_on_a_friday_and_on_a_monday() {
    let env = Env::with_config(CONFIG);
    let cases = [
        // form, on Friday 2026-11-27 16:00, on Monday 2026-11-30 10:00
        ("fri", "2026-12-04T00:00:00+01:00", "2026-12-04T00:00:00+01:00"),
        ("Friday", "2026-12-04T00:00:00+01:00", "2026-12-04T00:00:00+01:00"),
        ("next friday", "2026-12-04T00:00:00+01:00", "2026-12-04T00:00:00+01:00"),
        ("last friday", "2026-11-20T00:00:00+01:00", "2026-11-27T00:00:00+01:00"),
        ("mon", "2026-11-30T00:00:00+01:00", "2026-12-07T00:00:00+01:00"),
        ("last mon", "2026-11-23T00:00:00+01:00", "2026-11-23T00:00:00+01:00"),
        ("dec 4", "2026-12-04T00:00:00+01:00", "2026-12-04T00:00:00+01:00"),
        ("4 dec", "2026-12-04T00:00:00+01:00", "2026-12-04T00:00:00+01:00"),
        ("December 4", "2026-12-04T00:00:00+01:00", "2026-12-04T00:00:00+01:00"),
        ("jan 2", "2026-01-02T00:00:00+01:00", "2026-01-02T00:00:00+01:00"),
        ("eod", "2026-11-27T17:00:00+01:00", "2026-11-30T17:00:00+01:00"),
        ("EOW", "2026-11-27T17:00:00+01:00", "2026-12-04T17:00:00+01:00"),
        ("16:00", "2026-11-27T16:00:00+01:00", "2026-11-30T16:00:00+01:00"),
        ("4pm", "2026-11-27T16:00:00+01:00", "2026-11-30T16:00:00+01:00"),
        ("9:30am", "2026-11-27T09:30:00+01:00", "2026-11-30T09:30:00+01:00"),
        ("12am", "2026-11-27T00:00:00+01:00", "2026-11-30T00:00:00+01:00"),
        ("12pm", "2026-11-27T12:00:00+01:00", "2026-11-30T12:00:00+01:00"),
        ("tomorrow 12:00", "2026-11-28T12:00:00+01:00", "2026-12-01T12:00:00+01:00"),
        ("friday 16:00", "2026-12-04T16:00:00+01:00", "2026-12-04T16:00:00+01:00"),
        ("last fri 8am", "2026-11-20T08:00:00+01:00", "2026-11-27T08:00:00+01:00"),
        ("dec 4 9:30", "2026-12-04T09:30:00+01:00", "2026-12-04T09:30:00+01:00"),
        ("2026-12-04 4pm", "2026-12-04T16:00:00+01:00", "2026-12-04T16:00:00+01:00"),
        // The words and relative forms, counted from the as-of time.
        ("now", "2026-11-27T16:00:00+01:00", "2026-11-30T10:00:00+01:00"),
        ("today", "2026-11-27T00:00:00+01:00", "2026-11-30T00:00:00+01:00"),
        ("Yesterday", "2026-11-26T00:00:00+01:00", "2026-11-29T00:00:00+01:00"),
        ("tomorrow", "2026-11-28T00:00:00+01:00", "2026-12-01T00:00:00+01:00"),
        ("+3d", "2026-11-30T16:00:00+01:00", "2026-12-03T10:00:00+01:00"),
        ("-2w", "2026-11-13T16:00:00+01:00", "2026-11-16T10:00:00+01:00"),
        ("+4h", "2026-11-27T20:00:00+01:00", "2026-11-30T14:00:00+01:00"),
        ("+2bd", "2026-12-01T16:00:00+01:00", "2026-12-02T10:00:00+01:00"),
        // The written forms, which the as-of time does not move.
        ("2026-11-27", "2026-11-27T00:00:00+01:00", "2026-11-27T00:00:00+01:00"),
        ("2026-11-27T16:05", "2026-11-27T16:05:00+01:00", "2026-11-27T16:05:00+01:00"),
        ("2026-11-27 16:05", "2026-11-27T16:05:00+01:00", "2026-11-27T16:05:00+01:00"),
        ("2026-11-27T16:05:30", "2026-11-27T16:05:30+01:00", "2026-11-27T16:05:30+01:00"),
        ("2026-11-27T16:05Z", "2026-11-27T17:05:00+01:00", "2026-11-27T17:05:00+01:00"),
        ("2026-11-27T16:05:30+03:00", "2026-11-27T14:05:30+01:00", "2026-11-27T14:05:30+01:00"),
    ];
    for (form, on_fri, on_mon) in cases {
        assert_eq!(time(&env, FRI, form), on_fri, "{form} on a Friday");
        assert_eq!(time(&env, MON, form), on_mon, "{form} on a Monday");
    }
}

#[test]
fn eow_when_the_week_is_over_and_eod_on_a_holiday() {
    let env = Env::with_config(CONFIG);
    assert_eq!(time(&env, "2026-11-27T16:59", "eow"), "2026-11-27T17:00:00+01:00");
    assert_eq!(time(&env, "2026-11-27T17:00", "eow"), "2026-12-04T17:00:00+01:00");
    assert_eq!(time(&env, "2026-11-28T10:00", "eow"), "2026-12-04T17:00:00+01:00");
    // Christmas Friday is a holiday: that week closes on Thursday.
    assert_eq!(time(&env, "2026-12-21T10:00", "eow"), "2026-12-24T17:00:00+01:00");
    assert_eq!(time(&env, "2026-12-25T10:00", "eod"), "2026-12-28T17:00:00+01:00");
    assert_eq!(time(&env, "2026-11-28T10:00", "eod"), "2026-11-30T17:00:00+01:00");
}

#[test]
fn daylight_saving_weeks_in_berlin() {
    let env = Env::with_config(CONFIG);
    // Spring forward on Sunday 2026-03-29 (02:00 -> 03:00).
    let fri = "2026-03-27T16:00";
    assert_eq!(time(&env, fri, "sun"), "2026-03-29T00:00:00+01:00");
    assert_eq!(time(&env, fri, "sun 3:30"), "2026-03-29T03:30:00+02:00");
    assert_eq!(time(&env, fri, "mon 9am"), "2026-03-30T09:00:00+02:00");
    assert_eq!(time(&env, fri, "eow"), "2026-03-27T17:00:00+01:00");
    assert_eq!(time(&env, "2026-03-30T10:00", "last fri 4pm"), "2026-03-27T16:00:00+01:00");
    assert_eq!(time(&env, "2026-03-30T10:00", "eow"), "2026-04-03T17:00:00+02:00");
    assert_eq!(time(&env, "2026-03-30T10:00", "friday"), "2026-04-03T00:00:00+02:00");
    env.run(&["--as-of", fri, "deadline", "0m", "--from", "sun 2:30"])
        .status(2)
        .stderr_has("--from \"sun 2:30\"")
        .stderr_has("2026-03-29T02:30 does not exist in Europe/Berlin");
    env.run(&["--as-of", fri, "deadline", "0m", "--from", "mar 29 2:15am"]).status(2);
    // Fall back on Sunday 2026-10-25 (03:00 -> 02:00): the earlier 02:30.
    let fri = "2026-10-23T16:00";
    assert_eq!(time(&env, fri, "sun 2:30"), "2026-10-25T02:30:00+02:00");
    assert_eq!(time(&env, fri, "oct 25 3am"), "2026-10-25T03:00:00+01:00");
    assert_eq!(time(&env, fri, "tomorrow 16:00"), "2026-10-24T16:00:00+02:00");
    assert_eq!(time(&env, fri, "mon"), "2026-10-26T00:00:00+01:00");
    assert_eq!(time(&env, fri, "eow"), "2026-10-23T17:00:00+02:00");
    let mon = "2026-10-26T10:00";
    assert_eq!(time(&env, mon, "last friday"), "2026-10-23T00:00:00+02:00");
    assert_eq!(time(&env, mon, "yesterday 2:30"), "2026-10-25T02:30:00+02:00");
    assert_eq!(time(&env, mon, "eow"), "2026-10-30T17:00:00+01:00");
    assert_eq!(time(&env, "2026-10-25T12:00", "eod"), "2026-10-26T17:00:00+01:00");
}

#[test]
fn words_and_relative_forms_across_the_daylight_saving_changes() {
    let env = Env::with_config(CONFIG);
    // Spring: days keep the clock time, hours are elapsed time.
    let sat = "2026-03-28T16:00";
    assert_eq!(time(&env, sat, "now"), "2026-03-28T16:00:00+01:00");
    assert_eq!(time(&env, sat, "tomorrow"), "2026-03-29T00:00:00+01:00");
    assert_eq!(time(&env, sat, "+1d"), "2026-03-29T16:00:00+02:00");
    assert_eq!(time(&env, sat, "+24h"), "2026-03-29T17:00:00+02:00");
    assert_eq!(time(&env, sat, "+1w"), "2026-04-04T16:00:00+02:00");
    assert_eq!(time(&env, "2026-03-27T16:00", "+1bd"), "2026-03-30T16:00:00+02:00");
    let mon = "2026-03-30T10:00";
    assert_eq!(time(&env, mon, "today"), "2026-03-30T00:00:00+02:00");
    assert_eq!(time(&env, mon, "yesterday"), "2026-03-29T00:00:00+01:00");
    assert_eq!(time(&env, mon, "-1d"), "2026-03-29T10:00:00+02:00");
    assert_eq!(time(&env, "2026-03-29T12:00", "-1d"), "2026-03-28T12:00:00+01:00");
    assert_eq!(time(&env, "2026-03-29T12:00", "-24h"), "2026-03-28T11:00:00+01:00");
    assert_eq!(time(&env, mon, "-2bd"), "2026-03-26T10:00:00+01:00");
    // Autumn: a kept time in the repeated hour takes the earlier offset.
    let sat = "2026-10-24T02:30";
    assert_eq!(time(&env, sat, "+1d"), "2026-10-25T02:30:00+02:00");
    assert_eq!(time(&env, "2026-10-24T12:00", "+24h"), "2026-10-25T11:00:00+01:00");
    assert_eq!(time(&env, "2026-10-23T16:00", "+1bd"), "2026-10-26T16:00:00+01:00");
    assert_eq!(time(&env, "2026-10-26T10:00", "-1w"), "2026-10-19T10:00:00+02:00");
    assert_eq!(time(&env, "2026-10-26T10:00", "2026-10-25T02:30"), "2026-10-25T02:30:00+02:00");
    assert_eq!(time(&env, "2026-10-26T10:00", "2026-10-25T02:30+01:00"), "2026-10-25T02:30:00+01:00");
}

#[test]
fn date_forms_as_a_due_date() {
    let env = with_client();
    let cases = [
        // form, on Friday, on Monday
        ("fri", "2026-12-04", "2026-12-04"),
        ("last friday", "2026-11-20", "2026-11-27"),
        ("tues", "2026-12-01", "2026-12-01"),
        ("dec 4", "2026-12-04", "2026-12-04"),
        ("4 December", "2026-12-04", "2026-12-04"),
        ("tomorrow", "2026-11-28", "2026-12-01"),
        ("eod", "2026-11-27", "2026-11-30"),
        ("eow", "2026-11-27", "2026-12-04"),
        ("+1bd", "2026-11-30", "2026-12-01"),
        ("today", "2026-11-27", "2026-11-30"),
        ("yesterday", "2026-11-26", "2026-11-29"),
        ("next friday", "2026-12-04", "2026-12-04"),
        ("+3d", "2026-11-30", "2026-12-03"),
        ("-1w", "2026-11-20", "2026-11-23"),
        ("2026-12-24", "2026-12-24", "2026-12-24"),
    ];
    for (form, on_fri, on_mon) in cases {
        assert_eq!(date(&env, FRI, form), on_fri, "{form} on a Friday");
        assert_eq!(date(&env, MON, form), on_mon, "{form} on a Monday");
    }
    // In the daylight-saving weeks too.
    assert_eq!(date(&env, "2026-03-27T16:00", "sun"), "2026-03-29");
    assert_eq!(date(&env, "2026-10-26T10:00", "last sun"), "2026-10-25");
    // A time of day is not a DATE.
    for bad in ["friday 16:00", "4pm", "dec 4 9:30"] {
        env.run(&["--as-of", FRI, "waiting-on", "acme", "copy", "--due", bad])
            .status(2)
            .stderr_has(&format!("--due \"{bad}\""))
            .stderr_has("friday, dec 4");
    }
}

#[test]
fn date_forms_as_wants_close_the_day() {
    let env = with_client();
    // A date form alone: the closing time of its last working day at or
    // before it; with a time of day, that time.
    assert_eq!(wants(&env, FRI, "friday"), "2026-12-04T17:00:00+01:00");
    assert_eq!(wants(&env, FRI, "sat"), "2026-11-27T17:00:00+01:00");
    assert_eq!(wants(&env, FRI, "dec 26"), "2026-12-24T17:00:00+01:00");
    assert_eq!(wants(&env, FRI, "mon 12:00"), "2026-11-30T12:00:00+01:00");
    assert_eq!(wants(&env, FRI, "eow"), "2026-11-27T17:00:00+01:00");
    assert_eq!(wants(&env, MON, "eow"), "2026-12-04T17:00:00+01:00");
    assert_eq!(wants(&env, MON, "last friday"), "2026-11-27T17:00:00+01:00");
    assert_eq!(wants(&env, "2026-10-26T10:00", "fri"), "2026-10-30T17:00:00+01:00");
}

/// SPEC 3: `--wants` words count from the as-of time (Friday 11-27 16:00),
/// only `+N…` values from `--at` (Friday 11-20 10:00), in `log` and in
/// `request` alike. Counted from `--at`, `mon` would be 11-23 and
/// `tomorrow` 11-20 17:00 (11-21 is a Saturday).
#[test]
fn wants_words_count_from_the_as_of_time_and_plus_n_from_at() {
    let env = with_client();
    let cases = [
        ("mon", "2026-11-30T17:00:00+01:00"),
        ("tomorrow", "2026-11-27T17:00:00+01:00"),
        ("+1d", "2026-11-21T10:00:00+01:00"),
    ];
    let log = |extra: &[&str]| {
        let mut args =
            vec!["--as-of", FRI, "log", "acme", "--from", "jane@acme.example", "--at", "2026-11-20T10:00"];
        args.extend_from_slice(extra);
        args.push("Please");
        env.json(&args, 0)
    };
    for (form, expected) in cases {
        assert_eq!(log(&["--wants", form])["wants"], expected, "log --wants {form}");
        let id = log(&[])["id"].as_i64().unwrap().to_string();
        let v = env.json(&["--as-of", FRI, "request", &id, "--wants", form], 0);
        assert_eq!(
            (v["request"].as_bool(), v["wants"].as_str()),
            (Some(true), Some(expected)),
            "request --wants {form}"
        );
    }
}

#[test]
fn bad_forms_name_the_flag_and_show_new_examples() {
    let env = Env::with_config(CONFIG);
    for bad in ["this friday", "fri 4", "dec 32", "13pm", "eod 16:00"] {
        env.run(&["--as-of", FRI, "deadline", "0m", "--from", bad])
            .status(2)
            .stderr_has(&format!("--from \"{bad}\""))
            .stderr_has("friday 16:00 or 4pm");
    }
    env.run(&["--as-of", "2027-03-01", "deadline", "0m", "--from", "feb 29"])
        .status(2)
        .stderr_has("2027 has no feb 29");
}

#[test]
fn holidays_file_with_recurring_holidays_as_calendars_export_them() {
    let env = Env::new();
    let ics = "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n\
               BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20251127\r\nDTEND;VALUE=DATE:20251128\r\n\
               RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH\r\nUID:thanksgiving@example\r\n\
               SUMMARY:Thanksgiving\r\nEND:VEVENT\r\n\
               BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20271126\r\nDTEND;VALUE=DATE:20271127\r\n\
               RECURRENCE-ID;VALUE=DATE:20271125\r\nUID:thanksgiving@example\r\n\
               SUMMARY:Thanksgiving (moved)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    std::fs::write(env.path("holidays.ics"), ics).expect("write ics");
    env.write_config("[calendar]\nholidays_file = \"holidays.ics\"\n");
    // Thursday 2026-11-26 is Thanksgiving: Wednesday 16:00 + 1bd is Friday 16:00.
    env.ok(&["deadline", "1bd", "--from", "2026-11-25T16:00"]).stdout("2026-11-27T16:00\n");
    // In 2027 the holiday moved from Thursday 25th to Friday 26th.
    env.ok(&["deadline", "1bd", "--from", "2027-11-24T16:00"]).stdout("2027-11-25T16:00\n");
    env.ok(&["deadline", "1bd", "--from", "2027-11-25T16:00"]).stdout("2027-11-29T16:00\n");
    // A rule the file cannot use names the file and the event.
    std::fs::write(env.path("holidays.ics"), ics.replace("FREQ=YEARLY", "FREQ=HOURLY")).expect("write ics");
    env.run(&["deadline", "1bd", "--from", "2026-11-25T16:00"])
        .status(2)
        .stderr_has("holidays.ics")
        .stderr_has("event \"Thanksgiving\": RRULE \"FREQ=HOURLY;BYMONTH=11;BYDAY=4TH\" is not supported");
}
