//! End-to-end: "Få hjælp" (issue 26.5). The button stays in sight in the sticky header on a
//! long step; it opens a side panel at the window's right edge that shows, in this order, what
//! usually goes wrong on this step, whom to call for the flow, what to read out on the phone
//! (where the user is stands out, the code is small and unboxed), and the report, folded. The
//! keyboard stays inside while it is open, Escape closes it, the focus goes back to the button,
//! and axe finds nothing. (The company's helpdesk in the panel: `policy.rs`.)
#![allow(clippy::expect_used, clippy::unwrap_used)]

use e2e::{texts, App, Launch};
use fantoccini::key::Key;

async fn js(app: &App, script: &str) -> serde_json::Value {
    app.client.execute(script, vec![]).await.unwrap()
}

async fn press(app: &App, key: Key) {
    app.client
        .active_element()
        .await
        .unwrap()
        .send_keys(&key.to_string())
        .await
        .unwrap();
}

#[tokio::test]
async fn get_help_opens_a_side_panel_with_the_steps_help_first() {
    let data = tempfile::tempdir().unwrap();
    let da = texts("da");
    let mut app = App::start(Launch {
        test: "help",
        data_dir: data.path(),
        lang: "da_DK.UTF-8",
        home: None,
    })
    .await;
    app.choose_flow("cug").await;
    app.tick("cug_guide_email").await;
    app.tick("cug_install_code").await;
    app.click("#next").await;
    app.expect_step("CUG-2").await;
    let code = app.text("#support-code .mono").await;

    // 1366x768 at 150 %: the page scrolls, and "Få hjælp" stays in sight in the header.
    app.viewport(911, 512).await;
    js(
        &app,
        "window.scrollTo(0, document.body.scrollHeight); return true;",
    )
    .await;
    let place = js(
        &app,
        "const r = document.getElementById('get-help').getBoundingClientRect(); \
         return [window.scrollY, r.top, r.bottom, window.innerHeight];",
    )
    .await;
    assert!(
        place[0].as_f64().unwrap() > 0.0,
        "the page scrolled: {place}"
    );
    assert!(
        place[1].as_f64().unwrap() >= 0.0 && place[2].as_f64().unwrap() <= 512.0,
        "“Få hjælp” is in sight after scrolling: {place}"
    );
    // The step's own header (where the user is, the code) is not hidden under it.
    let under = js(
        &app,
        "const a = document.querySelector('.app-header').getBoundingClientRect(); \
         const s = document.getElementById('step-head').getBoundingClientRect(); \
         return s.top >= a.bottom - 1;",
    )
    .await;
    assert_eq!(
        under,
        serde_json::json!(true),
        "the step's header sits under the app's"
    );

    // Opened with the keyboard from the header.
    js(
        &app,
        "document.getElementById('get-help').focus(); return true;",
    )
    .await;
    press(&app, Key::Enter).await;
    app.wait_css("#help-dialog[open]").await;
    app.wait_css("#help-tips").await;
    // A side panel at the right edge, the step still in sight beside it.
    let panel = js(
        &app,
        "const r = document.getElementById('help-dialog').getBoundingClientRect(); \
         return [r.left, r.right, document.documentElement.clientWidth, r.top, r.bottom];",
    )
    .await;
    let (left, right, width) = (
        panel[0].as_f64().unwrap(),
        panel[1].as_f64().unwrap(),
        panel[2].as_f64().unwrap(),
    );
    assert!(
        (right - width).abs() < 1.0 && left > 100.0,
        "a panel at the right edge: {panel}"
    );
    // Both ways to close are in sight without scrolling inside the panel.
    for id in ["help-close-top", "help-close"] {
        let r = js(
            &app,
            &format!(
                "const r = document.getElementById('{id}').getBoundingClientRect(); \
                 return r.top >= 0 && r.bottom <= window.innerHeight;"
            ),
        )
        .await;
        assert_eq!(r, serde_json::json!(true), "{id} is in sight");
    }

    // The order: the step's help, whom to call, the code, the report (folded).
    let order = js(
        &app,
        "return [...document.querySelectorAll('#help-dialog #help-tips, #help-dialog #help-contacts, \
         #help-dialog #help-code, #help-dialog #help-report-fold')].map(e => e.id);",
    )
    .await;
    assert_eq!(
        order,
        serde_json::json!([
            "help-tips",
            "help-contacts",
            "help-code",
            "help-report-fold"
        ])
    );
    // What usually goes wrong on this step, from the locale files.
    let first_tip = app.text("#help-tips details[data-tip='1'] summary").await;
    assert_eq!(first_tip, da["help.step.CUG-2.1.q"]);
    app.click("#help-tips details[data-tip='2'] summary").await;
    let answer = app
        .text("#help-tips details[data-tip='2'] .details-text")
        .await;
    assert!(
        answer.contains("Mozilla Firefox eller Google Chrome"),
        "{answer}"
    );
    // Whom to call: the authority as its guide names it; no company helpdesk without a policy.
    let authority = app.text("#help-authority").await;
    assert!(
        authority.contains(&da["help.contact.cug.name"]) && authority.contains("dkmanet@dkma.dk"),
        "{authority}"
    );
    assert!(!app.exists("#help-helpdesk").await);
    // What to read out: where the user is stands out; the code is light, in the header's form.
    assert_eq!(
        app.text("#help-where").await,
        "Trin 2 af 10: Åbn linket i e-mailen fra Lægemiddelstyrelsen"
    );
    assert_eq!(
        app.text("#help-phone-code").await,
        format!("Kode til supporten: CUG-2 · {code}")
    );
    let weight = js(
        &app,
        "const w = getComputedStyle(document.getElementById('help-where')); \
         const c = getComputedStyle(document.getElementById('help-phone-code')); \
         return [parseInt(w.fontWeight), parseFloat(w.fontSize), parseInt(c.fontWeight), \
                 parseFloat(c.fontSize), c.borderTopStyle, parseFloat(c.borderTopWidth)];",
    )
    .await;
    assert!(
        weight[0].as_i64().unwrap() >= 700
            && weight[1].as_f64().unwrap() > weight[3].as_f64().unwrap()
            && weight[2].as_i64().unwrap() < 700,
        "the step stands out, the code is light: {weight}"
    );
    assert!(
        weight[4] == "none" || weight[5].as_f64().unwrap() == 0.0,
        "the code has no box: {weight}"
    );
    // The report is there, folded.
    let folded = js(
        &app,
        "const r = document.getElementById('help-report'); \
         const f = document.getElementById('help-report-fold'); \
         return [f.open, f.getBoundingClientRect().height, r.getBoundingClientRect().height];",
    )
    .await;
    // (A closed fold's content may still be measured; the fold itself is as high as its title.)
    assert!(
        folded[0] == false && folded[1].as_f64().unwrap() < folded[2].as_f64().unwrap(),
        "the report is folded: {folded}"
    );
    let report = app.value_of("#help-report").await;
    assert!(report.contains(&code), "{report}");
    app.axe("help panel").await;
    app.shot("help-panel").await;

    // The keyboard stays inside the panel while it is open, both ways round.
    for _ in 0..36 {
        press(&app, Key::Tab).await;
        let inside = js(
            &app,
            "return document.getElementById('help-dialog').contains(document.activeElement);",
        )
        .await;
        assert_eq!(inside, serde_json::json!(true), "the focus left the panel");
    }
    for _ in 0..12 {
        app.client
            .active_element()
            .await
            .unwrap()
            .send_keys(&format!("{}{}", Key::Shift, Key::Tab))
            .await
            .unwrap();
        let inside = js(
            &app,
            "return document.getElementById('help-dialog').contains(document.activeElement);",
        )
        .await;
        assert_eq!(inside, serde_json::json!(true), "Shift+Tab left the panel");
    }

    // Escape closes it, and the focus is back on the button.
    press(&app, Key::Escape).await;
    let mut gone = false;
    for _ in 0..50 {
        gone = !app.exists("#help-dialog[open]").await;
        if gone {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(gone, "Escape closes the panel");
    let focus = js(&app, "return document.activeElement.id;").await;
    assert_eq!(focus, serde_json::json!("get-help"));
    app.quit().await;
}

/// Where an element is against the panel body's visible area and the window: `[top, bottom,
/// body top, body bottom, window height]`, or null when it is missing.
async fn box_in_panel(app: &App, id: &str) -> serde_json::Value {
    js(
        app,
        &format!(
            "const e = document.getElementById('{id}'); if (!e) return null; \
             const r = e.getBoundingClientRect(); \
             const b = document.querySelector('#help-dialog .help-panel-body').getBoundingClientRect(); \
             return [r.top, r.bottom, b.top, b.bottom, window.innerHeight, r.height];"
        ),
    )
    .await
}

fn in_sight(b: &serde_json::Value) -> bool {
    let f = |i: usize| b[i].as_f64().unwrap_or(f64::NAN);
    !b.is_null() && f(5) > 0.0 && f(0) >= f(2) - 0.5 && f(1) <= f(3) + 0.5 && f(1) <= f(4)
}

/// 1366×768 at 150 % (911×512): with the step's questions folded, whom to call (the
/// authority's e-mail and telephone) and the code to read out are in sight in the panel
/// without scrolling it; the code is large. (Issue 26.5 and 26.7.)
#[tokio::test]
async fn get_help_shows_whom_to_call_without_scrolling_at_911x512() {
    let data = tempfile::tempdir().unwrap();
    let mut app = App::start(Launch {
        test: "help-small",
        data_dir: data.path(),
        lang: "da_DK.UTF-8",
        home: None,
    })
    .await;
    app.viewport(1280, 800).await;
    app.shot("start-1280").await;
    app.viewport(911, 512).await;
    app.shot("start-911").await;
    app.viewport(1280, 800).await;
    app.choose_flow("dms").await;
    app.expect_step("DMS-1").await;
    app.viewport(911, 512).await;
    app.click("#get-help").await;
    app.wait_css("#help-dialog[open]").await;
    app.wait_css("#help-tips").await;
    app.shot("help-dms-911").await;
    for id in [
        "help-authority-email",
        "help-authority-phone",
        "help-phone-code-value",
    ] {
        let b = box_in_panel(&app, id).await;
        assert!(in_sight(&b), "{id} is in sight without scrolling: {b}");
    }
    app.quit().await;
}
