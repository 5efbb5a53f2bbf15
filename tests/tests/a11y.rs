//! Accessibility in the real window: axe-core (WCAG 2.1 A/AA and best practices) on every
//! screen of every flow, in both languages, plus START-1 and the two tools; and a keyboard-only
//! walk from START-1 into the CUG flow (Tab, Enter, Space, Escape), with the focus visible.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use e2e::{App, Launch};
use fantoccini::key::Key;
use oces_core::flow::FlowId;
use oces_core::wizard::{Answer, FlowProgress, Outcome, WizardState};
use std::path::Path;

/// A saved progress in which every step of `flow` is done and every conditional step applies,
/// so the stepper opens each screen.
fn everything_open(flow: FlowId) -> WizardState {
    let def = flow.def();
    let mut p = FlowProgress {
        current: def.steps[0].code.to_string(),
        ..FlowProgress::default()
    };
    for s in def.steps {
        p.completed.insert(s.code.to_string(), Outcome::Done);
        if let Some(c) = s.when {
            for (id, v) in c.0 {
                p.answers
                    .insert(id.to_string(), Answer::Text(v.to_string()));
            }
        }
    }
    let mut w = WizardState::default();
    w.choose_flow(flow);
    w.flows.insert(flow, p);
    w
}

async fn start(test: &str, data: &Path, lang: &str) -> App {
    App::start(Launch {
        test,
        data_dir: data,
        lang,
        home: None,
    })
    .await
}

#[tokio::test]
async fn every_screen_of_every_flow_passes_axe() {
    for (flow, lang) in [
        (FlowId::Cug, "da_DK.UTF-8"),
        (FlowId::Dms, "en_US.UTF-8"),
        (FlowId::Stil, "da_DK.UTF-8"),
        (FlowId::Cug, "en_US.UTF-8"),
    ] {
        let data = tempfile::tempdir().unwrap();
        std::fs::write(
            data.path().join("progress.json"),
            serde_json::to_vec(&everything_open(flow)).unwrap(),
        )
        .unwrap();
        let app = start("a11y", data.path(), lang).await;
        app.click("#resume-continue").await;
        for s in flow.def().steps {
            // The current step is not a link; every other one is.
            let link = format!(".stepper li[data-code='{}'] button", s.code);
            if app.exists(&link).await {
                app.click(&link).await;
            }
            app.expect_step(s.code).await;
            app.axe(&format!("{}-{lang}", s.code)).await;
        }
        app.quit().await;
    }
    // START-1 and the tools.
    let data = tempfile::tempdir().unwrap();
    let app = start("a11y", data.path(), "da_DK.UTF-8").await;
    app.axe("START-1").await;
    app.click("#tool-inspect").await;
    app.axe("INSPECT-1").await;
    app.click("#inspect-close").await;
    app.click("#tool-support").await;
    app.axe("SUPPORT-1").await;
    app.quit().await;
}

/// The element that has the focus: its id, tag and whether a focus outline shows.
async fn focused(app: &App) -> serde_json::Value {
    app.client
        .execute(
            "const e = document.activeElement;
             const s = getComputedStyle(e);
             return { id: e.id, tag: e.tagName.toLowerCase(), text: (e.textContent || '').trim().slice(0, 60),
                      visible: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
                               || s.boxShadow !== 'none' };",
            vec![],
        )
        .await
        .unwrap()
}

/// Press Tab until the focus is on an element matching `pred`; fail after 60 presses.
async fn tab_to(app: &App, what: &str, pred: impl Fn(&serde_json::Value) -> bool) {
    for _ in 0..60 {
        app.client
            .active_element()
            .await
            .unwrap()
            .send_keys(&Key::Tab.to_string())
            .await
            .unwrap();
        let f = focused(app).await;
        if pred(&f) {
            assert_eq!(f["visible"], true, "focus on {what} is visible: {f}");
            return;
        }
    }
    panic!("Tab never reached {what}");
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
async fn keyboard_only_from_start_into_the_cug_flow() {
    let data = tempfile::tempdir().unwrap();
    let app = start("keyboard", data.path(), "en_US.UTF-8").await;
    // START-1: Tab to the CUG flow and press Enter.
    tab_to(&app, "the CUG flow", |f| {
        f["text"].as_str().unwrap_or_default().contains("DKMAnet")
    })
    .await;
    press(&app, Key::Enter).await;
    app.expect_step("CUG-1").await;
    // CUG-1: tick both required boxes with Space, then Next with Enter.
    for id in ["answer-cug_guide_email", "answer-cug_install_code"] {
        tab_to(&app, id, |f| f["id"] == id).await;
        press(&app, Key::Space).await;
    }
    tab_to(&app, "Next", |f| f["id"] == "next").await;
    press(&app, Key::Enter).await;
    app.expect_step("CUG-2").await;
    // "Get help" opens with Enter and closes with Escape; the focus returns to the button.
    tab_to(&app, "Get help", |f| f["id"] == "get-help").await;
    press(&app, Key::Enter).await;
    app.wait_css("#help-dialog[open]").await;
    press(&app, Key::Escape).await;
    for _ in 0..50 {
        if !app.exists("#help-dialog[open]").await {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        !app.exists("#help-dialog[open]").await,
        "Escape closes the dialog"
    );
    assert_eq!(focused(&app).await["id"], "get-help");
    // Back with the keyboard, too.
    tab_to(&app, "Back", |f| f["id"] == "back").await;
    press(&app, Key::Enter).await;
    app.expect_step("CUG-1").await;
    app.quit().await;
}
