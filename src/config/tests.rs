//! The config's keys, defaults and errors.

use super::*;

fn parse(text: &str) -> anyhow::Result<Config> {
    Config::parse(Path::new("/c/config.toml"), text)
}

#[test]
fn example_config_is_the_builtin_defaults() {
    let cfg = parse(DEFAULT_CONFIG).unwrap();
    let builtin = Config::builtin(PathBuf::from("x"));
    assert_eq!(cfg.defaults, builtin.defaults);
    assert_eq!(cfg.reminders, builtin.reminders);
    assert_eq!(cfg.days, builtin.days);
    assert_eq!((cfg.open, cfg.close), (builtin.open, builtin.close));
    assert_eq!(cfg.soon, builtin.soon);
    assert_eq!(cfg.currency, Currency::USD);
    assert_eq!(cfg.mail, builtin.mail);
}

#[test]
fn values_are_read() {
    let cfg = parse(
        "timezone = \"Europe/Berlin\"\ncurrency = \"eur\"\n[calendar]\nhours = \"08:30-16:30\"\nholidays = [\"2026-12-25\"]\n[communication]\ncheck_times = [\"15:00\", \"10:00\"]\n[defaults]\nterms = \"net15\"\nlate_fee = \"5%\"\nphase_gating = false\n[[reminders]]\nafter = \"7d\"\ntone = \"firm\"\n",
    )
    .unwrap();
    assert_eq!(cfg.timezone, chrono_tz::Europe::Berlin);
    assert_eq!(cfg.currency, Currency::EUR);
    assert_eq!(cfg.open.to_string(), "08:30:00");
    assert_eq!(cfg.holidays, vec![NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()]);
    assert_eq!(cfg.check_times.len(), 2);
    assert!(cfg.check_times[0] < cfg.check_times[1]);
    assert_eq!(cfg.defaults.terms.to_string(), "net15");
    assert_eq!(cfg.defaults.late_fee.unwrap().to_string(), "5%");
    assert!(!cfg.defaults.phase_gating);
    assert_eq!(cfg.reminders, vec![ReminderStep { after: 7, tone: Tone::Firm }]);
    let cfg = parse("[mail]\nsources = [\"/m/INBOX\", \"sent\"]\naddresses = [\" Hello@Studio.example \"]\n")
        .unwrap();
    assert_eq!(cfg.mail.sources, [PathBuf::from("/m/INBOX"), PathBuf::from("/c/sent")]);
    assert_eq!(cfg.mail.addresses, ["Hello@Studio.example"]);
}

#[test]
fn errors_name_file_line_and_key() {
    let err = parse("currency = \"USD\"\n[defaults]\nterms = \"net-30\"\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "/c/config.toml:3: defaults.terms = \"net-30\": expected receipt, netN, eom or eom+N, e.g. net30"
    );
    let err = parse("[defaults]\nlate_fe = \"5%\"\n").unwrap_err().to_string();
    assert!(err.starts_with("/c/config.toml:2: defaults.late_fe: unknown field `late_fe`"), "{err}");
    let err = parse("soon = 5\n").unwrap_err().to_string();
    assert_eq!(err, "/c/config.toml:1: soon: invalid type: integer `5`, expected a string");
    let err = parse("[defaults]\nphase_gating = \"yes\"\n").unwrap_err().to_string();
    assert!(err.starts_with("/c/config.toml:2: defaults.phase_gating: invalid type"), "{err}");
    let err =
        parse("[[reminders]]\nafter = \"1d\"\ntone = \"firm\"\nsoon = \"4bh\"\n").unwrap_err().to_string();
    assert!(err.starts_with("/c/config.toml:4: reminders.soon: unknown field `soon`"), "{err}");
    let err = parse("timezone = \"Mars/Base\"\n").unwrap_err().to_string();
    assert!(err.starts_with("/c/config.toml:1: timezone = \"Mars/Base\""), "{err}");
    let err = parse("[calendar]\nhours = \"17:00-09:00\"\n").unwrap_err().to_string();
    assert!(err.starts_with("/c/config.toml:2: calendar.hours"), "{err}");
    let err = parse("[mail]\nsources = [\"/m\",\n  \"\"]\n").unwrap_err().to_string();
    assert!(err.starts_with("/c/config.toml:3: mail.sources = \"\": expected a Maildir"), "{err}");
    let err = parse("[mail]\naddresses = [\"hello\"]\n").unwrap_err().to_string();
    assert_eq!(
        err,
        "/c/config.toml:2: mail.addresses = \"hello\": expected an e-mail address, e.g. hello@studio.example"
    );
    let err = parse("[mail]\nfolders = []\n").unwrap_err().to_string();
    assert!(err.starts_with("/c/config.toml:2: mail.folders: unknown field `folders`"), "{err}");
}
