//! Links `expect` on Linux (glibc) as a position-dependent executable: the
//! loader then has no relocations of its own to apply at each start
//! (42,796 of them, a third of the start-up of a command on a small book).
//! `EXPECT_PIE=1` keeps the toolchain's position-independent default, for
//! packagers whose policy asks for it.

fn main() {
    println!("cargo:rerun-if-env-changed=EXPECT_PIE");
    let linux_gnu = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    let pie = !linux_gnu || std::env::var_os("EXPECT_PIE").is_some_and(|v| !v.is_empty() && v != "0");
    if !pie {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    // What the tests expect of the binary, decided here once.
    println!("cargo:rustc-env=EXPECT_LINKED_PIE={}", u8::from(pie));
}
