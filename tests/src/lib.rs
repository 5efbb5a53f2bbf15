//! A harness that starts the real oces-wizard binary under tauri-driver (WebKitWebDriver) and
//! drives its window. Needs `DISPLAY` (run under `xvfb-run`), `tauri-driver` on PATH and a built
//! `target/debug/oces-wizard` (or `APP_BINARY`).
//!
//! Screenshots of every screen a test visits go to `artifacts/screenshots/` (or
//! `E2E_SCREENSHOTS`), named `<test>-<nn>-<what>.png`. Beside each goes the screen as a page
//! that draws without the app (`chromium/states/<name>.html`, secrets left out) and its layout
//! figures (`<name>.json`), which the Chromium replay (`tests/tests/chromium.rs`) renders
//! and compares: what Windows users, whose window is Edge WebView2, get.
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
        .expect(
            "app binary not found: run `cargo build -p oces-wizard -p oces-wizard-window` first",
        )
}

/// A locale file of the UI, to compare screen texts with what the app should say.
pub fn texts(lang: &str) -> BTreeMap<String, String> {
    let path = workspace().join(format!("ui/src/i18n/{lang}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("locale file")).expect("json")
}

/// Where the screenshots go: `E2E_SCREENSHOTS`, or `artifacts/screenshots/` of the workspace.
pub fn screenshots_dir() -> PathBuf {
    std::env::var_os("E2E_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("artifacts/screenshots"))
}

/// Where each screenshot's screen is saved as a page with its layout figures, for Chromium.
pub fn states_dir() -> PathBuf {
    screenshots_dir().join("chromium/states")
}

/// Scripts shared by the two engines (see the files).
pub const TWIN_CAPTURE: &str = include_str!("twin/capture.js");
pub const TWIN_PREPARE: &str = include_str!("twin/prepare.js");
pub const TWIN_MEASURE: &str = include_str!("twin/measure.js");

static LAUNCHES: AtomicU32 = AtomicU32::new(0);
/// tauri-driver gets `base_port() + 2n` and WebKitWebDriver the port after it, for launch n.
/// `E2E_BASE_PORT` moves the range, so two runs on one machine do not meet.
pub fn base_port() -> u16 {
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

/// The folder the app under test takes as the computer's temporary folder (where it refuses a
/// backup), for a launch with `data_dir`: `OCES_WIZARD_TEST_TEMP_DIR`, which only a debug
/// build reads. The test's other folders, all in the system's temporary folder, are then the
/// user's own folders on the computer's disk.
pub fn app_temp_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("temp")
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
                // Every folder a test makes lies in the system's temporary folder, where the
                // app refuses a backup: the (debug) app takes `app_temp_dir` as its only one.
                .env("OCES_WIZARD_TEST_TEMP_DIR", app_temp_dir(l.data_dir))
                // The app's own WebKit settings are what the tests see, not the runner's.
                .env_remove("WEBKIT_SKIA_ENABLE_CPU_RENDERING")
                .env_remove("WEBKIT_DISABLE_COMPOSITING_MODE")
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

    /// Run `script` in the page; what it returns (a script error fails the test).
    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Type `keys` into the element that has the keyboard focus.
    pub async fn send_keys(&self, keys: &str) {
        self.client
            .active_element()
            .await
            .unwrap()
            .send_keys(keys)
            .await
            .unwrap();
    }

    /// Press one key on the element that has the keyboard focus.
    pub async fn press(&self, key: fantoccini::key::Key) {
        self.send_keys(&key.to_string()).await;
    }

    /// The id of the element that has the keyboard focus ("" for none, or one without an id).
    pub async fn focused_id(&self) -> String {
        self.js("return document.activeElement?.id ?? ''")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Wait (up to 2 s) until the element with `id` has the keyboard focus; whether it has.
    pub async fn wait_focus(&self, id: &str) -> bool {
        for _ in 0..20 {
            if self.focused_id().await == id {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    }

    /// Visible text of an element.
    pub async fn text(&self, css: &str) -> String {
        self.wait_css(css).await.text().await.unwrap()
    }

    /// An attribute of an element (waited for), if it has it.
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.wait_css(css).await.attr(name).await.unwrap()
    }

    /// The text of an element, shown or not (an element in a closed fold).
    pub async fn text_content(&self, css: &str) -> String {
        self.wait_css(css).await;
        let script = format!("return document.querySelector({css:?}).textContent.trim()");
        self.js(&script)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
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

    /// Open a step from the step list, as a user would: in a narrow window the list is
    /// folded into the header ("Trin 4 af 10 ▾") and is opened first. Does nothing when the
    /// step cannot be opened from the list (it is on screen, or locked).
    pub async fn open_from_list(&self, code: &str) {
        if self
            .exists("#step-list-toggle[aria-expanded='false']")
            .await
        {
            self.click("#step-list-toggle").await;
        }
        let link = format!(".stepper li[data-code='{code}'] button");
        if self.exists(&link).await {
            // The folded list scrolls within the header: the step is brought into its view.
            let script =
                format!("document.querySelector({link:?}).scrollIntoView({{block: 'nearest'}})");
            let _ = self.client.execute(&script, vec![]).await;
            self.click(&link).await;
        } else if self.exists("#step-list-toggle[aria-expanded='true']").await {
            self.click("#step-list-toggle").await;
        }
    }

    /// Tick a check box by its answer id (clicks its label, as a user would).
    pub async fn tick(&self, id: &str) {
        self.click(&format!("label[for='answer-{id}']")).await;
    }

    /// START-1: past the start page (shown once), answer "Hvad skal certifikatet bruges til?"
    /// and go on with Næste.
    pub async fn choose_flow(&self, flow: &str) {
        if self.exists("#start").await {
            self.click("#start").await;
        }
        self.click(&format!("label[for='choose-{flow}']")).await;
        self.click("#choose-next").await;
    }

    /// From START-1 to DMS-2 as a user goes: the DMS flow, "Ja" (a certificate is at hand),
    /// the test environment.
    pub async fn to_dms_2(&self) {
        self.choose_flow("dms").await;
        self.expect_step("DMS-1").await;
        self.pick("dms_have_cert", "yes").await;
        self.click("#next").await;
        self.pick("dms_env", "test").await;
        self.click("#next").await;
        self.expect_step("DMS-2").await;
    }

    /// The support desk's own view (SUPPORT-1), opened as the desk does: from "Få hjælp"'s fold
    /// "For support og it-afdeling" (the user's start page does not offer it).
    pub async fn open_support_view(&self) {
        self.click("#get-help").await;
        self.wait_css("#help-dialog[open]").await;
        // In the fold "For support og it-afdeling".
        self.click("#help-staff > summary").await;
        self.click("#help-support-tool").await;
        self.expect_step("SUPPORT-1").await;
    }

    /// A step shown in parts (one thing per page): wait until part `n` (from 1) is shown.
    pub async fn expect_part(&self, n: u32) {
        let mut last = None;
        for _ in 0..100 {
            if let Ok(el) = self.client.find(Locator::Css("#step-part")).await {
                last = el.attr("data-part").await.unwrap_or_default();
                if last.as_deref() == Some(n.to_string().as_str()) {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected part {n} of the step, got {last:?}");
    }

    /// Pick a radio option by answer id and value.
    pub async fn pick(&self, id: &str, value: &str) {
        self.click(&format!("label[for='answer-{id}-{value}']"))
            .await;
    }

    /// Choose an answer (the radio button with the id `radio`) as a mouse does, with the page scrolled to its top and without
    /// WebDriver's own scrolling to the element: the radio button takes the focus and is
    /// clicked, so what the page itself scrolls can be seen.
    pub async fn pick_in_place(&self, radio: &str) {
        let script = format!(
            "window.scrollTo(0, 0);
             const r = document.getElementById({radio:?});
             r.focus();
             r.click();"
        );
        self.js(&script).await;
    }

    /// Click the element with the id `id` as a user does who scrolled down only until it
    /// showed just above the sticky footer (the worst place for what it then shows): the page
    /// is scrolled so that its bottom sits 2 px above the footer, and it is focused and clicked
    /// from the page's own script, so WebDriver's own scrolling cannot hide what the page
    /// itself scrolls (see [`App::revealed_out_of_sight`]).
    pub async fn click_above_footer(&self, id: &str) {
        let script = format!(
            "const b = document.getElementById({id:?});
             const foot = document.querySelector('.wizard-foot').getBoundingClientRect();
             window.scrollBy(0, b.getBoundingClientRect().bottom - foot.top + 2);
             b.focus();
             b.click();"
        );
        self.js(&script).await;
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
        self.js(&script).await;
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

    /// The step head's line ("Trin 3 af 8: …") where its name is cut off with "…" at 1024×768
    /// and at 911×512, one entry per size (issue 26: "Step 6 of 8: Keep the gateway
    /// credentials s…"); the window gets its size back afterwards.
    pub async fn head_names_cut(&self) -> Vec<String> {
        let was = self
            .js("return [window.innerWidth, window.innerHeight];")
            .await;
        let mut cut = Vec::new();
        for (w, h) in [(1024, 768), (911, 512)] {
            self.viewport(w, h).await;
            let line = self
                .js("const t = document.querySelector('.step-where-title'); \
                     return t && t.scrollWidth > t.clientWidth \
                       ? document.querySelector('.step-where').textContent.trim() : null;")
                .await;
            if let Some(line) = line.as_str() {
                cut.push(format!("{w}×{h}: {line}"));
            }
        }
        let size = |i: usize| u32::try_from(was[i].as_u64().unwrap_or(0)).unwrap_or(0);
        self.viewport(size(0), size(1)).await;
        cut
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
        self.js(&script).await;
    }

    /// Save a screenshot of the window, and the screen as a page for the Chromium replay.
    pub async fn shot(&mut self, what: &str) {
        self.shots += 1;
        let dir = screenshots_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let png = self.screenshot().await;
        let name = format!("{}-{:02}-{what}", self.test, self.shots);
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
        self.save_state(&name).await;
        // Every screen that gets a screenshot is also checked with axe-core, and a step screen
        // for plain words, a truthful step list and focus clear of the sticky bars.
        self.axe(what).await;
        self.check_step_screen(what).await;
    }

    /// A screenshot of a state that lasts only seconds (a connection test that a stage's
    /// time limit ends): saved and checked with axe like [`App::shot`], without the slower
    /// step-screen checks (the keyboard walk of [`App::focus_hidden`] takes longer than the
    /// state lasts on a busy machine).
    pub async fn shot_brief(&mut self, what: &str) {
        self.shots += 1;
        let dir = screenshots_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let png = self.screenshot().await;
        let name = format!("{}-{:02}-{what}", self.test, self.shots);
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
        self.save_state(&name).await;
        self.axe(what).await;
    }

    /// WebDriver's screenshot of the window (PNG).
    ///
    /// The window paints without compositing layers (src-tauri/src/webkit.rs), and then
    /// WebKitGTK 2.50 answers a screenshot only after the page's next painted frame: on a
    /// still screen none comes, and the screenshot waits for ever. So while it waits, the
    /// page repaints one pixel in its top left corner on every frame, changing that pixel's
    /// background between two fully transparent colours: a new frame with the same pixels.
    /// (Taken so, the empty window's screenshot was the same PNG, byte for byte, as with
    /// layers; START-1's differed from the one with layers in 1 pixel of 786,432, an edge of
    /// a letter, not the corner.)
    /// The pixel is removed before anything else looks at the page, and removes itself after
    /// 30 s if the test stops first.
    async fn screenshot(&self) -> Vec<u8> {
        self.js(
            "if (!window.__e2eRepaint) { \
               const d = document.createElement('div'); \
               d.setAttribute('aria-hidden', 'true'); \
               d.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;' + \
                 'pointer-events:none;z-index:2147483647'; \
               document.documentElement.appendChild(d); \
               window.__e2eRepaint = d; \
               const until = performance.now() + 30000; \
               let n = 0; \
               const frame = () => { \
                 if (!d.isConnected) return; \
                 if (performance.now() > until) { d.remove(); delete window.__e2eRepaint; return; } \
                 d.style.backgroundColor = n++ % 2 ? 'rgba(0,0,0,0)' : 'rgba(255,255,255,0)'; \
                 requestAnimationFrame(frame); \
               }; \
               requestAnimationFrame(frame); \
             }",
        )
        .await;
        let png = self.client.screenshot().await.expect("screenshot");
        self.js("window.__e2eRepaint?.remove(); delete window.__e2eRepaint;")
            .await;
        png
    }

    /// The checks of a wizard step's screen (none on START-1, the resume offer or a tool):
    /// [`App::technical_words`], [`App::link_addresses_shown`], [`App::step_list_lies`],
    /// [`App::focus_hidden`],
    /// [`App::password_problems`], [`App::primary_buttons`], [`App::blocked_footer_silent`]
    /// and [`App::footer_hint_misfits`]. The
    /// problems go to `screen-checks.txt` beside the screenshots; any fails the test (unless
    /// `E2E_AXE_SOFT` is set, for a survey of all screens at once).
    pub async fn check_step_screen(&self, what: &str) {
        let is_step = self
            .client
            .execute(
                "return !!document.querySelector('section.step #step-count') \
                 && !document.querySelector('dialog[open]');",
                vec![],
            )
            .await
            .unwrap_or_default();
        if is_step != serde_json::json!(true) {
            return;
        }
        let mut problems = Vec::new();
        problems.extend(self.technical_words().await);
        problems.extend(self.link_addresses_shown().await);
        problems.extend(self.step_list_lies().await);
        problems.extend(self.focus_hidden().await);
        problems.extend(self.password_problems().await);
        problems.extend(self.primary_buttons().await);
        problems.extend(self.blocked_footer_silent().await);
        problems.extend(self.footer_hint_misfits().await);
        problems.extend(self.why_before_content().await);
        let dir = std::env::var_os("E2E_SCREENSHOTS")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace().join("artifacts/screenshots"));
        let _ = std::fs::create_dir_all(&dir);
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("screen-checks.txt"))
        {
            use std::io::Write;
            let _ = writeln!(
                f,
                "{}-{:02}-{what}: {} problems {problems:?}",
                self.test,
                self.shots,
                problems.len()
            );
        }
        assert!(
            problems.is_empty() || std::env::var_os("E2E_AXE_SOFT").is_some(),
            "{what}: {problems:#?}"
        );
    }

    /// Technical words on the main path of the step on screen: text that is shown, outside
    /// copy boxes, fields and the experts' fold ("Detaljer for eksperter", `.expert-fold`),
    /// that holds a file path, a UUID, a host:port, "keychain"/"nøglering", an issuer or
    /// profile name, or one of FOCES, VOCES, MOCES, FID, TFE, UFE, AS4 without an explanation (an
    /// `abbr` with a title, or the abbreviation in or right before brackets); and the portals'
    /// jargon, there and in the step's name (step head, step list): UFST's portal hosts
    /// (`secureftp….skat.dk`, PortalCertApp) and "onboarding" (DMS-5), whitelisting, an IP
    /// address, a "wsBrugerId" outside brackets (STIL-2's list showed "Find systemets
    /// wsBrugerId", its first instruction "whiteliste den IP-adresse").
    pub async fn technical_words(&self) -> Vec<String> {
        self.problems(
            r#"const out = [];
             const main = document.querySelector('section.step');
             if (!main) return out;
             const skip = '.step-head, .wizard-foot, .copy-value, textarea, input, select, details.expert-fold, abbr[title], script, style';
             const walk = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
             const seen = new Set();
             // The portals' own words: whitelisting an IP address (STIL-2) belongs in the
             // experts' fold; STIL's "wsBrugerId" only in brackets after plain words
             // ("systemets bruger-id (wsBrugerId)"), where the user needs the name to find it.
             const jargon = text => {
               const found = [];
               const w = text.match(/whitelist\w*|\bIP-adresse\w*|\bIP address(?:es)?\b/i);
               if (w) found.push('jargon: ' + w[0]);
               // UFST's portal hosts and its team's English name (DMS-5 showed them).
               const u = text.match(/\bsecureftp[a-z.-]*\.skat\.dk\S*|PortalCertApp|onboarding/i);
               if (u) found.push('jargon: ' + u[0]);
               for (const m of text.matchAll(/wsBrugerId/gi)) {
                 const before = text.slice(0, m.index);
                 if (!(before.lastIndexOf('(') > before.lastIndexOf(')'))) found.push('an unexplained wsBrugerId');
               }
               return found;
             };
             for (let n = walk.nextNode(); n; n = walk.nextNode()) {
               const el = n.parentElement;
               if (!el || el.closest(skip)) continue;
               if (el.getClientRects().length === 0) continue;
               // Inside a closed fold only its summary shows.
               const fold = el.closest('details:not([open])');
               if (fold && !el.closest('summary')) continue;
               // The shown text of the nearest block (innerText leaves out what is not
               // rendered, e.g. a closed fold), for the context an explanation needs.
               let block = el.closest('p, li, h1, h2, h3, h4, dt, dd, td, th, label, legend, button, a, summary, .found-meta');
               if (!block || !main.contains(block) || block.querySelector(skip)) block = el;
               if (seen.has(block)) continue;
               seen.add(block);
               const text = (block === el ? n.textContent : block.innerText).replace(/\s+/g, ' ').trim();
               if (!text) continue;
               const noUrls = text.replace(/https?:\/\/\S+/g, ' ');
               const found = [];
               const path = noUrls.match(/(?:^|[\s(“"'])((?:~|[A-Za-z]:|…|\.\.\.)?[\\/][^\s\\/]+[\\/]\S*|~[\\/]\S+|\.[a-z]+[\\/][a-z]\S*|\/(?:tmp|home|var|usr|etc|Users)\b\S*)/);
               if (path) found.push('a path: ' + path[1]);
               const uuid = text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
               if (uuid) found.push('a UUID: ' + uuid[0]);
               const hp = text.match(/\b(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|host|[a-z0-9-]+(?:\.[a-z0-9-]+)+):(?:\d{2,5}|port)\b/i);
               if (hp) found.push('a host:port: ' + hp[0]);
               const kc = text.match(/keychain|nøglering/i);
               if (kc) found.push('"' + kc[0] + '"');
               const iss = text.match(/default-release|Class II CA|udstedende-CA|issuing CA/i);
               if (iss) found.push('an issuer or profile name: ' + iss[0]);
               for (const m of text.matchAll(/\b(FOCES|VOCES|MOCES|FID|TFE|UFE|AS4)\b/g)) {
                 const before = text.slice(0, m.index);
                 const after = text.slice(m.index + m[0].length);
                 const inBrackets = before.lastIndexOf('(') > before.lastIndexOf(')');
                 if (!inBrackets && !/^[”"’']?\s*\(/.test(after)) found.push('an unexplained ' + m[0]);
               }
               found.push(...jargon(text));
               if (found.length) out.push(`${found.join(', ')} in "${text.slice(0, 160)}"`);
             }
             // Where the user is, in the step head and the step list, is the main path too.
             for (const el of document.querySelectorAll('.stepper .stepper-title, .step-where-title')) {
               if (!el.getClientRects().length) continue;
               const text = el.textContent.replace(/\s+/g, ' ').trim();
               const found = jargon(text);
               if (found.length) out.push(`${found.join(', ')} in the step's name "${text.slice(0, 160)}"`);
             }
             return out;"#,
        )
        .await
    }

    /// "Hvorfor?" (`#why`) before the step's own content: it must come after every shown
    /// block of the step in document order (only the sticky footer may follow it), so the
    /// first thing under the heading is what to do. Issue 26: it sat between the heading and
    /// the content on every step but START-1.
    pub async fn why_before_content(&self) -> Vec<String> {
        self.problems(
            r#"const why = document.querySelector('section.step #why');
             if (!why) return [];
             const out = [];
             const main = document.querySelector('section.step');
             for (const el of main.querySelectorAll('*')) {
               if (!(why.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
               if (why.contains(el) || el.closest('.wizard-foot')) continue;
               if (el.children.length || !el.getClientRects().length) continue;
               if (!(el.textContent || '').trim() && !el.matches('input, button, select, textarea')) continue;
               const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' +
                 (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40) + '"';
               out.push('“Hvorfor?” comes before the step’s content: ' + name);
               break;
             }
             return out;"#,
        )
        .await
    }

    /// Raw web addresses beside the buttons that open a page (every link block of the flow
    /// tables, `.block-link`) on the main path, or a whole URL in a button's label: the button
    /// says where it goes in words; the address is its tooltip (`title`), or a copy box when
    /// the browser could not be opened.
    /// Issue 26: DMS-1 printed `https://mitid-erhverv.dk/` beside "Åbn MitID Erhverv".
    pub async fn link_addresses_shown(&self) -> Vec<String> {
        self.problems(
            r#"const out = [];
             for (const b of document.querySelectorAll('section.step .block-link')) {
               if (!b.getClientRects().length || b.closest('details.expert-fold')) continue;
               if (b.closest('details:not([open])')) continue;
               const walk = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
               for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                 const el = n.parentElement;
                 if (!el || el.closest('.copy-value') || !el.getClientRects().length) continue;
                 // Beside the button any address; in its label a whole URL (a site named
                 // by its domain, "Åbn tilslutning.stil.dk", is the name users see).
                 const m = el.closest('button')
                   ? n.textContent.match(/https?:\/\/\S*|\bwww\.\S+/i)
                   : n.textContent.match(/https?:\/\/\S*|\bwww\.\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:dk|eu|com|org|net)\b\S*/i);
                 if (m) out.push('a raw address beside a link button: ' + m[0]);
               }
             }
             return out;"#,
        )
        .await
    }

    /// More than one way forward on the screen: the content and the footer together must
    /// show exactly one primary button (Next, or Finish on the last step). A button counts
    /// as primary when it is styled so (`.button-primary`), and also when it is any other
    /// shown button on the main path that acts on the step (does its work again, undoes,
    /// deletes, checks, saves) — everything except Back and the helpers marked `data-tool`
    /// (copy, show/hide, open a page, choose a file, go to another step). Buttons inside a
    /// fold (`details`: "Flere muligheder", the experts' fold) are off the main path. One
    /// quiet undo of what the step just did (`data-undo`, styled secondary, CUG-9's
    /// "Fortryd flytningen") may stand on the main path; it asks first. A button counts only
    /// when it is rendered and not hidden. A way forward drawn quiet (`data-quiet`, styled
    /// secondary) while another button leads does not count (the footer's while the page's
    /// own button leads, START-1's "Start" while a support desk's offer shows), nor a quiet
    /// button that only asks (`data-asks-first`: it shows a question, the answer acts).
    /// The guide panel's "Gå dertil" (a support desk's link or code on offer) counts too.
    pub async fn primary_buttons(&self) -> Vec<String> {
        self.problems(
            r#"const main = document.querySelector('section.step');
             if (!main) return [];
             const shown = el => el.getClientRects().length > 0
               && getComputedStyle(el).visibility !== 'hidden';
             const primary = [];
             for (const el of main.querySelectorAll('button, a.button, input[type=submit], input[type=button]')) {
               if (el.closest('.step-head') || el.closest('details') || !shown(el)) continue;
               if (el.id === 'back') continue;
               // A way forward drawn quiet while another button leads: the footer's while the
               // page's own one does (CUG-8's e-mail before "Jeg har sendt e-mailen"), START-1's
               // "Start" while a support desk's offer shows.
               if (el.hasAttribute('data-quiet')
                   && el.classList.contains('button-secondary')) continue;
               if (!el.classList.contains('button-primary') && el.hasAttribute('data-tool')) continue;
               if (el.classList.contains('button-secondary') && el.hasAttribute('data-undo')
                   && main.querySelectorAll('[data-undo]').length === 1) continue;
               // A quiet button that only asks (CUG-9's "Fjern" beside an old certificate in a
               // browser: it acts on nothing, it shows "Ja, fjern det" / "Behold det").
               if (el.classList.contains('button-secondary') && el.hasAttribute('data-asks-first'))
                 continue;
               const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                 ' "' + (el.textContent || el.value || '').replace(/\s+/g, ' ').trim().slice(0, 40) + '"';
               primary.push(name);
             }
             // A support desk's link or code on offer: the panel above the step is on the
             // screen too, and its "Gå dertil" is a way forward.
             for (const el of document.querySelectorAll('#guide-panel .button-primary')) {
               if (shown(el)) primary.push('button#' + el.id + ' "' + el.textContent.trim().slice(0, 40) + '"');
             }
             if (primary.length === 1) return [];
             // A save that failed for good (CUG-8 over a newer version's progress, or with no
             // folder to save in): the one way on, "Luk uden at gemme", loses this run's
             // answers, so it is quiet and asks first, and no button is blue.
             if (primary.length === 0
                 && main.querySelector('#next[data-primary=close_unsaved][data-asks-first]'))
               return [];
             return [`${primary.length} primary buttons, not one: ${primary.join(', ')}`];"#,
        )
        .await
    }

    /// A step that waits for another ("Gå til trin 4: …" on the screen) whose sticky footer
    /// does not say why Next cannot go on: the footer must hold one sentence for it
    /// (`[data-blocked]`, ending with a full stop), beside Next where the eye goes. A paused
    /// last step (CUG-10 after "Nej, ikke endnu") is not blocked: it ends with "Gem og luk";
    /// nor a step whose footer says its button saves and closes (`[data-save-close]`).
    pub async fn blocked_footer_silent(&self) -> Vec<String> {
        self.problems(
            r#"const main = document.querySelector('section.step');
             if (!main) return [];
             const goto = main.querySelector('[data-blocked-by] .goto-step');
             if (!goto || goto.getClientRects().length === 0) return [];
             // A paused last step ("Gem og luk") is not blocked: its button works. Nor is a
             // step whose button saves and closes and whose footer says so (CUG-8 with no
             // certificate: "Gem og luk guiden" works, "Gå til trin 5" leads).
             if (main.querySelector('#step-title[data-paused=yes]')) return [];
             if (main.querySelector('.wizard-foot [data-save-close]')) return [];
             const said = main.querySelector('.wizard-foot [data-blocked]');
             const text = said ? said.textContent.replace(/\s+/g, ' ').trim() : '';
             if (!text) return [`the screen waits for another step ("${goto.textContent.trim()}"), but the footer does not say why Next cannot go on`];
             const sentences = text.split(/[.!?](?:\s|$)/).filter(x => x.trim()).length;
             if (sentences !== 1) return [`the footer says why Next cannot go on in ${sentences} sentences: "${text}"`];
             return [];"#,
        )
        .await
    }

    /// A footer hint that does not fit the page: it asks for ticks ("Sæt flueben …", "Tick
    /// …") where the page shows no tick box, or for an answer to choose where it shows no
    /// option to choose.
    pub async fn footer_hint_misfits(&self) -> Vec<String> {
        self.problems(
            r#"const main = document.querySelector('section.step');
             const hint = main && main.querySelector('.wizard-foot #next-hint');
             if (!hint || hint.getClientRects().length === 0) return [];
             const text = hint.textContent.replace(/\s+/g, ' ').trim();
             const shown = sel => [...main.querySelectorAll(sel)]
               .some(el => !el.closest('.wizard-foot, details:not([open])') && el.getClientRects().length > 0);
             const out = [];
             if (/flueben|\btick/i.test(text) && !shown('input[type=checkbox]'))
               out.push(`the footer asks for ticks on a page with no tick box: "${text}"`);
             if (/^(Vælg|Choose) (et|an) (svar|answer)/i.test(text) && !shown('input[type=radio]'))
               out.push(`the footer asks for an answer on a page with no question: "${text}"`);
             return out;"#,
        )
        .await
    }

    /// Password fields without a way to show what was typed, or that refuse a paste (WCAG
    /// 2.2 3.3.8): every `input[type=password]` needs a button that controls it
    /// (`aria-controls`) and shows its text, and a paste event on it must not be cancelled.
    /// The button is a toggle inside the field's box (not a second button beside it): its
    /// accessible name stays the same, and `aria-pressed` says whether the text is shown. (The
    /// practice box of CUG-3's fold is no real password field, and keeps its own button.)
    pub async fn password_problems(&self) -> Vec<String> {
        self.problems(
            "return (async () => {
             const out = [];
             const settle = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
             const named = b => (b.getAttribute('aria-label') || b.textContent || '').replace(/\\s+/g, ' ').trim();
             for (const el of document.querySelectorAll('section.step input[type=password]')) {
               const name = 'password field #' + el.id;
               const toggle = el.id && document.querySelector(`button[aria-controls='${el.id}']`);
               if (!toggle) out.push(name + ' has no show/hide button');
               else {
                 const real = !el.closest('.rehearsal-fold');
                 const f = el.getBoundingClientRect(), b = toggle.getBoundingClientRect();
                 if (real && f.width > 0 && (b.left < f.left - 1 || b.right > f.right + 1 || b.top < f.top - 1 || b.bottom > f.bottom + 1))
                   out.push(name + ': its show/hide button sits beside the field, not inside it');
                 const before = [named(toggle), toggle.getAttribute('aria-pressed')];
                 toggle.click();
                 await settle();
                 const after = [named(toggle), toggle.getAttribute('aria-pressed')];
                 if (el.type !== 'text') out.push(name + ': its button does not show the text');
                 if (real && (before[1] !== 'false' || after[1] !== 'true'))
                   out.push(`${name}: its button does not say whether it is pressed (aria-pressed ${before[1]} then ${after[1]})`);
                 if (real && before[0] !== after[0])
                   out.push(`${name}: its button changes its name (\"${before[0]}\" then \"${after[0]}\"); a toggle keeps it and says pressed`);
                 toggle.click();
                 await settle();
                 if (el.type !== 'password') out.push(name + ': its button does not hide the text again');
               }
               const ev = new ClipboardEvent('paste', { bubbles: true, cancelable: true });
               el.dispatchEvent(ev);
               if (ev.defaultPrevented) out.push(name + ' refuses a paste');
             }
             return out;
             })();",
        )
        .await
    }

    /// After a fold ("Flere muligheder") is opened at the bottom of the window, with its
    /// summary just above the sticky footer: every button in it must be in sight between the
    /// sticky bars, so nothing of it is cut off or hidden (WCAG 2.2 2.4.11 for what follows).
    pub async fn opened_fold_hidden(&self, fold: &str) -> Vec<String> {
        let script = format!(
            "const d = document.querySelector({fold:?});
             if (!d) return [{fold:?} + ' is missing'];
             d.open = false;
             const s = d.querySelector('summary');
             const foot = document.querySelector('.wizard-foot').getBoundingClientRect();
             window.scrollBy(0, s.getBoundingClientRect().bottom - foot.top + 2);
             s.click();
             return new Promise(done => setTimeout(() => requestAnimationFrame(() => {{
               const out = [];
               const head = document.querySelector('.step-head').getBoundingClientRect();
               const foot = document.querySelector('.wizard-foot').getBoundingClientRect();
               for (const b of d.querySelectorAll('button')) {{
                 const r = b.getBoundingClientRect();
                 if (r.height === 0) continue;
                 if (r.top < head.bottom - 0.5 || r.bottom > foot.top + 0.5)
                   out.push(`${{b.id || b.textContent.trim()}} at ${{Math.round(r.top)}}-${{Math.round(r.bottom)}} is not in sight between the bars (${{Math.round(head.bottom)}}-${{Math.round(foot.top)}})`);
               }}
               done(out);
             }}), 300));"
        );
        self.problems(&script).await
    }

    /// Switches the window's language with the header's button, and waits until it has.
    pub async fn switch_language(&self, lang: &str) {
        self.js("document.querySelector('#lang-switch').click()")
            .await;
        for _ in 0..100 {
            if self.js("return document.documentElement.lang").await == serde_json::json!(lang) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    /// Presses Next where it closes the window ("Gem og luk guiden") and waits up to 10 s for the app's processes on `data_dir` to end; true when they did.
    pub async fn close_with_next(&self, data_dir: &Path) -> bool {
        self.close_with("#next", data_dir).await
    }

    /// Click `css` (a button that closes the window) and wait (up to 10 s) until no window of
    /// this app-data folder runs; whether it closed.
    pub async fn close_with(&self, css: &str, data_dir: &Path) -> bool {
        // The window goes away under the click, so WebDriver may report the click as failed.
        let _ = self.wait_css(css).await.click().await;
        for _ in 0..100 {
            if app_processes(data_dir).is_empty() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        app_processes(data_dir).is_empty()
    }

    /// The text of the step shown on the main path: outside the step head, the footer, the
    /// experts' fold and closed folds (a closed fold shows its summary only), in one line.
    pub async fn main_path_text(&self) -> String {
        self.client
            .execute(
                "const out = [];
                 const w = document.createTreeWalker(document.querySelector('section.step'), NodeFilter.SHOW_TEXT);
                 for (let n = w.nextNode(); n; n = w.nextNode()) {
                   const el = n.parentElement;
                   if (el.closest('details.expert-fold, .step-head, .wizard-foot')) continue;
                   const closed = el.closest('details:not([open])');
                   if (closed && !el.closest('summary')) continue;
                   if (closed && closed.parentElement.closest('details:not([open])')) continue;
                   if (el.getClientRects().length) out.push(n.textContent);
                 }
                 return out.join(' ').replace(/\\s+/g, ' ');",
                vec![],
            )
            .await
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Text fields on the main path (issue 26): shown text fields of the step (outside the
    /// header and footer) that are not inside a closed fold, by id. On a step where nothing
    /// is to be typed, a path is chosen with the computer's own file window and the field for
    /// typing one waits in a fold, and so do the options a first-time user need not touch.
    pub async fn text_fields_on_main_path(&self) -> Vec<String> {
        self.problems(
            "return [...document.querySelectorAll('section.step input[type=text]')]
               .filter(i => i.getClientRects().length && !i.closest('details:not([open])')
                 && !i.closest('.step-head, .wizard-foot'))
               .map(i => 'a text field on the main path: #' + i.id);",
        )
        .await
    }

    /// Asserts that `css` are in sight on arrival ([`App::hidden_on_arrival`]) in Danish and
    /// in English (the window ends in English); `step` names the screen in the message.
    pub async fn in_sight_in_both_languages(&self, step: &str, css: &[&str]) {
        for lang in ["da", "en"] {
            self.switch_language(lang).await;
            let hidden = self.hidden_on_arrival(css).await;
            assert!(hidden.is_empty(), "{step} ({lang}): {hidden:#?}");
        }
    }

    /// On arrival (the page scrolled to its top, nothing clicked): each of `css` that is not
    /// wholly in sight between the sticky step header and the sticky footer, with its box and
    /// the bars', or missing. A first-time user must see the step's one thing to do without
    /// scrolling (DMS-1's tick box, DMS-6's password field at 911×512).
    pub async fn hidden_on_arrival(&self, css: &[&str]) -> Vec<String> {
        let script = format!(
            "window.scrollTo(0, 0);
             return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {{
               const out = [];
               const head = document.querySelector('.step-head').getBoundingClientRect();
               const foot = document.querySelector('.wizard-foot').getBoundingClientRect();
               for (const sel of {list}) {{
                 const el = document.querySelector(sel);
                 if (!el) {{ out.push(sel + ' is missing'); continue; }}
                 const r = el.getBoundingClientRect();
                 if (r.height === 0 || r.top < head.bottom - 0.5 || r.bottom > foot.top + 0.5)
                   out.push(`${{sel}} at ${{Math.round(r.top)}}-${{Math.round(r.bottom)}} is not in sight between the bars (${{Math.round(head.bottom)}}-${{Math.round(foot.top)}}) on arrival`);
               }}
               done(out);
             }})));",
            list = serde_json::to_string(css).unwrap()
        );
        self.problems(&script).await
    }

    /// After an answer that shows more (a note under "Ved ikke", …), as the user left the page
    /// (not scrolled anew): `css`, the block it revealed, must come wholly in sight between the
    /// sticky step header and the sticky footer by itself, and the focus must stay on the
    /// answer `focus` (an element id). Waits up to 3 s for a smooth scroll to end; what is
    /// still wrong then is returned (before issue 26's fix, the note stayed below the footer).
    pub async fn revealed_out_of_sight(&self, css: &str, focus: &str) -> Vec<String> {
        let script = format!(
            "return new Promise(done => requestAnimationFrame(() => {{
               const out = [];
               const head = document.querySelector('.step-head').getBoundingClientRect();
               const foot = document.querySelector('.wizard-foot').getBoundingClientRect();
               const el = document.querySelector({css:?});
               if (!el) {{ done([{css:?} + ' is missing']); return; }}
               const r = el.getBoundingClientRect();
               if (r.height === 0 || r.top < head.bottom - 0.5 || r.bottom > foot.top + 0.5)
                 out.push(`${{{css:?}}} at ${{Math.round(r.top)}}-${{Math.round(r.bottom)}} is not in sight between the bars (${{Math.round(head.bottom)}}-${{Math.round(foot.top)}}) after the answer`);
               const a = document.activeElement;
               if (!a || a.id !== {focus:?})
                 out.push(`the focus is on ${{a ? (a.id || a.tagName) : 'nothing'}}, not on the answer {focus}`);
               done(out);
             }}));"
        );
        let mut problems = Vec::new();
        for _ in 0..30 {
            problems = self.problems(&script).await;
            if problems.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        problems
    }

    /// After Next is pressed at the bottom of a long screen with an answer missing: the error
    /// summary (`#step-error`), which takes the focus, must land whole between the sticky
    /// header and footer, not with its heading under the header (WCAG 2.2 2.4.11). The window
    /// is scrolled to its end first, Next clicked, and the summary's box measured once the
    /// page has settled.
    pub async fn error_summary_hidden(&self) -> Vec<String> {
        self.client
            .execute(
                "window.scrollTo(0, document.documentElement.scrollHeight);",
                vec![],
            )
            .await
            .unwrap();
        self.client
            .execute("document.getElementById('next').click();", vec![])
            .await
            .unwrap();
        self.wait_css("#step-error").await;
        self.problems(
            "return new Promise(done => setTimeout(() => requestAnimationFrame(() => {
               const out = [];
               const s = document.getElementById('step-error');
               if (!s) { done(['no error summary']); return; }
               const head = document.querySelector('.step-head').getBoundingClientRect();
               const foot = document.querySelector('.wizard-foot').getBoundingClientRect();
               const r = s.getBoundingClientRect();
               if (r.top < head.bottom - 0.5 || r.bottom > foot.top + 0.5)
                 out.push(`the error summary at ${Math.round(r.top)}-${Math.round(r.bottom)} is not in sight between the bars (${Math.round(head.bottom)}-${Math.round(foot.top)})`);
               if (document.activeElement !== s) out.push('the error summary does not have the focus');
               done(out);
             }), 400));",
        )
        .await
    }

    /// Follow the error summary's first link (as a click on it does, without WebDriver's own
    /// scrolling) and report what is cut: the field it leads to must be focused and in sight
    /// between the sticky bars, and the summary either whole in sight or scrolled away whole,
    /// never half under the sticky header (a red sliver with its heading hidden).
    pub async fn error_link_cuts_the_summary(&self) -> Vec<String> {
        self.problems(
            "const a = document.querySelector('#step-error-links li:not([hidden]) a');
             if (!a) return ['no link in the error summary'];
             const target = a.getAttribute('href').slice(1);
             a.click();
             return new Promise(done => setTimeout(() => requestAnimationFrame(() => {
               const out = [];
               const head = document.querySelector('.step-head').getBoundingClientRect();
               const foot = document.querySelector('.wizard-foot').getBoundingClientRect();
               const s = document.getElementById('step-error').getBoundingClientRect();
               const f = document.getElementById(target).getBoundingClientRect();
               if (s.top < head.bottom - 0.5 && s.bottom > head.bottom + 0.5)
                 out.push(`the error summary at ${Math.round(s.top)}-${Math.round(s.bottom)} is half under the header (its bottom ${Math.round(head.bottom)})`);
               if (f.top < head.bottom - 0.5 || f.bottom > foot.top + 0.5)
                 out.push(`the field #${target} at ${Math.round(f.top)}-${Math.round(f.bottom)} is not in sight between the bars (${Math.round(head.bottom)}-${Math.round(foot.top)})`);
               if (document.activeElement?.id !== target)
                 out.push(`the focus is on #${document.activeElement?.id}, not on #${target}`);
               done(out);
             }), 400));",
        )
        .await
    }

    /// The step list ticks a step the screen says is not done: when a step waits for another
    /// (`[data-blocked-by]`, "Gå til trin 4: …"), neither that step nor any after it may show
    /// as done. The folded list of a narrow window is opened for the look, and closed again.
    pub async fn step_list_lies(&self) -> Vec<String> {
        self.problems(
            "const out = [];
             const toggle = document.querySelector('#step-list-toggle[aria-expanded=false]');
             if (toggle) toggle.click();
             return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {
               const items = [...document.querySelectorAll('.stepper li[data-code]')];
               const codes = items.map(li => li.dataset.code);
               if (items.length === 0) out.push('no step list found');
               for (const b of document.querySelectorAll('section.step [data-blocked-by]')) {
                 const from = codes.indexOf(b.dataset.blockedBy);
                 if (from < 0) { out.push(`the screen waits for ${b.dataset.blockedBy || 'a step it does not name'}`); continue; }
                 for (const li of items.slice(from)) {
                   if (li.dataset.status === 'done')
                     out.push(`the list ticks ${li.dataset.code}, but the screen waits for ${b.dataset.blockedBy}`);
                 }
               }
               if (toggle) toggle.click();
               done(out);
             })));",
        )
        .await
    }

    /// The steps before the one on screen that the step list does not tick, as `code: status`
    /// (a step the answers pass over counts as ticked). A user who did those steps and comes
    /// back after a restart, or to a forgotten password, must find them ticked: "ikke færdig"
    /// beside them reads as "my work is lost" (s18 review, cross-cutting point).
    pub async fn unticked_before_current(&self) -> Vec<String> {
        let v = self
            .js(
                "const items = [...document.querySelectorAll('.stepper li[data-code]')];
                 const at = items.findIndex(li => li.dataset.status === 'current');
                 if (at < 0) return ['no step on screen in the step list'];
                 return items.slice(0, at)
                   .filter(li => li.dataset.status !== 'done' && li.dataset.status !== 'not_needed')
                   .map(li => `${li.dataset.code}: ${li.dataset.status}`);",
            )
            .await;
        strings(v)
    }

    /// The steps in the step list whose mark carries no word (issue 26: a step left once but
    /// not finished showed a bare ○): every step other than the one on screen and a plain ✓
    /// needs a word in sight beside its title ("ikke færdig", "låst", "sprunget over"), and
    /// every step a word for screen readers. Each entry is `code: what is missing`.
    pub async fn unlabelled_marks(&self) -> Vec<String> {
        let v = self
            .js("return [...document.querySelectorAll('.stepper .stepper-item')].flatMap(li => {
                   const st = li.dataset.status;
                   const words = el => !!el && el.textContent.trim() !== '';
                   const tags = [...li.querySelectorAll('.stepper-tag')];
                   const seen = tags.some(t => words(t) && t.getClientRects().length > 0);
                   const spoken = words(li.querySelector('.sr-only'))
                     || tags.some(t => words(t) && !t.closest('[aria-hidden=\"true\"]'));
                   const plain = st === 'current' || (st === 'done' && li.dataset.skipped !== 'yes');
                   const out = [];
                   if (!plain && !seen) out.push(`${li.dataset.code}: no word in sight (${st})`);
                   if (!spoken) out.push(`${li.dataset.code}: no word for screen readers (${st})`);
                   return out;
                 });")
            .await;
        serde_json::from_value(v).unwrap_or_default()
    }

    /// Tab through the screen from its top (up to 80 presses) and report every focused
    /// element of the step that the sticky header or footer covers: any overlap when the
    /// element fits between them, being hidden entirely when it does not (WCAG 2.2 2.4.11).
    /// The page's scroll position is restored afterwards.
    pub async fn focus_hidden(&self) -> Vec<String> {
        use fantoccini::key::Key;
        let start = self
            .client
            .execute(
                "const y = window.scrollY; document.activeElement?.blur(); \
                 window.scrollTo(0, 0); return y;",
                vec![],
            )
            .await
            .unwrap_or_default();
        let mut out = Vec::new();
        let mut first: Option<serde_json::Value> = None;
        for _ in 0..80 {
            let Ok(el) = self.client.active_element().await else {
                break;
            };
            if el.send_keys(&Key::Tab.to_string()).await.is_err() {
                break;
            }
            let f = self
                .client
                .execute_async(
                    r#"const done = arguments[arguments.length - 1];
                     const e = document.activeElement;
                     if (!e || e === document.body) { done(null); return; }
                     // The page scrolls the focused element into view; wait until it is still.
                     let last = null, still = 0, rounds = 0;
                     const settle = () => {
                       const now = JSON.stringify([e.getBoundingClientRect().top, window.scrollY]);
                       still = now === last ? still + 1 : 0;
                       last = now;
                       if (still >= 3 || ++rounds > 60) done(measure()); else requestAnimationFrame(settle);
                     };
                     const measure = () => {
                     const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                       ' "' + (e.textContent || e.value || '').trim().slice(0, 40) + '"';
                     const inStep = e.closest('section.step') && !e.closest('.step-head, .wizard-foot');
                     const r = e.getBoundingClientRect();
                     const head = document.querySelector('.step-head')?.getBoundingClientRect();
                     const foot = document.querySelector('.wizard-foot')?.getBoundingClientRect();
                     const top = head ? Math.max(0, head.bottom) : 0;
                     const bottom = foot ? Math.min(window.innerHeight, foot.top) : window.innerHeight;
                     let problem = null;
                     if (inStep && r.height > 0) {
                       const fits = r.height <= bottom - top;
                       const visible = Math.min(r.bottom, bottom) - Math.max(r.top, top);
                       if (fits && (r.top < top - 0.5 || r.bottom > bottom + 0.5))
                         problem = `${name} at ${Math.round(r.top)}-${Math.round(r.bottom)} is under the sticky ${r.top < top - 0.5 ? 'header (ends at ' + Math.round(top) : 'footer (starts at ' + Math.round(bottom)})`;
                       else if (!fits && visible <= 0)
                         problem = `${name} at ${Math.round(r.top)}-${Math.round(r.bottom)} is hidden by the sticky bars`;
                     }
                     return { key: name + '@' + Math.round(r.top + window.scrollY), problem };
                     };
                     requestAnimationFrame(settle);"#,
                    vec![],
                )
                .await
                .unwrap_or_default();
            if f.is_null() {
                continue;
            }
            // Once the focus comes round again, every element has been seen.
            if first.as_ref() == Some(&f["key"]) {
                break;
            }
            first.get_or_insert_with(|| f["key"].clone());
            if let Some(p) = f["problem"].as_str() {
                out.push(format!("focus hidden: {p}"));
            }
        }
        let _ = self
            .client
            .execute(
                "document.activeElement?.blur(); window.scrollTo(0, arguments[0]);",
                vec![start],
            )
            .await;
        out
    }

    /// The screen as it is now, saved for the Chromium replay: the page as HTML that draws
    /// without the app (`twin/capture.js`: field values written in, password fields as dots,
    /// scripts removed) and its layout figures (`twin/measure.js`), in `chromium/states/`.
    pub async fn save_state(&self, name: &str) {
        let dir = states_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let html = self
            .client
            .execute(TWIN_CAPTURE, vec![])
            .await
            .unwrap_or_else(|e| panic!("the page of {name} cannot be saved: {e}"));
        let metrics = self
            .client
            .execute(TWIN_MEASURE, vec![])
            .await
            .unwrap_or_else(|e| panic!("the layout of {name} cannot be measured: {e}"));
        std::fs::write(
            dir.join(format!("{name}.html")),
            html.as_str().expect("the page as text"),
        )
        .unwrap();
        std::fs::write(
            dir.join(format!("{name}.json")),
            serde_json::to_string_pretty(&metrics).unwrap(),
        )
        .unwrap();
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
        let dir = screenshots_dir();
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
        // Now and then (a few times in a full run on a loaded machine) the window's process
        // stays after the driver has closed its web view, idle in its event loop with no web
        // process, and keeps the name: the next start for the folder then handed itself over
        // to it and the test timed out creating the session (s19). Such a process is ended,
        // and the log says so.
        for signal in ["", "-TERM", "-KILL"] {
            let left = app_processes(&data_dir);
            if left.is_empty() {
                break;
            }
            if !signal.is_empty() {
                eprintln!(
                    "e2e: the app ({left:?}) did not end when its window closed; kill {signal}"
                );
                for pid in &left {
                    let _ = Command::new("kill")
                        .args([signal, &pid.to_string()])
                        .status();
                }
            }
            // 30 s for the window to end by itself (as before), 10 s after each signal.
            for _ in 0..if signal.is_empty() { 300 } else { 100 } {
                if app_processes(&data_dir).is_empty() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        // The bus drops the name when it has seen the connection close, which on a loaded
        // machine can come after the process is gone: a start in between would hand its
        // arguments to the ended window and end without one (seen once in CI).
        for _ in 0..100 {
            if !one_window_name_taken(&data_dir) {
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

impl App {
    /// Run a screen check written in JavaScript that returns a list of problems (strings).
    async fn problems(&self, script: &str) -> Vec<String> {
        let v = self.js(script).await;
        strings(v)
    }
}

fn strings(v: serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether the session bus still lists the one-window name of the app for `data_dir` (the
/// window derives it from the folder the same way: `dk.oces_wizard.app.d<hash>`, see
/// `single_instance` in the window's `lib.rs`). False when the bus cannot be asked.
pub fn one_window_name_taken(data_dir: &Path) -> bool {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    data_dir.as_os_str().hash(&mut h);
    let name = format!("dk.oces_wizard.app.d{:016x}", h.finish());
    std::process::Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.ListNames",
        ])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains(&name))
        .unwrap_or(false)
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
            .env_remove("WEBKIT_DISABLE_COMPOSITING_MODE")
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

/// The process id of the WebKit web process that draws the app window whose app-data folder
/// is `data_dir` (Linux: found in /proc). `None` when no such process is found.
fn web_process(data_dir: &Path) -> Option<String> {
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
            return Some(pid);
        }
    }
    None
}

/// A process's environment, from /proc.
fn env_of(pid: &str) -> Option<BTreeMap<String, String>> {
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
}

/// The environment of the WebKit web process that draws the app window whose app-data folder
/// is `data_dir` (Linux: read from /proc). `None` when no such process is found.
pub fn web_process_env(data_dir: &Path) -> Option<BTreeMap<String, String>> {
    env_of(&web_process(data_dir)?)
}

/// The names of the files that same web process has mapped (its libraries: `libEGL.so.1.1.0`,
/// …), from /proc. `None` when no such process is found.
pub fn web_process_files(data_dir: &Path) -> Option<std::collections::BTreeSet<String>> {
    let maps = std::fs::read_to_string(format!("/proc/{}/maps", web_process(data_dir)?)).ok()?;
    Some(
        maps.lines()
            .filter_map(|l| l.split_whitespace().nth(5))
            .filter_map(|p| p.rsplit('/').next())
            .map(String::from)
            .collect(),
    )
}

/// The memory areas of that same web process that are writable and executable at once
/// (`start-end perms`, from /proc), where JavaScriptCore's compilers put their code: none
/// when it runs without them. `None` when no such process is found.
pub fn web_process_writable_code(data_dir: &Path) -> Option<Vec<String>> {
    let maps = std::fs::read_to_string(format!("/proc/{}/maps", web_process(data_dir)?)).ok()?;
    Some(
        maps.lines()
            .filter_map(|l| {
                let mut f = l.split_whitespace();
                let (range, perms) = (f.next()?, f.next()?);
                (perms.contains('w') && perms.contains('x')).then(|| format!("{range} {perms}"))
            })
            .collect(),
    )
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

/// How far (CSS pixels) a landmark or the page's size may move between the engines before
/// the replay's report lists the state as drawn differently.
pub const TWIN_TOLERANCE_PX: i64 = 8;

/// How one screen drawn by Chromium compares with the same screen drawn by WebKit, from the
/// figures of `twin/measure.js` in both.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TwinVerdict {
    /// Chromium did not draw the screen that WebKit drew: another window size, another
    /// number of elements, a landmark that WebKit showed and Chromium does not, or another
    /// line length for paragraphs.
    pub broken: Vec<String>,
    /// Also broken: a sticky step head on more than one line in either engine (it must keep
    /// to one line in every window the tests use; on two it took a small window's height);
    /// the page showing between the sticky app bar and the step head; plain text that has the
    /// focus drawn with a frame, as a field; a step list mark underlined with its link.
    ///
    /// Drawn, but laid out differently: the page's size or a landmark's place or size moved
    /// by more than `TWIN_TOLERANCE_PX`, or text cut off in Chromium only.
    pub differs: Vec<String>,
}

/// Compare the layout figures of one screen in WebKit (`webkit`) and in Chromium.
pub fn compare_twins(webkit: &serde_json::Value, chromium: &serde_json::Value) -> TwinVerdict {
    use serde_json::Value;
    let mut v = TwinVerdict::default();
    let ints = |x: &Value| -> Vec<i64> {
        x.as_array()
            .map(|a| {
                a.iter()
                    .map(|n| n.as_f64().unwrap_or(0.0).round() as i64)
                    .collect()
            })
            .unwrap_or_default()
    };
    if ints(&webkit["viewport"]) != ints(&chromium["viewport"]) {
        v.broken.push(format!(
            "the window is {} in WebKit and {} in Chromium",
            webkit["viewport"], chromium["viewport"]
        ));
    }
    if webkit["elements"] != chromium["elements"] {
        v.broken.push(format!(
            "{} elements in WebKit, {} in Chromium",
            webkit["elements"], chromium["elements"]
        ));
    }
    // The longest line a paragraph may have (DKFDS's 66ch): an engine that takes the width
    // of a character from another font breaks every text elsewhere.
    if let (Some(a), Some(b)) = (webkit["measure"].as_f64(), chromium["measure"].as_f64()) {
        if (a - b).abs() > 0.5 {
            v.broken.push(format!(
                "a paragraph's lines may be {a} px long in WebKit, {b} px in Chromium"
            ));
        }
    }
    // The sticky step head keeps to one line: in WebKit, in Chromium as Windows shows it (with
    // a classic scroll bar, `shown`) and without the scroll bar.
    let head = |f: &Value| f["head_lines"].as_u64().unwrap_or(0);
    for (engine, lines) in [
        ("WebKit", head(webkit)),
        ("Chromium", head(&chromium["shown"]).max(head(chromium))),
    ] {
        if lines > 1 {
            v.broken.push(format!(
                "the sticky step head takes {lines} lines in {engine}, not one"
            ));
        }
    }
    // The sticky step head flush under the sticky app bar, plain text with the focus not
    // framed as a field, the step list's marks not underlined with their links: in WebKit and
    // in Chromium (as Windows shows it and without the scroll bar).
    let sides = [
        ("WebKit", webkit),
        ("Chromium", &chromium["shown"]),
        ("Chromium", chromium),
    ];
    let said = |what: String, v: &mut TwinVerdict| {
        if !v.broken.contains(&what) {
            v.broken.push(what);
        }
    };
    for (engine, f) in sides {
        if let Some(gap) = f["head_gap"].as_f64().filter(|g| *g > 0.01) {
            said(
                format!(
                    "the page shows through a {gap} px strip between the app bar and the sticky step head in {engine}"
                ),
                &mut v,
            );
        }
        if let Some(text) = f["focus_frame"].as_str() {
            said(
                format!("plain text with the focus is framed as a field in {engine}: {text}"),
                &mut v,
            );
        }
        let marks: Vec<&str> = f["underlined_marks"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if !marks.is_empty() {
            said(
                format!(
                    "the step list's mark is underlined with its link in {engine}: {}",
                    marks.join(", ")
                ),
                &mut v,
            );
        }
    }
    let (wp, cp) = (ints(&webkit["page"]), ints(&chromium["page"]));
    for (i, what) in ["width", "height"].iter().enumerate() {
        if let (Some(a), Some(b)) = (wp.get(i), cp.get(i)) {
            if (a - b).abs() > TWIN_TOLERANCE_PX {
                v.differs.push(format!(
                    "the page's {what}: {a} px in WebKit, {b} px in Chromium"
                ));
            }
        }
    }
    if let Some(rects) = webkit["rects"].as_object() {
        for (sel, w) in rects {
            let c = &chromium["rects"][sel];
            match (w.is_null(), c.is_null()) {
                (true, _) => {}
                (false, true) => v
                    .broken
                    .push(format!("{sel} is shown in WebKit, not in Chromium")),
                (false, false) => {
                    let (a, b) = (ints(w), ints(c));
                    if a.len() != b.len()
                        || a.iter()
                            .zip(&b)
                            .any(|(x, y)| (x - y).abs() > TWIN_TOLERANCE_PX)
                    {
                        v.differs.push(format!(
                            "{sel}: at ({}, {}) {}×{} in WebKit, at ({}, {}) {}×{} in Chromium",
                            a.first().unwrap_or(&0),
                            a.get(1).unwrap_or(&0),
                            a.get(2).unwrap_or(&0),
                            a.get(3).unwrap_or(&0),
                            b.first().unwrap_or(&0),
                            b.get(1).unwrap_or(&0),
                            b.get(2).unwrap_or(&0),
                            b.get(3).unwrap_or(&0),
                        ));
                    }
                }
            }
        }
    }
    let before: Vec<&Value> = webkit["problems"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    for p in chromium["problems"].as_array().into_iter().flatten() {
        if !before.contains(&p) {
            v.differs.push(format!(
                "in Chromium only: {}",
                p.as_str().unwrap_or_default()
            ));
        }
    }
    v
}

pub use testkit::{
    cug_page, oces3_test_p12, openssl, self_signed, server_cert, signed_by, TlsServer,
};

#[cfg(test)]
mod tests {
    fn figures(next_top: i64, height: i64) -> serde_json::Value {
        serde_json::json!({
            "measure": 633.6, "viewport": [1024, 768], "dpr": 1, "scroll": [0, 0], "page": [1024, height],
            "elements": 120,
            "rects": { "#next": [800, next_top, 90, 40], "h1": [200, 100, 500, 40], "#back": null },
            "problems": ["button#copy cuts off its text"],
        })
    }

    #[test]
    fn the_same_figures_are_the_same_screen() {
        let w = figures(700, 900);
        assert_eq!(super::compare_twins(&w, &w), super::TwinVerdict::default());
        // Within the tolerance.
        let v = super::compare_twins(&w, &figures(706, 905));
        assert_eq!(v, super::TwinVerdict::default());
    }

    #[test]
    fn a_moved_button_or_a_longer_page_is_listed() {
        let v = super::compare_twins(&figures(700, 900), &figures(740, 1000));
        assert!(v.broken.is_empty(), "{v:?}");
        assert_eq!(v.differs.len(), 2, "{v:?}");
        assert!(v.differs[0].starts_with("the page's height: 900 px in WebKit, 1000 px"));
        assert!(v.differs[1].starts_with("#next: at (800, 700) 90×40 in WebKit, at (800, 740)"));
    }

    #[test]
    fn a_missing_landmark_another_window_or_new_cut_text_is_caught() {
        let w = figures(700, 900);
        let mut c = w.clone();
        c["rects"]["#next"] = serde_json::Value::Null;
        c["viewport"] = serde_json::json!([1024, 700]);
        c["elements"] = serde_json::json!(119);
        c["measure"] = serde_json::json!(672.2);
        c["problems"] = serde_json::json!([
            "button#copy cuts off its text",
            "the page is wider than the window"
        ]);
        let v = super::compare_twins(&w, &c);
        assert_eq!(v.broken.len(), 4, "{v:?}");
        assert!(v
            .broken
            .iter()
            .any(|b| b.starts_with("a paragraph's lines may be 633.6 px")));
        assert!(v
            .broken
            .iter()
            .any(|b| b == "#next is shown in WebKit, not in Chromium"));
        assert_eq!(
            v.differs,
            vec!["in Chromium only: the page is wider than the window"]
        );
    }

    #[test]
    fn a_step_head_on_two_lines_is_caught_in_either_engine() {
        let mut w = figures(700, 900);
        w["head_lines"] = serde_json::json!(1);
        let mut c = w.clone();
        c["shown"] = serde_json::json!({ "head_lines": 2 });
        let v = super::compare_twins(&w, &c);
        assert_eq!(
            v.broken,
            vec!["the sticky step head takes 2 lines in Chromium, not one"]
        );
        // Without the scroll bar too, and in WebKit; a screen without a step head is fine.
        c["shown"] = serde_json::json!({ "head_lines": 1 });
        c["head_lines"] = serde_json::json!(3);
        w["head_lines"] = serde_json::json!(2);
        let v = super::compare_twins(&w, &c);
        assert_eq!(
            v.broken,
            vec![
                "the sticky step head takes 2 lines in WebKit, not one",
                "the sticky step head takes 3 lines in Chromium, not one"
            ]
        );
        w["head_lines"] = serde_json::Value::Null;
        c["head_lines"] = serde_json::Value::Null;
        assert_eq!(super::compare_twins(&w, &c), super::TwinVerdict::default());
    }

    #[test]
    fn a_gap_above_the_step_head_a_framed_text_or_an_underlined_mark_is_caught() {
        let mut w = figures(700, 900);
        w["head_gap"] = serde_json::json!(0);
        w["focus_frame"] = serde_json::Value::Null;
        w["underlined_marks"] = serde_json::json!([]);
        let mut c = w.clone();
        // Tucked under the bar is flush; no step head stuck, no focus: nothing to say.
        c["head_gap"] = serde_json::json!(-0.67);
        c["shown"] = serde_json::json!({ "head_gap": null });
        assert_eq!(super::compare_twins(&w, &c), super::TwinVerdict::default());
        c["head_gap"] = serde_json::json!(0.33);
        c["shown"] = serde_json::json!({
            "head_gap": 0.33,
            "focus_frame": "p#unlock-status \"The file is unlocked.\"",
        });
        w["underlined_marks"] = serde_json::json!(["DMS-3", "DMS-4"]);
        let v = super::compare_twins(&w, &c);
        assert_eq!(
            v.broken,
            vec![
                "the step list's mark is underlined with its link in WebKit: DMS-3, DMS-4",
                "the page shows through a 0.33 px strip between the app bar and the sticky step head in Chromium",
                "plain text with the focus is framed as a field in Chromium: p#unlock-status \"The file is unlocked.\"",
            ]
        );
        assert!(v.differs.is_empty(), "{v:?}");
    }

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
