//! Reaching the server the way libpq users expect: a connection URI
//! (`postgres://sam@db.studio.example/expect?sslmode=require`), the
//! password from the URI, `PGPASSWORD` or `~/.pgpass` (`PGPASSFILE`), the
//! host, port, user and database from `PGHOST`, `PGPORT`, `PGUSER` and
//! `PGDATABASE` when the URI leaves them out, and TLS by `sslmode`:
//! `disable`, `allow` / `prefer` (TLS when the server offers it, the
//! default), `require` (encrypted, not verified, unless a root certificate
//! is there, as libpq does), `verify-ca` and `verify-full` (verified
//! against `sslrootcert`, default `~/.postgresql/root.crt`, or `system`).
//! A Unix socket never uses TLS, as with libpq. A password is never shown:
//! the URI is displayed with `***` in its place.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use postgres::config::{Host, SslMode};

use crate::store::StoreError;

/// A server book: its connection URI.
#[derive(Clone, PartialEq, Eq)]
pub struct Server {
    uri: String,
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Server({self})")
    }
}

impl fmt::Display for Server {
    /// The URI with any password replaced by `***`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.uri))
    }
}

/// Whether `s` is a PostgreSQL connection URI rather than a file path.
pub fn is_uri(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// TLS as `sslmode` asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tls {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// What of the URI is ours to handle rather than the client crate's.
struct Parsed {
    config: postgres::Config,
    tls: Tls,
    root_cert: Option<String>,
    passfile: Option<PathBuf>,
}

impl Server {
    /// A server book at `uri`, checked for what can be checked without
    /// connecting (its syntax and `sslmode`).
    pub fn parse(uri: &str) -> Result<Server, StoreError> {
        let server = Server { uri: uri.to_string() };
        server.parsed()?;
        Ok(server)
    }

    /// Whether the URI itself holds a password (`user:secret@host` or
    /// `?password=`): refused in a config file, which may be shared.
    pub fn has_password(&self) -> bool {
        self.parsed().is_ok_and(|p| p.config.get_password().is_some())
    }

    pub(super) fn bad(&self, why: impl fmt::Display) -> StoreError {
        StoreError::Server(format!("{self}: {why}"))
    }

    fn parsed(&self) -> Result<Parsed, StoreError> {
        let (base, query) = match self.uri.split_once('?') {
            Some((b, q)) => (b, q),
            None => (self.uri.as_str(), ""),
        };
        let mut kept = Vec::new();
        let (mut tls, mut root_cert, mut passfile) = (None, None, None);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let value = || percent_decode(v).ok_or_else(|| self.bad(format!("{k}: bad %-escape")));
            match k {
                "sslmode" => {
                    let v = value()?;
                    tls = Some(tls_mode(&v).ok_or_else(|| {
                        self.bad(format!(
                            "sslmode {v:?} is not one of disable, allow, prefer, require, verify-ca, verify-full"
                        ))
                    })?);
                }
                "sslrootcert" => root_cert = Some(value()?),
                "passfile" => passfile = Some(PathBuf::from(value()?)),
                _ => kept.push(pair),
            }
        }
        let rest = if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) };
        let config: postgres::Config = rest.parse().map_err(|e| self.bad(e))?;
        let tls = match tls {
            Some(t) => t,
            // As libpq reads it, an unknown value meaning the default.
            None => std::env::var("PGSSLMODE").ok().as_deref().and_then(tls_mode).unwrap_or(Tls::Prefer),
        };
        let root_cert = root_cert.or_else(|| std::env::var("PGSSLROOTCERT").ok());
        Ok(Parsed { config, tls, root_cert, passfile })
    }
}

/// Connects to the server.
pub fn connect(server: &Server) -> Result<postgres::Client, StoreError> {
    let Parsed { mut config, tls, root_cert, passfile } = server.parsed()?;
    fill_defaults(&mut config);
    let unix = config.get_hosts().iter().all(|h| !matches!(h, Host::Tcp(_)));
    if config.get_password().is_none() {
        if let Ok(pw) = std::env::var("PGPASSWORD") {
            config.password(pw);
        } else if let Some(pw) = pgpass(&config, passfile) {
            config.password(pw);
        }
    }
    let failed = |e: postgres::Error| connect_error(server, &e);
    if unix || tls == Tls::Disable {
        config.ssl_mode(SslMode::Disable);
        return config.connect(postgres::NoTls).map_err(failed);
    }
    let tls_config = super::tls::client_config(server, tls, root_cert.as_deref())?;
    config.ssl_mode(if tls == Tls::Prefer { SslMode::Prefer } else { SslMode::Require });
    config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls_config)).map_err(failed)
}

/// libpq's defaults for what the URI leaves out.
fn fill_defaults(config: &mut postgres::Config) {
    if config.get_hosts().is_empty() {
        match std::env::var("PGHOST") {
            Ok(h) if !h.is_empty() => {
                config.host(&h);
            }
            _ => {
                let dir = ["/var/run/postgresql", "/tmp"]
                    .into_iter()
                    .find(|d| Path::new(d).is_dir())
                    .unwrap_or("/var/run/postgresql");
                config.host_path(dir);
            }
        }
    }
    if config.get_ports().is_empty() {
        if let Some(port) = std::env::var("PGPORT").ok().and_then(|p| p.parse().ok()) {
            config.port(port);
        }
    }
    if config.get_user().is_none() {
        if let Ok(user) = std::env::var("PGUSER") {
            config.user(&user);
        }
    }
    if config.get_dbname().is_none() {
        if let Ok(db) = std::env::var("PGDATABASE") {
            config.dbname(&db);
        }
    }
    if config.get_application_name().is_none() {
        config.application_name("expect");
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(15));
    }
}

/// The password of `~/.pgpass` (or `passfile` / `PGPASSFILE`) for this
/// connection, read as libpq reads it: `host:port:database:user:password`
/// lines, `*` matching anything, `\` escaping `:` and `\`, the first match
/// winning, and the file ignored unless only its owner may read it.
fn pgpass(config: &postgres::Config, passfile: Option<PathBuf>) -> Option<String> {
    use std::os::unix::fs::MetadataExt as _;
    let path = passfile
        .or_else(|| std::env::var_os("PGPASSFILE").map(PathBuf::from))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass")))?;
    let meta = std::fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.mode() & 0o077 != 0 {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    };
    let default_socket = matches!(config.get_hosts().first(), Some(Host::Unix(p))
        if p == Path::new("/var/run/postgresql") || p == Path::new("/tmp"));
    let port = config.get_ports().first().copied().unwrap_or(5432).to_string();
    let user = config.get_user().map(str::to_string).or_else(os_user).unwrap_or_default();
    let db = config.get_dbname().map_or_else(|| user.clone(), str::to_string);
    pgpass_match(&text, &[&host, &port, &db, &user], default_socket)
}

/// The password of the first line of a `.pgpass` text matching `want`
/// (host, port, database, user); `local` also lets `localhost` match.
fn pgpass_match(text: &str, want: &[&str; 4], local: bool) -> Option<String> {
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_pgpass(line);
        if fields.len() < 5 {
            continue;
        }
        let host_ok = fields[0] == "*" || fields[0] == want[0] || (local && fields[0] == "localhost");
        let rest_ok = (1..4).all(|i| fields[i] == "*" || fields[i] == want[i]);
        if host_ok && rest_ok {
            return Some(fields[4..].join(":"));
        }
    }
    None
}

fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields.last_mut().unwrap().extend(chars.next()),
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

fn os_user() -> Option<String> {
    std::env::var("USER").ok().or_else(|| std::env::var("LOGNAME").ok())
}

/// A failed connection, in one line without a password.
fn connect_error(server: &Server, e: &postgres::Error) -> StoreError {
    if let Some(db) = e.as_db_error() {
        return StoreError::Server(format!("{server}: {}", db.message()));
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    StoreError::Server(format!("cannot connect to {server}: {text}"))
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The URI with the password of its user part and of a `password=`
/// parameter replaced by `***`.
fn redact(uri: &str) -> String {
    let (base, query) = match uri.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (uri, None),
    };
    let mut out = match base.split_once("://") {
        Some((scheme, rest)) => {
            let authority_end = rest.find('/').unwrap_or(rest.len());
            let (authority, path) = rest.split_at(authority_end);
            match authority.rsplit_once('@') {
                Some((user, host)) => match user.split_once(':') {
                    Some((name, _)) => format!("{scheme}://{name}:***@{host}{path}"),
                    None => base.to_string(),
                },
                None => base.to_string(),
            }
        }
        None => base.to_string(),
    };
    if let Some(q) = query {
        let pairs: Vec<String> = q
            .split('&')
            .map(|p| match p.split_once('=') {
                Some(("password", _)) => "password=***".to_string(),
                _ => p.to_string(),
            })
            .collect();
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    out
}

/// The TLS mode of an `sslmode` name.
fn tls_mode(name: &str) -> Option<Tls> {
    Some(match name {
        "disable" => Tls::Disable,
        "allow" | "prefer" => Tls::Prefer,
        "require" => Tls::Require,
        "verify-ca" => Tls::VerifyCa,
        "verify-full" => Tls::VerifyFull,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_never_shown() {
        let s = Server::parse("postgres://sam:s3cret@db.studio.example:5433/expect?sslmode=require").unwrap();
        assert_eq!(s.to_string(), "postgres://sam:***@db.studio.example:5433/expect?sslmode=require");
        assert!(s.has_password());
        let q = Server::parse("postgresql://db/expect?user=sam&password=s3cret").unwrap();
        assert_eq!(q.to_string(), "postgresql://db/expect?user=sam&password=***");
        assert!(q.has_password());
        let none = Server::parse("postgres://sam@db/expect").unwrap();
        assert_eq!(none.to_string(), "postgres://sam@db/expect");
        assert!(!none.has_password());
        assert!(!format!("{s:?}").contains("s3cret"));
    }

    #[test]
    fn sslmode_is_checked_before_connecting() {
        let e = Server::parse("postgres://db/expect?sslmode=always").unwrap_err();
        assert!(e.to_string().contains("sslmode \"always\" is not one of"), "{e}");
        for mode in ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] {
            Server::parse(&format!("postgres://db/expect?sslmode={mode}")).unwrap();
        }
    }

    #[test]
    fn pgpass_is_read_as_libpq_reads_it() {
        let text = "# comment\n\
                    other:5432:expect:sam:wrong\n\
                    db.studio.example:5432:expect:sam:pa\\:ss\\\\word\n\
                    *:*:*:sam:fallback\n";
        let want = ["db.studio.example", "5432", "expect", "sam"];
        assert_eq!(pgpass_match(text, &want, false).as_deref(), Some("pa:ss\\word"));
        assert_eq!(pgpass_match(text, &["x", "5432", "expect", "sam"], false).as_deref(), Some("fallback"));
        assert_eq!(pgpass_match(text, &["x", "5432", "expect", "kim"], false), None);
        let local = "localhost:5432:*:sam:sock\n";
        assert_eq!(pgpass_match(local, &["/tmp", "5432", "expect", "sam"], true).as_deref(), Some("sock"));
        assert_eq!(pgpass_match(local, &["/srv/pg", "5432", "expect", "sam"], false), None);
    }
}
