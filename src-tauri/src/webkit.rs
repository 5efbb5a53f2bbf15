//! How WebKitGTK paints the window on Linux.
//!
//! WebKitGTK 2.46 and later paints page content with Skia, by default on the GPU. On a PC
//! without a usable GPU (a virtual machine, a remote desktop, many office thin clients, and the
//! Xvfb display the tests use) that "GPU" is Mesa's software rasteriser, so the painting is done
//! by the CPU anyway, through an OpenGL emulation that keeps its own glyph atlases and texture
//! caches in ordinary memory. Measured with `scripts/bench-start.sh` (WebKitGTK 2.50, Xvfb): the
//! start screen's web process held about 36 MiB more with GPU painting than with CPU painting,
//! almost all of the app's extra memory over an empty Tauri window. The screens here are text
//! and form fields; Skia's CPU painter draws them as quickly, and the compositor still runs.
//!
//! So the window asks WebKit for CPU painting (`WEBKIT_SKIA_ENABLE_CPU_RENDERING=1`), unless the
//! user or their distribution has already set that variable either way. The variable must be in
//! the environment before WebKit starts its web process, which inherits it: [`apply`] runs first
//! thing in `run`, while the process has one thread. Windows (WebView2) and macOS (WKWebView)
//! are not affected.
//!
//! It also asks WebKit not to composite the page in layers (`WEBKIT_DISABLE_COMPOSITING_MODE=1`,
//! the same choice as the setting "hardware acceleration: never"): the web process then paints
//! the page into one buffer, as WebKit does for a page with nothing to composite, instead of
//! running its compositor with its own OpenGL context (Mesa's software one here), window-sized
//! painting buffers it kept after drawing several frames in a row, and its tile caches. Measured
//! with `scripts/bench-start.sh` and by hand (WebKitGTK 2.50.6, Xvfb, release build, START-1
//! idle): the web process's memory that is not file pages 66 → 34 MiB, its PSS 90 → 52 MiB
//! (issue 31). The screens are text, form fields and sticky bars, which WebKit paints without
//! layers as well; there is no 3D transform, video or WebGL to accelerate.
//!
//! Every program the window starts inherits the variables too: the NSS tools, which ignore them,
//! and whatever `xdg-open` starts for a link or an e-mail. A WebKitGTK browser or mail program
//! started that way (GNOME Web, Evolution) also paints on the CPU, without layers; it works the
//! same.

/// The variable WebKitGTK reads for CPU painting, and the value the window sets.
pub const CPU_PAINTING: (&str, &str) = ("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1");

/// The variable WebKitGTK reads to paint without compositing layers, and the value the window
/// sets.
pub const NO_COMPOSITING: (&str, &str) = ("WEBKIT_DISABLE_COMPOSITING_MODE", "1");

/// What to set of one variable, given its current value: nothing when it is already set (to
/// anything, even empty: someone chose that).
pub fn to_set(
    variable: (&'static str, &'static str),
    current: Option<&std::ffi::OsStr>,
) -> Option<(&'static str, &'static str)> {
    current.is_none().then_some(variable)
}

/// Sets the painting variables for this process and the WebKit processes it starts (Linux
/// only). Call before any other thread exists.
pub fn apply() {
    if !cfg!(target_os = "linux") {
        return;
    }
    for variable in [CPU_PAINTING, NO_COMPOSITING] {
        if let Some((name, value)) = to_set(variable, std::env::var_os(variable.0).as_deref()) {
            // Safe here: no other thread has been started yet (see the module doc).
            std::env::set_var(name, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn cpu_painting_is_asked_for_only_when_nobody_chose() {
        assert_eq!(
            to_set(CPU_PAINTING, None),
            Some(("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1"))
        );
        let chosen = |v: &str| to_set(CPU_PAINTING, Some(OsStr::new(v)));
        assert_eq!(chosen("0"), None, "a user's 0 stays");
        assert_eq!(chosen("1"), None);
        assert_eq!(chosen(""), None, "set but empty stays");
    }

    #[test]
    fn painting_without_layers_is_asked_for_only_when_nobody_chose() {
        assert_eq!(
            to_set(NO_COMPOSITING, None),
            Some(("WEBKIT_DISABLE_COMPOSITING_MODE", "1"))
        );
        let chosen = |v: &str| to_set(NO_COMPOSITING, Some(OsStr::new(v)));
        assert_eq!(chosen("0"), None, "a user's 0 stays");
        assert_eq!(chosen(""), None, "set but empty stays");
    }
}
