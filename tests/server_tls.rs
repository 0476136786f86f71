//! TLS to a server book, against a PostgreSQL server of this test's own
//! that accepts only TLS, on 127.0.0.1 (a cluster in a temporary folder,
//! stopped at the end): `require` encrypts, `verify-full` checks the
//! certificate against `sslrootcert` and the host name, and a connection
//! without TLS is refused. Certificates are made with the `openssl` program.

mod common;

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::Env;

/// The newest PostgreSQL server binaries of Debian's packages.
fn pg_bin() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|d| d.join("initdb").exists())
        .collect();
    dirs.sort();
    dirs.pop()
}

fn have_openssl() -> bool {
    Command::new("openssl").arg("version").output().is_ok_and(|o| o.status.success())
}

/// Runs `program args` as the server's owner (the `postgres` user when we
/// are root: initdb refuses to run as root).
fn as_owner(program: &Path, args: &[&str]) -> std::process::Output {
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let out = if root {
        Command::new("runuser").args(["-u", "postgres", "--"]).arg(program).args(args).output()
    } else {
        Command::new(program).args(args).output()
    }
    .expect("run a PostgreSQL program");
    assert!(out.status.success(), "{}: {}", program.display(), String::from_utf8_lossy(&out.stderr));
    out
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").args(args).current_dir(dir).output().expect("openssl");
    assert!(out.status.success(), "openssl {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr));
}

/// A cluster that only takes TLS on 127.0.0.1; stopped when dropped.
struct TlsServer {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .args(["-D", data.to_str().unwrap(), "-m", "immediate", "stop"])
            .output();
        let _ = Command::new(self.bin.join("pg_ctl"))
            .args(["-D", data.to_str().unwrap(), "-m", "immediate", "stop"])
            .output();
    }
}

impl TlsServer {
    fn start(bin: PathBuf) -> TlsServer {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // A CA, a server certificate for localhost signed by it, and a
        // second CA that signed nothing.
        openssl(
            d,
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.crt",
                "-days",
                "2",
                "-subj",
                "/CN=expect test CA",
            ],
        );
        openssl(
            d,
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "other.key",
                "-out",
                "other.crt",
                "-days",
                "2",
                "-subj",
                "/CN=another CA",
            ],
        );
        openssl(
            d,
            &[
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=localhost",
            ],
        );
        std::fs::write(d.join("san.ext"), "subjectAltName=DNS:localhost\n").unwrap();
        openssl(
            d,
            &[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.crt",
                "-days",
                "2",
                "-extfile",
                "san.ext",
            ],
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        if root {
            Command::new("chown").args(["-R", "postgres"]).arg(d).status().unwrap();
        }
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(d.join("server.key"), std::fs::Permissions::from_mode(0o600)).unwrap();
        let data = d.join("data");
        as_owner(&bin.join("initdb"), &["-D", data.to_str().unwrap(), "-U", "postgres", "--auth=trust"]);
        let conf = format!(
            "listen_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = '{}'\nssl = on\n\
             ssl_cert_file = '{}'\nssl_key_file = '{}'\nfsync = off\n",
            d.display(),
            d.join("server.crt").display(),
            d.join("server.key").display()
        );
        let mut pg_conf = std::fs::read_to_string(data.join("postgresql.conf")).unwrap();
        pg_conf.push_str(&conf);
        std::fs::write(data.join("postgresql.conf"), pg_conf).unwrap();
        // TLS only over TCP; the socket for nobody but the test's set-up.
        std::fs::write(
            data.join("pg_hba.conf"),
            "local all postgres trust\nhostssl all all 127.0.0.1/32 trust\n",
        )
        .unwrap();
        let log = d.join("server.log");
        as_owner(
            &bin.join("pg_ctl"),
            &["-D", data.to_str().unwrap(), "-l", log.to_str().unwrap(), "-w", "start"],
        );
        TlsServer { bin, dir, port }
    }

    fn uri(&self, host: &str, query: &str) -> String {
        format!("postgres://postgres@{host}:{}/postgres?{query}", self.port)
    }

    fn file(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
}

#[test]
fn tls_is_used_when_the_uri_asks_and_verify_full_checks_the_certificate() {
    let (Some(bin), true) = (pg_bin(), have_openssl()) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs PostgreSQL's server and openssl (.ci/run installs them)"
        );
        eprintln!("skipped: no PostgreSQL server binaries or no openssl");
        return;
    };
    let server = TlsServer::start(bin);
    let env = Env::file();
    let run = |uri: &str, args: &[&str]| {
        let mut full = vec!["--db", uri];
        full.extend_from_slice(args);
        let out = env.command(&full).env("EXPECT_ME", "me").output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    // require: encrypted, not verified; the server takes nothing else.
    let require = server.uri("127.0.0.1", "sslmode=require");
    assert_eq!(run(&require, &["init"]), (Some(0), String::new()));
    assert_eq!(run(&require, &["add-client", "acme", "--name", "Acme"]), (Some(0), String::new()));
    let (code, err) = run(&server.uri("127.0.0.1", "sslmode=disable"), &["clients"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no encryption"), "{err}");
    // prefer (the default) takes TLS when offered.
    assert_eq!(run(&server.uri("127.0.0.1", "application_name=x"), &["clients"]).0, Some(0));
    // verify-full: the right CA and name.
    let ca = server.file("ca.crt");
    let full = server.uri("localhost", &format!("sslmode=verify-full&sslrootcert={ca}"));
    assert_eq!(run(&full, &["clients"]), (Some(0), String::new()));
    // ... not another name for the host,
    let (code, err) =
        run(&server.uri("127.0.0.1", &format!("sslmode=verify-full&sslrootcert={ca}")), &["clients"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot connect to") && err.contains("certificate"), "{err}");
    // ... which verify-ca does not check,
    let ca_only = server.uri("127.0.0.1", &format!("sslmode=verify-ca&sslrootcert={ca}"));
    assert_eq!(run(&ca_only, &["clients"]), (Some(0), String::new()));
    // ... and not a certificate from another CA.
    let other = server.file("other.crt");
    let (code, err) =
        run(&server.uri("localhost", &format!("sslmode=verify-full&sslrootcert={other}")), &["clients"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("certificate"), "{err}");
    // verify-full without any root certificate says what to add.
    let (code, err) = run(&server.uri("localhost", "sslmode=verify-full"), &["clients"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("need the server's root certificate: add sslrootcert=FILE"), "{err}");
}
