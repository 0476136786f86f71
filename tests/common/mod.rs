//! The integration harness: runs the real `expect` binary in a temp folder
//! with its own database and config, a fixed `TZ`, and no colour; on a
//! failed expectation it prints the command, its stdout and its stderr.

#![allow(dead_code)]

pub mod books;

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// A temp home with a database path and a config path (the config file
/// exists only if written).
pub struct Env {
    pub dir: TempDir,
    pub db: PathBuf,
    pub config: PathBuf,
    pub tz: String,
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
    /// A fresh environment: no database, no config file, TZ=UTC.
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("data").join("expect.db");
        let config = dir.path().join("config.toml");
        Env { dir, db, config, tz: "UTC".into() }
    }

    /// A fresh environment with `text` as its config file.
    pub fn with_config(text: &str) -> Env {
        let env = Env::new();
        env.write_config(text);
        env
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

    /// SHA-256-free fingerprint of the database file: its exact bytes.
    pub fn db_bytes(&self) -> Vec<u8> {
        std::fs::read(&self.db).unwrap_or_default()
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
