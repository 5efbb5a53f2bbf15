//! End-to-end: the organisation's policies in the window (a policy.json given to the debug
//! build by `OCES_WIZARD_TEST_POLICY_FILE`): the start screen offers only the allowed flows, the
//! policy page lists each value and its source with the warnings, a locked environment shows
//! "Administreret af din organisation" and cannot be changed, and "Få hjælp" names the
//! company's helpdesk beside the authority's support. The core's refusals are tested in `oces-core` (`session::policy`).
#![allow(clippy::expect_used, clippy::unwrap_used)]

use e2e::{App, Launch};

#[tokio::test]
async fn policies_shape_the_window() {
    let data = tempfile::tempdir().unwrap();
    let policy = data.path().join("policy.json");
    std::fs::write(
        &policy,
        serde_json::json!({
            "AllowedFlows": ["dms"],
            "DefaultEnvironment": "production",
            "LockEnvironment": true,
            "HelpdeskName": "IT-service <b>Eksempel</b>",
            "HelpdeskPhone": "+45 70 00 00 00",
            "ExpiryWarningDays": 9999,
        })
        .to_string(),
    )
    .unwrap();
    let mut app = App::start_with_env(
        Launch {
            test: "policy",
            data_dir: data.path(),
            lang: "da_DK.UTF-8",
            home: None,
        },
        &[("OCES_WIZARD_TEST_POLICY_FILE", &policy)],
    )
    .await;

    // Only DMS is offered.
    app.click("#start").await;
    app.wait_css("[data-flow='dms']").await;
    assert!(!app.exists("[data-flow='cug']").await);
    assert!(!app.exists("[data-flow='stil']").await);

    // The policy page: values, sources, the ignored value with its code; keyboard-reachable.
    // The IT department's page is a quiet link at the end of "Få hjælp", not on the user's
    // start page.
    assert!(!app.exists("#tool-policy").await);
    app.click("#get-help").await;
    app.wait_css("#help-dialog[open]").await;
    app.click("#help-staff > summary").await;
    app.click("#tool-policy").await;
    app.wait_css("#policy-table").await;
    assert_eq!(
        app.focused_id().await,
        "policy-title",
        "the heading takes focus"
    );
    let src = |name: &str| format!("tr[data-policy='{name}']");
    assert_eq!(
        app.text(&format!("{} .policy-source", src("AllowedFlows")))
            .await,
        "policy.json"
    );
    assert_eq!(
        app.text(&format!("{} .policy-value", src("AllowedFlows")))
            .await,
        "dms"
    );
    assert_eq!(
        app.text(&format!("{} .policy-source", src("ExpiryWarningDays")))
            .await,
        "standard"
    );
    app.wait_text("#policy-warnings", "policy.out_of_range")
        .await;
    app.axe("policy page").await;
    app.shot("policy-page").await;
    app.click("#policy-close").await;

    // DMS-1: the environment is preset and locked, marked as managed.
    app.choose_flow("dms").await;
    app.expect_step("DMS-1").await;
    app.wait_text(
        "#answer-dms_env-managed",
        "Administreret af din organisation",
    )
    .await;
    let state = app.js("const r = document.querySelector('#answer-dms_env-production'); \
             return [r.checked, r.disabled, document.querySelector('#answer-dms_env-test').disabled]").await;
    assert_eq!(state, serde_json::json!([true, true, true]));

    // "Få hjælp" names the company's helpdesk, as text (never HTML).
    app.click("#get-help").await;
    app.wait_text("#helpdesk-name", "IT-service <b>Eksempel</b>")
        .await;
    assert_eq!(app.text("#helpdesk-phone").await, "+45 70 00 00 00");
    // Under "Hvem kan hjælpe?", after the step's help: first the company's own helpdesk, then
    // the authority as the flow's guide names it.
    let order = app
        .js(
            "return [...document.querySelectorAll('#help-dialog #help-tips, \
             #help-contacts #help-helpdesk, #help-contacts #help-authority')].map(e => e.id);",
        )
        .await;
    assert_eq!(
        order,
        serde_json::json!(["help-tips", "help-helpdesk", "help-authority"])
    );
    let authority = app.text("#help-authority").await;
    assert!(
        authority.contains("servicedesk@toldst.dk") && authority.contains("+45 72 22 12 12"),
        "{authority}"
    );
    app.shot("help-helpdesk").await;
    app.click("#help-close").await;
    app.quit().await;
}
