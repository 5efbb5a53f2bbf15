//! Every screen the end-to-end run saw, drawn again by Chromium: on Windows the window is Edge
//! WebView2, a Chromium engine, while the end-to-end tests drive WebKitGTK. This replaces no
//! real-window test; it shows what Windows users get.
//!
//! The end-to-end run saves, beside each screenshot, the screen as a page that draws without
//! the app (`chromium/states/<name>.html`: the same elements, classes, texts and field values,
//! password fields as dots, no scripts) and WebKit's layout figures of it (`<name>.json`, from
//! `src/twin/measure.js`). This test serves those pages with the UI's built style sheets and
//! fonts (`ui/dist`) from a local server, opens each in headless Chromium (Debian's `chromium`
//! through `chromedriver`) at the window size WebKit had, at 100 % and at 150 % scaling, saves
//! `chromium/<name>@100.png` and `@150.png`, measures it with the same script and writes
//! `chromium/report.txt`: which screens are laid out differently, and how.
//!
//! It fails when a screenshot has no saved screen, or a screen cannot be drawn (a style sheet
//! or font missing, another window size, fewer elements, a landmark WebKit shows and Chromium
//! does not, a screenshot of the wrong size), and when the sticky step head takes more than one
//! line in either engine (in Chromium it broke in two and took a small window's height on
//! Windows), when the page shows between the sticky app bar and the step head, when plain text
//! that has the focus is framed as a field, and when a step list mark is underlined with its
//! link. Other layout differences are listed, not failed.
//!
//! Run after the end-to-end tests (scripts/test.sh does):
//! `cargo test -p e2e --test chromium -- --ignored --nocapture`.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use e2e::{compare_twins, screenshots_dir, states_dir, TWIN_MEASURE, TWIN_PREPARE};
use fantoccini::{Client, ClientBuilder};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process that is ended when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

async fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            Instant::now() < deadline,
            "{what} does not listen on port {port} after 20 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The names of the end-to-end run's screenshots (without `.png`), sorted.
fn screenshot_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .filter_map(|e| {
                    e.file_name()
                        .to_str()
                        .and_then(|n| n.strip_suffix(".png"))
                        .map(String::from)
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Width and height of a PNG (from its header).
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[..8] != b"\x89PNG\r\n\x1a\n" {
        return None;
    }
    let n = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    Some((n(16), n(20)))
}

/// A headless Chromium session at one scaling (`scale` in per cent).
async fn chromium(driver_port: u16, scale: u32, profile: &Path) -> Client {
    let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let caps: serde_json::Map<String, serde_json::Value> =
        serde_json::from_value(serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-extensions",
                    "--no-first-run",
                    "--lang=da-DK",
                    format!("--force-device-scale-factor={}", f64::from(scale) / 100.0),
                    format!("--user-data-dir={}", profile.display()),
                ],
            }
        }))
        .unwrap();
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .unwrap_or_else(|e| panic!("no Chromium session from chromedriver: {e}"))
}

/// A Chrome DevTools command, sent through chromedriver (`goog/cdp/execute`).
#[derive(Debug)]
struct Cdp(&'static str, serde_json::Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.0, "params": self.1 });
        (http::Method::POST, Some(body.to_string()))
    }
}

async fn cdp(c: &Client, cmd: &'static str, params: serde_json::Value) {
    c.issue_cmd(Cdp(cmd, params))
        .await
        .unwrap_or_else(|e| panic!("DevTools {cmd}: {e}"));
}

/// Make the page exactly `w`×`h` CSS pixels at `scale` per cent (a headless window's size
/// snaps to whole device pixels, so the page is sized as DevTools' device mode does).
async fn viewport(c: &Client, w: i64, h: i64, scale: u32) {
    cdp(
        c,
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({
            "width": w, "height": h, "deviceScaleFactor": f64::from(scale) / 100.0, "mobile": false,
        }),
    )
    .await;
}

#[tokio::test]
#[ignore = "runs after the end-to-end tests, on their saved screens (scripts/test.sh)"]
async fn every_screen_of_the_end_to_end_run_draws_in_chromium() {
    let shots = screenshots_dir();
    let states = states_dir();
    let names = screenshot_names(&shots);
    assert!(
        !names.is_empty(),
        "no screenshots in {shots:?}: run the end-to-end tests first"
    );
    let out = shots.join("chromium");
    std::fs::create_dir_all(&out).unwrap();
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist");
    assert!(
        dist.join("assets").is_dir(),
        "{dist:?} has no assets: build the UI (npm run build) that the end-to-end run used"
    );

    // The server's root: the UI's assets where the pages ask for them (/assets/…), and the
    // saved screens under /states/.
    let root = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        dist.join("assets").canonicalize().unwrap(),
        root.path().join("assets"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        states.canonicalize().expect("the saved screens"),
        root.path().join("states"),
    )
    .unwrap();
    let http_port = e2e::base_port() + 96;
    let driver_port = e2e::base_port() + 97;
    let _server = Running(
        Command::new("python3")
            .args([
                "-m",
                "http.server",
                "--bind",
                "127.0.0.1",
                &http_port.to_string(),
            ])
            .current_dir(root.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 (the pages' server)"),
    );
    let _driver = Running(
        Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver not found (Debian package chromium-driver)"),
    );
    wait_for_port(http_port, "the pages' server").await;
    wait_for_port(driver_port, "chromedriver").await;

    let mut broken: Vec<String> = Vec::new();
    let mut differs = 0usize;
    let mut report = format!(
        "Every screen of the end-to-end run (WebKitGTK) drawn by Chromium at 100 % and 150 %.\n\
         Listed: a page size or landmark that moved more than {} CSS px, text cut off in Chromium only.\n\n",
        e2e::TWIN_TOLERANCE_PX
    );
    let started = Instant::now();
    for scale in [100u32, 150] {
        let profile = tempfile::tempdir().unwrap();
        let c = chromium(driver_port, scale, profile.path()).await;
        for name in &names {
            let problem = |what: String| format!("{name} at {scale} %: {what}");
            let (Ok(webkit), true) = (
                std::fs::read_to_string(states.join(format!("{name}.json"))),
                states.join(format!("{name}.html")).is_file(),
            ) else {
                broken.push(problem(
                    "no saved screen (the harness's shot() saves one)".into(),
                ));
                continue;
            };
            let webkit: serde_json::Value = serde_json::from_str(&webkit).unwrap();
            let (w, h) = (
                webkit["viewport"][0].as_i64().unwrap_or(0),
                webkit["viewport"][1].as_i64().unwrap_or(0),
            );
            viewport(&c, w, h, scale).await;
            c.goto(&format!("http://127.0.0.1:{http_port}/states/{name}.html"))
                .await
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let scroll = webkit["scroll"].clone();
            let ready = c
                .execute_async(TWIN_PREPARE, vec![scroll])
                .await
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            if ready["sheets"] != ready["loaded"] || ready["sheets"].as_u64() == Some(0) {
                broken.push(problem(format!(
                    "{} of {} style sheets loaded (is ui/dist the build the run used?)",
                    ready["loaded"], ready["sheets"]
                )));
            }
            if ready["fonts"] != "loaded" {
                broken.push(problem(format!("the fonts are {}", ready["fonts"])));
            }
            // As Windows 10 shows it: a classic scroll bar that takes its width from the page.
            let shown = c.execute(TWIN_MEASURE, vec![]).await.unwrap();
            let png = c.screenshot().await.expect("screenshot");
            // The layout compared with WebKit's, whose GTK scroll bars lie over the page: with
            // the scroll bar's room given back, what differs is the engines' doing. What is cut
            // off is taken from the page as shown.
            // (The scroll position again: Chromium's scroll anchoring moves it with the page.)
            let overlay = "const s = document.createElement('style'); s.id = 'twin-overlay'; \
                 s.textContent = 'html { scrollbar-width: none; }'; document.head.append(s); \
                 window.scrollTo({ left: arguments[0][0], top: arguments[0][1], behavior: 'instant' });";
            c.execute(overlay, vec![webkit["scroll"].clone()])
                .await
                .unwrap();
            let mut figures = c.execute(TWIN_MEASURE, vec![]).await.unwrap();
            c.execute("document.getElementById('twin-overlay').remove();", vec![])
                .await
                .unwrap();
            figures["problems"] = shown["problems"].clone();
            figures["shown"] = shown;
            let want = (
                (w as f64 * f64::from(scale) / 100.0).round() as u32,
                (h as f64 * f64::from(scale) / 100.0).round() as u32,
            );
            match png_size(&png) {
                Some(got) if got == want => {}
                got => broken.push(problem(format!(
                    "the screenshot is {got:?}, not {want:?} pixels"
                ))),
            }
            std::fs::write(out.join(format!("{name}@{scale}.png")), &png).unwrap();
            std::fs::write(
                states.join(format!("{name}@{scale}.json")),
                serde_json::to_string_pretty(&figures).unwrap(),
            )
            .unwrap();
            let v = compare_twins(&webkit, &figures);
            broken.extend(v.broken.iter().map(|b| problem(b.clone())));
            if !v.differs.is_empty() || !v.broken.is_empty() {
                differs += usize::from(!v.differs.is_empty());
                report.push_str(&format!("{name} at {scale} %:\n"));
                for d in v.broken.iter().chain(&v.differs) {
                    report.push_str(&format!("  {d}\n"));
                }
            }
        }
        let _ = c.close().await;
    }
    report.push_str(&format!(
        "\n{} screens, {} drawings; {differs} laid out differently, {} broken.\n",
        names.len(),
        2 * names.len(),
        broken.len()
    ));
    std::fs::write(out.join("report.txt"), &report).unwrap();
    print!("{report}");
    println!(
        "chromium: {} screens at 100 % and 150 % in {:.1} s, in {:?}",
        names.len(),
        started.elapsed().as_secs_f64(),
        PathBuf::from(&out)
    );
    assert!(
        broken.is_empty(),
        "screens Chromium could not draw as WebKit did:\n{}",
        broken.join("\n")
    );
}
