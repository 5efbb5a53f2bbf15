//! A harness that starts the real oces-wizard binary under tauri-driver (WebKitWebDriver) and
//! drives its window. Needs `DISPLAY` (run under `xvfb-run`), `tauri-driver` on PATH and a built
//! `target/debug/oces-wizard` (or `APP_BINARY`).
//!
//! Screenshots of every screen a test visits go to `artifacts/screenshots/` (or
//! `E2E_SCREENSHOTS`), named `<test>-<nn>-<what>.png`.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the report

use fantoccini::{Client, ClientBuilder, Locator};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

pub use fantoccini::elements::Element;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The app binary under test, as an absolute path (tauri-driver needs one).
pub fn app_binary() -> PathBuf {
    std::env::var_os("APP_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| workspace().join("target"))
                .join("debug/oces-wizard")
        })
        .canonicalize()
        .expect("app binary not found: run `cargo build -p oces-wizard` first")
}

/// A locale file of the UI, to compare screen texts with what the app should say.
pub fn texts(lang: &str) -> BTreeMap<String, String> {
    let path = workspace().join(format!("ui/src/i18n/{lang}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("locale file")).expect("json")
}

static LAUNCHES: AtomicU32 = AtomicU32::new(0);
/// tauri-driver gets `base_port() + 2n` and WebKitWebDriver the port after it, for launch n.
/// `E2E_BASE_PORT` moves the range, so two runs on one machine do not meet.
fn base_port() -> u16 {
    std::env::var("E2E_BASE_PORT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4600)
}

/// tauri-driver must get SIGTERM (not SIGKILL) so it stops its WebKitWebDriver child.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

/// One running app window.
pub struct App {
    pub client: Client,
    _driver: Driver,
    test: String,
    shots: u32,
    /// Time from asking for the session until the first screen was interactive.
    pub session_to_ready: Duration,
    /// What the app itself measured from process start to its first interactive screen.
    pub app_ready_ms: i64,
    /// Everything the driver and the app wrote to stdout and stderr.
    pub log: PathBuf,
    /// The app-data folder it was started with.
    data_dir: PathBuf,
}

/// Settings for one start of the app.
pub struct Launch<'a> {
    /// Test name (screenshot prefix).
    pub test: &'a str,
    /// App-data folder (progress, settings).
    pub data_dir: &'a Path,
    /// Value of LANG for the app.
    pub lang: &'a str,
    /// A fake home folder (Downloads, .oces, …) for the app, if any.
    pub home: Option<&'a Path>,
}

impl App {
    /// Start the app and wait for its first interactive screen.
    pub async fn start(l: Launch<'_>) -> App {
        App::start_with_env(l, &[]).await
    }

    /// Start the app with extra environment variables (e.g. `SSL_CERT_FILE` for a test CA).
    pub async fn start_with_env(l: Launch<'_>, env: &[(&str, &Path)]) -> App {
        App::start_with_args(l, env, &[]).await
    }

    /// Start the app with command-line arguments (a guide link, as the OS passes one), after
    /// the `--automation` WebKit's WebDriver puts first.
    pub async fn start_with_args(l: Launch<'_>, env: &[(&str, &Path)], args: &[&str]) -> App {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "DISPLAY not set: run the end-to-end tests under xvfb-run"
        );
        // Every launch gets fresh ports, so a driver that is still shutting down never answers.
        let port = base_port() + 2 * LAUNCHES.fetch_add(1, Ordering::SeqCst) as u16;
        // The app inherits the driver's stdout and stderr: both go to a log that tests search
        // for secrets, and that `quit` prints.
        let log = std::env::temp_dir().join(format!(
            "oces-e2e-{}-{}-{port}.log",
            l.test,
            std::process::id()
        ));
        let log_file = std::fs::File::create(&log).expect("log file");
        // The app inherits this environment through tauri-driver and WebKitWebDriver.
        let driver = Driver(
            Command::new("tauri-driver")
                .args(["--port", &port.to_string()])
                .args(["--native-port", &(port + 1).to_string()])
                .env("OCES_WIZARD_DATA_DIR", l.data_dir)
                .env(
                    "OCES_WIZARD_HOME",
                    l.home
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| l.data_dir.join("home")),
                )
                // The app's own WebKit setting is what the tests see, not the runner's.
                .env_remove("WEBKIT_SKIA_ENABLE_CPU_RENDERING")
                .env("LANG", l.lang)
                .env("LC_ALL", l.lang)
                .env("LANGUAGE", "")
                .envs(env.iter().map(|(k, v)| (k, v)))
                .stdout(log_file.try_clone().expect("log file"))
                .stderr(log_file)
                .spawn()
                .expect("tauri-driver not on PATH (cargo install tauri-driver --locked)"),
        );
        // tauri-driver listens at once; its WebKitWebDriver child takes a moment longer, and a
        // session asked for before that fails with an incomplete reply. Wait for both.
        for p in [port, port + 1] {
            let deadline = Instant::now() + Duration::from_secs(20);
            while tokio::net::TcpStream::connect(("127.0.0.1", p))
                .await
                .is_err()
            {
                assert!(
                    Instant::now() < deadline,
                    "nothing listens on port {p} after 20 s"
                );
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
        }
        let caps: serde_json::Map<String, serde_json::Value> =
            serde_json::from_value(serde_json::json!({
                "browserName": "wry",
                "tauri:options": { "application": app_binary(), "args": args }
            }))
            .unwrap();
        let t0 = Instant::now();
        let mut attempt = 0;
        let client = loop {
            attempt += 1;
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            let res = tokio::time::timeout(
                Duration::from_secs(60),
                ClientBuilder::new(connector)
                    .capabilities(caps.clone())
                    .connect(&format!("http://127.0.0.1:{port}")),
            )
            .await
            .expect("timed out creating the WebDriver session (did the app start?)");
            match res {
                Ok(c) => break c,
                Err(e) if attempt < 3 => {
                    eprintln!("WebDriver session attempt {attempt} failed ({e}); retrying");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(e) => panic!("failed to create the WebDriver session: {e}"),
            }
        };
        let mut app = App {
            client,
            _driver: driver,
            test: l.test.to_string(),
            shots: 0,
            session_to_ready: Duration::ZERO,
            app_ready_ms: -1,
            log,
            data_dir: l.data_dir.to_path_buf(),
        };
        let ready = app.wait_css("body[data-ready-ms]").await;
        app.session_to_ready = t0.elapsed();
        app.app_ready_ms = ready
            .attr("data-ready-ms")
            .await
            .unwrap()
            .and_then(|v| v.parse().ok())
            .unwrap_or(-1);
        app
    }

    /// Wait (up to 10 s) for an element.
    pub async fn wait_css(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element `{css}` within 10 s: {e}"))
    }

    /// Type into a field (waiting for it).
    pub async fn type_into(&self, css: &str, text: &str) {
        self.wait_css(css)
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type into `{css}`: {e}"));
    }

    /// Whether an element exists now.
    pub async fn exists(&self, css: &str) -> bool {
        self.client.find(Locator::Css(css)).await.is_ok()
    }

    /// Click an element, waiting for it to be there and enabled (a button is disabled while
    /// the previous action finishes).
    pub async fn click(&self, css: &str) {
        let el = self.wait_css(css).await;
        for _ in 0..100 {
            if el.is_enabled().await.unwrap_or(true) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // The step's header and footer stay on screen (sticky). WebDriver scrolls a target only
        // until it touches the window's edge, where the footer would cover it; a user scrolls
        // it into the open, and so does this.
        let center = format!(
            "const e = document.querySelector({css:?}); \
             if (e && !e.closest('.wizard-foot, .step-head')) e.scrollIntoView({{block: 'center'}});"
        );
        let _ = self.client.execute(&center, vec![]).await;
        self.wait_until_still(css).await;
        el.click()
            .await
            .unwrap_or_else(|e| panic!("cannot click `{css}`: {e}"));
    }

    /// Wait (up to 2 s) until an element stays where it is for 80 ms. WebDriver clicks at
    /// the coordinates it measured; when a screen is still settling (a list arriving above a
    /// button, the page scrolling to a focused title) a click can land beside its target.
    async fn wait_until_still(&self, css: &str) {
        let script = format!(
            "const r = document.querySelector({css:?})?.getBoundingClientRect(); \
             return r ? [r.x, r.y, r.width, r.height, window.scrollX, window.scrollY] : null;"
        );
        let mut last = serde_json::Value::Null;
        for _ in 0..25 {
            let now = self
                .client
                .execute(&script, vec![])
                .await
                .unwrap_or_default();
            if now == last && !now.is_null() {
                return;
            }
            last = now;
            tokio::time::sleep(Duration::from_millis(80)).await;
        }
    }

    /// Visible text of an element.
    pub async fn text(&self, css: &str) -> String {
        self.wait_css(css).await.text().await.unwrap()
    }

    /// Wait (up to 10 s) until an element's text contains `needle`; its text then.
    pub async fn wait_text(&self, css: &str, needle: &str) -> String {
        let mut last = String::new();
        for _ in 0..100 {
            if let Ok(el) = self.client.find(Locator::Css(css)).await {
                last = el.text().await.unwrap_or_default();
                if last.contains(needle) {
                    return last;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("`{css}` did not come to contain `{needle}`; it reads `{last}`");
    }

    /// Wait until the step code in the corner reads `code`.
    pub async fn expect_step(&self, code: &str) {
        let mut last = String::new();
        for _ in 0..100 {
            if let Ok(el) = self.client.find(Locator::Css("#step-code")).await {
                last = el.text().await.unwrap_or_default();
                // And a wizard step's screen has been drawn (screens are loaded when needed;
                // the tools have no step section).
                if last == code && !self.exists("section.step[data-loaded='false']").await {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected step {code}, the screen shows `{last}`");
    }

    /// Tick a check box by its answer id (clicks its label, as a user would).
    pub async fn tick(&self, id: &str) {
        self.click(&format!("label[for='answer-{id}']")).await;
    }

    /// Pick a radio option by answer id and value.
    pub async fn pick(&self, id: &str, value: &str) {
        self.click(&format!("label[for='answer-{id}-{value}']"))
            .await;
    }

    /// The value of a form field, waiting (up to 5 s) until it is not empty.
    pub async fn value_of(&self, css: &str) -> String {
        let script = format!("return document.querySelector({css:?})?.value ?? ''");
        let mut v = String::new();
        for _ in 0..50 {
            if let Ok(r) = self.client.execute(&script, vec![]).await {
                v = r.as_str().unwrap_or_default().to_string();
                if !v.is_empty() {
                    break;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        v
    }

    /// Set a form field's value as typing would (fires `input`), for fields such as
    /// `datetime-local` that do not take keystrokes reliably over WebDriver.
    pub async fn set_value(&self, css: &str, value: &str) {
        let script = format!(
            "const el = document.querySelector({css:?}); el.value = {value:?}; \
             el.dispatchEvent(new Event('input', {{bubbles: true}})); \
             el.dispatchEvent(new Event('change', {{bubbles: true}}));"
        );
        self.client.execute(&script, vec![]).await.unwrap();
    }

    /// The stepper's status of a step (`done`, `locked`, `not_needed`, …).
    pub async fn step_status(&self, code: &str) -> String {
        self.wait_css(&format!("li[data-code='{code}']"))
            .await
            .attr("data-status")
            .await
            .unwrap()
            .unwrap_or_default()
    }

    /// Resize the window so the page gets `w`×`h` CSS pixels. A laptop screen of 1366×768 at
    /// 150 % scaling gives a page of 911×512 CSS pixels, so that size stands for it.
    pub async fn viewport(&self, w: u32, h: u32) {
        let inner = || async {
            let v = self
                .client
                .execute("return [window.innerWidth, window.innerHeight];", vec![])
                .await
                .unwrap();
            (v[0].as_u64().unwrap_or(0), v[1].as_u64().unwrap_or(0))
        };
        for _ in 0..5 {
            let (iw, ih) = inner().await;
            if (iw, ih) == (u64::from(w), u64::from(h)) {
                return;
            }
            let (ow, oh) = self.client.get_window_size().await.expect("window size");
            let nw = (ow as i64 + i64::from(w) - iw as i64).max(1) as u32;
            let nh = (oh as i64 + i64::from(h) - ih as i64).max(1) as u32;
            self.client
                .set_window_size(nw, nh)
                .await
                .expect("the window can be resized");
            for _ in 0..20 {
                tokio::time::sleep(Duration::from_millis(50)).await;
                if inner().await == (u64::from(w), u64::from(h)) {
                    return;
                }
            }
        }
        let (iw, ih) = inner().await;
        panic!("the page is {iw}×{ih}, not {w}×{h}, after resizing the window");
    }

    /// What stands in the way of the way forward, or nothing: the step code and Next (or the
    /// step's last button) must lie wholly inside the window and not be covered, no page
    /// content may stick out sideways (cut off at the right edge), and no field, text box or
    /// button may cut off its own text.
    pub async fn way_forward_problems(&self) -> Vec<String> {
        let v = self
            .client
            .execute(
                "const out = [];
                 const vw = document.documentElement.clientWidth, vh = window.innerHeight;
                 for (const sel of ['#step-code', '#next']) {
                   const el = document.querySelector(sel);
                   if (!el) { out.push(sel + ' is missing'); continue; }
                   const r = el.getBoundingClientRect();
                   if (r.top < 0 || r.left < 0 || r.bottom > vh || r.right > vw) {
                     out.push(`${sel} is outside the window (${Math.round(r.left)},${Math.round(r.top)})-(${Math.round(r.right)},${Math.round(r.bottom)}) of ${vw}×${vh}`);
                     continue;
                   }
                   const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                   if (!hit || !(el === hit || el.contains(hit))) {
                     out.push(`${sel} is covered by ${hit ? hit.tagName + '#' + hit.id + '.' + hit.className : 'nothing'}`);
                   }
                 }
                 // A field whose text does not fit: a one-line field cut at the side, a text
                 // box with a scroll bar of its own (the RID below the fold), a button whose
                 // label is clipped.
                 for (const el of document.querySelectorAll('main input[type=text], main input:not([type]), main textarea, main button')) {
                   const r = el.getBoundingClientRect();
                   if (r.width === 0 || r.height === 0) continue;
                   const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '');
                   if (el.tagName === 'TEXTAREA' && el.scrollHeight > el.clientHeight + 1) {
                     out.push(`${name} cuts off its text (${el.scrollHeight} px of text in ${el.clientHeight} px)`);
                   } else if (el.tagName !== 'TEXTAREA' && el.scrollWidth > el.clientWidth + 1) {
                     out.push(`${name} cuts off its text (${el.scrollWidth} px of text in ${el.clientWidth} px)`);
                   }
                 }
                 if (document.documentElement.scrollWidth > vw + 1) {
                   const wide = [...document.querySelectorAll('main *')]
                     .filter(e => e.getBoundingClientRect().right > vw + 1)
                     .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''))
                     .slice(0, 3);
                   out.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${vw} px window: ${wide.join(', ')}`);
                 }
                 return out;",
                vec![],
            )
            .await
            .unwrap();
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The screen as it is now, at 1366×768 with 150 % scaling (911×512 CSS pixels) and at
    /// 1024×768: the way forward in sight and nothing cut off (`way_forward_problems`) with
    /// `css` scrolled into view, a screenshot at the small size, then back to 1024×768.
    pub async fn check_small_screens(&mut self, css: &str, what: &str) {
        for (w, h) in [(911, 512), (1024, 768)] {
            self.viewport(w, h).await;
            self.scroll_to(css).await;
            tokio::time::sleep(Duration::from_millis(100)).await;
            let problems = self.way_forward_problems().await;
            assert!(problems.is_empty(), "{what} at {w}×{h}: {problems:#?}");
            if w == 911 {
                self.shot(&format!("{what}-911x512")).await;
            }
        }
    }

    /// Scroll an element into view (before a screenshot).
    pub async fn scroll_to(&self, css: &str) {
        let script = format!("document.querySelector({css:?})?.scrollIntoView({{block: 'start'}})");
        self.client.execute(&script, vec![]).await.unwrap();
    }

    /// Save a screenshot of the window.
    pub async fn shot(&mut self, what: &str) {
        self.shots += 1;
        let dir = std::env::var_os("E2E_SCREENSHOTS")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace().join("artifacts/screenshots"));
        std::fs::create_dir_all(&dir).unwrap();
        let png = self.client.screenshot().await.expect("screenshot");
        let file = dir.join(format!("{}-{:02}-{what}.png", self.test, self.shots));
        std::fs::write(&file, png).unwrap();
        // Every screen that gets a screenshot is also checked with axe-core.
        self.axe(what).await;
    }

    /// Run axe-core (WCAG 2.1 A/AA and best practices) on the page as it is now; fail on any
    /// violation, naming the rule and the elements. The counts go to `axe-results.txt` beside
    /// the screenshots.
    pub async fn axe(&self, what: &str) {
        static AXE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let source = AXE.get_or_init(|| {
            std::fs::read_to_string(workspace().join("ui/node_modules/axe-core/axe.min.js"))
                .expect("axe-core is installed in ui/node_modules (npm install)")
        });
        self.client
            .execute(&format!("{source}\n;return true;"), vec![])
            .await
            .expect("axe-core loads in the page");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {
                   runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
                   resultTypes: ['violations'],
                 }).then(r => done({
                   passes: r.passes.length,
                   violations: r.violations.map(v => ({
                     id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
                   })),
                 }), e => done({ error: String(e) }));",
                vec![],
            )
            .await
            .expect("axe-core runs");
        assert!(result.get("error").is_none(), "axe-core failed: {result}");
        let violations = result["violations"].as_array().cloned().unwrap_or_default();
        let dir = std::env::var_os("E2E_SCREENSHOTS")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace().join("artifacts/screenshots"));
        let line = format!(
            "{}-{:02}-{what}: {} violations {}\n",
            self.test,
            self.shots,
            violations.len(),
            serde_json::Value::Array(violations.clone())
        );
        use std::io::Write;
        let _ = std::fs::create_dir_all(&dir);
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("axe-results.txt"))
        {
            let _ = f.write_all(line.as_bytes());
        }
        // E2E_AXE_SOFT=1 only records (for a survey of all screens at once).
        assert!(
            violations.is_empty() || std::env::var_os("E2E_AXE_SOFT").is_some(),
            "axe-core found accessibility violations on {what}: {:#}",
            serde_json::Value::Array(violations)
        );
    }

    /// Print the start-up figures.
    pub fn report_start(&self) {
        println!(
            "time to first interactive screen [{}]: {} ms from process start (app), {} ms from session request (test)",
            self.test,
            self.app_ready_ms,
            self.session_to_ready.as_millis()
        );
    }

    /// End the session; WebKitWebDriver then closes the app. The app's own messages are
    /// printed (without GTK's locale notices).
    pub async fn quit(self) {
        let App {
            client,
            _driver,
            log,
            data_dir,
            ..
        } = self;
        let _ = client.close().await;
        // Stopping the driver ends the app; its last words are in the log then.
        drop(_driver);
        // The app holds its one-window lock (a D-Bus name) until it has ended: the next start
        // for the same folder waits for that, or it would hand itself over to this one.
        for _ in 0..100 {
            if app_processes(&data_dir).is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        for line in text.lines().filter(|l| {
            !l.trim().is_empty()
                && !l.contains("Locale not supported")
                && !l.contains("fallback 'C' locale")
        }) {
            eprintln!("{line}");
        }
    }
}

/// The app's processes (the window, or the launcher before it becomes the window) started
/// for the app-data folder `data_dir`, by process id (Linux: read from /proc).
pub fn app_processes(data_dir: &Path) -> Vec<u32> {
    let want = data_dir.as_os_str().as_encoded_bytes().to_vec();
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Ok(pid) = name.parse::<u32>() else {
            continue;
        };
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        if !comm.starts_with("oces-wizard") {
            continue;
        }
        // A process that has ended but not been reaped is no window.
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        if stat
            .rfind(')')
            .and_then(|i| stat[i + 2..].split_whitespace().next())
            == Some("Z")
        {
            continue;
        }
        let env = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
        let mut key = b"OCES_WIZARD_DATA_DIR=".to_vec();
        key.extend_from_slice(&want);
        if env.split(|b| *b == 0).any(|kv| kv == key.as_slice()) {
            out.push(pid);
        }
    }
    out
}

/// The window program beside the launcher under test.
pub fn window_binary() -> PathBuf {
    app_binary().with_file_name(format!(
        "oces-wizard-window{}",
        std::env::consts::EXE_SUFFIX
    ))
}

/// Start the app a second time, as a click on a guide link does (`program`: the launcher or
/// the window program, with `args`), for the app-data folder of a running `App` and with its
/// environment; wait (up to 30 s) for that start to end, and return its exit status and what
/// it wrote.
pub async fn second_start(
    l: &Launch<'_>,
    program: &Path,
    args: &[&str],
) -> (std::process::ExitStatus, String) {
    let out = tokio::time::timeout(
        Duration::from_secs(30),
        tokio::process::Command::new(program)
            .args(args)
            .env("OCES_WIZARD_DATA_DIR", l.data_dir)
            .env(
                "OCES_WIZARD_HOME",
                l.home
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| l.data_dir.join("home")),
            )
            .env_remove("WEBKIT_SKIA_ENABLE_CPU_RENDERING")
            .env("LANG", l.lang)
            .env("LC_ALL", l.lang)
            .env("LANGUAGE", "")
            .kill_on_drop(true)
            .output(),
    )
    .await
    .expect("the second start ended within 30 s (a second window would stay open)")
    .expect("the second start ran");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status, text)
}

/// The environment of the WebKit web process that draws the app window whose app-data folder
/// is `data_dir` (Linux: read from /proc). `None` when no such process is found.
pub fn web_process_env(data_dir: &Path) -> Option<BTreeMap<String, String>> {
    let env_of = |pid: &str| -> Option<BTreeMap<String, String>> {
        let raw = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
        Some(
            raw.split(|b| *b == 0)
                .filter_map(|kv| {
                    let kv = String::from_utf8_lossy(kv);
                    let (k, v) = kv.split_once('=')?;
                    Some((k.to_string(), v.to_string()))
                })
                .collect(),
        )
    };
    let want = data_dir.to_string_lossy().to_string();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let pid = entry.file_name().to_string_lossy().to_string();
        if !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        if !comm.starts_with("WebKitWebProces") {
            continue;
        }
        // Its parent is the app (the window binary), started for this test's data folder.
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let Some(ppid) = stat
            .rfind(')')
            .and_then(|i| stat[i + 2..].split_whitespace().nth(1))
        else {
            continue;
        };
        let parent = std::fs::read_to_string(format!("/proc/{ppid}/comm")).unwrap_or_default();
        let parent_env = env_of(ppid).unwrap_or_default();
        if parent.starts_with("oces-wizard")
            && parent_env.get("OCES_WIZARD_DATA_DIR") == Some(&want)
        {
            return env_of(&pid);
        }
    }
    None
}

/// Fail if any of `secrets` is in any file under `paths` (folders are searched through; a
/// file is searched as bytes, for the UTF-8 and the UTF-16 form).
pub fn assert_no_secret(paths: &[&Path], secrets: &[&str]) {
    if let Some((f, s)) = find_secret(paths, secrets) {
        panic!("{f:?} holds the secret {s:?}");
    }
}

/// The app's log in the data folder `data` exists, has lines from this run's window, and
/// holds none of `secrets` (in any of its rotated files).
pub fn assert_log_has_no_secret(data: &Path, secrets: &[&str]) {
    let log = data.join("oces-wizard.log");
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        text.contains(" window[") && text.contains("window started"),
        "the window writes its log to {log:?}: {text}"
    );
    let files: Vec<PathBuf> = ["oces-wizard.log", "oces-wizard.log.1", "oces-wizard.log.2"]
        .iter()
        .map(|n| data.join(n))
        .filter(|p| p.exists())
        .collect();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    assert_no_secret(&refs, secrets);
}

/// The first file under `paths` that holds one of `secrets`, and which one.
pub fn find_secret(paths: &[&Path], secrets: &[&str]) -> Option<(PathBuf, String)> {
    fn files(p: &Path, out: &mut Vec<PathBuf>) {
        if p.is_dir() {
            for e in std::fs::read_dir(p).into_iter().flatten().flatten() {
                files(&e.path(), out);
            }
        } else if p.is_file() {
            out.push(p.to_path_buf());
        }
    }
    let mut all = Vec::new();
    for p in paths {
        files(p, &mut all);
    }
    assert!(!all.is_empty(), "nothing to search in {paths:?}");
    for f in all {
        let bytes = std::fs::read(&f).unwrap_or_default();
        for s in secrets {
            let utf16: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
            for needle in [s.as_bytes(), &utf16[..]] {
                if bytes.windows(needle.len()).any(|w| w == needle) {
                    return Some((f, s.to_string()));
                }
            }
        }
    }
    None
}

pub use testkit::{
    cug_page, oces3_test_p12, openssl, self_signed, server_cert, signed_by, TlsServer,
};

#[cfg(test)]
mod tests {
    #[test]
    fn the_secret_search_finds_utf8_and_utf16() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("a/clean.txt"), "nothing here").unwrap();
        assert_eq!(super::find_secret(&[dir.path()], &["Pw-SENTINEL"]), None);
        std::fs::write(dir.path().join("a/utf8.txt"), "x Pw-SENTINEL y").unwrap();
        let (f, _) = super::find_secret(&[dir.path()], &["Pw-SENTINEL"]).unwrap();
        assert!(f.ends_with("a/utf8.txt"), "a UTF-8 copy is found");
        std::fs::remove_file(f).unwrap();
        let utf16: Vec<u8> = "..Pw-SENTINEL.."
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        std::fs::write(dir.path().join("a/b/log.bin"), utf16).unwrap();
        let (f, s) = super::find_secret(&[dir.path()], &["other", "Pw-SENTINEL"]).unwrap();
        assert!(f.ends_with("a/b/log.bin"), "a UTF-16 copy is found");
        assert_eq!(s, "Pw-SENTINEL");
    }
}
