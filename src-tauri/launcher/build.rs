//! The command line shipped on x86-64 Linux is a static musl program (scripts/build-cli.sh),
//! with no shared library at all; this is for a glibc build of it (other Linux machines, or
//! `OCES_CLI_TARGET=native`). The release build of the command line on Linux (glibc) takes the
//! unwinder from GCC's static `libgcc_eh.a` instead of loading `libgcc_s.so.1`: one shared
//! library less to open, map and relocate, and its start-up code (`__cpu_indicator_init`, a
//! dozen CPUID instructions, each a trip to the hypervisor in a virtual machine) does not run
//! on every `oces-wizard inspect`.
//! With the release profile's whole-program LTO every reference to the unwinder is in the one
//! object the linker reads first, so the static archive answers them all and `--as-needed`
//! leaves `libgcc_s` out (`scripts/bench-inspect.sh` prints the libraries the binary loads).
//! Other builds link as before, and so does a release build whose LTO is turned off
//! (`scripts/package.sh --check`): there the unwinder's callers come after the archive.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CARGO_PROFILE_RELEASE_LTO");
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu"
        && var("PROFILE") == "release"
        && !matches!(
            var("CARGO_PROFILE_RELEASE_LTO").as_str(),
            "false" | "off" | "no" | "thin"
        )
    {
        println!("cargo:rustc-link-lib=static=gcc_eh");
    }
}
