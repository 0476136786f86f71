//! The integration harness: runs the real `expect` binary in a temp folder
//! with its own database and config, a fixed `TZ`, and no colour; on a
//! failed expectation it prints the command, its stdout and its stderr.
//!
//! The whole suite runs against either engine. `EXPECT_TEST_SERVER` names
//! a PostgreSQL server by a URI without a database
//! (`postgres://postgres@%2Ftmp%2Fpg`); with `EXPECT_TEST_ENGINE=postgres`
//! as well, each [`Env::new`] gets a schema of its own in the database
//! `expect_tests` there (dropped again at the end) instead of a file, and
//! `EXPECT_ME=me`. The tests about the file itself (its permissions, its
//! header, SQLite opened beside `expect`) use [`Env::file`], a file book on
//! both runs; those about the server itself use [`Env::server`].

#![allow(dead_code)]

pub mod books;
mod server_schema;

use std::path::{Path, PathBuf};
use std::process::Command;

use server_schema::{new_schema, Schema};
use tempfile::TempDir;

/// A temp home with a database path and a config path (the config file
/// exists only if written).
pub struct Env {
    pub dir: TempDir,
    /// The book as `--db` / `EXPECT_DB` take it: a file path, or a server
    /// URI (held as a path, so both can be passed the same way).
    pub db: PathBuf,
    pub config: PathBuf,
    pub tz: String,
    /// The server schema of this environment, when it runs on a server.
    server: Option<Schema>,
}

/// The test server, if any (`EXPECT_TEST_SERVER`).
pub fn server() -> Option<String> {
    std::env::var("EXPECT_TEST_SERVER").ok().filter(|s| !s.is_empty())
}

/// Whether [`Env::new`] puts books on the test server.
fn on_server_by_default() -> bool {
    std::env::var("EXPECT_TEST_ENGINE").is_ok_and(|e| e == "postgres")
}

/// The outcome of one run.
#[derive(Debug)]
pub struct Run {
    pub args: Vec<String>,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Env {
    /// A fresh environment: no book (a file path, or an empty schema on
    /// the test server), no config file, TZ=UTC.
    pub fn new() -> Env {
        if on_server_by_default() {
            return Env::server().expect("EXPECT_TEST_ENGINE=postgres needs EXPECT_TEST_SERVER");
        }
        Env::file()
    }

    /// A fresh environment whose book is an empty schema on the test
    /// server; None (with a note on stderr) when there is none, which
    /// fails under CI, where there always is one.
    pub fn server() -> Option<Env> {
        let Some(base) = server() else {
            assert!(std::env::var_os("CI").is_none(), "CI runs need EXPECT_TEST_SERVER (see .ci/run)");
            eprintln!("skipped: no PostgreSQL server (set EXPECT_TEST_SERVER, e.g. postgres://postgres@%2Ftmp%2Fpg)");
            return None;
        };
        let mut env = Env::file();
        let (uri, schema) = new_schema(&base);
        env.db = PathBuf::from(uri);
        env.server = Some(schema);
        Some(env)
    }

    /// A fresh environment whose book is a file, on every run of the suite.
    pub fn file() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("data").join("expect.db");
        let config = dir.path().join("config.toml");
        Env { dir, db, config, tz: "UTC".into(), server: None }
    }

    /// A fresh environment with `text` as its config file.
    pub fn with_config(text: &str) -> Env {
        let env = Env::new();
        env.write_config(text);
        env
    }

    /// A fresh file-book environment with `text` as its config file.
    pub fn file_with_config(text: &str) -> Env {
        let env = Env::file();
        env.write_config(text);
        env
    }

    /// Whether the book is on the test server.
    pub fn on_server(&self) -> bool {
        self.server.is_some()
    }

    /// A superuser connection to the test server whose search path is this
    /// environment's schema.
    pub fn admin(&self) -> postgres::Client {
        let s = self.server.as_ref().expect("a server environment");
        postgres::Client::connect(&format!("{}?options=-csearch_path%3D{}", s.admin, s.name), postgres::NoTls)
            .expect("connect as the test server's superuser")
    }

    /// The name of this environment's server schema.
    pub fn schema(&self) -> &str {
        &self.server.as_ref().expect("a server environment").name
    }

    pub fn write_config(&self, text: &str) {
        std::fs::write(&self.config, text).expect("write config");
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A `Command` for the binary with this environment.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_expect"));
        cmd.args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("xdg-data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg-config"))
            .env("EXPECT_DB", &self.db)
            .env("EXPECT_CONFIG", &self.config)
            .env("TZ", &self.tz)
            .env("NO_COLOR", "1");
        if self.on_server() {
            cmd.env("EXPECT_ME", "me");
        }
        cmd
    }

    /// Runs `expect ARGS`.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = self.command(args).output().expect("run expect");
        Run {
            args: args.iter().map(ToString::to_string).collect(),
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs `expect ARGS` and requires exit status 0.
    pub fn ok(&self, args: &[&str]) -> Run {
        self.run(args).status(0)
    }

    /// A runner that puts `flags` (e.g. `--db X --as-of T`) before every
    /// command it is given and requires exit status 0.
    pub fn runner(&self, flags: &[&str]) -> impl Fn(&[&str]) -> Run + '_ {
        let flags: Vec<String> = flags.iter().map(ToString::to_string).collect();
        move |args| {
            let mut full: Vec<&str> = flags.iter().map(String::as_str).collect();
            full.extend_from_slice(args);
            self.ok(&full)
        }
    }

    /// Runs `expect --format json ARGS`, requires `status`, and parses stdout.
    pub fn json(&self, args: &[&str], status: i32) -> serde_json::Value {
        let mut full = vec!["--format", "json"];
        full.extend_from_slice(args);
        let run = self.run(&full).status(status);
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{}\nnot JSON: {e}", run.describe()))
    }

    /// A fingerprint of the whole book: the exact bytes of the file, or
    /// every row of every table of the server schema, in order.
    pub fn db_bytes(&self) -> Vec<u8> {
        let Some(schema) = &self.server else {
            return std::fs::read(&self.db).unwrap_or_default();
        };
        let mut c = postgres::Client::connect(&schema.admin, postgres::NoTls).expect("connect");
        let tables: Vec<String> = c
            .query(
                "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1",
                &[&schema.name],
            )
            .expect("list tables")
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut out = Vec::new();
        for t in tables {
            out.extend_from_slice(format!("-- {t}\n").as_bytes());
            let sql = format!("COPY (SELECT * FROM {}.{t} ORDER BY 1) TO STDOUT", schema.name);
            std::io::Read::read_to_end(&mut c.copy_out(sql.as_str()).expect("copy out"), &mut out)
                .expect("read rows");
        }
        out
    }
}

impl Run {
    pub fn describe(&self) -> String {
        format!(
            "command: expect {}\nstatus: {}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr
        )
    }

    /// Requires the exit status.
    pub fn status(self, code: i32) -> Run {
        assert_eq!(self.code, code, "unexpected exit status\n{}", self.describe());
        self
    }

    /// Requires stdout to be exactly `text`.
    pub fn stdout(self, text: &str) -> Run {
        assert_eq!(self.stdout, text, "unexpected stdout\n{}", self.describe());
        self
    }

    /// Requires stderr to be exactly `text`.
    pub fn stderr(self, text: &str) -> Run {
        assert_eq!(self.stderr, text, "unexpected stderr\n{}", self.describe());
        self
    }

    /// Requires stdout to contain `part`.
    pub fn stdout_has(self, part: &str) -> Run {
        assert!(self.stdout.contains(part), "stdout lacks {part:?}\n{}", self.describe());
        self
    }

    /// Requires stderr to contain `part`.
    pub fn stderr_has(self, part: &str) -> Run {
        assert!(self.stderr.contains(part), "stderr lacks {part:?}\n{}", self.describe());
        self
    }
}

/// Whether `path` has exactly the Unix `mode` bits (permissions only).
#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}
