//! Tables on a terminal (SPEC 2): the real binary in a pseudo-terminal made
//! by util-linux `script`, with `COLUMNS` set, against the same command
//! piped. On the terminal no line is wider than `COLUMNS`, and the words are
//! the piped words — moved between lines, never split — whether the table
//! wraps its text columns or stacks its rows as `key: value` lines.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::{Env, Run};

const AS_OF: &str = "2026-11-20T12:00";

/// Two clients, three invoices past due, two messages awaiting a reply
/// with long subjects; `check` finds flags with long details.
fn book() -> Env {
    let env = Env::new();
    let at = |day: &'static str| env.runner(&["--as-of", day]);
    at("2026-10-01")(&[
        "add-client",
        "acme",
        "--name",
        "Acme Corp",
        "--contact",
        "Jane Doe <jane@acme.example>",
        "--terms",
        "net30",
        "--late-fee",
        "5%",
    ]);
    at("2026-10-01")(&["add-client", "globex", "--name", "Globex Corporation International"]);
    at("2026-10-01")(&["add-invoice", "acme", "1500", "--issued", "2026-10-01"]);
    at("2026-10-02")(&["add-invoice", "acme", "23,000.50", "--issued", "2026-10-02"]);
    at("2026-10-03")(&["add-invoice", "globex", "980", "--issued", "2026-10-03"]);
    at("2026-11-02T09:15")(&[
        "log",
        "acme",
        "--from",
        "Jane Doe <jane@acme.example>",
        "Please review the attached statement of work and confirm the revised delivery dates",
    ]);
    at("2026-11-03T14:40")(&[
        "log",
        "acme",
        "--from",
        "jane@acme.example",
        "--request",
        "--wants",
        "2026-11-13",
        "Update the onboarding checklist so that it covers the new quarterly reporting requirements",
    ]);
    env
}

/// `'text'` for `sh`.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Runs `expect ARGS` with stdout on a pseudo-terminal `columns` wide (as
/// far as `COLUMNS` tells); the terminal's CR LF line ends become LF.
fn on_terminal(env: &Env, args: &[&str], columns: usize) -> Run {
    let inner = env.command(args);
    let line = std::iter::once(inner.get_program())
        .chain(inner.get_args())
        .map(|a| quoted(&a.to_string_lossy()))
        .collect::<Vec<_>>()
        .join(" ");
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &line, "/dev/null"]).env_clear();
    for (key, value) in inner.get_envs() {
        if let Some(value) = value {
            cmd.env(key, value);
        }
    }
    cmd.env("SHELL", "/bin/sh").env("COLUMNS", columns.to_string());
    if let Some(dir) = inner.get_current_dir() {
        cmd.current_dir(dir);
    }
    let out = cmd.output().expect("util-linux `script` runs (apt-get install bsdutils)");
    Run {
        args: std::iter::once(format!("(COLUMNS={columns}, on a terminal)"))
            .chain(args.iter().map(ToString::to_string))
            .collect(),
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn words(lines: impl Iterator<Item = String>) -> BTreeMap<String, usize> {
    let mut words = BTreeMap::new();
    for line in lines {
        for word in line.split_whitespace() {
            *words.entry(word.to_string()).or_default() += 1;
        }
    }
    words
}

/// The column keys of a piped table's header line (`REPLY BY` is one key).
fn keys(header: &str) -> Vec<String> {
    header.split("  ").map(str::trim).filter(|k| !k.is_empty()).map(str::to_lowercase).collect()
}

/// Checks `args` on terminals `widths` wide against the piped output, and
/// returns how each came out (`"table"` or `"stacked"`).
fn fits(env: &Env, args: &[&str], status: i32, widths: &[usize]) -> Vec<&'static str> {
    let piped = env.run(args).status(status);
    let header =
        piped.stdout.lines().next().unwrap_or_else(|| panic!("nothing listed\n{}", piped.describe()));
    let keys = keys(header);
    let mut shapes = Vec::new();
    for &columns in widths {
        let tty = on_terminal(env, args, columns).status(status);
        let text = &tty.stdout;
        for line in text.lines() {
            assert!(
                line.chars().count() <= columns,
                "a line is wider than {columns}: {line:?}\n{}",
                tty.describe()
            );
        }
        assert!(!text.contains('\u{1b}'), "NO_COLOR is set\n{}", tty.describe());
        let stacked = !text.starts_with(header.split("  ").next().unwrap_or_default());
        if stacked {
            // Each `key:` starts a line; the rest is the rows' words.
            let values = text.lines().map(|line| {
                let key = keys.iter().find(|k| line.starts_with(&format!("{k}:")));
                key.map_or(line, |k| &line[k.len() + 1..]).to_string()
            });
            let body = piped.stdout.lines().skip(1).map(str::to_string);
            assert_eq!(words(values), words(body), "stacked words differ from piped\n{}", tty.describe());
        } else {
            let all = piped.stdout.lines().map(str::to_string);
            assert_eq!(
                words(text.lines().map(str::to_string)),
                words(all),
                "wrapped words differ from piped\n{}",
                tty.describe()
            );
        }
        shapes.push(if stacked { "stacked" } else { "table" });
    }
    shapes
}

#[test]
fn check_fits_the_terminal() {
    let env = book();
    let piped = env.run(&["--as-of", AS_OF, "check"]).status(1);
    assert!(piped.stdout.lines().any(|l| l.chars().count() > 100), "{}", piped.describe());
    // Narrow, the detail would be too thin a column: rows are stacked. Wide
    // enough for the short columns, the detail wraps under itself.
    let shapes = fits(&env, &["--as-of", AS_OF, "check"], 1, &[60, 80, 110]);
    assert_eq!(shapes, ["stacked", "stacked", "table"]);
    let tty = on_terminal(&env, &["--as-of", AS_OF, "check"], 110).status(1);
    assert!(tty.stdout.lines().count() > piped.stdout.lines().count(), "{}", tty.describe());
    assert!(tty.stdout.contains("\n                                        "), "{}", tty.describe());
}

#[test]
fn invoices_fit_the_terminal() {
    let env = book();
    assert_eq!(fits(&env, &["--as-of", AS_OF, "invoices"], 0, &[60, 80]), ["stacked", "stacked"]);
    let tty = on_terminal(&env, &["--as-of", AS_OF, "invoices"], 60).status(0);
    assert!(tty.stdout.contains("\namount:      USD 23,000.50\n"), "{}", tty.describe());
}

#[test]
fn messages_fit_the_terminal() {
    let env = book();
    assert_eq!(fits(&env, &["--as-of", AS_OF, "messages"], 0, &[60, 80]), ["stacked", "stacked"]);
}

#[test]
fn a_table_that_fits_is_the_same_on_a_terminal() {
    let env = book();
    let piped = env.ok(&["clients"]);
    on_terminal(&env, &["clients"], 60).status(0).stdout(&piped.stdout);
}

#[test]
fn piped_output_ignores_columns() {
    let env = book();
    let wide = env.run(&["--as-of", AS_OF, "check"]).status(1);
    let mut cmd = env.command(&["--as-of", AS_OF, "check"]);
    let out = cmd.env("COLUMNS", "40").output().expect("run expect");
    assert_eq!(String::from_utf8_lossy(&out.stdout), wide.stdout);
}

#[test]
fn control_characters_are_escaped_for_people_and_exact_in_json() {
    let env = Env::new();
    let name = "Evil\u{1b}[2J\u{1b}]0;owned\u{7} Corp\u{7f}\u{9b}31m";
    env.ok(&["add-client", "evil", "--name", name]);
    let shown = "Evil\\e[2J\\e]0;owned\\x07 Corp\\x7f\\u{9b}31m";
    env.ok(&["clients"]).stdout(&format!(
        "HANDLE  NAME{}  MANAGER  CURRENCY\nevil    {shown}  me       USD\n",
        " ".repeat(shown.len() - 4)
    ));
    // Escapes are measured as shown: at 60 columns the name wraps.
    on_terminal(&env, &["clients"], 60).status(0).stdout(
        "HANDLE  NAME                               MANAGER  CURRENCY\n\
         evil    Evil\\e[2J\\e]0;owned\\x07            me       USD\n        \
         Corp\\x7f\\u{9b}31m\n",
    );
    env.ok(&["show-client", "evil"]).stdout_has(shown);
    assert_eq!(env.json(&["clients"], 0)[0]["name"], name);
    let csv = env.ok(&["--format", "csv", "clients"]).stdout;
    assert!(csv.contains(name), "{csv:?}");
}
