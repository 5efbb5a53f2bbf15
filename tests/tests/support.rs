//! End-to-end: a report the app saves from "Get help" in one run is opened in the support view
//! of another run (with its own data folder), and the support code the user would read aloud
//! shows the same place.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use e2e::{app_binary, App, Launch};

#[tokio::test]
async fn a_users_report_and_code_open_in_the_support_view() {
    let user_data = tempfile::tempdir().unwrap();
    let desk_data = tempfile::tempdir().unwrap();

    // The user's run: CUG-1 done, now on CUG-2.
    let user_home = user_data.path().join("home");
    std::fs::create_dir_all(user_home.join("Desktop")).unwrap();
    let mut app = App::start(Launch {
        test: "support-user",
        data_dir: user_data.path(),
        lang: "da_DK.UTF-8",
        home: Some(&user_home),
    })
    .await;
    app.choose_flow("cug").await;
    app.tick("cug_guide_email").await;
    app.tick("cug_install_code").await;
    app.click("#next").await;
    app.expect_step("CUG-2").await;
    // An error the user meets: Next before the required tick. Its code goes into the report.
    app.click("#next").await;
    app.wait_css("#step-error").await;
    let code_on_screen = app.text("#support-code .mono").await;
    let phone_line = app.text("#phone-code .phone-code-value").await;
    assert_eq!(phone_line, format!("CUG-2 · {code_on_screen}"));
    // "Get help" → "Save on the desktop": the app itself writes the report.
    app.click("#get-help").await;
    // The report is folded under the help; the user opens it.
    app.click("#help-report-fold summary").await;
    let preview = app.value_of("#help-report").await;
    assert!(preview.contains(&code_on_screen), "{preview}");
    // The log's lines are not in the report until the user asks for them ...
    assert!(!preview.contains("Log (seneste linjer)"), "{preview}");
    let ticked = app
        .js("return document.querySelector('#help-log').checked")
        .await;
    assert_eq!(ticked, serde_json::json!(false), "off by default");
    // ... and then they are in the preview: the error just met, with its step.
    app.click("label[for='help-log']").await;
    let mut preview = String::new();
    for _ in 0..50 {
        preview = app.value_of("#help-report").await;
        if preview.contains("Log (seneste linjer):") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let log_part = preview
        .split("Log (seneste linjer):")
        .nth(1)
        .unwrap_or_else(|| panic!("no log lines in the preview: {preview}"));
    assert!(
        log_part
            .lines()
            .any(|l| l.contains("code=wizard.step_incomplete") && l.contains("step=CUG-2")),
        "{preview}"
    );
    assert!(log_part.contains("window started"), "{preview}");
    app.click("#help-save-desktop").await;
    let said = app
        .wait_text(
            "#help-dialog .link-status",
            // A Danish user's report is named in Danish, with the date as Danish writes it.
            "skrivebord: “OCES-guiden supportrapport ",
        )
        .await;
    // Named as the desktop shows it: no folder, no extension.
    assert!(
        !said.contains('/') && !said.contains('\\') && !said.contains(".json"),
        "{said}"
    );
    app.shot("get-help").await;
    app.click("#help-close").await;
    app.quit().await;
    let saved: Vec<_> = std::fs::read_dir(user_home.join("Desktop"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    let report = saved[0].clone();
    let bytes = std::fs::read(&report).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    // The command line reads the same saved progress to the same report.
    let out = std::process::Command::new(app_binary())
        .args(["report", "--json"])
        .env("OCES_WIZARD_DATA_DIR", user_data.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(cli["support_code"], json["support_code"]);
    assert_eq!(json["support_code"], serde_json::json!(code_on_screen));
    assert_eq!(
        json["errors"][0]["code"],
        serde_json::json!("wizard.step_incomplete"),
        "{json}"
    );
    assert_eq!(json["errors"][0]["step"], serde_json::json!("CUG-2"));
    // The saved report carries the log lines the user saw in the preview.
    let log_lines = json["log"].as_array().expect("log lines attached");
    assert!(log_lines.iter().any(|l| l
        .as_str()
        .unwrap_or_default()
        .contains("code=wizard.step_incomplete")));
    // The command line's report has none unless asked.
    assert!(cli.get("log").is_none(), "{cli}");

    // The support desk's run: open the report, then type the code.
    let mut app = App::start(Launch {
        test: "support-desk",
        data_dir: desk_data.path(),
        lang: "da_DK.UTF-8",
        home: None,
    })
    .await;
    app.open_support_view().await;
    app.expect_step("SUPPORT-1").await;
    app.type_into("#support-file", report.to_str().unwrap())
        .await;
    app.click("#support-open").await;
    assert!(app.text("#support-banner").await.contains(&code_on_screen));
    assert!(app.text("#support-where").await.contains("CUG-2"));
    // What the desk reads first, above the inputs: where the user is and the latest problem,
    // in words it can read aloud (the step's place and title, the message the user saw), not
    // log lines or codes.
    // Then what the user sees now, read-only, which the desk talks the user through (it
    // sat at the very end, under the inputs, the step list and the facts).
    app.wait_css("#support-screen").await;
    let order = app.js("return [...document.querySelectorAll('#support-status, #support-screen, #support-code-input, #support-steps')].map(e => e.id);").await;
    assert_eq!(
        order,
        serde_json::json!([
            "support-status",
            "support-screen",
            "support-code-input",
            "support-steps"
        ])
    );
    assert!(
        app.text("#support-where")
            .await
            .contains("trin 2 af 10: Åbn certifikatværktøjet"),
        "{}",
        app.text("#support-where").await
    );
    let problem = app.text("#support-problem").await;
    assert!(
        problem.starts_with("Seneste problem:")
            && problem.contains("trin 2 af 10: Åbn certifikatværktøjet")
            && problem.contains(
                "Brugeren fik beskeden: “Der manglede et eller flere svar eller flueben på trinnet"
            ),
        "{problem}"
    );
    // The report keeps no counts: the desk's own wording, never "Der mangler … svar".
    assert!(!problem.contains('…'), "{problem}");
    for raw in [
        "wizard.step_incomplete",
        "code=",
        "step=",
        "src-tauri",
        "WARN",
        "UTC",
        "{",
    ] {
        assert!(!problem.contains(raw), "{raw} in {problem}");
        assert!(
            !app.text("#support-status").await.contains(raw),
            "{raw} in the status"
        );
    }
    // The raw log is there for the developers, folded.
    let folded = app
        .js("return document.getElementById('support-log-fold').open;")
        .await;
    assert_eq!(folded, serde_json::json!(false), "the log is folded");
    assert!(
        app.exists("#support-steps li[data-code='CUG-1'][data-status='done']")
            .await
    );
    // The last error, with its code.
    assert!(
        app.exists("#support-errors li[data-code='wizard.step_incomplete']")
            .await
    );
    // In words: no placeholder and no bare key.
    let errors = app.text("#support-errors").await;
    assert!(
        !errors.contains('{') && !errors.contains("wizard.step_incomplete"),
        "{errors}"
    );
    // The log lines the user attached, as text.
    let log = app.value_of("#support-log").await;
    assert!(log.contains("code=wizard.step_incomplete"), "{log}");
    // The user's screen, read-only: it opens on CUG-2 with its controls disabled.
    app.wait_css("#support-screen[data-code='CUG-2']").await;
    let disabled =
        |sel: &str| format!("return document.querySelector(\"{sel}\").matches(':disabled')");
    let tick = app
        .js(&disabled(
            "#support-screen input[data-answer='cug_tool_seen']",
        ))
        .await;
    assert_eq!(tick, serde_json::json!(true), "controls are read-only");
    app.shot("report").await;
    app.viewport(911, 512).await;
    app.js("document.getElementById('support-status-title').scrollIntoView({block: 'start'}); return true;").await;
    app.shot("report-911x512").await;
    app.viewport(1280, 800).await;
    // Back one screen: CUG-1 with the user's two ticks.
    app.click("#support-screen-prev").await;
    app.wait_css("#support-screen[data-code='CUG-1']").await;
    let ticked = app.js("return document.querySelector(\"#support-screen [data-answer='cug_install_code']\").checked").await;
    assert_eq!(ticked, serde_json::json!(true), "the user's answers show");
    // The step list jumps to any screen.
    app.click("#support-steps li[data-code='CUG-5'] button")
        .await;
    app.wait_css("#support-screen[data-code='CUG-5']").await;
    app.shot("report-cug5").await;
    // CUG-8 from a report (the same report, moved on to CUG-8 with the answers of a security
    // administrator replacing a certificate who cannot log in yet): the report has no RID
    // comparison, so the desk sees no RID field and no lead that speaks for the user's
    // window ("Guiden kan ikke se, om …"), but what to ask the user, in words.
    let mut at8 = json.clone();
    at8["step"] = serde_json::json!("CUG-8");
    at8["answers"] = serde_json::json!({
        "cug_account": "replacing",
        "cug_role": "security_admin",
        "cug_login": "not_yet",
    });
    let report8 = desk_data.path().join("report-cug8.json");
    std::fs::write(&report8, serde_json::to_vec(&at8).unwrap()).unwrap();
    let file = app.wait_css("#support-file").await;
    file.clear().await.unwrap();
    file.send_keys(report8.to_str().unwrap()).await.unwrap();
    app.click("#support-open").await;
    app.wait_css("#support-screen[data-code='CUG-8']").await;
    let da = e2e::texts("da");
    let screen = app.text("#support-screen").await;
    let unsure: String = da["cug8.replacing_sa_unsure"].chars().take(40).collect();
    let field = app
        .exists("#support-screen [data-answer='cug_rid'], #support-screen #answer-cug_rid")
        .await;
    assert!(
        !field && !screen.contains(&unsure),
        "CUG-8 in the support view: [RID field, the user's lead] = [{field}, {}]: {screen}",
        screen.contains(&unsure)
    );
    assert_eq!(
        app.text("#support-rid-compare").await,
        da["support.rid_compare"]
    );
    // The user's answer shows.
    let chosen = app
        .js("return document.querySelector(\"#support-screen input[data-answer='cug_login'][value='not_yet']\")?.checked ?? null;")
        .await;
    assert_eq!(
        chosen,
        serde_json::json!(true),
        "the user's answer to the login question"
    );
    app.scroll_to("#support-rid-compare").await;
    app.shot("report-cug8").await;
    app.viewport(911, 512).await;
    app.scroll_to("#support-rid-compare").await;
    app.shot("report-cug8-911x512").await;
    app.viewport(1280, 800).await;
    // The desk may type the whole line the user reads from the screen.
    app.type_into("#support-code-input", &phone_line.to_lowercase())
        .await;
    app.click("#support-read").await;
    app.wait_text("#support-where", "CUG-2").await;
    // A code carries no error: the status says so, and the report's errors are gone.
    app.wait_text("#support-problem", "Bed brugeren om at sende en rapport")
        .await;
    assert!(!app.exists("#support-errors").await);
    // Any separators: dots, a step part without its middle dot, lower case; Enter reads it.
    // The step list's statuses come from the core (CUG-3 waits for CUG-2: locked).
    let input = app.wait_css("#support-code-input").await;
    input.clear().await.unwrap();
    let dotted = format!("cug.2 {}", code_on_screen.to_lowercase().replace('-', "."));
    input
        .send_keys(&format!("{dotted}{}", fantoccini::key::Key::Enter))
        .await
        .unwrap();
    app.wait_css("#support-steps li[data-code='CUG-3'][data-status='locked']")
        .await;
    assert!(
        app.exists("#support-steps li[data-code='CUG-1'][data-status='done']")
            .await
    );
    assert!(
        app.exists("#support-steps li[data-code='CUG-2'][data-status='current']")
            .await
    );
    assert!(!app.exists("#support-error").await, "{dotted} was read");
    // Another user's code replaces the first user's status.
    let mut other = oces_core::wizard::WizardState::default();
    other.choose_flow(oces_core::flow::FlowId::Dms);
    let other_code = oces_core::support::encode(&other);
    input.clear().await.unwrap();
    input.send_keys(&other_code).await.unwrap();
    app.click("#support-read").await;
    app.wait_text("#support-where", "DMS-1").await;
    assert!(!app.text("#support-where").await.contains("CUG"));
    assert!(!app.exists("#support-steps li[data-code='CUG-1']").await);
    // A mistyped character is caught, and the previous user's status is gone with it.
    input.clear().await.unwrap();
    let mut typo: Vec<char> = code_on_screen.chars().collect();
    typo[0] = if typo[0] == 'A' { 'B' } else { 'A' };
    input
        .send_keys(&typo.into_iter().collect::<String>())
        .await
        .unwrap();
    app.click("#support-read").await;
    app.wait_css("#support-error").await;
    for gone in [
        "#support-status",
        "#support-where",
        "#support-steps",
        "#support-screen",
    ] {
        assert!(
            !app.exists(gone).await,
            "{gone} still shows the previous user"
        );
    }
    app.shot("code").await;
    app.quit().await;
    // The support desk's own progress was not touched by viewing.
    assert!(!desk_data.path().join("progress.json").exists());
}
