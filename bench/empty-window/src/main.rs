//! An empty Tauri window: the baseline that the app's start and idle memory are measured
//! against (`scripts/bench-start.sh`). The page says when it has run; this prints a line then.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[tauri::command]
fn ready(page_ms: u32) {
    eprintln!("empty-window: page ready (page {page_ms} ms)");
}

fn main() {
    let app = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!("empty-window: {e}");
            std::process::exit(1);
        }
    }
}
