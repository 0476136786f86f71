//! docs/reference.md stays true: its command reference (every command with
//! its usage, arguments and flags) and its table of JSON keys are generated
//! from the command definitions and from what the commands print, and this
//! test fails when the file differs. `UPDATE_DOCS=1 cargo test --test docs`
//! writes it anew. The README refers to nothing outside the repository.

mod common;

use std::fmt::Write as _;

use common::Env;

const REFERENCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/reference.md");

/// The list and report commands whose rows are documented, as the CSV
/// header of an empty list names their keys.
const LISTS: &[&[&str]] = &[
    &["clients"],
    &["members"],
    &["contracts"],
    &["messages"],
    &["waiting"],
    &["invoices"],
    &["overdue"],
    &["remind", "--dry-run"],
    &["projects"],
    &["check"],
    &["calendar"],
    &["scorecard"],
    // A folder holding no message: the keys alone.
    &["ingest", "."],
    // A CSV export of no invoices (written by `generated`).
    &["import-invoices", "invoices.csv"],
];

fn cell(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

/// One command's section: what it does, its usage, its own arguments and
/// flags (the global ones are listed once, above).
fn command_section(out: &mut String, cmd: &clap::Command) {
    let name = cmd.get_name();
    let about = cmd.get_about().map(ToString::to_string).unwrap_or_default();
    let mut usage = cmd.clone().bin_name(format!("expect {name}"));
    let usage = usage.render_usage().to_string();
    let usage = usage.trim_start_matches("Usage: ").trim();
    let _ = write!(out, "### expect {name}\n\n{about}\n\n```\n{usage}\n```\n\n");
    let args: Vec<&clap::Arg> = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_global_set() && a.get_id() != "help")
        .collect();
    if !args.is_empty() {
        out.push_str("| argument | meaning |\n| --- | --- |\n");
        for a in args {
            let value = a
                .get_value_names()
                .filter(|_| a.get_action().takes_values())
                .map(|v| v.iter().map(ToString::to_string).collect::<Vec<_>>());
            let shown = match (a.get_long(), value) {
                (Some(long), Some(v)) => format!("`--{long} {}`", v.join(" ")),
                (Some(long), None) => format!("`--{long}`"),
                (None, Some(v)) => format!("`{}`", v.join(" ")),
                (None, None) => format!("`{}`", a.get_id().as_str().to_uppercase()),
            };
            let mut help = a.get_help().map(ToString::to_string).unwrap_or_default();
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !values.is_empty() {
                let _ = write!(help, " (one of: {})", values.join(", "));
            }
            let _ = writeln!(out, "| {} | {} |", cell(&shown), cell(&help));
        }
        out.push('\n');
    }
    if let Some(after) = cmd.get_after_help() {
        let _ = write!(out, "{}\n\n", cell(&after.to_string()));
    }
}

/// The generated part of the reference.
fn generated(env: &Env) -> String {
    let mut cli = expect::cli::command();
    cli.build();
    let mut out =
        String::from("## Global options\n\nEvery command takes these, before or after its name.\n\n");
    out.push_str("| option | environment | meaning |\n| --- | --- | --- |\n");
    for a in cli.get_arguments().filter(|a| a.is_global_set() && !a.is_hide_set()) {
        let long = a.get_long().unwrap_or_default();
        let value = a
            .get_value_names()
            .filter(|_| a.get_action().takes_values())
            .map(|v| format!(" {}", v[0]))
            .unwrap_or_default();
        let short = a.get_short().map(|s| format!("`-{s}`, ")).unwrap_or_default();
        let env_var = a.get_env().map(|e| format!("`{}`", e.to_string_lossy())).unwrap_or_default();
        let help = a.get_help().map(ToString::to_string).unwrap_or_default();
        let option = cell(&format!("{short}`--{long}{value}`"));
        let _ = writeln!(out, "| {option} | {env_var} | {} |", cell(&help));
    }
    out.push_str("\n## Commands\n\n");
    for sub in cli.get_subcommands().filter(|s| !s.is_hide_set()) {
        command_section(&mut out, sub);
    }
    out.push_str("## JSON keys\n\n");
    out.push_str(
        "Each row of a list or report has these keys in `--format json`, and the CSV header names \
         them in the same order.\n\n| command | keys |\n| --- | --- |\n",
    );
    env.ok(&["init"]);
    std::fs::write(env.path("invoices.csv"), "Invoice,Client,Date,Total\n").unwrap();
    for args in LISTS {
        let mut csv = vec!["--format", "csv"];
        csv.extend_from_slice(args);
        let header = env.run(&csv).stdout.lines().next().unwrap_or_default().to_string();
        let keys: Vec<String> = header.trim().split(',').map(|k| format!("`{k}`")).collect();
        let _ = writeln!(out, "| `expect {}` | {} |", args.join(" "), keys.join(", "));
    }
    out
}

#[test]
fn the_reference_documents_every_command_flag_and_key() {
    let env = Env::new();
    let generated = generated(&env);
    let text = std::fs::read_to_string(REFERENCE).unwrap_or_default();
    let (start, end) = ("<!-- generated: start -->\n", "<!-- generated: end -->\n");
    let (Some(a), Some(b)) = (text.find(start), text.find(end)) else {
        panic!("docs/reference.md lacks the markers {start:?} and {end:?}");
    };
    let fresh = format!("{}{start}{generated}{}", &text[..a], &text[b..]);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(REFERENCE, &fresh).unwrap();
        return;
    }
    assert!(
        text == fresh,
        "docs/reference.md is out of date with the commands: run `UPDATE_DOCS=1 cargo test --test docs` and commit it"
    );
}

#[test]
fn the_readme_refers_to_nothing_outside_the_repository() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    assert!(!readme.contains("../"), "the README points outside the repository");
    // Every relative file it names is in the repository.
    for word in readme.split(|c: char| c == '`' || c == '(' || c == ')' || c.is_whitespace()) {
        let word = word.trim_end_matches([',', '.', ':']);
        if (word.starts_with("docs/") || word.starts_with("examples/")) && !word.contains('*') {
            assert!(std::path::Path::new(root).join(word).exists(), "README names {word}, which is missing");
        }
    }
}
