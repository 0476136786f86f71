//! `expect man` and `expect man --dir DIR`: the manual pages, generated
//! from the command definitions by clap_mangen. `expect man` prints the
//! main page, expect(1): every command in one line, the global options,
//! and the ENVIRONMENT, FILES, EXIT STATUS, EXAMPLES and SEE ALSO sections.
//! `--dir DIR` writes it and one page per command (`expect-add-client.1`,
//! ..., as git does) through [`Batch`]: each file created new (never
//! replacing one), all of them removed again if any fails.
//!
//! Every page carries the same `.TH` date, [`DATE`], the date of this
//! version's pages (not the day they were generated, so the pages of one
//! version are the same bytes wherever they are built).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use serde::Serialize;

use crate::files::Batch;
use crate::output::Output;

/// The `.TH` date of every page (ISO 8601, which mandoc and groff read).
pub const DATE: &str = "2026-12-01";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write expect.1 and one page per command (expect-add-client.1, ...)
    /// into DIR, created if missing; no existing file is replaced
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub dir: Option<PathBuf>,
}

/// What `man --dir` wrote.
#[derive(Debug, Serialize)]
struct Written {
    dir: String,
    pages: Vec<String>,
}

impl Args {
    pub fn run(self, out: Output) -> anyhow::Result<ExitCode> {
        let pages = pages()?;
        let Some(dir) = self.dir else {
            out.text(&pages[0].1)?;
            return Ok(ExitCode::SUCCESS);
        };
        let mut batch = Batch::new();
        batch.folder(&dir)?;
        for (name, text) in &pages {
            batch.write(&dir.join(name), text.as_bytes())?;
        }
        let names: Vec<String> = pages.into_iter().map(|(n, _)| n).collect();
        batch.keep();
        let written = Written { dir: dir.display().to_string(), pages: names };
        out.record(&written, || format!("wrote {} man pages to {}", written.pages.len(), written.dir))?;
        Ok(ExitCode::SUCCESS)
    }
}

/// Every page as (file name, roff text): expect.1 first, then one per
/// command in the order of `expect --help`.
pub fn pages() -> anyhow::Result<Vec<(String, String)>> {
    let mut cli = crate::cli::command();
    cli.build();
    let mut out = vec![("expect.1".to_string(), main_page(&cli)?)];
    for sub in cli.get_subcommands().filter(|s| !s.is_hide_set()) {
        out.push((format!("expect-{}.1", sub.get_name()), command_page(sub)?));
    }
    Ok(out)
}

/// The page as text, tidied so that `mandoc -T lint` has nothing to warn
/// about: clap_mangen puts a blank line between two `.br` (a paragraph
/// break around line breaks, which formatters skip with a warning) and
/// leaves spaces at line ends.
fn text(buf: Vec<u8>) -> anyhow::Result<String> {
    let page = String::from_utf8(buf).context("man page is not UTF-8")?;
    let page = page.replace("\n.br\n\n.br\n", "\n\n");
    let mut out = String::with_capacity(page.len());
    let mut filled = true;
    let mut defined: Vec<&str> = Vec::new();
    for line in page.lines().map(str::trim_end) {
        // clap_mangen opens each section it renders with the same two
        // lines defining `\*(Aq`; once is enough.
        if line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq") {
            if defined.contains(&line) {
                continue;
            }
            defined.push(line);
        }
        match line {
            ".nf" => filled = false,
            ".fi" => filled = true,
            _ => {}
        }
        if filled && !line.starts_with(['.', '\'']) {
            wrap(line, &mut out);
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    while out.ends_with("\n.br\n") {
        out.truncate(out.len() - ".br\n".len());
    }
    Ok(out)
}

/// A text line of filled text, as lines of at most 80 bytes where it has
/// spaces to break at (in filled text a line break is a space); no line
/// may then start like a request. A character beyond ASCII counts as the
/// 8 bytes of the `\[uXXXX]` that man readers turn it into.
fn wrap(line: &str, out: &mut String) {
    let width = |s: &str| s.chars().map(|c| if c.is_ascii() { 1 } else { 8 }).sum::<usize>();
    let mut current = String::new();
    for word in line.split(' ') {
        if !current.is_empty() && width(&current) + 1 + width(word) > 80 {
            out.push_str(&current);
            out.push('\n');
            current.clear();
        }
        if !current.is_empty() {
            current.push(' ');
        } else if word.starts_with(['.', '\'']) {
            current.push_str("\\&");
        }
        current.push_str(word);
    }
    out.push_str(&current);
    out.push('\n');
}

/// `expect-add-client` → `EXPECT-ADD-CLIENT`, as man page titles are written.
fn title(name: &str) -> String {
    name.to_uppercase()
}

fn man(cmd: &clap::Command, name: &str) -> clap_mangen::Man {
    clap_mangen::Man::new(cmd.clone())
        .title(title(name))
        .date(DATE)
        .source(format!("expect {}", env!("CARGO_PKG_VERSION")))
        .manual("User Commands")
}

/// expect(1).
fn main_page(cli: &clap::Command) -> anyhow::Result<String> {
    let man = man(cli, "expect");
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    buf.extend_from_slice(b".SH COMMANDS\n");
    for sub in cli.get_subcommands().filter(|s| !s.is_hide_set()) {
        let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
        buf.extend_from_slice(
            format!(".TP\n\\fBexpect {}\\fR\n{}\n", escape(sub.get_name()), escape(&about)).as_bytes(),
        );
    }
    buf.extend_from_slice(ENVIRONMENT.as_bytes());
    buf.extend_from_slice(FILES.as_bytes());
    buf.extend_from_slice(EXIT_STATUS.as_bytes());
    buf.extend_from_slice(EXAMPLES.as_bytes());
    buf.extend_from_slice(b".SH \"SEE ALSO\"\n");
    let pages: Vec<String> = cli
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| format!(".BR expect\\-{} (1)", escape(s.get_name())))
        .collect();
    buf.extend_from_slice(pages.join(",\n").as_bytes());
    buf.extend_from_slice(b",\n.BR crontab (5),\n.BR khal (1),\n.BR hledger (1)\n");
    man.render_version_section(&mut buf)?;
    text(buf)
}

/// expect-COMMAND(1).
fn command_page(sub: &clap::Command) -> anyhow::Result<String> {
    let name = format!("expect-{}", sub.get_name());
    let man = man(sub, &name);
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    if sub.get_after_help().is_some() || sub.get_after_long_help().is_some() {
        buf.extend_from_slice(b".SH NOTES\n");
        let after = sub.get_after_long_help().or(sub.get_after_help()).map(ToString::to_string);
        let lines: Vec<String> =
            after.unwrap_or_default().lines().filter(|l| !l.trim().is_empty()).map(escape).collect();
        buf.extend_from_slice(format!("{}\n", lines.join("\n.br\n")).as_bytes());
    }
    buf.extend_from_slice(EXIT_STATUS.as_bytes());
    buf.extend_from_slice(b".SH \"SEE ALSO\"\n.BR expect (1)\n");
    text(buf)
}

/// Text made safe for roff: backslashes and hyphens escaped, and a line
/// never starting with a control character.
fn escape(s: &str) -> String {
    let t = s.replace('\\', "\\e").replace('-', "\\-");
    if t.starts_with(['.', '\'']) {
        format!("\\&{t}")
    } else {
        t
    }
}

const ENVIRONMENT: &str = r".SH ENVIRONMENT
.TP
.B EXPECT_DB
The database file, as \fB\-\-db\fR (which wins over it).
.TP
.B EXPECT_CONFIG
The config file, as \fB\-\-config\fR.
.TP
.B EXPECT_NOW
Evaluate as if now were this TIME, as \fB\-\-as\-of\fR.
.TP
.B EXPECT_FORMAT
The output of list and report commands: table, json or csv, as \fB\-\-format\fR
(\fBexport\fR ignores it).
.TP
.B NO_COLOR
When set, \fB\-\-color auto\fR prints no colour.
.TP
.B TZ
The timezone when the config names none.
.TP
.B COMPLETE
Set by the scripts of \fBexpect completions\fR when the shell asks for completions.
";

const FILES: &str = r".SH FILES
.TP
.I $XDG_DATA_HOME/expect/expect.db
The database (default \fI~/.local/share/expect/expect.db\fR): one SQLite file, mode 0600.
.TP
.I $XDG_CONFIG_HOME/expect/config.toml
The config (default \fI~/.config/expect/config.toml\fR); missing means the built\-in defaults.
\fBexpect init\fR writes a commented one.
";

const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
0
Success; for \fBcheck\fR, \fBoverdue\fR and \fBremind\fR: nothing to report.
.TP
1
\fBcheck\fR found a violation, \fBoverdue\fR an overdue invoice, \fBremind\fR a reminder due.
.TP
2
Error: bad usage, bad input, unknown client, database problem.
Nothing was changed.
"#;

const EXAMPLES: &str = r".SH EXAMPLES
Record a client and what was agreed, then the signed contract:
.PP
.RS
.nf
expect add\-client acme \-\-name \(dqAcme Corp\(dq \-\-contact \(dqJane Doe <jane@acme.example>\(dq \e
    \-\-terms net15 \-\-late\-fee 5% \-\-channels email,basecamp
expect add\-contract acme \-\-signed 2026\-11\-02
.fi
.RE
.PP
Log a request that came in by phone, wanted by Friday afternoon:
.PP
.RS
.nf
expect log acme \-\-from jane@acme.example \-\-via phone \-\-wants \(dqfriday 16:00\(dq \(dqNew banner\(dq
.fi
.RE
.PP
Every morning, from cron (prints nothing when all is well):
.PP
.RS
.nf
30 8 * * 1\-5  expect overdue; expect check
.fi
.RE
.PP
Subscribe a calendar program to every open deadline:
.PP
.RS
.nf
expect calendar \-\-ics > ~/deadlines.ics
.fi
.RE
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_a_page_and_the_main_page_its_sections() {
        let pages = pages().unwrap();
        assert_eq!(pages[0].0, "expect.1");
        assert!(pages.iter().any(|(n, _)| n == "expect-add-client.1"));
        let main = &pages[0].1;
        for section in [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH COMMANDS",
            ".SH ENVIRONMENT",
            ".SH FILES",
            ".SH \"EXIT STATUS\"",
            ".SH EXAMPLES",
            ".SH \"SEE ALSO\"",
        ] {
            assert!(main.contains(&format!("\n{section}\n")), "{section} missing");
        }
        for (name, page) in &pages {
            assert!(page.contains("\n.TH EXPECT"), "{name}: {}", &page[..80]);
            assert!(page.contains(DATE), "{name} has no date");
        }
    }
}
