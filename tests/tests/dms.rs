//! End-to-end: DMS-1 → DMS-4 in the real window: load a generated OCES3 test certificate from a
//! fake Downloads folder and read the gateway user ID off the screen.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use e2e::{oces3_test_p12, App, Launch};

const UUID: &str = "175A859D-ED76-45AF-828F-3A69691A7157";

#[tokio::test]
async fn dms_load_certificate_and_read_the_gateway_user_id() {
    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let downloads = home.path().join("Downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let p12 = oces3_test_p12(
        &downloads,
        "Toldsystem (systemcertifikat)",
        UUID,
        "Told-2026",
    );
    let expected = format!("CVR_25313763_UI_{}", UUID.to_lowercase());

    let mut app = App::start(Launch {
        test: "dms",
        data_dir: data.path(),
        lang: "en_US.UTF-8",
        home: Some(home.path()),
    })
    .await;
    app.click("[data-flow='dms']").await;
    app.tick("dms_have_cert").await;
    // Production chosen, but the file is a test certificate: flagged at DMS-2.
    app.pick("dms_env", "production").await;
    app.click("#next").await;
    app.expect_step("DMS-2").await;
    let list = app.text("#found-list").await;
    assert!(list.contains("cert.p12"), "{list}");
    let idx = app
        .client
        .execute(
            "return [...document.querySelectorAll('#found-list input')].findIndex(i => i.dataset.path === arguments[0])",
            vec![serde_json::json!(p12.to_str().unwrap())],
        )
        .await
        .unwrap();
    app.click(&format!("label[for='found-{}']", idx.as_i64().unwrap()))
        .await;
    app.wait_css("#unlock-password")
        .await
        .send_keys("Told-2026")
        .await
        .unwrap();
    app.click("#unlock").await;
    assert_eq!(app.text("#unlock-gateway-value").await, expected);
    assert!(
        app.exists("#unlock-findings li[data-code='flow.env_mismatch']")
            .await,
        "a test certificate for production is flagged"
    );
    app.scroll_to("#unlock-result").await;
    app.shot("dms-2").await;
    app.click("#next").await;
    app.expect_step("DMS-3").await; // not built yet: skipped
    app.click("#next").await;
    app.expect_step("DMS-4").await;
    assert_eq!(app.text("#gateway-user-value").await, expected);
    assert!(app.exists("#renewal-warning").await);
    assert!(app.text("#open-portal").await.contains("production"));
    app.shot("dms-4").await;
    app.click("#next").await;
    app.expect_step("DMS-5").await;
    // SE number: optional; a failing check digit only warns, a wrong length is refused.
    let se = app.wait_css("#answer-dms_se").await;
    se.send_keys("25313764").await.unwrap();
    app.click("#step-title").await;
    app.wait_css("#answer-dms_se-warning").await;
    assert!(
        !app.exists("#answer-dms_se-error").await,
        "a warning, not a block"
    );
    se.clear().await.unwrap();
    se.send_keys("123").await.unwrap();
    app.click("#step-title").await;
    app.wait_css("#answer-dms_se-error").await;
    se.clear().await.unwrap();
    se.send_keys("25313763").await.unwrap();
    app.click("#step-title").await;
    for _ in 0..50 {
        if !app.exists("#answer-dms_se-error").await && !app.exists("#answer-dms_se-warning").await
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(!app.exists("#answer-dms_se-error").await);
    assert!(!app.exists("#answer-dms_se-warning").await);
    app.shot("dms-5").await;
    app.quit().await;
}
