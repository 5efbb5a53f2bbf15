//! Accessibility in the real window: axe-core (WCAG 2.1 A/AA and best practices) on every
//! screen of every flow, in both languages, plus START-1 and the two tools; and a keyboard-only
//! walk from START-1 to CUG-10 (Tab, Enter, Space, Escape), with the focus visible and every
//! result announced (inside an ARIA live region).
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
            app.open_from_list(s.code).await;
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
    app.open_support_view().await;
    app.axe("SUPPORT-1").await;
    app.quit().await;
}

/// The way forward stays in sight: on every screen of every flow, at 1024×768 (the window's
/// size) and at 1366×768 with 150 % scaling (911×512 CSS pixels), the step code and Next are
/// wholly in the window and not covered, with the page scrolled to the top and to the bottom,
/// nothing sticks out sideways, and axe stays clean.
#[tokio::test]
async fn the_way_forward_stays_in_sight_on_small_screens() {
    let mut problems = Vec::new();
    for flow in [FlowId::Cug, FlowId::Dms, FlowId::Stil] {
        let data = tempfile::tempdir().unwrap();
        std::fs::write(
            data.path().join("progress.json"),
            serde_json::to_vec(&everything_open(flow)).unwrap(),
        )
        .unwrap();
        let mut app = start("small", data.path(), "da_DK.UTF-8").await;
        app.click("#resume-continue").await;
        for (w, h) in [(1024, 768), (911, 512)] {
            app.viewport(w, h).await;
            // Below about 1000 px the step list folds into the header ("Trin 1 af 10 ▾"):
            // no blank column beside the step. From 1000 px it stands beside the step.
            let folded = app.exists("#step-list-toggle").await;
            let beside = app.exists("nav.stepper").await;
            if w < 1000 {
                assert!(folded && !beside, "{flow:?} at {w}: the list is folded");
                let toggle = app.text("#step-list-toggle").await;
                assert!(
                    toggle.starts_with("Trin ") && toggle.ends_with('▾'),
                    "{toggle}"
                );
                let left = app.js("return document.querySelector('section.step').getBoundingClientRect().left").await;
                assert!(
                    left.as_f64().unwrap_or(999.0) < 60.0,
                    "the step starts at {left} px"
                );
                // Opened, it lists the steps; Escape folds it again.
                app.click("#step-list-toggle").await;
                assert!(app.exists("#step-list-panel nav.stepper").await);
                app.press(Key::Escape).await;
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                assert!(
                    !app.exists("#step-list-panel").await,
                    "Escape folds the list"
                );
            } else {
                assert!(
                    beside && !folded,
                    "{flow:?} at {w}: the list stands beside the step"
                );
            }
            for s in flow.def().steps {
                // As a user would: from the step list (folded into the header at 911 px).
                app.open_from_list(s.code).await;
                app.expect_step(s.code).await;
                for (end, script) in [
                    ("top", "window.scrollTo(0, 0)"),
                    ("bottom", "window.scrollTo(0, document.body.scrollHeight)"),
                ] {
                    app.js(script).await;
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    for p in app.way_forward_problems().await {
                        problems.push(format!("{} at {w}×{h}, scrolled to the {end}: {p}", s.code));
                    }
                }
                if w == 911 {
                    // CUG: the folded step list's header ("Trin 6 af 10: … ▾") is one line,
                    // so its "▾" is not left alone on a second line (s17 review, CUG-6).
                    if matches!(flow, FlowId::Cug) {
                        let lines = app
                            .js("const r = document.createRange();
                                 r.selectNodeContents(document.getElementById('step-list-toggle'));
                                 const rects = [...r.getClientRects()].filter(x => x.width > 0)
                                   .sort((a, b) => a.top - b.top);
                                 let lines = 0, top = -1e9;
                                 for (const x of rects) {
                                   if (x.top > top + x.height / 2) { lines++; top = x.top; }
                                 }
                                 return lines;")
                            .await;
                        if lines != serde_json::json!(1) {
                            let toggle = app.text("#step-list-toggle").await;
                            problems.push(format!(
                                "{} at 911×512: the step header takes {lines} lines: {toggle}",
                                s.code
                            ));
                        }
                    }
                    app.shot(&format!("{}-911x512", s.code)).await;
                }
            }
        }
        app.quit().await;
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The element that has the focus: its id, tag and whether a focus outline shows.
async fn focused(app: &App) -> serde_json::Value {
    app.js("const e = document.activeElement;
             const s = getComputedStyle(e);
             return { id: e.id, tag: e.tagName.toLowerCase(), text: (e.textContent || '').trim().slice(0, 60),
                      visible: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
                               || s.boxShadow !== 'none' };").await
}

/// Press Tab until the focus is on an element matching `pred`; fail after 60 presses.
async fn tab_to(app: &App, what: &str, pred: impl Fn(&serde_json::Value) -> bool) {
    for _ in 0..60 {
        app.press(Key::Tab).await;
        let f = focused(app).await;
        if pred(&f) {
            assert_eq!(f["visible"], true, "focus on {what} is visible: {f}");
            return;
        }
    }
    panic!("Tab never reached {what}");
}

/// The element is announced when it changes: it is in a live region (`aria-live`, `status`,
/// `alert`).
async fn announced(app: &App, css: &str) {
    app.wait_css(css).await;
    let live = app
        .client
        .execute(
            "return !!document.querySelector(arguments[0])
                 .closest('[aria-live]:not([aria-live=off]),[role=status],[role=alert]')",
            vec![serde_json::json!(css)],
        )
        .await
        .unwrap();
    assert_eq!(
        live,
        serde_json::json!(true),
        "{css} is not in a live region"
    );
}

/// Tab to an element by id and check the focus shows.
async fn tab_to_id(app: &App, id: &str) {
    tab_to(app, id, |f| f["id"] == id).await;
}

/// Tab to Next and press Enter; the next step shows.
async fn next(app: &App, to: &str) {
    tab_to_id(app, "next").await;
    app.press(Key::Enter).await;
    app.expect_step(to).await;
}

#[tokio::test]
async fn keyboard_only_from_start_to_cug_10() {
    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let downloads = home.path().join("Downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let page = e2e::cug_page(work.path(), "Søren Ærø", "1234567890123", "Kb-SENTINEL-1");
    std::fs::write(downloads.join("Søren Ærø.html"), &page).unwrap();
    let app = App::start(Launch {
        test: "keyboard",
        data_dir: data.path(),
        lang: "en_US.UTF-8",
        home: Some(home.path()),
    })
    .await;

    // START-1: Start with Enter; then the CUG answer with Space, and Næste with Enter.
    tab_to_id(&app, "start").await;
    app.press(Key::Enter).await;
    tab_to_id(&app, "choose-cug").await;
    app.press(Key::Space).await;
    tab_to_id(&app, "choose-next").await;
    app.press(Key::Enter).await;
    app.expect_step("CUG-1").await;
    // CUG-1: the two required boxes with Space.
    for id in ["answer-cug_guide_email", "answer-cug_install_code"] {
        tab_to_id(&app, id).await;
        app.press(Key::Space).await;
    }
    next(&app, "CUG-2").await;
    // "Get help" opens with Enter and closes with Escape; the focus returns to the button.
    tab_to_id(&app, "get-help").await;
    app.press(Key::Enter).await;
    app.wait_css("#help-dialog[open]").await;
    app.press(Key::Escape).await;
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
    // CUG-2: the question, "Ja" with Space; CUG-3: the required box.
    tab_to_id(&app, "answer-cug_tool_seen-yes").await;
    app.press(Key::Space).await;
    next(&app, "CUG-3").await;
    tab_to_id(&app, "answer-cug_saved").await;
    app.press(Key::Space).await;
    next(&app, "CUG-4").await;
    // CUG-4: the file found in Downloads, named in plain English too (not by its file name),
    // chosen on arrival as the only one that can be used, and announced; the keyboard reaches
    // it.
    assert_eq!(
        app.text("#found-list label[for='found-0'] strong").await,
        "The certificate file from the Danish Medicines Agency"
    );
    announced(&app, "#file-chosen").await;
    assert!(app.exists("#found-0:checked").await);
    tab_to_id(&app, "found-0").await;
    next(&app, "CUG-5").await;
    // CUG-5: the password, then Enter in the field.
    tab_to_id(&app, "unlock-password").await;
    app.send_keys("Kb-SENTINEL-1").await;
    app.press(Key::Enter).await;
    assert_eq!(app.text("#unlock-rid-value").await, "1234567890123");
    announced(&app, "#unlock-status").await;
    next(&app, "CUG-6").await;
    // CUG-6: Next does the work (Enter on Next), and the result is announced; the footer stays
    // in reach for the next Enter.
    tab_to_id(&app, "next").await;
    app.press(Key::Enter).await;
    app.wait_text("#place-result", "DKMAnet can now find the certificate")
        .await;
    announced(&app, "#place-result").await;
    next(&app, "CUG-7").await;
    // CUG-7: the fold for typing a path opened with Enter, the folder typed, Next pressed
    // with Enter.
    tab_to(&app, "the fold for typing the folder's path", |f| {
        f["tag"] == "summary" && f["text"] == "Type the path to the folder yourself"
    })
    .await;
    app.press(Key::Enter).await;
    tab_to_id(&app, "backup-dir").await;
    app.send_keys(usb.path().to_str().unwrap()).await;
    // The password from CUG-5 is held: not asked again.
    assert!(app.exists("#backup-password-held").await);
    tab_to_id(&app, "next").await;
    app.press(Key::Enter).await;
    // The test's folder is on the certificate's own disk: the warning is announced and takes
    // the focus, and the way on (a closed fold, then "Use it anyway") is reached with Tab and
    // opened with Enter.
    announced(&app, "#backup-same-disk").await;
    for _ in 0..50 {
        if focused(&app).await["id"] == "backup-same-disk" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(focused(&app).await["id"], "backup-same-disk");
    tab_to(&app, "the fold for using the folder anyway", |f| {
        f["tag"] == "summary" && f["text"] == "I do not have a USB stick or a network drive"
    })
    .await;
    app.press(Key::Enter).await;
    tab_to_id(&app, "backup-anyway").await;
    app.press(Key::Enter).await;
    app.wait_text("#backup-result", "Søren Ærø.html").await;
    announced(&app, "#backup-result").await;
    next(&app, "CUG-8").await;
    // CUG-8: one question per page, each radio choice with Space and Næste with Enter.
    for (part, id) in [
        (1, "answer-cug_account-replacing"),
        (2, "answer-cug_role-security_admin"),
        (3, "answer-cug_login-yes"),
    ] {
        app.expect_part(part).await;
        tab_to_id(&app, id).await;
        app.press(Key::Space).await;
        if part < 3 {
            tab_to_id(&app, "next").await;
            app.press(Key::Enter).await;
        }
    }
    next(&app, "CUG-9").await;
    // CUG-9: nothing of this home's is left to move and no old certificate is in its
    // browsers: one page says so, and Næste leads to CUG-10 (no browsers' page).
    app.wait_css("#archive-browsers-clear").await;
    assert!(
        !app.exists("#archive-part[data-archive-part='old_in_browsers']")
            .await
    );
    next(&app, "CUG-10").await;
    assert!(app.exists("#done-summary").await);
    // The user said the new certificate logs in (CUG-8): the finish says it works, and why.
    assert!(app.exists("#done-success[data-verified='yes']").await);
    assert!(app
        .text("#done-success")
        .await
        .contains("The certificate works"));
    assert_eq!(
        app.text("#done-how").await,
        "You logged in with the new certificate yourself, so you know it works."
    );
    // And back with the keyboard.
    tab_to_id(&app, "back").await;
    app.press(Key::Enter).await;
    app.expect_step("CUG-9").await;
    let log = app.log.clone();
    app.quit().await;
    e2e::assert_no_secret(&[data.path(), home.path(), &log], &["Kb-SENTINEL-1"]);
    // The log too, explicitly: it exists, and it holds no password.
    e2e::assert_log_has_no_secret(data.path(), &["Kb-SENTINEL-1"]);
}
