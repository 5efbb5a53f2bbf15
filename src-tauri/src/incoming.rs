//! Guide links reaching the window (`oces-wizard://…`, see `oces_core::guide_link`).
//!
//! One window only: the single-instance plugin (registered in `run`, before everything else)
//! makes a second start hand its arguments to the first and end. The first keeps a link among
//! them for the page (`Session::guide_received`), tells the page (through the channel it handed
//! over with `watch_guide_links`), and comes to the front. On a cold start the window reads its own arguments the same way. On Linux and
//! Windows a link arrives as the only argument; on macOS it arrives as an "open URL" event,
//! through the deep-link plugin. Nothing here reads the link: the core does, and the page
//! shows a panel; only the user's click acts.

use oces_core::session::Session;
use std::sync::Mutex;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime};

/// Where the page wants to hear that a link has arrived (it then asks `guide_pending`): the
/// channel it handed over last (`watch_guide_links`; a reloaded page hands over a new one).
///
/// A channel, not a Tauri event: listening to an event makes the window's process evaluate a
/// script in the page, and the first such script starts JavaScriptCore in the window's own
/// process to read its result (2.7 MiB more of the library touched, and its heap, in the idle
/// window: issue 31). A channel evaluates nothing until a message is sent, and here that is
/// only when a second start hands a link over.
#[derive(Default)]
pub struct LinkWatch(Mutex<Option<Channel<()>>>);

impl LinkWatch {
    /// Keeps the page's channel, in place of any earlier one.
    pub fn set(&self, channel: Channel<()>) {
        if let Ok(mut held) = self.0.lock() {
            *held = Some(channel);
        }
    }

    /// Tells the page, when it is watching, that a link has arrived.
    fn tell(&self) {
        if let Ok(held) = self.0.lock() {
            if let Some(channel) = held.as_ref() {
                let _ = channel.send(());
            }
        }
    }
}

/// A second start's arguments (the program's path first), handed over to this window.
pub fn second_start<R: Runtime>(app: &AppHandle<R>, args: &[String]) {
    arrived(app, args.get(1..).unwrap_or_default());
    to_front(app);
}

/// Arguments (without the program's path) that may hold a link.
pub fn arrived<R: Runtime, S: AsRef<std::ffi::OsStr>>(app: &AppHandle<R>, args: &[S]) {
    if app.state::<Session>().guide_received(args) {
        if let Some(watch) = app.try_state::<LinkWatch>() {
            watch.tell();
        }
    }
}

/// The window comes to the front (a second start is the user asking for the app).
fn to_front<R: Runtime>(app: &AppHandle<R>) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
}

/// macOS: links come as "open URL" events, on a cold start too.
#[cfg(target_os = "macos")]
pub fn listen<R: Runtime>(app: &AppHandle<R>) {
    use tauri_plugin_deep_link::DeepLinkExt;
    let handle = app.clone();
    app.deep_link().on_open_url(move |event| {
        for url in event.urls() {
            arrived(&handle, &[url.as_str()]);
        }
        to_front(&handle);
    });
}
