// Tell the process that the page has been loaded and run, as the app does for its first screen.
window.__TAURI_INTERNALS__.invoke("ready");
