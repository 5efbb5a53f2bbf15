//! How WebKitGTK paints the window on Linux.
//!
//! WebKitGTK 2.44 and later composites every page in layers with OpenGL by default (its
//! "accelerated compositing" mode, forced on), and 2.46 and later paints the content with Skia,
//! by default on the GPU too. On a PC without a usable GPU (a virtual machine, a remote desktop,
//! many office thin clients, and the Xvfb display the tests use) that "GPU" is Mesa's software
//! rasteriser, so the work is done by the CPU anyway, through an OpenGL emulation that keeps its
//! own contexts, glyph atlases, tile caches and window-sized buffers in ordinary memory. The
//! screens here are text and form fields, with no video, WebGL or 3D transforms to gain from
//! layers. Measured with `scripts/bench-start.sh` (WebKitGTK 2.50, Xvfb, see
//! docs/benchmarks.md):
//! - CPU painting (`WEBKIT_SKIA_ENABLE_CPU_RENDERING=1`): the start screen's web process held
//!   about 36 MiB less than with GPU painting;
//! - no compositing (`WEBKIT_DISABLE_COMPOSITING_MODE=1`): the page is painted straight into
//!   one shared bitmap that the window draws; the web process's memory outside file pages fell
//!   from 66 to 34 MiB (it no longer loads OpenGL ES or keeps compositing buffers), and the
//!   screens look the same.
//!
//! - no JavaScript compiler (`JSC_useJIT=0`, read by JavaScriptCore in the web process): the
//!   page's code runs in JavaScriptCore's interpreter. The screens run little code (the
//!   password strength estimate of CUG-3 is the heaviest), and the compilers' code, buffers and
//!   compiled functions held several MiB of the idle start screen (issue 31, figures in
//!   docs/benchmarks.md). Measured in the window: the strength estimate takes about twice as
//!   long (setting it up 35 → 65 ms once, a 20-character password 25 → 35 ms), which nobody
//!   typing notices. It also means the web process never has memory that is both writable and
//!   executable.
//!
//! So the window asks WebKit for all three, each unless the user or their distribution has
//! already set that variable either way (`WEBKIT_DISABLE_COMPOSITING_MODE=0` gives compositing
//! back, `JSC_useJIT=1` the compiler). WebKit reads them when it starts and its web process
//! inherits them: [`apply`] runs first thing in `run`, while the process has one thread.
//! Windows (WebView2) and macOS (WKWebView) are not affected.
//!
//! The NSS tools the window starts inherit the variables too, and ignore them. A link or an
//! e-mail address is handed to the desktop without the ones the window set ([`ours`],
//! `commands::Opener`): a WebKitGTK browser or mail program started that way (GNOME Web,
//! Evolution) runs as its user set it up, with its JavaScript compiler for the authorities'
//! web tools.
//!
//! One thing differs for WebDriver (the end-to-end tests): without compositing, WebKitGTK
//! 2.50's screenshot waits for the page's next painted frame, which a still page never paints;
//! the tests' screenshot helper (`tests/src/lib.rs`) has the page repaint one transparent
//! pixel while it waits.

use std::sync::OnceLock;

/// The variables WebKitGTK reads, and the values the window sets.
pub const CPU_PAINTING: (&str, &str) = ("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1");
pub const NO_COMPOSITING: (&str, &str) = ("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
pub const NO_JIT: (&str, &str) = ("JSC_useJIT", "0");
pub const SETTINGS: [(&str, &str); 3] = [CPU_PAINTING, NO_COMPOSITING, NO_JIT];

/// The variables [`apply`] set in this process (none before it ran, or off Linux).
static SET: OnceLock<Vec<&'static str>> = OnceLock::new();

/// The names of the variables this process set for WebKit, which the programs it hands links
/// to should not inherit (a value the user set is not among them).
#[cfg(target_os = "linux")]
pub fn ours() -> &'static [&'static str] {
    SET.get().map(Vec::as_slice).unwrap_or(&[])
}

/// What to set, given the current values of [`SETTINGS`]' variables (`current(name)`): each
/// variable nobody set; one already set (to anything, even empty: someone chose that) stays.
pub fn to_set(
    current: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Vec<(&'static str, &'static str)> {
    SETTINGS
        .into_iter()
        .filter(|(name, _)| current(name).is_none())
        .collect()
}

/// Sets the painting variables for this process and the WebKit processes it starts (Linux
/// only). Call before any other thread exists.
pub fn apply() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let set = to_set(|name| std::env::var_os(name));
    for (name, value) in &set {
        // Safe here: no other thread has been started yet (see the module doc).
        std::env::set_var(name, value);
    }
    let _ = SET.set(set.into_iter().map(|(name, _)| name).collect());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::ffi::OsString;

    fn with(vars: &[(&str, &str)]) -> Vec<(&'static str, &'static str)> {
        let env: HashMap<String, OsString> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        to_set(|name| env.get(name).cloned())
    }

    #[test]
    fn cpu_painting_without_compositing_is_asked_for_only_when_nobody_chose() {
        assert_eq!(
            with(&[]),
            [
                ("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1"),
                ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
                ("JSC_useJIT", "0")
            ]
        );
        // Each variable on its own: a user's or a distribution's value stays, the other is set.
        assert_eq!(
            with(&[("WEBKIT_DISABLE_COMPOSITING_MODE", "0")]),
            [
                ("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1"),
                ("JSC_useJIT", "0")
            ],
            "a user's 0 (compositing back on) stays"
        );
        assert_eq!(
            with(&[("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "0")]),
            [
                ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
                ("JSC_useJIT", "0")
            ],
            "a user's 0 (GPU painting) stays"
        );
        assert_eq!(
            with(&[("JSC_useJIT", "1")]),
            [
                ("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1"),
                ("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            ],
            "a user's 1 (the JavaScript compiler back on) stays"
        );
        assert_eq!(
            with(&[
                ("WEBKIT_SKIA_ENABLE_CPU_RENDERING", ""),
                ("WEBKIT_DISABLE_COMPOSITING_MODE", ""),
                ("JSC_useJIT", "")
            ]),
            [],
            "set but empty stays"
        );
    }
}
