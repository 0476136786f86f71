//! A schema of its own for one test on the test server, in database
//! `expect_tests` (made when missing, in a locale whose order is not byte
//! order), dropped with it: shared by the integration tests (`tests/common`)
//! and the store's unit tests (`store::testing`).

/// A schema on the test server, dropped with its environment.
pub struct Schema {
    pub admin: String,
    pub name: String,
}

impl Drop for Schema {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

/// A new empty schema in database `expect_tests` of the test server;
/// returns the URI that names it and the schema.
pub fn new_schema(base: &str) -> (String, Schema) {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let base = base.trim_end_matches('/');
    let admin = format!("{base}/expect_tests");
    let mut c = if let Ok(c) = postgres::Client::connect(&admin, postgres::NoTls) {
        c
    } else {
        let mut root = postgres::Client::connect(&format!("{base}/postgres"), postgres::NoTls)
            .unwrap_or_else(|e| panic!("EXPECT_TEST_SERVER={base}: {e}"));
        // A locale whose order is not byte order (ICU's en-US), to show
        // that expect's orderings do not depend on the server's; two test
        // binaries may create it at once, and either wins.
        if root
            .batch_execute(
                "CREATE DATABASE expect_tests TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'",
            )
            .is_err()
        {
            let _ = root.batch_execute("CREATE DATABASE expect_tests");
        }
        postgres::Client::connect(&admin, postgres::NoTls).expect("connect to expect_tests")
    };
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let name = format!("t{}_{}_{nanos}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    c.batch_execute(&format!("CREATE SCHEMA {name}")).expect("create schema");
    let uri = format!("{admin}?options=-csearch_path%3D{name}");
    (uri, Schema { admin, name })
}
