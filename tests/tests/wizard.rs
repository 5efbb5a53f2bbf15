//! End-to-end: the real window, driven through WebKitWebDriver.
//!
//! Run with `xvfb-run -a cargo test -p e2e -- --test-threads=1` after building the app (the
//! README's test command does all of it). Each test uses its own app-data folder and its own
//! driver ports.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use e2e::{texts, App, Launch};
use std::path::Path;

const DA: &str = "da_DK.UTF-8";
const EN: &str = "en_US.UTF-8";

async fn start(test: &str, data: &Path, lang: &str) -> App {
    let app = App::start(Launch {
        test,
        data_dir: data,
        lang,
        home: None,
    })
    .await;
    app.report_start();
    app
}

/// How many questions (radio groups and tick boxes outside the tools) and primary buttons the
/// screen shows: one thing per page.
async fn one_question(app: &App) -> (u64, u64) {
    let r = app
        .client
        .execute(
            "const s = document.querySelector('section.step'); \
             const names = new Set([...s.querySelectorAll('input[type=radio]')].map(i => i.name)); \
             const ticks = s.querySelectorAll('input[type=checkbox]').length; \
             return [s.querySelectorAll('.button-primary').length, names.size + ticks];",
            vec![],
        )
        .await
        .unwrap();
    (r[0].as_u64().unwrap(), r[1].as_u64().unwrap())
}

#[tokio::test]
async fn walk_each_flow_forward_and_back() {
    let data = tempfile::tempdir().unwrap();
    let da = texts("da");
    let mut app = start("walk", data.path(), DA).await;

    app.expect_step("START-1").await;
    // One thing per page: first a short start page with one way forward, no choices yet.
    assert_eq!(app.text("#step-title").await, da["ui.welcome.heading"]);
    // The window asks WebKit for CPU painting (src-tauri/src/webkit.rs): the web process,
    // which draws the page, must have inherited it.
    let web_env = e2e::web_process_env(data.path()).expect("the app's WebKit web process");
    assert_eq!(
        web_env
            .get("WEBKIT_SKIA_ENABLE_CPU_RENDERING")
            .map(String::as_str),
        Some("1"),
        "the web process paints on the GPU"
    );
    // … and paints without compositing layers: it has the variable, and WebKit's compositor,
    // which composites with OpenGL ES, never started. The check can see it: the process has
    // loaded WebKit and OpenGL (EGL) as in both modes, and with layers it loads libGLESv2 too.
    assert_eq!(
        web_env
            .get("WEBKIT_DISABLE_COMPOSITING_MODE")
            .map(String::as_str),
        Some("1"),
        "the web process composites in layers"
    );
    // … and runs the page's code without JavaScriptCore's compilers.
    assert_eq!(
        web_env.get("JSC_useJIT").map(String::as_str),
        Some("0"),
        "the web process compiles the page's code"
    );
    // JavaScriptCore honours it: its compilers' writable and executable code area is missing.
    assert_eq!(
        e2e::web_process_writable_code(data.path()),
        Some(vec![]),
        "the web process has memory for compiled code"
    );
    let files = e2e::web_process_files(data.path()).expect("the web process's mapped files");
    let has = |prefix: &str| files.iter().any(|f| f.starts_with(prefix));
    assert!(
        has("libwebkit2gtk-") && has("libEGL."),
        "not WebKit's web process, or OpenGL is not loaded there: {files:?}"
    );
    assert!(
        !has("libGLESv2."),
        "the web process started WebKit's compositor (OpenGL ES loaded): {files:?}"
    );
    // A calm start: what the guide does, what to have ready, how long, and that nothing breaks.
    let welcome = app.text("#welcome").await;
    for key in [
        "ui.welcome.what",
        "ui.welcome.ready_mail",
        "ui.welcome.ready_pc",
        "ui.welcome.time",
        "ui.welcome.calm",
    ] {
        assert!(welcome.contains(&da[key]), "{key} missing: {welcome}");
    }
    // What is true (guide-fidelity review I-A1): some store removals cannot be undone, so the
    // start promises what the guide keeps to, not that nothing can break.
    assert!(
        !da["ui.welcome.calm"].contains("ikke ødelægge"),
        "{}",
        da["ui.welcome.calm"]
    );
    assert!(
        da["ui.welcome.calm"].contains("sletter aldrig dine filer"),
        "{}",
        da["ui.welcome.calm"]
    );
    assert_eq!(
        one_question(&app).await,
        (1, 0),
        "the start page asks nothing"
    );
    assert!(
        !app.exists("[data-flow]").await,
        "no choices on the start page"
    );
    // The start page's time speaks of no flow: the user is in none yet (what a flow waits
    // for comes once it is chosen, below).
    for name in ["DKMAnet", "STIL", "Told", "DMS"] {
        assert!(
            !welcome.contains(name),
            "{name} on the start page: {welcome}"
        );
    }
    // The user's tools are quiet links, not buttons beside the user's way forward; the
    // support desk's own view is not among them (it is reached from "Få hjælp").
    let class = app
        .wait_css("#tool-inspect")
        .await
        .attr("class")
        .await
        .unwrap();
    assert_eq!(class.as_deref(), Some("quiet-link"), "#tool-inspect");
    // The desk's and the IT department's tools are not on the user's page (both are quiet
    // links at the end of "Få hjælp").
    for tool in ["#tool-support", "#tool-policy"] {
        assert!(
            !app.exists(tool).await,
            "{tool}: a support-desk or IT tool on the user's start page"
        );
    }
    app.shot("start").await;
    // Start: then the one question, with a plain hint under each answer.
    app.click("#start").await;
    assert_eq!(app.text("#step-title").await, da["step.START-1.title"]);
    assert!(!app.exists("#welcome").await, "the start page is gone");
    assert_eq!(one_question(&app).await, (1, 1), "one question, one Næste");
    // Each answer says what the user does ("Anmelde medicinpriser …"); the flow's name is the
    // hint under it, not the other way round.
    for flow in ["cug", "dms", "stil"] {
        assert_eq!(
            app.text(&format!("label[for='choose-{flow}']")).await,
            da[&format!("flow.{flow}.action")],
            "{flow}: the answer is what the user does"
        );
        assert_eq!(
            app.text(&format!("#choose-{flow}-hint")).await,
            da[&format!("flow.{flow}")],
            "{flow}: the flow's name is the hint"
        );
    }
    assert!(app
        .text("label[for='choose-cug']")
        .await
        .contains("Lægemiddelstyrelsen"));
    // "Hvorfor?" comes after the answers and Næste, not between the heading and them.
    let why = app
        .js(
            "const w = document.getElementById('why').getBoundingClientRect(); \
             const n = document.getElementById('choose-next').getBoundingClientRect(); \
             const r = document.querySelector('label[for=not-sure]').getBoundingClientRect(); \
             const h = document.getElementById('step-title').getBoundingClientRect(); \
             return [w.top >= n.bottom, w.top >= r.bottom, w.top, n.bottom, h.bottom];",
        )
        .await;
    assert_eq!(
        [&why[0], &why[1]],
        [true, true],
        "“Hvorfor?” after the answers and Næste: [after Næste, after the last answer, its \
         top, Næste's bottom, the heading's bottom] = {why}"
    );
    app.shot("question").await;
    assert!(!app.exists("#tool-support").await);
    // Næste without an answer says what is missing at the question.
    app.click("#choose-next").await;
    assert_eq!(app.text("#choose-error").await, da["ui.chooser.missing"]);
    // What a flow waits for shows once it is chosen, for that flow only.
    let waits = "return [...document.querySelectorAll('.choose-wait')].map(e => e.id);";
    assert_eq!(
        app.client.execute(waits, vec![]).await.unwrap(),
        serde_json::json!([])
    );
    for (flow, needle) in [("stil", "supportsag"), ("cug", "dagen efter")] {
        app.click(&format!("label[for='choose-{flow}']")).await;
        assert_eq!(
            app.client.execute(waits, vec![]).await.unwrap(),
            serde_json::json!([format!("choose-{flow}-wait")])
        );
        let wait = app.text(&format!("#choose-{flow}-wait")).await;
        assert_eq!(wait, da[&format!("ui.chooser.wait.{flow}")]);
        assert!(wait.contains(needle), "{wait}");
    }
    // On a small laptop (911×512) the note a chosen answer shows leaves Næste in sight without
    // scrolling, so the header ("Få hjælp", the code for the phone) stays (before, the page
    // scrolled 27 px to keep Næste in sight and the header went off the top).
    app.viewport(911, 512).await;
    for flow in ["cug", "dms", "stil"] {
        app.pick_in_place(&format!("choose-{flow}")).await;
        let at = app
            .js(
                "return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => \
                   done([window.scrollY, \
                     Math.round(document.getElementById('choose-next').getBoundingClientRect().bottom), \
                     window.innerHeight]))));",
            )
            .await;
        assert_eq!(
            at[0], 0,
            "START-1, {flow} chosen at 911×512: [scrolled, Næste's bottom, window] = {at}"
        );
        assert!(
            at[1].as_i64() <= at[2].as_i64(),
            "START-1, {flow}: Næste in sight: {at}"
        );
    }
    app.viewport(1024, 768).await;

    // --- CUG: Next waits for both ticks; then CUG-2; back to START-1.
    app.choose_flow("cug").await;
    app.expect_step("CUG-1").await;
    assert_eq!(app.text("#step-title").await, da["step.CUG-1.title"]);
    assert!(
        app.exists("#next-hint").await,
        "the hint says what is missing"
    );
    app.shot("cug-1").await;
    // On a small laptop screen, scrolled to the end, Next with the ticks missing: the error
    // summary comes into sight whole, clear of the sticky header (not under it).
    app.viewport(911, 512).await;
    let hidden = app.error_summary_hidden().await;
    assert!(hidden.is_empty(), "{hidden:?}");
    // Its link leads to the field, and leaves no half-hidden summary under the header.
    let cut = app.error_link_cuts_the_summary().await;
    assert!(cut.is_empty(), "911x512: {cut:?}");
    app.viewport(1024, 768).await;
    let cut = app.error_link_cuts_the_summary().await;
    assert!(cut.is_empty(), "1024x768: {cut:?}");
    app.click("#next").await;
    let err = app.text("#step-error").await;
    assert!(
        err.starts_with("Der mangler 2"),
        "Next without ticks explains what is missing: {err}"
    );
    app.expect_step("CUG-1").await;
    // The DKFDS error pattern: the summary at the top names each missing field with a link to
    // it, and each field has its message and red border.
    let links = app.text("#step-error-links").await;
    assert!(
        links.contains(&da["cug1.check_guide_email"])
            && links.contains(&da["cug1.check_install_code"]),
        "{links}"
    );
    // Each box says what to find, not the general "Sæt flueben her …".
    for (id, label) in [
        ("cug_guide_email", "cug1.check_guide_email"),
        ("cug_install_code", "cug1.check_install_code"),
    ] {
        assert_eq!(
            app.text(&format!(".form-error #answer-{id}-error")).await,
            da[&format!("{label}.missing")],
            "{id} is marked at the field"
        );
    }
    app.click("#step-error-links li:first-child a").await;
    let focused = app.focused_id().await;
    assert_eq!(
        focused, "answer-cug_guide_email",
        "the link leads to the field"
    );
    app.shot("cug-1-missing").await;
    app.tick("cug_guide_email").await;
    app.tick("cug_install_code").await;
    app.click("#next").await;
    app.expect_step("CUG-2").await;
    assert_eq!(app.text("#step-title").await, da["step.CUG-2.title"]);
    // The support code in the corner reads back to where the user stands.
    let code = app.text("#support-code .mono").await;
    let info = oces_core::support::decode(&code).expect("a valid support code");
    assert_eq!(info.flow, oces_core::flow::FlowId::Cug);
    assert_eq!(info.step, "CUG-2");
    assert_eq!(info.completed, vec!["CUG-1".to_string()]);
    // One labelled code for the phone: the step code and the support code together, from an
    // alphabet without characters that are confused when read aloud.
    assert_eq!(
        app.text("#phone-code").await,
        format!("Kode til supporten: CUG-2 · {code}")
    );
    assert!(!code.contains(|c: char| "2Z0O1I5S8B".contains(c)), "{code}");
    // "Get help" shows exactly the report that would be shared, with the same support code.
    app.click("#get-help").await;
    let report = app.value_of("#help-report").await;
    assert!(
        report.contains(&format!("Kode til supporten: CUG-2 · {code}")),
        "the report in the user's language: {report}"
    );
    assert!(
        report.contains(&format!("{:<18} CUG-2", "Trin:")),
        "{report}"
    );
    app.shot("get-help").await;
    app.click("#help-close").await;
    // Closed, the dialog leaves the page (it is drawn again when opened).
    let mut gone = false;
    for _ in 0..50 {
        gone = !app.exists("#help-dialog").await;
        if gone {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(gone, "the dialog closes");
    assert_eq!(
        app.focused_id().await,
        "get-help",
        "the focus goes back to the button"
    );
    // CUG-2 (review c3): one short line of how to open the tool, then the question; nothing
    // chosen, the footer says what to do, and the link field waits behind "Nej".
    assert_eq!(app.text("#step-part .block-para").await, da["cug2.how"]);
    let line_first = app
        .js("const p = document.querySelector('#step-part .block-para');
             const q = document.querySelector(\"fieldset[data-answer='cug_tool_seen']\");
             return !!p && !!q && !!(p.compareDocumentPosition(q) & Node.DOCUMENT_POSITION_FOLLOWING);")
        .await;
    assert_eq!(
        line_first,
        serde_json::json!(true),
        "the how-to line above the question"
    );
    assert_eq!(
        app.text("#next-hint").await,
        da["ui.next_hint.cug_tool_seen"]
    );
    assert!(
        !app.exists("#answer-cug_tool_link").await,
        "the field only after Nej"
    );
    assert_eq!(
        app.text("[data-actor='user']").await,
        da["ui.actor.user"],
        "the small tag"
    );
    app.shot("cug-2").await;
    // At 911×512 (1366×768 at 150 %) the how-to line, the question and its answers are in
    // sight on arrival.
    app.viewport(911, 512).await;
    let hidden = app
        .hidden_on_arrival(&[
            "#step-part .block-para",
            "fieldset[data-answer='cug_tool_seen'] legend",
            "label[for='answer-cug_tool_seen-yes']",
            "label[for='answer-cug_tool_seen-no']",
            "label[for='answer-cug_tool_seen-no_email']",
        ])
        .await;
    assert!(hidden.is_empty(), "{hidden:?}");
    // "Jeg kan ikke finde e-mailen": who sends it, where to look, whom to ask; the guide
    // then saves and closes, and opens here next time. At 911×512 what it says comes into
    // sight by itself, with the focus left on the answer (before, it landed below the footer).
    app.pick_in_place("answer-cug_tool_seen-no_email").await;
    assert_eq!(
        app.text("#step-part .block-choice ~ .block-para").await,
        da["cug2.no_email"]
    );
    let hidden = app
        .revealed_out_of_sight(
            "#step-part .block-choice ~ .block-para",
            "answer-cug_tool_seen-no_email",
        )
        .await;
    assert!(
        hidden.is_empty(),
        "CUG-2, \"Jeg kan ikke finde e-mailen\": {hidden:#?}"
    );
    app.shot_brief("cug-2-no-email-revealed-911x512").await;
    app.viewport(1024, 768).await;
    assert_eq!(app.text("#next").await, "Gem og luk guiden");
    assert!(app.exists("#next-hint[data-save-close]").await);
    app.shot("cug-2-no-email").await;
    app.viewport(911, 512).await;
    app.shot("cug-2-no-email-911x512").await;
    app.viewport(1024, 768).await;
    app.pick("cug_tool_seen", "no").await;
    app.wait_css("#answer-cug_tool_link").await;
    // One button by the field, "Åbn linket"; the browser advice folded, closed.
    let buttons = app
        .client
        .execute(
            "return [...document.querySelectorAll('.block-link-input button')]\
               .map(b => b.textContent.trim())",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(buttons, serde_json::json!([da["ui.link_check_open"]]));
    // One way forward: "Åbn linket" is the primary button until the guide has opened a link,
    // and Næste is drawn quiet (before, both were: two ways on).
    let classes = app
        .js(
            "return [document.getElementById('answer-cug_tool_link-open').className,
                     document.getElementById('next').className]",
        )
        .await;
    assert_eq!(
        classes,
        serde_json::json!(["button button-primary", "button button-secondary"]),
        "Åbn linket leads, Næste is quiet"
    );
    assert_eq!(
        app.text("#fold-cug2-browser_q summary").await,
        da["cug2.browser_q"]
    );
    assert!(!app.exists("#fold-cug2-browser_q[open]").await);
    // No dead end: if the pasted link fails too, whom to write to.
    let note = app.text("#step-part .alert-info").await;
    assert_eq!(note, da["cug2.still_not"]);
    // A choice made, the footer says why Næste is quiet: the button on the page comes first
    // (before, nothing was said under a quiet Næste).
    assert_eq!(app.text("#next-hint").await, da["ui.next_hint_in_page"]);
    // A pasted link that is not https is refused with a translated message.
    app.type_into("#answer-cug_tool_link", "javascript:alert(1)")
        .await;
    app.click("#answer-cug_tool_link-open").await;
    assert_eq!(
        app.text("#answer-cug_tool_link-error").await,
        da["error.link.not_https"]
    );
    app.shot("cug-2-bad-link").await;
    app.viewport(911, 512).await;
    app.js("document.getElementById('answer-cug_tool_link').scrollIntoView({block: 'center'})")
        .await;
    app.shot("cug-2-no-911x512").await;
    app.viewport(1024, 768).await;
    // The stepper shows CUG-1 done and later steps locked.
    assert_eq!(app.step_status("CUG-1").await, "done");
    assert_eq!(app.step_status("CUG-5").await, "locked");
    app.click("#back").await;
    app.expect_step("CUG-1").await;
    app.click("#back").await;
    app.expect_step("START-1").await;

    // --- DMS: choose an environment; DMS-2 is an app step that is not built yet.
    app.choose_flow("dms").await;
    app.expect_step("DMS-1").await;
    // One thing per page: the certificate first; Next waits for it, then the environment.
    app.expect_part(1).await;
    assert!(!app.exists("#answer-dms_env-test").await);
    app.shot("dms-1").await;
    app.click("#next").await;
    app.wait_css("#step-error").await;
    app.expect_part(1).await;
    app.pick("dms_have_cert", "yes").await;
    app.click("#next").await;
    app.expect_part(2).await;
    assert!(
        !app.exists("#step-error").await,
        "the error went with the answer"
    );
    assert!(!app.exists("#answer-dms_have_cert").await);
    app.shot("dms-1-env").await;
    app.pick("dms_env", "test").await;
    app.click("#next").await;
    app.expect_step("DMS-2").await;
    app.wait_css("#found-none").await; // the fake home has no certificate files
    app.click("#next").await;
    // DMS-2 waits for a certificate, and says so where the file is chosen (s17 review: the
    // general "Dette trin er ikke gjort færdigt endnu" at the top, and no field marked).
    assert_eq!(
        app.text("#found-error").await,
        da["files.missing"],
        "DMS-2 waits for a certificate"
    );
    assert!(!app.exists("#step-error").await);
    app.shot("dms-2-load").await;
    assert_eq!(app.step_status("DMS-3").await, "locked");
    app.click("#back").await;
    app.expect_step("DMS-1").await;
    // Back into a step in parts lands on its last question; Tilbage goes through its parts.
    app.expect_part(2).await;
    app.click("#back").await;
    app.expect_part(1).await;
    app.click("#back").await;
    app.expect_step("START-1").await;

    // --- STIL: the OCES2 test path shows STIL-2; choices reveal the right texts.
    app.choose_flow("stil").await;
    app.expect_step("STIL-1").await;
    app.expect_part(1).await;
    assert!(!app.exists("#answer-stil_gen-oces2").await);
    app.shot("stil-1").await;
    app.pick("stil_env", "test").await;
    app.click("#next").await;
    app.expect_part(2).await;
    assert!(!app.exists("#answer-stil_env-test").await);
    // The old NemID route is folded under its question (issue 26).
    app.click("#answer-stil_gen-fold summary").await;
    app.pick("stil_gen", "oces2").await;
    app.click("#next").await;
    app.expect_step("STIL-2").await;
    app.shot("stil-2").await;
    app.click("#back").await;
    app.expect_step("STIL-1").await;
    app.pick("stil_gen", "oces3").await;
    app.click("#next").await;
    app.expect_step("STIL-3").await;
    assert_eq!(
        app.step_status("STIL-2").await,
        "not_needed",
        "STIL-2 is only for the OCES2 test path"
    );
    // One count per flow: STIL-3 is step 3 of the flow's steps although STIL-2 is passed
    // over, and the passed-over step says so instead of being crossed out.
    let total = oces_core::flow::FlowId::Stil.def().steps.len();
    assert_eq!(app.text("#step-count").await, format!("Trin 3 af {total}"));
    let skipped = app.wait_css("li[data-code='STIL-2']").await;
    assert!(skipped.text().await.unwrap().contains("springes over"));
    let crossed = app
        .client
        .execute(
            "return getComputedStyle(document.querySelector(\"li[data-code='STIL-2'] .stepper-title\")).textDecorationLine",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(crossed, "none", "a passed-over step is not crossed out");
    assert!(
        app.text(".blocks").await.contains(&da["stil3.oces3_test"]),
        "the OCES3 test certificate's text is shown"
    );
    app.shot("stil-3-oces3").await;
    app.click("#back").await;
    app.expect_step("STIL-1").await;
    app.expect_part(2).await;
    app.click("#back").await;
    app.expect_part(1).await;
    app.click("#back").await;
    app.expect_step("START-1").await;

    // --- "I'm not sure": don't know who -> got a code by letter -> DKMAnet.
    // Back on START-1 later: straight to the question (the start page was shown once).
    assert!(!app.exists("#start").await);
    app.click("label[for='not-sure']").await;
    app.click("#choose-next").await;
    // The plain questions have the page to themselves: each its own page, its question the
    // page's heading (with the focus), no answer chosen beforehand, one Næste.
    app.wait_css("#finder-question").await;
    assert!(!app.exists("#choose-cug").await, "one question per page");
    let page = "return [document.getElementById('step-title').textContent.trim(), \
                document.activeElement.id, \
                document.querySelectorAll('#finder-question input:checked').length, \
                !!document.getElementById('why')];";
    // Nothing fits: one way forward (back to the choices, once the user has asked); answering
    // again is a quiet link.
    for (q, answer) in [("who", "3"), ("what", "2"), ("use", "3")] {
        app.wait_css(&format!("#finder-question[data-question='{q}']"))
            .await;
        app.click(&format!("label[for='finder-{q}-{answer}']"))
            .await;
        app.click("#finder-next").await;
    }
    app.wait_css("#finder-result").await;
    assert_eq!(
        app.text("#step-title").await,
        da["ui.chooser.unknown_title"]
    );
    let primary = app.primary_buttons().await;
    assert!(primary.is_empty(), "nothing fits: {primary:?}");
    assert_eq!(
        app.text("#finder-back.button-primary").await,
        da["ui.chooser.back_to_choices"]
    );
    app.click("#finder-again").await;
    for (q, answer) in [("who", "3"), ("what", "0")] {
        app.wait_css(&format!("#finder-question[data-question='{q}']"))
            .await;
        let shown = app.client.execute(page, vec![]).await.unwrap();
        assert_eq!(
            shown,
            serde_json::json!([da[&format!("finder.{q}.q")], "step-title", 0, false]),
            "the finder's question {q}: [heading, focus, answers chosen, “Hvorfor?”]"
        );
        assert_eq!(one_question(&app).await, (1, 1), "one question, one Næste");
        if q == "what" {
            app.shot("finder").await;
            // Næste without an answer says so at the question.
            app.click("#finder-next").await;
            assert_eq!(
                app.text("#finder-error").await,
                da["ui.chooser.finder_missing"]
            );
        }
        app.click(&format!("label[for='finder-{q}-{answer}']"))
            .await;
        app.click("#finder-next").await;
    }
    // The answer: a page of its own, naming the flow in its heading and what it waits for.
    app.wait_css("#finder-start").await;
    assert_eq!(
        app.text("#step-title").await,
        da["ui.chooser.suggest"].replace("{flow}", &da["flow.cug"])
    );
    assert_eq!(app.text("#finder-wait").await, da["ui.chooser.wait.cug"]);
    assert_eq!(one_question(&app).await, (1, 0));
    // One way forward (start the flow it found); answering again and going back to the
    // choices are quiet links.
    let primary = app.primary_buttons().await;
    assert!(primary.is_empty(), "the finder's answer: {primary:?}");
    for id in ["finder-again", "finder-back"] {
        let class = app.wait_css(&format!("#{id}")).await.attr("class").await;
        assert_eq!(class.unwrap().as_deref(), Some("quiet-link"), "#{id}");
    }
    app.shot("finder-result").await;
    app.click("#finder-start").await;
    app.expect_step("CUG-1").await;
    assert!(
        app.wait_css("#answer-cug_guide_email")
            .await
            .is_selected()
            .await
            .unwrap(),
        "progress in CUG was kept while visiting other flows"
    );
    app.quit().await;
}

#[tokio::test]
async fn language_switch_changes_texts_and_is_remembered() {
    let data = tempfile::tempdir().unwrap();
    let (da, en) = (texts("da"), texts("en"));
    let mut app = start("lang", data.path(), DA).await;
    assert_eq!(app.text("#step-title").await, da["ui.welcome.heading"]);
    app.click("#lang-switch").await;
    // The English texts may still be loading (a chunk of their own): wait for them.
    app.wait_text("#step-title", &en["ui.welcome.heading"])
        .await;
    assert_eq!(app.text("#step-title").await, en["ui.welcome.heading"]);
    // Back in Danish, DMS-1 and Next with no answer: the error summary in Danish. A language
    // switch while it shows turns it into English too (it kept the Danish text once).
    app.click("#lang-switch").await;
    app.wait_text("#step-title", &da["ui.welcome.heading"])
        .await;
    app.choose_flow("dms").await;
    assert_eq!(app.text("#step-title").await, da["step.DMS-1.title"]);
    app.click("#next").await;
    app.wait_css("#step-error").await;
    let said_da = app.text("#step-error .alert-heading").await;
    assert!(!said_da.is_empty());
    app.click("#lang-switch").await;
    app.wait_text("#step-title", &en["step.DMS-1.title"]).await;
    let said_en = app.text("#step-error .alert-heading").await;
    assert_ne!(
        said_en, said_da,
        "the error summary stayed in Danish after the switch"
    );
    assert!(
        !da.values().any(|v| v == &said_en),
        "the error summary is a Danish text after the switch to English: {said_en}"
    );
    let lang = app.js("return document.documentElement.lang").await;
    assert_eq!(lang, serde_json::json!("en"));
    app.pick("dms_have_cert", "yes").await;
    app.shot("english").await;
    app.quit().await;

    // Restart in a Danish OS: the user's choice (English) wins.
    let app = start("lang", data.path(), DA).await;
    app.click("#resume-continue").await;
    assert_eq!(app.text("#step-title").await, en["step.DMS-1.title"]);
    app.quit().await;

    // A fresh start in an English OS speaks English; in a Danish OS, Danish.
    let fresh = tempfile::tempdir().unwrap();
    let app = start("lang", fresh.path(), EN).await;
    assert_eq!(app.text("#step-title").await, en["ui.welcome.heading"]);
    app.quit().await;
}

/// The idle start screen holds only what it can lead to (issue 31: every screen, the tools and
/// the other language loaded after the first screen held about 6 MiB of the idle window). A
/// chunk's styles come as a `<link>` in the head when the chunk is loaded, which shows here
/// what was loaded.
#[tokio::test]
async fn the_start_screen_loads_only_the_screens_it_leads_to() {
    let data = tempfile::tempdir().unwrap();
    let app = start("lazy", data.path(), DA).await;
    // The start page, where the window waits at every start, loads nothing more: not even
    // the flows' first screens, which can be opened only from the question after it. (Main
    // loaded them once the page was drawn: a frame and a task after it.)
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert!(
        !app.exists(r#"link[href*="/Blocks-"]"#).await,
        "the flows' first screens were loaded on the idle start page"
    );
    // The faces START-1 drew its texts in are IBM Plex Sans's parts by characters (its
    // Latin-1 part: 17 KB a face), not the whole faces (57 KB), which WebKit keeps for the
    // page's life once loaded. (Main loaded the whole faces, whose range is all of Unicode,
    // up to U+10FFFF.)
    let faces = app
        .js(
            "return [...document.fonts].filter(f => f.status === 'loaded' && \
             f.family.includes('IBM Plex')).map(f => f.unicodeRange)",
        )
        .await;
    let faces = faces.as_array().cloned().unwrap_or_default();
    assert!(
        !faces.is_empty(),
        "no IBM Plex Sans face was loaded on the start page"
    );
    for range in &faces {
        let range = range.as_str().unwrap_or_default();
        assert!(
            !range.to_ascii_uppercase().contains("10FFFF"),
            "a whole face was loaded on the start page: {range}"
        );
    }
    // The texts handed over with the page were let go of once parsed (a string of some
    // 130,000 characters kept for the life of the page before).
    let kept = app.js("return window.__OCES_TEXTS__ === undefined").await;
    assert_eq!(
        kept,
        serde_json::json!(true),
        "the handed-over texts are kept"
    );
    // The flows' first steps show guide blocks: their screen is loaded once the question is
    // shown.
    app.click("#start").await;
    app.wait_css(r#"link[rel="stylesheet"][href*="/Blocks-"]"#)
        .await;
    // Nothing further in: the support view, the password and test screens load when opened,
    // the guide-link panel when a link or code arrives.
    for chunk in [
        "GuidePanel",
        "SupportView",
        "PasswordField",
        "Credentials",
        "ConnectionTest",
    ] {
        assert!(
            !app.exists(&format!(r#"link[href*="/{chunk}-"]"#)).await,
            "{chunk} was loaded on the idle start screen"
        );
    }
    // No script was evaluated in the page from the window's process: the first one starts
    // JavaScriptCore in that process as well, to read its result (2.7 MiB more of the library
    // and a heap in the idle window). Listening to a Tauri event does that (Tauri evaluates a
    // script that keeps the listener in a window property), so the page watches for guide
    // links through a channel instead.
    const LISTENERS: &str = "window.__internal_unstable_listeners_object_id__";
    let none = app.js(&format!("return {LISTENERS} === undefined")).await;
    assert_eq!(
        none,
        serde_json::json!(true),
        "a Tauri event listener was registered on the idle start screen"
    );
    // The check can see a listener: one registered now is there once Tauri has answered.
    app.js(
        "const t = window.__TAURI_INTERNALS__; t.invoke('plugin:event|listen', \
         { event: 'e2e-probe', target: { kind: 'Any' }, handler: t.transformCallback(() => {}) });",
    )
    .await;
    let mut seen = false;
    for _ in 0..50 {
        seen =
            app.js(&format!("return {LISTENERS} !== undefined")).await == serde_json::json!(true);
        if seen {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        seen,
        "a listener registered by the test is not seen: the check is blind"
    );
    app.quit().await;
}

#[tokio::test]
async fn restart_offers_to_resume() {
    let data = tempfile::tempdir().unwrap();
    let da = texts("da");
    let app = start("resume", data.path(), DA).await;
    app.choose_flow("cug").await;
    app.tick("cug_guide_email").await;
    app.tick("cug_install_code").await;
    app.click("#next").await;
    app.expect_step("CUG-2").await;
    app.quit().await;

    let mut app = start("resume", data.path(), DA).await;
    // The offer was drawn from the data handed over with the page, not from a round trip.
    let how = app.js("return document.body.dataset.startup").await;
    assert_eq!(how, serde_json::json!("handed-over"));
    // So were the texts of its language: no chunk was loaded before the first screen.
    let texts_came = app.js("return document.body.dataset.texts").await;
    assert_eq!(texts_came, serde_json::json!("handed-over"));
    // The page reports its first paint to the window (the start benchmark shows it).
    let paint = app
        .wait_css("body[data-paint-ms]")
        .await
        .attr("data-paint-ms")
        .await
        .unwrap()
        .and_then(|v| v.parse::<u32>().ok());
    assert!(
        paint.is_some_and(|ms| ms > 0),
        "first paint reported: {paint:?}"
    );
    let where_ = app.text("#resume-where").await;
    assert!(
        where_.contains("trin 2 af 10") && where_.contains(&da["step.CUG-2.title"]),
        "the offer says where the user left off: {where_}"
    );
    app.shot("offer").await;
    app.click("#resume-continue").await;
    app.expect_step("CUG-2").await;
    app.quit().await;

    // Start over: back on START-1, and the next start has nothing to resume.
    let app = start("resume", data.path(), DA).await;
    app.click("#resume-restart").await;
    app.expect_step("START-1").await;
    app.quit().await;
    let app = start("resume", data.path(), DA).await;
    app.expect_step("START-1").await;
    assert!(!app.exists("#resume-continue").await);
    app.quit().await;
}

#[tokio::test]
async fn damaged_progress_is_set_aside_with_a_notice() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("progress.json"), b"{\"version\": oops").unwrap();
    let mut app = start("damaged", data.path(), DA).await;
    let notice = app.text("#damaged-notice").await;
    // Calm: the certificates are untouched; no file name to puzzle over.
    assert!(
        notice.contains("Dine certifikater er ikke berørt") && !notice.contains("progress."),
        "{notice}"
    );
    app.expect_step("START-1").await;
    app.shot("notice").await;
    app.quit().await;
    let kept: Vec<_> = std::fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("progress.damaged-"))
        .collect();
    assert_eq!(kept.len(), 1, "the damaged file is kept, renamed");
    assert_eq!(
        std::fs::read(data.path().join(&kept[0])).unwrap(),
        b"{\"version\": oops"
    );
}

/// When the search for the downloaded file runs out of its budget, the file step says so beside
/// the list, calmly, with what to do next (issue 30, class 3): a fake Downloads of 100 files of
/// 256 certificates each is more than one search may read.
#[tokio::test]
async fn the_file_step_says_when_the_search_stopped_early() {
    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let downloads = home.path().join("Downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let one = e2e::self_signed(work.path(), "bulk", "/CN=Bulk", 30);
    let bundle = std::fs::read_to_string(&one.cert).unwrap().repeat(256);
    for f in 0..100 {
        std::fs::write(downloads.join(format!("bundle-{f:03}.pem")), &bundle).unwrap();
    }
    let da = texts("da");
    let mut app = App::start(Launch {
        test: "find-stopped",
        data_dir: data.path(),
        lang: DA,
        home: Some(home.path()),
    })
    .await;
    app.expect_step("START-1").await;
    app.to_dms_2().await;
    app.wait_css("#found-stopped").await;
    let notice = app.text("#found-stopped").await;
    let (head, _) = da["files.search_stopped"].split_once("{files}").unwrap();
    assert!(notice.starts_with(head), "{notice}");
    // Most likely the certificates allowed; on a very slow machine, the time.
    assert!(
        ["certificates", "time"]
            .iter()
            .any(|r| notice.contains(&da[&format!("files.search_stopped.{r}")])),
        "{notice}"
    );
    assert!(
        !notice.contains('{'),
        "every placeholder is filled: {notice}"
    );
    // What was found before it stopped is still listed: certificates without a key, which
    // cannot set up DMS's certificate, after the (empty) list, folded with why.
    app.wait_css("#found-unusable").await;
    app.shot("dms-2-search-stopped").await;
    app.quit().await;
}
