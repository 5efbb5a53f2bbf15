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
//! So the window asks WebKit for both, each unless the user or their distribution has already
//! set that variable either way (`WEBKIT_DISABLE_COMPOSITING_MODE=0` gives compositing back).
//! WebKit reads them when it starts and its web process inherits them: [`apply`] runs first
//! thing in `run`, while the process has one thread. Windows (WebView2) and macOS (WKWebView)
//! are not affected.
//!
//! Every program the window starts inherits the variables too: the NSS tools, which ignore
//! them, and whatever `xdg-open` starts for a link or an e-mail. A WebKitGTK browser or mail
//! program started that way (GNOME Web, Evolution) also paints on the CPU without layers; it
//! works the same (it is what those programs do on a PC whose GPU driver WebKit cannot use).
//!
//! One thing differs for WebDriver (the end-to-end tests): without compositing, WebKitGTK
//! 2.50's screenshot waits for the page's next painted frame, which a still page never paints;
//! the tests' screenshot helper (`tests/src/lib.rs`) has the page repaint one transparent
//! pixel while it waits.

/// The variables WebKitGTK reads, and the values the window sets.
pub const CPU_PAINTING: (&str, &str) = ("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1");
pub const NO_COMPOSITING: (&str, &str) = ("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
pub const SETTINGS: [(&str, &str); 2] = [CPU_PAINTING, NO_COMPOSITING];

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
    for (name, value) in to_set(|name| std::env::var_os(name)) {
        // Safe here: no other thread has been started yet (see the module doc).
        std::env::set_var(name, value);
    }
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
                ("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            ]
        );
        // Each variable on its own: a user's or a distribution's value stays, the other is set.
        assert_eq!(
            with(&[("WEBKIT_DISABLE_COMPOSITING_MODE", "0")]),
            [("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1")],
            "a user's 0 (compositing back on) stays"
        );
        assert_eq!(
            with(&[("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "0")]),
            [("WEBKIT_DISABLE_COMPOSITING_MODE", "1")],
            "a user's 0 (GPU painting) stays"
        );
        assert_eq!(
            with(&[
                ("WEBKIT_SKIA_ENABLE_CPU_RENDERING", ""),
                ("WEBKIT_DISABLE_COMPOSITING_MODE", "")
            ]),
            [],
            "set but empty stays"
        );
    }
}
