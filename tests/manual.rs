//! What a user reads besides the output (SPEC 10): the man pages (checked
//! by `mandoc -T lint`), shell completions (each shell's script, and the
//! completer answering from a test database without writing to it), and
//! `--help` (own options first, the global ones under their heading, two
//! natural forms on every time flag).

mod common;

use std::path::Path;
use std::process::Command;

use common::Env;

const NOW: &str = "2026-11-27T12:00";

/// Whether `program` can be run; when it cannot, CI fails (`.ci/run`
/// installs it) and elsewhere the test says why it stops.
fn have(program: &str, package: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(found || std::env::var_os("CI").is_none(), "{program} is missing: .ci/run installs {package}");
    if !found {
        eprintln!("skipped: {program} is not installed (apt-get install {package})");
    }
    found
}

fn pages(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
}

#[test]
fn the_main_page_has_its_sections_and_every_page_passes_mandoc_lint() {
    let env = Env::new();
    let main = env.ok(&["man"]).stdout;
    for section in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "COMMANDS",
        "ENVIRONMENT",
        "FILES",
        "\"EXIT STATUS\"",
        "EXAMPLES",
        "\"SEE ALSO\"",
    ] {
        assert!(main.contains(&format!("\n.SH {section}\n")), "no {section} in\n{main}");
    }
    assert!(main.contains("\n.TH EXPECT 1 2026-12-01 \"expect "), "{main}");
    assert!(main.contains(".B EXPECT_NOW\n"), "{main}");
    let dir = env.path("man1");
    env.ok(&["man", "--dir", dir.to_str().unwrap()]).stdout(&format!(
        "wrote {} man pages to {}\n",
        pages(&dir).len(),
        dir.display()
    ));
    let names = pages(&dir);
    assert!(names.contains(&"expect.1".to_string()) && names.contains(&"expect-add-client.1".to_string()));
    assert_eq!(std::fs::read_to_string(dir.join("expect.1")).unwrap(), main);
    let pay = std::fs::read_to_string(dir.join("expect-pay.1")).unwrap();
    assert!(
        pay.contains("\n.TH EXPECT\\-PAY 1 2026-12-01 ") || pay.contains("\n.TH EXPECT-PAY 1 2026-12-01 ")
    );
    assert!(pay.contains("\n.SH \"GLOBAL OPTIONS\"\n") || pay.contains("\n.SH GLOBAL OPTIONS\n"), "{pay}");
    if !have("mandoc", "mandoc") {
        return;
    }
    let out = Command::new("mandoc")
        .arg("-T")
        .arg("lint")
        .args(names.iter().map(|n| dir.join(n)))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && report.trim().is_empty(), "mandoc -T lint:\n{report}");
}

#[test]
fn man_dir_never_replaces_a_page_and_a_failed_run_leaves_nothing() {
    let env = Env::new();
    let dir = env.path("man1");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("expect-pay.1"), "mine").unwrap();
    env.run(&["man", "--dir", dir.to_str().unwrap()]).status(2).stderr_has("expect-pay.1 already exists");
    assert_eq!(pages(&dir), ["expect-pay.1"]);
    assert_eq!(std::fs::read_to_string(dir.join("expect-pay.1")).unwrap(), "mine");
}

#[test]
fn every_shell_gets_a_script_that_calls_back_into_expect() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = env.ok(&["completions", shell]).stdout;
        assert!(script.contains("COMPLETE") && script.contains("expect"), "{shell}:\n{script}");
    }
    env.run(&["completions", "tcsh"])
        .status(2)
        .stderr_has("possible values: bash, zsh, fish, elvish, powershell");
}

/// acme and globex, a member sam, invoice INV-0001 and an open message.
fn book(env: &Env) {
    let at = env.runner(&["--as-of", NOW]);
    at(&["add-client", "acme", "--name", "Acme Corp", "--contact", "jane@acme.example"]);
    at(&["add-client", "globex", "--name", "Globex"]);
    at(&["add-member", "sam", "--name", "Sam"]);
    at(&["add-invoice", "acme", "100", "--number", "INV-0001"]);
    at(&["log", "acme", "--from", "jane@acme.example", "Logo question"]);
}

/// What the completer offers for the last of `words` (fish's protocol: one
/// candidate a line, a tab before its description).
fn complete(env: &Env, words: &[&str]) -> Vec<String> {
    let run = env.command(&[]).env("COMPLETE", "fish").arg("--").arg("expect").args(words).output().unwrap();
    assert!(run.status.success() && run.stderr.is_empty(), "{}", String::from_utf8_lossy(&run.stderr));
    String::from_utf8(run.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('-'))
        .map(ToString::to_string)
        .collect()
}

#[test]
fn the_completer_offers_names_from_the_database_and_writes_nothing() {
    let env = Env::new();
    book(&env);
    let before = env.db_bytes();
    // The files beside a file book (a server book has none).
    let files = || if env.on_server() { Vec::new() } else { pages(env.db.parent().unwrap()) };
    let listed = files();
    assert_eq!(complete(&env, &["show-client", ""]), ["acme", "globex"]);
    assert_eq!(complete(&env, &["invoices", "--client", "g"]), ["globex"]);
    assert_eq!(complete(&env, &["log", "acme", "--to", "s"]), ["sam"]);
    assert_eq!(complete(&env, &["pay", "INV"]), ["INV-0001"]);
    assert_eq!(complete(&env, &["reply", "1"]), ["1\tacme: Logo question"]);
    assert_eq!(complete(&env, &["--format", ""]), ["table", "json", "csv"]);
    assert_eq!(complete(&env, &["export", "--format", ""]), ["toml", "json", "journal"]);
    assert!(complete(&env, &["completions", ""]).iter().any(|c| c.starts_with("fish\t")));
    // --db on the line wins over EXPECT_DB.
    let other = env.path("other.db");
    let other_s = other.to_str().unwrap();
    env.ok(&["--db", other_s, "--as-of", NOW, "add-client", "zeta", "--name", "Zeta"]);
    assert_eq!(complete(&env, &["--db", other_s, "show-client", ""]), ["zeta"]);
    assert!(env.db_bytes() == before, "completion changed the database");
    assert_eq!(files(), listed, "completion left files beside the database");
    // No database: no names, no error, and none is created.
    let none = env.path("none/expect.db");
    assert!(complete(&env, &["--db", none.to_str().unwrap(), "show-client", ""]).is_empty());
    assert!(!none.parent().unwrap().exists());
}

#[test]
fn bash_completes_a_client_handle_through_its_script() {
    let env = Env::new();
    book(&env);
    if !have("bash", "bash") {
        return;
    }
    let script = env.ok(&["completions", "bash"]).stdout;
    std::fs::write(env.path("expect.bash"), script).unwrap();
    let line = "source expect.bash; COMP_WORDS=(expect show-client gl); COMP_CWORD=2; \
                _clap_complete_expect expect gl show-client; printf '%s\\n' \"${COMPREPLY[@]}\"";
    let out = env.command(&[]).get_program().to_owned();
    let run = Command::new("bash")
        .arg("-c")
        .arg(line.replace("expect.bash", env.path("expect.bash").to_str().unwrap()))
        .env("EXPECT_DB", &env.db)
        .env(
            "PATH",
            format!("{}:{}", Path::new(&out).parent().unwrap().display(), std::env::var("PATH").unwrap()),
        )
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&run.stdout), "globex\n", "{}", String::from_utf8_lossy(&run.stderr));
}

#[test]
fn help_lists_the_commands_own_options_before_the_global_ones() {
    let env = Env::new();
    let help = env.ok(&["pay", "--help"]).stdout;
    let own = help.find("\nOptions:\n").expect("own options");
    let global = help.find("\nGlobal options:\n").expect("global options");
    assert!(own < global && help[own..global].contains("--on <DATE>"), "{help}");
    assert!(help[global..].contains("--as-of <TIME>"), "{help}");
    // README and help agree on what `pay` pays by default.
    assert!(help.contains("[default: the principal balance; once that is\n            paid, the late fee and interest still owed]"), "{help}");
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains("(default: the principal balance, then the late fee and interest)"),
        "README disagrees with pay --help"
    );
    // export names its own formats, not the report formats.
    let export = env.ok(&["export", "--help"]).stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(export.contains("[possible values: toml, json, journal]"), "{export}");
    assert!(!export.contains("table"), "{export}");
}

#[test]
fn every_time_flag_shows_two_natural_forms() {
    let mut cli = expect::cli::command();
    cli.build();
    let mut seen = 0;
    for cmd in std::iter::once(&cli).chain(cli.get_subcommands()) {
        for arg in cmd.get_arguments() {
            let value = arg.get_value_names().and_then(|v| v.first()).map(ToString::to_string);
            if !matches!(value.as_deref(), Some("TIME" | "DATE")) || arg.is_hide_set() {
                continue;
            }
            seen += 1;
            let flag = format!("{} --{}", cmd.get_name(), arg.get_long().unwrap_or_default());
            let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
            let forms = help.split("(e.g. ").nth(1).unwrap_or_else(|| panic!("{flag}: {help}"));
            let forms: Vec<&str> = forms.split([')', ';']).next().unwrap().split(", ").collect();
            assert_eq!(forms.len(), 2, "{flag}: {help}");
        }
    }
    // --as-of, --at (5), --wants, --since (2), --from, --due, --issued, --on
    // (4), --signed, --expires, --effective, --notified, --sent, at least.
    assert!(seen >= 20, "only {seen} time flags found");
}
