// Tell the process that the page has been loaded and run, as the app does for its first screen,
// with the page's own time from its navigation start.
window.__TAURI_INTERNALS__.invoke("ready", { pageMs: Math.round(performance.now()) });
