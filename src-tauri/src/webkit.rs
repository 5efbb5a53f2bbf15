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
//! Every program the window starts inherits the variable too: the NSS tools, which ignore it,
//! and whatever `xdg-open` starts for a link or an e-mail. A WebKitGTK browser or mail program
//! started that way (GNOME Web, Evolution) also paints on the CPU; it works the same.

/// The variable WebKitGTK reads, and the value the window sets.
pub const CPU_PAINTING: (&str, &str) = ("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1");

/// What to set, given the variable's current value: nothing when it is already set (to
/// anything, even empty: someone chose that).
pub fn to_set(current: Option<&std::ffi::OsStr>) -> Option<(&'static str, &'static str)> {
    current.is_none().then_some(CPU_PAINTING)
}

/// Sets the painting variable for this process and the WebKit processes it starts (Linux only).
/// Call before any other thread exists.
pub fn apply() {
    if !cfg!(target_os = "linux") {
        return;
    }
    if let Some((name, value)) = to_set(std::env::var_os(CPU_PAINTING.0).as_deref()) {
        // Safe here: no other thread has been started yet (see the module doc).
        std::env::set_var(name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn cpu_painting_is_asked_for_only_when_nobody_chose() {
        assert_eq!(
            to_set(None),
            Some(("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1"))
        );
        assert_eq!(to_set(Some(OsStr::new("0"))), None, "a user's 0 stays");
        assert_eq!(to_set(Some(OsStr::new("1"))), None);
        assert_eq!(to_set(Some(OsStr::new(""))), None, "set but empty stays");
    }
}
