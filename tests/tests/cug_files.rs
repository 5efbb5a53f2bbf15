//! End-to-end: CUG-4 → CUG-7 in the real window, with a DKMA-style certificate page in a fake
//! Downloads folder: find it, unlock it (RID shown), put it in ~/.oces, back it up.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use e2e::{cug_page, texts, App, Launch};
use std::time::Duration;

/// What the window put on the clipboard (xclip, as the `stil` test reads it).
fn clipboard() -> String {
    let out = std::process::Command::new("xclip")
        .args(["-o", "-selection", "clipboard"])
        .output()
        .expect("xclip is installed (the test command installs it)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}
#[tokio::test]
async fn cug_find_unlock_place_backup() {
    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    let downloads = home.path().join("Downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let page = cug_page(
        work.path(),
        "Søren Ærø",
        "1234567890123",
        "Æble-SENTINEL-26",
    );
    std::fs::write(downloads.join("Søren Ærø.html"), &page).unwrap();
    std::fs::write(
        downloads.join("invoice.html"),
        b"<html><body>no certificate</body></html>",
    )
    .unwrap();
    // An older certificate of the same holder, already in .oces from last time.
    e2e::openssl(
        work.path(),
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-utf8",
            "-subj",
            "/CN=Søren Ærø/serialNumber=RID:9999999999999",
            "-keyout",
            "old.key",
            "-out",
            "old.pem",
            "-days",
            "2",
        ],
    );
    let old_pem = std::fs::read(work.path().join("old.pem")).unwrap();
    std::fs::create_dir_all(home.path().join(".oces")).unwrap();
    std::fs::write(home.path().join(".oces").join("old.pem"), &old_pem).unwrap();
    let da = texts("da");
    // An old-type DKMA certificate (issued by "TDC Internet Class II CA") in Firefox's store.
    let tdc = e2e::self_signed(work.path(), "tdc", "/CN=TDC Internet Class II CA/O=TDC", 30);
    let tdc_leaf = e2e::signed_by(work.path(), "tdcold", "/CN=Gammel DKMA Bruger", &tdc, 30);
    let firefox = home.path().join(".mozilla/firefox/ab12.default-release");
    std::fs::create_dir_all(&firefox).unwrap();
    let nss = |args: &[&str]| {
        let st = std::process::Command::new("certutil")
            .args(args)
            .arg("-d")
            .arg(format!("sql:{}", firefox.display()))
            .status()
            .unwrap();
        assert!(st.success());
    };
    nss(&["-N", "--empty-password"]);
    nss(&[
        "-A",
        "-n",
        "gammel",
        "-t",
        ",,",
        "-i",
        tdc_leaf.cert.to_str().unwrap(),
    ]);

    let mut app = App::start(Launch {
        test: "cug-files",
        data_dir: data.path(),
        lang: "da_DK.UTF-8",
        home: Some(home.path()),
    })
    .await;
    app.report_start();
    app.choose_flow("cug").await;
    app.tick("cug_guide_email").await;
    app.tick("cug_install_code").await;
    app.click("#next").await;
    app.expect_step("CUG-2").await;
    app.pick("cug_tool_seen", "yes").await;
    app.click("#next").await;
    app.expect_step("CUG-3").await;
    // The practice password is optional and folded away, so it is not taken for the place
    // where the real password is chosen.
    let open = app
        .js("return document.getElementById('rehearsal-fold').open")
        .await;
    assert_eq!(open, serde_json::json!(false), "the practice is folded");
    // The file to save is spoken of in Danish: no English title of DKMA's order and no file
    // ending (before: "(“Order for Closed User Group Certificate”), fx “John Smith.html”").
    let said = app.main_path_text().await;
    for english in ["Order for", ".html"] {
        assert!(!said.contains(english), "CUG-3 says {english:?}: {said}");
    }
    assert!(said.contains(&da["cug3.s5_save"]), "{said}");
    // Edge and Chrome save without asking: the user is told where the file already is, and
    // the tool's English button is said in Danish too (s17 review; before: no such sentence,
    // and a bare “Issue”).
    assert!(
        said.contains("Spørger browseren ikke, er filen allerede gemt i mappen med hentede filer."),
        "{said}"
    );
    assert!(said.contains("“Issue” (udsted)"), "{said}");
    app.shot("cug-3").await;
    app.click("#rehearsal-fold summary").await;
    // The private rehearsal field: requirements tick off, strength is estimated.
    app.type_into("#rehearse-name", "Søren Ærø").await;
    app.type_into("#rehearse-password", "søren2026").await;
    let met = |rule: &'static str| {
        let client = app.client.clone();
        async move {
            client
                .find(fantoccini::Locator::Css(&format!("li[data-rule='{rule}']")))
                .await
                .unwrap()
                .attr("data-met")
                .await
                .unwrap()
                .unwrap_or_default()
        }
    };
    assert_eq!(met("min_length").await, "true");
    assert_eq!(met("upper_and_lower").await, "false");
    assert_eq!(met("digit").await, "true");
    assert_eq!(met("not_name").await, "false", "the name is in it");
    let pw = app.wait_css("#rehearse-password").await;
    pw.clear().await.unwrap();
    pw.send_keys("REHEARSAL-Sentinel-7Qx!").await.unwrap();
    for rule in ["min_length", "upper_and_lower", "digit", "not_name"] {
        assert_eq!(met(rule).await, "true", "{rule}");
    }
    let mut score = String::new();
    for _ in 0..50 {
        score = app
            .wait_css("#rehearse-strength")
            .await
            .attr("data-score")
            .await
            .unwrap()
            .unwrap_or_default();
        if !score.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        matches!(score.as_str(), "3" | "4"),
        "a strong password scores high: {score}"
    );
    app.shot("cug-3-rehearsal").await;
    app.tick("cug_saved").await;
    app.click("#next").await;

    // CUG-4: the page is found by content; the invoice page is not offered.
    app.expect_step("CUG-4").await;
    // The search has answered before Back is pressed (its list moves the button), and the
    // only usable file is chosen.
    app.wait_css("#found-list").await;
    app.wait_css("#file-chosen").await;
    // Back on CUG-3 the rehearsal field is empty: leaving the screen cleared it.
    app.click("#back").await;
    app.expect_step("CUG-3").await;
    let left = app
        .js("return document.getElementById('rehearse-password').value")
        .await;
    assert_eq!(
        left,
        serde_json::json!(""),
        "the rehearsal field is cleared"
    );
    app.click("#next").await;
    app.expect_step("CUG-4").await;
    app.wait_css("#file-chosen").await;
    let list = app.text("#found-list").await;
    assert!(list.contains("Søren Ærø.html"), "{list}");
    assert!(!list.contains("invoice.html"), "{list}");
    // The file found is named in plain words: what it is stands out, where and when it was
    // saved come under it, and its raw name last, small (before: "Søren Ærø.html" in bold
    // and "DKMA-certifikatfil (.html)" beside it).
    let row = app
        .js(
            "const l = document.querySelector('#found-list label[for=found-0]');
             return [l.querySelector('strong').textContent.trim(),
                     l.querySelector('.found-meta').textContent.replace(/\\s+/g, ' ').trim()];",
        )
        .await;
    let row: Vec<String> = serde_json::from_value(row).unwrap();
    assert_eq!(row[0], da["files.kind.cug-html"], "{row:?}");
    assert!(
        row[1].starts_with("Gemt i din mappe Overførsler i dag kl. ")
            && row[1].ends_with("filen Søren Ærø.html"),
        "{row:?}"
    );
    let said = app.main_path_text().await;
    assert!(
        !said.contains("(.html)") && !said.contains("Order for"),
        "{said}"
    );
    // No path on the main path: the computer's own file window is the way to another file,
    // and the field for typing a path waits in a closed fold under it.
    let fields = app.text_fields_on_main_path().await;
    assert!(fields.is_empty(), "CUG-4: {fields:?}");
    assert!(app.exists("#file-path-fold:not([open])").await);
    // A file the step cannot use (a certificate without its key) is not in the list: it comes
    // after it, folded, saying why, as on DMS-2 (before: listed inline as a greyed radio,
    // "Certifikat, der ikke kan bruges her (uden nøgle)").
    assert!(
        !app.exists("#found-list input[data-path$='old.pem']").await,
        "old.pem is not offered"
    );
    assert!(app.exists("details#found-unusable:not([open])").await);
    assert_eq!(
        app.text("#found-unusable summary").await,
        da["files.unusable_fold.one"]
    );
    let unusable = app.text_content("#found-unusable-list").await;
    assert!(
        unusable.contains("old.pem") && unusable.contains(&da["files.unusable.certificate"]),
        "{unusable}"
    );
    assert!(!unusable.contains("uden nøgle"), "{unusable}");
    assert_eq!(app.text("#file-browse").await, da["files.browse_other"]);
    // The only file that can be used is chosen on arrival (as on DMS-2 and STIL-5; before,
    // Next gave "Dette trin er ikke gjort færdigt endnu" until it was clicked), and named
    // with where it is in words.
    assert!(app.exists("#found-0:checked").await);
    assert_eq!(
        app.text("#file-chosen").await,
        "Valgt: “Søren Ærø.html” i din mappe Overførsler"
    );
    // A web page as the certificate is said to be normal (s17 review: a bookkeeper doubts it).
    assert_eq!(
        app.text("#file-html-normal").await,
        "Lægemiddelstyrelsen gemmer certifikatet som en .html-fil. Det er normalt."
    );
    assert!(!app.exists("#step-error").await);
    app.shot("cug-4").await;
    app.click("#next").await;

    // CUG-5: wrong password, then the right one; the RID is shown with a copy button. Next
    // does the work: it opens the file and shows what it is, and the next press moves on.
    app.expect_step("CUG-5").await;
    assert_eq!(
        app.text("#next-hint").await,
        da["ui.next_does_work"],
        "the footer says that Next does it"
    );
    assert!(
        !app.exists("#unlock").await,
        "one primary action: no button of its own before Next"
    );
    app.type_into("#unlock-password", "forkert").await;
    app.click("#next").await;
    // At the field, with the red border, not under the buttons.
    assert_eq!(
        app.text("#unlock-password-error").await,
        da["error.cert.pkcs12.wrong_password"]
    );
    assert!(app.exists(".form-group.form-error #unlock-password").await);
    let pw = app.wait_css("#unlock-password").await;
    pw.clear().await.unwrap();
    pw.send_keys("Æble-SENTINEL-26").await.unwrap();
    app.click("#next").await;
    assert_eq!(app.text("#unlock-holder").await, "Søren Ærø");
    app.expect_step("CUG-5").await;
    assert_eq!(app.text("#unlock-rid-value").await, "1234567890123");
    assert!(
        !app.exists("#unlock-result [data-code='cert.not_oces']")
            .await,
        "a CUG certificate is not OCES, and that is expected in this flow"
    );
    // One plain sentence first, then the trust verdict; the issuer and the encryption are
    // folded away.
    let lead = app.text("#unlock-lead").await;
    assert!(
        lead.starts_with("Det er et certifikat til Søren Ærø – gyldigt til "),
        "{lead}"
    );
    assert!(
        !app.exists("#unlock-blocking").await,
        "nothing stops the user"
    );
    // The trust verdict stays on the main path, calm: DKMA issues its own certificates, so an
    // issuer the guide does not know is normal here (before: "Guiden kender ikke udstederen:
    // det er ikke kontrolleret, at certifikatet er ægte …" in bold, and "Spærring er ikke
    // tjekket …" under it). The revocation line is for experts, in the fold.
    assert_eq!(app.text("#unlock-trust").await, texts("da")["trust.own_ca"]);
    assert_eq!(
        app.js("return getComputedStyle(document.getElementById('unlock-trust')).fontWeight")
            .await,
        serde_json::json!("400"),
        "a fact, not a verdict in bold"
    );
    assert!(app.exists("#unlock-details #unlock-revocation").await);
    assert!(app.exists("#unlock-details:not([open])").await);
    app.scroll_to("#unlock-result").await;
    app.shot("cug-5").await;
    app.click("#next").await;

    // CUG-6: into ~/.oces (created), a verified copy; the original stays.
    app.expect_step("CUG-6").await;
    // What it does for the user, in plain words: no folder name, and no promise about
    // overwriting on the main path (before: "i mappen .oces i din brugermappe … Der bliver
    // aldrig skrevet oven i en fil.").
    assert_eq!(app.text("#place-intro").await, da["files.place_intro"]);
    let said = app.main_path_text().await;
    assert!(
        !said.contains(".oces") && !said.contains("oven i"),
        "CUG-6 speaks of folders: {said}"
    );
    // The two options a first-time user need not touch (another name; move instead of copy)
    // wait in a closed fold (before, a name field and a question sat on the main path).
    let fields = app.text_fields_on_main_path().await;
    assert!(fields.is_empty(), "CUG-6: {fields:?}");
    assert!(
        app.exists("#place-options:not([open]) #mode-copy:checked")
            .await
    );
    // Next does the work and shows where the file went; the next press moves on.
    assert!(!app.exists("#place").await, "no button of its own");
    assert!(app.exists("#next-hint[data-work='true']").await);
    app.click("#next").await;
    let result = app.text("#place-result").await;
    app.expect_step("CUG-6").await;
    assert!(
        !app.exists("#next-hint").await,
        "done: nothing left to do here"
    );
    assert_eq!(
        result, "DKMAnet kan nu finde certifikatet på denne computer. Kopien er kontrolleret.",
        "{result}"
    );
    // The folder, the file's name and "Vis i mappe" are for experts, in the closed fold.
    let said = app.main_path_text().await;
    assert!(!said.contains(".oces"), "{said}");
    assert!(app.exists("#place-details:not([open]) #place-reveal").await);
    assert_eq!(
        app.text_content("#place-folder").await.trim(),
        "mappen .oces i din brugermappe"
    );
    assert_eq!(
        app.text_content("#place-name-shown").await.trim(),
        "Søren Ærø.html"
    );
    let placed = home.path().join(".oces").join("Søren Ærø.html");
    assert_eq!(std::fs::read(&placed).unwrap(), page);
    assert!(
        downloads.join("Søren Ærø.html").exists(),
        "copy is the default"
    );
    app.shot("cug-6").await;
    app.click("#next").await;

    // CUG-7: backup to a chosen folder, verified with the password.
    app.expect_step("CUG-7").await;
    // No path field on the main path: "Vælg mappe …" opens the computer's own window, and
    // typing a path is in a closed fold.
    let fields = app.text_fields_on_main_path().await;
    assert!(fields.is_empty(), "CUG-7: {fields:?}");
    assert_eq!(app.text("#backup-browse").await, da["files.browse_folder"]);
    // Next with no folder chosen says what to do, and stays.
    app.click("#next").await;
    assert_eq!(
        app.text("#backup-error").await,
        da["files.backup_dir_missing"]
    );
    app.expect_step("CUG-7").await;
    app.click("#backup-dir-fold summary").await;
    // A temporary folder is no place for a backup: the computer empties it (before: "… er gemt
    // i en midlertidig mappe og kontrolleret" with a green tick). Refused, nothing copied.
    let temp = e2e::app_temp_dir(data.path()).join(".tmpAbC123");
    std::fs::create_dir_all(&temp).unwrap();
    app.type_into("#backup-dir", temp.to_str().unwrap()).await;
    // Where the copy goes, in words: a temporary folder (".tmpXXXXXX") is never named.
    assert_eq!(
        app.text("#backup-where").await,
        "Sikkerhedskopien kommer i en midlertidig mappe."
    );
    // The password typed at CUG-5 is held in memory for the flow: not asked again. s18
    // review: DMS-7's one line (before: three sentences), the rest under "Hvorfor?", closed.
    assert!(app.exists("#backup-password-held").await, "not asked again");
    assert!(!app.exists("#backup-password").await);
    assert_eq!(
        app.text("#backup-password-held .password-held-text").await,
        "Guiden bruger adgangskoden fra trin 5."
    );
    assert!(
        app.exists("#backup-password-held-why:not([open])").await,
        "the rest under a closed \"Hvorfor?\""
    );
    app.click("#next").await;
    assert_eq!(
        app.text("#backup-error").await,
        da["error.files.backup_temporary"]
    );
    app.expect_step("CUG-7").await;
    assert!(!app.exists("#backup-result").await);
    assert_eq!(std::fs::read_dir(&temp).unwrap().count(), 0);
    // The refusal as a first-time user meets it (s17 review: no shot showed it). The footer
    // says the way on (before: "Tryk Næste, så gør guiden det for dig", when Next would only
    // refuse again), the typed path's fold has closed so the refusal leads, and the temporary
    // folder's path is nowhere on the main path.
    let hint = app.text("#next-hint").await;
    assert_ne!(hint, da["ui.next_does_work"], "CUG-7 temporary: {hint}");
    assert_eq!(hint, da["files.backup_temporary_hint"]);
    assert!(
        app.exists("#backup-dir-fold:not([open])").await,
        "the typed path's fold stays open after the refusal"
    );
    let said = app.main_path_text().await;
    assert!(
        !said.contains(".tmp") && !said.contains("/tmp"),
        "CUG-7 refusal shows a temporary path: {said}"
    );
    assert_eq!(app.focused_id().await, "backup-error");
    both_sizes(&mut app, "cug-7-temporary").await;
    app.click("#backup-dir-fold summary").await;
    // The test's "USB" folder is on the computer's own disk, as the certificate is: said
    // plainly, and the way on for a user without a USB stick waits in a closed fold.
    let stick = usb.path().join("USB-nøgle");
    std::fs::create_dir_all(&stick).unwrap();
    let field = app.wait_css("#backup-dir").await;
    field.clear().await.unwrap();
    field.send_keys(stick.to_str().unwrap()).await.unwrap();
    assert_eq!(
        app.text("#backup-where").await,
        "Sikkerhedskopien kommer i mappen “USB-nøgle”."
    );
    app.click("#next").await;
    assert_eq!(
        app.text("#backup-same-disk").await,
        da["error.files.backup_same_disk"]
    );
    assert!(!app.exists("#backup-error").await, "the refusal is gone");
    assert_eq!(app.focused_id().await, "backup-same-disk");
    assert!(app.exists("#backup-anyway-fold:not([open])").await);
    // The footer says the way on (before: "Tryk Næste, så gør guiden det for dig", when Next
    // would only warn again), and the typed path's fold has closed: the warning leads.
    let hint = app.text("#next-hint").await;
    assert_ne!(hint, da["ui.next_does_work"], "CUG-7 same disk: {hint}");
    assert_eq!(hint, da["files.backup_same_disk_hint"]);
    assert!(hint.contains(&da["files.backup_anyway_q"]));
    assert!(
        app.exists("#backup-dir-fold:not([open])").await,
        "the typed path's fold stays open"
    );
    assert!(!app.exists("#backup-result").await);
    assert_eq!(std::fs::read_dir(&stick).unwrap().count(), 0, "asked first");
    app.shot("cug-7-same-disk").await;
    // "Brug den alligevel": kept, checked, and the result says where it should go later.
    app.click("#backup-anyway-fold summary").await;
    app.click("#backup-anyway").await;
    let result = app.text("#backup-result").await;
    app.expect_step("CUG-7").await;
    assert_eq!(
        result,
        da["files.backup_done_same_disk"]
            .replace("{name}", "Søren Ærø.html")
            .replace("{where}", "mappen “USB-nøgle”")
    );
    assert!(
        app.exists("#backup-result.alert-warning").await,
        "no green tick"
    );
    assert!(!app.exists("#backup-same-disk").await);
    // The typed path has done its work: its fold closes.
    assert!(app.exists("#backup-dir-fold:not([open])").await);
    let said = app.main_path_text().await;
    assert!(
        !said.contains(".tmp") && !said.contains("/tmp"),
        "CUG-7 shows a temporary path: {said}"
    );
    assert_eq!(std::fs::read(stick.join("Søren Ærø.html")).unwrap(), page);
    // "Vis i mappe" is for experts, in the closed fold with the path (as at CUG-6).
    assert!(
        app.exists("#backup-details:not([open]) #backup-reveal")
            .await
    );
    assert!(!said.contains(&da["files.reveal"]), "{said}");
    app.shot("cug-7").await;
    app.click("#backup-details summary").await;
    app.click("#next").await;
    app.expect_step("CUG-8").await;

    // CUG-8 → CUG-9 (replacing): the older certificate of the same holder is preselected,
    // moved out of .oces to OCES-arkiv/<date>/ beside it, and moved back on undo.
    // One question per page: new or replacing, then the kind of account, then the login; the
    // e-mail comes only when it is needed (not logged in yet, or the login fails).
    app.expect_part(1).await;
    assert!(!app.exists("#answer-cug_role-user").await);
    // A page of questions: the footer asks for an answer, not for ticks.
    let hint = app.text("#next-hint").await;
    assert_eq!(hint, da["ui.next_hint.choice"], "{hint}");
    app.shot("cug-8-account").await;
    app.pick("cug_account", "replacing").await;
    app.click("#next").await;
    app.expect_part(2).await;
    assert!(!app.exists("#answer-cug_account-new").await);
    app.pick("cug_role", "security_admin").await;
    app.click("#next").await;
    app.expect_part(3).await;
    assert!(!app.exists("#composed-dkma_rid_email").await, "asked first");
    assert!(!app.exists("#rid-compare").await);
    assert!(!app.text("#next-hint").await.contains("flueben"));
    // One short line of what to try comes first, DKMAnet's login page right under it, then
    // the question. At 911×512 (1366×768 at 150 %) the line, the button and the question's
    // answers are in sight on arrival (before, the button came after the answers and the
    // footer cut it).
    assert_eq!(
        app.text("#step-part .blocks > :first-child").await,
        da["cug8.login_how"]
    );
    assert!(
        app.exists("#step-part .blocks > .block-link:nth-child(2)")
            .await,
        "the login button right under the how-to line"
    );
    app.viewport(911, 512).await;
    let hidden = app
        .hidden_on_arrival(&[
            "#step-part .blocks > :first-child",
            "#step-part .block-link button",
            "label[for='answer-cug_login-yes']",
            "label[for='answer-cug_login-fails']",
            "label[for='answer-cug_login-not_yet']",
        ])
        .await;
    assert!(hidden.is_empty(), "{hidden:?}");
    app.viewport(1024, 768).await;
    // DKMAnet's login page is one click away (a quiet button: Næste stays the one primary
    // button).
    let login_link = app.text("#step-part .block-link button").await;
    assert!(
        login_link.starts_with(&da["cug8.login_link"]),
        "{login_link}"
    );
    both_sizes(&mut app, "cug-8-login").await;
    // Picking an answer moves nothing above the question: its top stays where it is on the
    // page, whichever answer is picked (before, the login button above it went on "Nej, ikke
    // endnu" and the question jumped up under the pointer: a layout shift). Watched for a
    // second after each pick, as the core's answer redraws the page.
    app.viewport(911, 512).await;
    let question_top = "const q = document.querySelector('fieldset[data-answer=cug_login]');
         return q.getBoundingClientRect().top + window.scrollY;";
    let before = app.js(question_top).await.as_f64().unwrap();
    for answer in ["not_yet", "fails", "not_yet", "yes"] {
        app.pick("cug_login", answer).await;
        for _ in 0..10 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let now = app.js(question_top).await.as_f64().unwrap();
            assert!(
                (now - before).abs() < 0.5,
                "CUG-8: the login question moved from {before} to {now} on \"{answer}\""
            );
        }
    }
    app.viewport(1024, 768).await;
    // "Nej, ikke endnu": one calm note at the answer, and Næste shows what to send.
    // At 911×512 the note comes into sight by itself, between the sticky bars, with the
    // focus left on the answer (before, it landed below the footer: nothing seemed to happen).
    app.viewport(911, 512).await;
    app.pick_in_place("answer-cug_login-not_yet").await;
    let calm = app.text("#step-part .alert-info").await;
    assert!(calm.starts_with("Det er helt normalt."), "{calm}");
    // One instruction, picked by the comparison (a new RID here): Næste shows what to send.
    // No second text asks to try the login first.
    assert_eq!(calm, da["cug8.login_wait"]);
    let texts = app
        .js("return document.querySelectorAll('#step-part .block-para, #step-part .block-note, #step-part .block-steps').length")
        .await;
    assert_eq!(
        texts,
        serde_json::json!(2),
        "the how-to line and the one note"
    );
    // The login button above the question stays (nothing above the answers comes or goes).
    assert!(
        app.exists("#step-part .blocks > .block-link:nth-child(2)")
            .await,
        "the login button stays above the question"
    );
    let hidden = app
        .revealed_out_of_sight("#step-part .alert-info", "answer-cug_login-not_yet")
        .await;
    assert!(hidden.is_empty(), "CUG-8, \"Nej, ikke endnu\": {hidden:#?}");
    app.shot_brief("cug-8-not-yet-revealed-911x512").await;
    app.viewport(1024, 768).await;
    assert!(
        !app.exists("#step-part .alert-warning").await,
        "calm, not a warning"
    );
    assert_eq!(app.text("#next").await, "Næste", "a part is still to come");
    both_sizes(&mut app, "cug-8-not-yet").await;
    app.click("#next").await;
    app.expect_part(4).await;
    assert!(!app.exists("#answer-cug_login-yes").await);
    // The last part: the button saves and closes the guide, and says so in one sentence.
    assert_eq!(app.text("#next").await, "Gem og luk guiden");
    assert_eq!(
        app.text("#next-hint[data-save-close]").await,
        da["ui.save_close_hint"]
    );
    both_sizes(&mut app, "cug-8-not-yet-send").await;
    // The page opens with what to do, in one sentence, and the e-mail right under it.
    let first = app
        .client
        .execute(
            "return document.querySelector('#step-part .blocks > :first-child')?.textContent.trim() ?? ''",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(first, serde_json::json!(da["cug8.replacing_sa"]));
    // The RID was read from the file at CUG-5: no field to type it.
    assert!(
        !app.exists("#answer-cug_rid").await,
        "no RID field when the file was read"
    );
    // The file name, both RID numbers and the Firefox line are for experts: folded.
    assert!(app.exists("#rid-compare-fold:not([open])").await);
    assert_eq!(
        app.text("#rid-compare-fold summary").await,
        "Detaljer for eksperter"
    );
    app.click("#rid-compare-fold summary").await;
    // The older certificate in .oces has another RID: the account must be updated.
    let cmp = app.text("#rid-compare li[data-same='false']").await;
    assert!(
        cmp.contains("9999999999999") && cmp.contains("1234567890123"),
        "{cmp}"
    );
    // The ready email to DKMA carries the new RID from CUG-5, in the user's language, with
    // no tick box for another language. Its address and its subject stand on lines of their
    // own, each with its own copy button, in the mail program's order (address, subject,
    // text); the text to copy is the body alone (s19 review: "Kopiér teksten" copied
    // "Til: … / Emne: …" into the e-mail's body).
    let email = app.value_of("#composed-dkma_rid_email").await;
    assert!(email.contains("Nyt RID-nummer: 1234567890123"), "{email}");
    assert!(
        !email.contains("Til:") && !email.contains("Emne:") && !email.contains("medicinpriser"),
        "the text to copy is the e-mail's body alone: {email}"
    );
    assert_eq!(
        app.text("#composed-dkma_rid_email-to-value").await,
        "medicinpriser@dkma.dk"
    );
    assert_eq!(app.text("#composed-dkma_rid_email-to-label").await, "Til");
    assert!(app
        .text("#composed-dkma_rid_email-subject-value")
        .await
        .starts_with("Nyt RID-nummer til brugerkonto på DKMAnet"));
    assert_eq!(
        app.text("#composed-dkma_rid_email-subject-label").await,
        "Emne"
    );
    let order = app
        .js("const at = (css) => document.querySelector(css);
             const els = ['#composed-dkma_rid_email-to-value',
                          '#composed-dkma_rid_email-subject-value',
                          '#composed-dkma_rid_email-copy',
                          '#composed-dkma_rid_email'].map(at);
             return els.every(e => !!e) && els.every((e, i) => i === 0
               || !!(els[i - 1].compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING));")
        .await;
    assert_eq!(
        order, true,
        "Til, Emne, Kopiér teksten, the text: in this order"
    );
    // Each line's own button copies it, and "Kopiér teksten" the body alone.
    for (button, value) in [
        (
            "#composed-dkma_rid_email-to-value ~ button",
            "medicinpriser@dkma.dk".to_string(),
        ),
        (
            "#composed-dkma_rid_email-subject-value ~ button",
            app.text("#composed-dkma_rid_email-subject-value").await,
        ),
        ("#composed-dkma_rid_email-copy", email.clone()),
    ] {
        app.click(button).await;
        let mut clip = String::new();
        for _ in 0..30 {
            clip = clipboard();
            if clip == value {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(clip, value, "{button}");
    }
    // The address is not the DKMAnet support's (dkmanet@dkma.dk, on CUG-1 to CUG-3): one line
    // right under it says why (s18 review, fix 6; seed 000: a Security Administrator mails
    // the new RID to medicinpriser@dkma.dk).
    assert_eq!(
        app.js(
            "const p = document.getElementById('composed-dkma_rid_email-to-why');
                const a = p?.previousElementSibling;
                return [!!a?.querySelector('#composed-dkma_rid_email-to-value'),
                        p?.textContent.trim() ?? ''];"
        )
        .await,
        serde_json::json!([true, da["cug8.email_to_why"]])
    );
    assert!(!app.exists("#composed-dkma_rid_email-other").await);
    // The e-mail's button comes right under the sentence and is the one primary button;
    // "Gem og luk guiden" is quiet until "Jeg har sendt e-mailen" is ticked. At 911×512 the
    // button is in sight on arrival.
    let client = app.client.clone();
    let class = |css: &'static str| {
        let client = client.clone();
        async move {
            client
                .find(fantoccini::Locator::Css(css))
                .await
                .unwrap()
                .attr("class")
                .await
                .unwrap()
                .unwrap_or_default()
        }
    };
    assert!(class("#composed-dkma_rid_email-mail")
        .await
        .contains("button-primary"));
    assert!(class("#next").await.contains("button-secondary"));
    assert_eq!(
        app.text("#composed-dkma_rid_email-mail").await,
        format!("{} ↗", da["cug8.open_mail"])
    );
    app.viewport(911, 512).await;
    let hidden = app
        .hidden_on_arrival(&["#composed-dkma_rid_email-mail"])
        .await;
    assert!(hidden.is_empty(), "{hidden:?}");
    // Ticking "Jeg har sendt e-mailen" at 911×512 brings what happens now into sight by
    // itself: the user scrolls until the box is just above the footer and ticks it there
    // (the page's own click, so WebDriver's scrolling hides nothing); the note under it
    // must come into sight between the bars, with the focus left on the box.
    app.js("const c = document.getElementById('answer-cug_email_sent');
         const foot = document.querySelector('.wizard-foot').getBoundingClientRect();
         window.scrollBy(0, c.getBoundingClientRect().bottom - foot.top + 4);
         c.focus();
         c.click();")
        .await;
    let hidden = app
        .revealed_out_of_sight("#step-part .alert-info", "answer-cug_email_sent")
        .await;
    assert!(
        hidden.is_empty(),
        "CUG-8, \"Jeg har sendt e-mailen\": {hidden:#?}"
    );
    assert_eq!(
        app.text("#step-part .alert-info").await,
        da["cug8.email_sent_now"]
    );
    // The picture as the user sees it right after the tick, at this size (not after a resize).
    app.shot_brief("cug-8-email-sent-revealed-911x512").await;
    app.viewport(1024, 768).await;
    for _ in 0..50 {
        if class("#next").await.contains("button-primary") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        class("#next").await.contains("button-primary"),
        "sent: Gem og luk is primary"
    );
    assert!(class("#composed-dkma_rid_email-mail")
        .await
        .contains("button-secondary"));
    assert_eq!(app.text("#next").await, "Gem og luk guiden");
    // Once it is sent, the page says what happens now: the agency updates the account; save
    // and close, and come back to log in.
    let body = app.js("return document.body.innerText").await;
    assert!(
        body.as_str()
            .unwrap_or_default()
            .contains(&da["cug8.email_sent_now"]),
        "the note after ticking: {body}"
    );
    both_sizes(&mut app, "cug-8-email-sent").await;
    app.tick("cug_email_sent").await;
    for _ in 0..50 {
        if class("#next").await.contains("button-secondary") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        class("#next").await.contains("button-secondary"),
        "not sent after all"
    );
    assert!(app.exists("#composed-dkma_rid_email-mail").await);
    app.scroll_to("#composed-dkma_rid_email").await;
    app.shot("cug-8-email").await;
    // The text box shows the whole e-mail, RID included, also on a small laptop screen.
    app.check_small_screens("#composed-dkma_rid_email", "cug-8-email")
        .await;
    // A CU/CA user gets the message for the Security Administrator instead (Tilbage goes
    // through the step's parts).
    app.click("#back").await;
    app.expect_part(3).await;
    app.click("#back").await;
    app.expect_part(2).await;
    app.pick("cug_role", "user").await;
    app.click("#next").await;
    app.expect_part(3).await;
    app.click("#next").await;
    app.expect_part(4).await;
    let message = app.value_of("#composed-sa_message").await;
    assert!(message.contains("RID-nummer: 1234567890123"), "{message}");
    assert!(!app.exists("#composed-dkma_rid_email").await);
    app.click("#back").await;
    app.click("#back").await;
    app.expect_part(2).await;
    app.pick("cug_role", "security_admin").await;
    app.click("#next").await;
    app.expect_part(3).await;
    app.click("#next").await;
    app.expect_part(4).await;
    // "Ja, men det virker ikke": what to check, whom to write to, and the same way out.
    app.click("#back").await;
    app.expect_part(3).await;
    app.pick("cug_login", "fails").await;
    assert_eq!(app.text("#next").await, "Næste");
    app.click("#next").await;
    app.expect_part(4).await;
    // What the user can check at once comes first, whatever the RID, and is in sight on
    // arrival at 911×512; the e-mail follows it (before, the e-mail came first and "Det kan
    // du også selv tjekke" after it).
    assert_eq!(
        app.text("#step-part .blocks > :first-child").await,
        da["cug8.fails_intro"]
    );
    let order = app
        .js("const s = document.querySelector('#step-part .blocks .block-steps'),
                   m = document.getElementById('composed-dkma_rid_email');
             return !!(s && m && (s.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING));")
        .await;
    assert_eq!(
        order,
        serde_json::json!(true),
        "the checks before the e-mail"
    );
    app.viewport(911, 512).await;
    let hidden = app
        .hidden_on_arrival(&[
            "#step-part .blocks > :first-child",
            "#step-part .blocks .block-steps",
        ])
        .await;
    app.shot_brief("cug-8-fails-arrival-911x512").await;
    assert!(hidden.is_empty(), "CUG-8, fails: {hidden:?}");
    app.viewport(1024, 768).await;
    // Ticked as sent here too: one blue button, the footer's; the e-mail's is quiet.
    app.tick("cug_email_sent").await;
    let primaries = || async {
        app.js("return Array.from(document.querySelectorAll('.button-primary')).filter(e => e.offsetParent !== null).map(e => e.id || e.textContent.trim())")
            .await
    };
    for _ in 0..50 {
        if primaries().await == serde_json::json!(["next"]) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        primaries().await,
        serde_json::json!(["next"]),
        "CUG-8, fails, sent: one primary button"
    );
    both_sizes(&mut app, "cug-8-fails-sent").await;
    app.tick("cug_email_sent").await;
    let part = app.text("#step-part").await;
    for key in [
        "cug8.fails_intro",
        "cug8.fails_choose",
        "cug8.fails_password",
        "cug8.fails_contact",
    ] {
        assert!(part.contains(&da[key]), "{key}: {part}");
    }
    assert!(
        app.exists("#composed-dkma_rid_email").await,
        "the e-mail to send"
    );
    assert_eq!(app.text("#next").await, "Gem og luk guiden");
    // It ends with the way back: "Virker det nu? Gå tilbage og vælg …", and the link goes to
    // the login question.
    let last = app
        .client
        .execute(
            "return document.querySelector('#step-part .blocks > :last-child')?.id ?? ''",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(last, serde_json::json!("back-to-cug_login"));
    assert_eq!(
        app.text("#back-to-cug_login").await,
        format!("{} {}", da["cug8.fails_works_now"], da["cug8.fails_back"])
    );
    both_sizes(&mut app, "cug-8-fails").await;
    app.click("#back-to-cug_login button").await;
    app.expect_part(3).await;
    assert!(app.exists("#answer-cug_login-fails:checked").await);
    app.click("#next").await;
    app.expect_part(4).await;
    // "Ja, og det virker": nothing to send, Næste goes on.
    app.click("#back").await;
    app.expect_part(3).await;
    app.pick("cug_login", "yes").await;
    assert_eq!(app.text("#next").await, "Næste");
    assert!(!app.exists("#next-hint[data-save-close]").await);
    both_sizes(&mut app, "cug-8-works").await;
    // Not logged in yet after all: Gem og luk guiden saves and closes the window …
    app.pick("cug_login", "not_yet").await;
    app.click("#next").await;
    app.expect_part(4).await;
    assert_eq!(app.text("#next").await, "Gem og luk guiden");
    assert!(
        app.close_with_next(data.path()).await,
        "Gem og luk guiden closes the window"
    );
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.path().join("progress.json")).unwrap()).unwrap();
    assert_eq!(saved["flows"]["cug"]["current"], "CUG-8", "{saved}");
    assert_eq!(
        saved["flows"]["cug"]["answers"]["cug_login"], "not_yet",
        "{saved}"
    );
    let first_log = app.log.clone();
    app.quit().await;
    // … and the next start opens on CUG-8, at the login question.
    let mut app = App::start(Launch {
        test: "cug-files-again",
        data_dir: data.path(),
        lang: "da_DK.UTF-8",
        home: Some(home.path()),
    })
    .await;
    app.click("#resume-continue").await;
    app.expect_step("CUG-8").await;
    app.expect_part(3).await;
    assert!(
        app.exists("#answer-cug_login-not_yet:checked").await,
        "the answer is kept"
    );
    assert_eq!(app.step_status("CUG-9").await, "locked");
    assert_eq!(app.step_status("CUG-10").await, "locked");
    // The next day the login works.
    app.pick("cug_login", "yes").await;
    // It works: nothing to send, so Næste goes on to the clean-up.
    app.click("#next").await;
    app.expect_step("CUG-9").await;
    // The old one to move is the list's choice; the new one is no choice, so it is one line
    // of text after the list (before, a greyed tick box among them, first, that pushed the
    // old ones below the fold at 911×512).
    let list = app.text("#archive-list").await;
    assert!(
        list.contains("old.pem") && !list.contains("Søren Ærø.html"),
        "{list}"
    );
    assert!(!app.exists("#archive-list input:disabled").await);
    let stays = app.text("#archive-new-stays-line").await;
    assert!(
        stays.starts_with("Dit nye certifikat, gyldigt til ")
            && stays.ends_with(", bliver liggende."),
        "{stays}"
    );
    let order = app
        .js("const l = document.getElementById('archive-list'), n = document.getElementById('archive-new-stays-line');
             return !!(l.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING);")
        .await;
    assert_eq!(order, serde_json::json!(true), "the old ones first");
    app.viewport(911, 512).await;
    let hidden = app
        .hidden_on_arrival(&[
            "#archive-intro",
            "#archive-list label[for='old-0']",
            "#archive-new-stays-line",
        ])
        .await;
    assert!(hidden.is_empty(), "CUG-9, to move: {hidden:?}");
    app.viewport(1024, 768).await;
    // The old certificate is named in words, as the result after the move names it (holder
    // and end of validity: the date tells it from the new one); its file name is the small
    // line under it, never the name that stands out.
    let named = app
        .js(
            "const l = [...document.querySelectorAll('#archive-list label')]
                 .find(l => l.textContent.includes('old.pem'));
             return l ? [l.querySelector('strong').textContent.trim(),
                         l.querySelector('.found-meta').textContent.trim()] : null;",
        )
        .await;
    let named: Vec<String> = serde_json::from_value(named).unwrap();
    assert!(
        named[0].starts_with("Søren Ærø, gyldigt til ") && !named[0].contains("old.pem"),
        "{named:?}"
    );
    assert!(named[1].ends_with("filen old.pem"), "{named:?}");
    both_sizes(&mut app, "cug-9-to-move").await;
    // Next moves the ticked ones out of the login box, and says so first; nothing moves
    // before Next is pressed.
    let old_in_oces = home.path().join(".oces").join("old.pem");
    assert!(!app.exists("#archive").await, "no button of its own");
    let said = app.text("#archive-next").await;
    assert!(
        said.contains("Tryk Næste") && said.contains("fortryde"),
        "{said}"
    );
    assert!(old_in_oces.exists(), "nothing moves before Next");
    app.click("#next").await;
    app.wait_css("#archive-result").await;
    app.expect_step("CUG-9").await;
    assert!(!old_in_oces.exists(), "moved, not copied");
    // Fortryd: a quiet, visible button under the result (not folded), never the primary one
    // and never where the focus goes; Next stays the one way forward.
    let undo = app.wait_css("#archive-undo").await;
    assert_eq!(
        undo.attr("class").await.unwrap().unwrap_or_default(),
        "button button-secondary"
    );
    assert!(
        !app.exists("details #archive-undo").await,
        "not folded away"
    );
    assert!(undo.is_displayed().await.unwrap());
    assert_eq!(
        app.focused_id().await,
        "archive-result",
        "the result has the focus"
    );
    assert_eq!(app.text("#next").await, "Næste");
    // Said in the past tense, naming the certificate it moved (holder and end of validity)
    // and where it is now: outside .oces, in words.
    let result = app.text("#archive-result").await;
    assert!(
        result.starts_with("Guiden har flyttet det gamle certifikat"),
        "{result}"
    );
    let moved = app.text("#archive-moved").await;
    assert!(
        moved.starts_with("Søren Ærø, gyldigt til ") && !moved.contains("old.pem"),
        "{moved}"
    );
    let said_where = app.text("#archive-where").await;
    assert!(
        said_where.contains("mappen OCES-arkiv i din brugermappe")
            && said_where.contains("Intet er slettet"),
        "{said_where}"
    );
    assert!(
        !app.exists("#archive-intro").await,
        "no future tense after the move"
    );
    // One job on the page: the browsers come on the next page.
    assert_eq!(
        app.wait_css("#archive-part")
            .await
            .attr("data-archive-part")
            .await
            .unwrap(),
        Some("archive".into())
    );
    assert!(
        !app.exists("#old-store").await,
        "the browsers: the next page"
    );
    // The guide moved the files: its tag says so.
    assert_eq!(app.text("[data-actor]").await, da["ui.actor.app"]);
    // The new certificate is where it should be, told apart from the moved one by its date.
    let stays = app.text("#archive-new-stays").await;
    assert!(
        stays.starts_with("Dit nye certifikat, gyldigt til ") && stays.ends_with("hvor det skal."),
        "{stays}"
    );
    // The main path says what the folder is for; its name is in the experts' fold (closed).
    let shown = app.js("return document.body.innerText").await;
    let shown = shown.as_str().unwrap_or_default();
    assert_eq!(shown.matches(".oces").count(), 0, "{shown}");
    assert!(
        shown.contains("den mappe, DKMAnet henter certifikater fra"),
        "{shown}"
    );
    assert!(app.exists("#archive-expert:not([open])").await);
    // A Danish user's archive is Danish, `OCES-arkiv`, beside .oces (not in it, where the
    // login box looks), the dated folder as Danish writes a date.
    assert!(!home.path().join(".oces").join("arkiv").exists());
    let archive_dir = home.path().join("OCES-arkiv");
    let dated = std::fs::read_dir(&archive_dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let dated_name = dated.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        dated_name.contains(". ") && !dated_name.contains('-'),
        "{dated_name}"
    );
    assert_eq!(std::fs::read(dated.join("old.pem")).unwrap(), old_pem);
    assert!(placed.exists(), "the new certificate stays");
    both_sizes(&mut app, "cug-9-moved").await;
    // The folder's name and place, for experts.
    app.click("#archive-expert summary").await;
    assert_eq!(
        app.text("#archive-expert .details-text").await,
        da["files.archive_folder_expert"]
    );
    app.click("#archive-expert summary").await;
    // Next: the second job, on a page of its own: the old certificates in the browsers.
    app.viewport(911, 512).await;
    app.click("#next").await;
    app.wait_css("#archive-part[data-archive-part='old_in_browsers']")
        .await;
    app.expect_step("CUG-9").await;
    assert!(
        !app.exists("#archive-result").await,
        "the move was the page before"
    );
    // The user presses each "Fjern": the tag says the user does it, as the sentence does.
    assert_eq!(
        app.wait_css("[data-actor]")
            .await
            .attr("data-actor")
            .await
            .unwrap(),
        Some("user".into())
    );
    assert_eq!(app.text("[data-actor]").await, da["ui.actor.user"]);
    assert_eq!(app.text("#next").await, "Næste");
    // What to do, in one sentence, and the first old certificate's "Fjern" are in sight on
    // arrival at 911×512 (before, "Fjern" needed a scroll under the move's result).
    let hidden = app
        .hidden_on_arrival(&["#old-store-needs-you", "#old-store-list .old-remove"])
        .await;
    app.shot_brief("cug-9-browsers-arrival-911x512").await;
    assert!(hidden.is_empty(), "CUG-9's Fjern on arrival: {hidden:?}");
    app.viewport(1024, 768).await;
    assert_eq!(
        app.text("#old-store-needs-you").await,
        da["store.old_needs_you.one"]
    );
    both_sizes(&mut app, "cug-9-browsers").await;
    // The old-type certificate in Firefox: Remove asks once more, then it is gone.
    let old_cert = app.text("#old-store-list").await;
    assert!(
        old_cert.contains("Gammel DKMA Bruger") && old_cert.contains("Firefox"),
        "{old_cert}"
    );
    // Its "Fjern" button is in plain sight beside it, in no fold: shown without a click, and
    // in sight between the bars at 911×512 once the section is scrolled to.
    let plain = app
        .js(
            "const b = document.querySelector('#old-store-list .old-remove');
             return !!b && b.closest('details') === null && b.offsetParent !== null
               && b.textContent.trim() === 'Fjern';",
        )
        .await;
    assert_eq!(plain, serde_json::json!(true), "a visible Fjern button");
    assert!(!app.exists("#old-store-more").await, "no fold around it");
    // The manual steps are Firefox's (where the certificate is), not NemID CSP's.
    let manual = app
        .js("return document.querySelector('#old-store-manual').textContent")
        .await;
    let manual = manual.as_str().unwrap_or_default();
    assert!(
        manual.contains("Vis certifikater") && !manual.contains("NemID"),
        "{manual}"
    );
    // Removing cannot be undone: it asks, and "Behold det" keeps it.
    app.click("#old-store-list .old-remove").await;
    app.click("#old-store-list .old-remove-keep").await;
    assert!(!app.exists("#old-store-list .old-remove-confirm").await);
    assert!(app
        .text("#old-store-list")
        .await
        .contains("Gammel DKMA Bruger"));
    app.click("#old-store-list .old-remove").await;
    app.click("#old-store-list .old-remove-confirm").await;
    app.wait_css("#old-store-results li[data-outcome='removed']")
        .await;
    app.wait_css("#old-store-none").await;
    let listing = std::process::Command::new("certutil")
        .args(["-L", "-d"])
        .arg(format!("sql:{}", firefox.display()))
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&listing.stdout).contains("gammel"));
    // Undo asks first (on the page of the move: Tilbage goes there).
    app.click("#back").await;
    app.wait_css("#archive-part[data-archive-part='archive']")
        .await;
    app.click("#archive-undo").await;
    app.click("#archive-undo-confirm").await;
    for _ in 0..50 {
        if old_in_oces.exists() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        std::fs::read(&old_in_oces).unwrap(),
        old_pem,
        "undo puts it back"
    );
    let log = app.log.clone();
    app.quit().await;
    // No secret in the app-data folder (progress, settings, logs, handover log), the home
    // folder (placed files, backups, saved reports) or what the app printed.
    e2e::assert_no_secret(
        &[data.path(), home.path(), usb.path(), &log, &first_log],
        &["Æble-SENTINEL-26", "REHEARSAL-Sentinel-7Qx!"],
    );
    // The log too, explicitly: it exists, and it holds no password.
    e2e::assert_log_has_no_secret(
        data.path(),
        &["Æble-SENTINEL-26", "REHEARSAL-Sentinel-7Qx!"],
    );
    // The wrong password at CUG-5 is in it, with its step, for the helpdesk.
    let log = std::fs::read_to_string(data.path().join("oces-wizard.log")).unwrap();
    assert!(
        log.lines()
            .any(|l| l.contains("code=cert.pkcs12.wrong_password") && l.contains("step=CUG-5")),
        "{log}"
    );

    // The saved progress knows where the files are, and no password.
    let saved = std::fs::read_to_string(data.path().join("progress.json")).unwrap();
    assert!(saved.contains(".oces") && saved.contains("1234567890123"));
    assert!(
        !saved.contains("Æble-SENTINEL-26"),
        "the password is never saved"
    );
    assert!(
        !saved.contains("REHEARSAL-Sentinel"),
        "nor the rehearsed one"
    );
    for entry in std::fs::read_dir(data.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap_or_default();
        assert!(!String::from_utf8_lossy(&bytes).contains("REHEARSAL-Sentinel"));
    }
}

/// Screenshots of the screen as it is at 1280×800 and at 911×512 (a 1366×768 laptop at
/// 150 %), each with the screen checks, then back to the tests' 1024×768.
async fn both_sizes(app: &mut App, what: &str) {
    app.viewport(1280, 800).await;
    app.shot(&format!("{what}-1280x800")).await;
    app.viewport(911, 512).await;
    app.shot(&format!("{what}-911x512")).await;
    app.viewport(1024, 768).await;
}

/// Standard base64 with padding (the test's page carries the PKCS#12 this way).
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// DER with a long-form length (for the damaged PKCS#12 below).
fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        out.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(content);
    out
}

/// Two copies of one DKMA page, as a browser saves a second download ("Søren Ærø (1).html"),
/// in the same minute: in CUG-4's list (the shared file list, 09ae4d9) they would read the
/// same, "Certifikatfilen fra Lægemiddelstyrelsen" twice. Each headline carries its file name,
/// newest first; the grey line under it says where and when (the same minute: no time in the
/// headline) and not the name again. Nothing is chosen for the user: two files, they choose.
#[tokio::test]
async fn cug_4_tells_two_copies_of_the_page_apart_by_name() {
    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let downloads = home.path().join("Downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let page = cug_page(
        work.path(),
        "Søren Ærø",
        "1234567890123",
        "Æble-SENTINEL-26",
    );
    let first = downloads.join("Søren Ærø.html");
    let again = downloads.join("Søren Ærø (1).html");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let minute = (now - 3 * 86_400) / 60 * 60;
    for (file, secs) in [(&first, 10), (&again, 40)] {
        std::fs::write(file, &page).unwrap();
        std::fs::File::options()
            .write(true)
            .open(file)
            .unwrap()
            .set_modified(std::time::UNIX_EPOCH + Duration::from_secs(minute + secs))
            .unwrap();
    }
    let da = texts("da");
    let mut app = App::start(Launch {
        test: "cug-4-alike",
        data_dir: data.path(),
        lang: "da_DK.UTF-8",
        home: Some(home.path()),
    })
    .await;
    to_cug_4(&app).await;
    app.wait_css("#found-1").await;
    assert!(
        !app.exists("#found-list input:checked").await && !app.exists("#file-chosen").await,
        "two files: the user chooses"
    );
    let rows = app
        .js(
            "return Array.from(document.querySelectorAll('#found-list label'))
               .filter(l => l.querySelector('.found-what'))
               .map(l => [l.querySelector('.found-what').textContent.trim(),
                          l.querySelector('.found-where').textContent.replace(/\\s+/g, ' ').trim()])",
        )
        .await;
    let rows: Vec<(String, String)> = serde_json::from_value(rows).unwrap();
    let kind = &da["files.kind.cug-html"];
    assert_eq!(
        rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
        [
            format!("{kind} “Søren Ærø (1).html”"),
            format!("{kind} “Søren Ærø.html”")
        ],
        "the names tell the copies apart, newest first"
    );
    assert!(
        rows[0].1 == rows[1].1
            && rows[0].1.starts_with("Gemt i din mappe Overførsler ")
            && !rows[0].1.contains(".html"),
        "where and when, the same minute, not the name again: {rows:?}"
    );
    app.shot("cug-4-alike").await;
    app.quit().await;
}

/// A DKMA page the reader cannot read (a PKCS#12 inside whose content is not what it should
/// be) goes all the way: CUG-4 and CUG-5 go on with the file as it is, CUG-6 places it, CUG-7
/// backs it up by hash, CUG-8 writes the e-mail with the RID typed from DKMAnet's "Details",
/// "Nej, ikke endnu" makes CUG-8's button "Gem og luk guiden", and a working login goes on
/// through CUG-9 to CUG-10.
#[tokio::test]
async fn cug_unreadable_page_goes_through_to_cug_10() {
    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    let downloads = home.path().join("Downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let oid_data = [
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01,
    ];
    let content = der(0xA0, &der(0x04, &[0u8; 400]));
    let auth_safe = der(0x30, &[oid_data.as_slice(), &content].concat());
    let pfx = der(0x30, &[[0x02, 0x01, 0x03].as_slice(), &auth_safe].concat());
    let b64 = base64(&pfx);
    let page =
        format!("<!DOCTYPE html><html><body><script>var p12 = \"{b64}\";</script></body></html>");
    let file = downloads.join("John Smith.html");
    std::fs::write(&file, &page).unwrap();
    let da = texts("da");

    let mut app = App::start(Launch {
        test: "cug-unreadable",
        data_dir: data.path(),
        lang: "da_DK.UTF-8",
        home: Some(home.path()),
    })
    .await;
    to_cug_4(&app).await;
    app.click("#file-path-fold summary").await;
    app.type_into("#file-path", file.to_str().unwrap()).await;
    app.click("#file-use").await;
    assert!(app.text("#file-chosen").await.contains("John Smith.html"));
    app.click("#next").await;
    app.expect_step("CUG-5").await;
    if !app.exists("#unlock-unreadable").await {
        // Found as a PKCS#12 before the password; the password reveals it cannot be read.
        app.type_into("#unlock-password", "Test1234").await;
        app.click("#next").await;
        app.wait_css("#unlock-error").await;
        // Next goes on with the file as it is (no button of its own).
        assert_eq!(
            app.text("#unlock-go-on-next").await,
            da["files.unreadable_go_on_next"]
        );
        app.shot("cug-5-unreadable").await;
        app.click("#next").await;
    } else {
        app.click("#next").await;
    }
    app.expect_step("CUG-6").await;
    app.click("#next").await;
    app.wait_css("#place-result").await;
    app.click("#next").await;
    app.expect_step("CUG-7").await;
    app.click("#backup-dir-fold summary").await;
    app.type_into("#backup-dir", usb.path().to_str().unwrap())
        .await;
    // The test's folders are all on one disk: "Brug den alligevel".
    app.click("#next").await;
    app.click("#backup-anyway-fold summary").await;
    app.click("#backup-anyway").await;
    app.wait_css("#backup-result").await;
    assert_eq!(
        std::fs::read(usb.path().join("John Smith.html")).unwrap(),
        page.as_bytes()
    );
    app.click("#next").await;
    app.expect_step("CUG-8").await;
    app.pick("cug_account", "replacing").await;
    app.click("#next").await;
    app.pick("cug_role", "security_admin").await;
    app.click("#next").await;
    app.pick("cug_login", "not_yet").await;
    app.click("#next").await;
    app.expect_part(4).await;
    // The field for the RID the e-mail needs comes first, then the e-mail it fills in and
    // "Jeg har sendt e-mailen" (before, the tick box stood above the field).
    let before = |a: &str, b: &str| {
        format!(
            "const a = document.querySelector('{a}'), b = document.querySelector('{b}');
             return !!(a && b && (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING));"
        )
    };
    assert_eq!(
        app.js(&before("#answer-cug_rid", "#answer-cug_email_sent"))
            .await,
        serde_json::json!(true),
        "the RID field before “{}”",
        da["cug8.email_sent"]
    );
    app.type_into("#answer-cug_rid", "1234567890123").await;
    app.click("#step-title").await;
    let mut email = String::new();
    for _ in 0..50 {
        if app.exists("#composed-dkma_rid_email").await {
            email = app.value_of("#composed-dkma_rid_email").await;
            if email.contains("1234567890123") {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(email.contains("Nyt RID-nummer: 1234567890123"), "{email}");
    assert_eq!(
        app.js(&before("#answer-cug_rid", "#composed-dkma_rid_email"))
            .await,
        serde_json::json!(true),
        "the RID field before the e-mail it fills in"
    );
    // Not logged in yet: the guide saves and closes here rather than going on.
    assert_eq!(app.text("#next").await, "Gem og luk guiden");
    // Once the login works: the clean-up (nothing old to move), then the last step.
    app.click("#back").await;
    app.expect_part(3).await;
    app.pick("cug_login", "yes").await;
    app.click("#next").await;
    app.expect_step("CUG-9").await;
    app.wait_css("#archive-none").await;
    // Nothing to move and nothing in the browsers: one page says both, no plan and no manual
    // route for a certificate that is not there, and Næste goes on to the last step (no
    // second page saying "nothing to do" again).
    assert_eq!(app.text("#archive-none").await, da["files.archive_none"]);
    assert_eq!(
        app.text("#archive-browsers-clear").await,
        da["files.browsers_clear"]
    );
    assert!(!app.exists("#archive-intro").await);
    assert!(!app.exists("#old-store").await, "no browsers' page");
    assert_eq!(app.text("#next").await, "Næste");
    both_sizes(&mut app, "cug-9-nothing").await;
    app.click("#next").await;
    app.expect_step("CUG-10").await;
    assert_eq!(app.text("#step-title").await, "Færdig");
    assert!(!app.exists("#done-paused").await);
    app.shot("cug-10-unreadable").await;
    app.quit().await;
}

/// "Gem og luk guiden" when a newer version of the guide has saved its progress meanwhile:
/// the window stays open and says, in the user's words, why nothing was saved and what to
/// do; the newer file keeps its bytes.
#[tokio::test]
async fn cug_save_and_close_over_a_newer_versions_progress_says_why() {
    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let file = saved_at_cug8_not_yet(data.path(), true);
    let da = texts("da");
    let mut app = at_cug8_save_and_close("cug-newer", data.path(), home.path()).await;
    // A newer version of the guide saves its own progress while this window is open.
    let newer = br#"{"version": 2, "active": "cug", "flows": {}, "new_field": true}"#;
    std::fs::write(&file, newer).unwrap();
    app.click("#next").await;
    let warning = app.text("#step-warning").await;
    assert_eq!(warning, da["error.progress.newer_not_saved"]);
    assert!(
        !app.exists("#next-hint[data-save-close]").await,
        "no promise to save beside the button"
    );
    assert!(
        !e2e::app_processes(data.path()).is_empty(),
        "the window stays open"
    );
    app.expect_step("CUG-8").await;
    assert_eq!(std::fs::read(&file).unwrap(), newer, "not saved over");
    // The warning says where the newest version comes from (before: "Opdatér guiden til den
    // nyeste version", and not how).
    assert!(warning.contains("it-afdeling"), "{warning}");
    // The button is never one that cannot succeed: saving again would fail the same way, so
    // the way out, as the warning says, is to close (before: "Gem og luk guiden" stayed the
    // primary button, and failed again). Closing loses this run's answers: it is a quiet
    // button, never the blue one (before: "Luk uden at gemme" was the screen's primary).
    assert_eq!(app.text("#next").await, da["ui.close_unsaved"]);
    assert!(
        app.exists("#next.button-secondary[data-quiet='true']")
            .await,
        "Luk uden at gemme is quiet"
    );
    assert!(
        !app.exists(".button-primary").await,
        "no blue button that loses the answers"
    );
    assert_eq!(
        app.attr("#next", "data-primary").await.as_deref(),
        Some("close_unsaved")
    );
    assert_eq!(
        app.text("#next-hint[data-save-failed='newer']").await,
        da["ui.close_unsaved_hint.newer"]
    );
    app.shot("cug-8-newer-not-saved").await;
    // It asks first; "Nej" leaves the window open.
    app.click("#next").await;
    assert_eq!(app.text("#close-unsaved-q").await, da["ui.close_unsaved_q"]);
    assert_eq!(app.focused_id().await, "close-unsaved-q");
    app.shot("cug-8-newer-ask").await;
    app.click("#close-unsaved-cancel").await;
    assert!(!app.exists("#close-unsaved-ask").await);
    assert!(!e2e::app_processes(data.path()).is_empty(), "still open");
    // "Ja, luk vinduet" closes the window, and writes nothing.
    app.click("#next").await;
    assert!(
        app.close_with("#close-unsaved-confirm", data.path()).await,
        "Luk uden at gemme closes the window"
    );
    app.quit().await;
    assert_eq!(std::fs::read(&file).unwrap(), newer, "not saved over");
}

/// "Gem og luk guiden" when the progress cannot be written (here a folder stands where the
/// file goes; the rename fails for root too): the window stays open and says so, the button
/// tries again ("Prøv at gemme igen", the one primary button: nothing is lost by it), and once
/// the write can succeed, it saves and closes. Not tested before.
#[tokio::test]
async fn cug_save_and_close_that_cannot_write_tries_again() {
    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let file = saved_at_cug8_not_yet(data.path(), true);
    let da = texts("da");
    let mut app = at_cug8_save_and_close("cug-write-failed", data.path(), home.path()).await;
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    std::fs::write(file.join("x"), b"x").unwrap();
    app.click("#next").await;
    // In words, without the file's path (before: "Din fremdrift kunne ikke gemmes
    // (/tmp/…/progress.json)." on the main path).
    let warning = app.text("#step-warning").await;
    assert_eq!(warning, da["error.progress.write_failed"]);
    assert!(
        !e2e::app_processes(data.path()).is_empty(),
        "the window stays open"
    );
    app.expect_step("CUG-8").await;
    assert_eq!(app.text("#next").await, da["ui.save_retry"]);
    assert_eq!(
        app.attr("#next", "data-primary").await.as_deref(),
        Some("save_retry")
    );
    assert!(
        app.exists("#next.button-primary").await,
        "trying again loses nothing"
    );
    assert_eq!(
        app.text("#next-hint[data-save-failed='retry']").await,
        da["ui.save_retry_hint"]
    );
    app.shot("cug-8-write-failed").await;
    // The folder goes: "Prøv at gemme igen" saves, and closes the window.
    std::fs::remove_dir_all(&file).unwrap();
    assert!(
        app.close_with_next(data.path()).await,
        "Prøv at gemme igen saves and closes"
    );
    app.quit().await;
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(saved["flows"]["cug"]["current"], "CUG-8", "{saved}");
}

/// CUG-7 after the guide was closed and opened again: the password typed at CUG-5 is not
/// held any more, so the field asks for it and says why in one line (before, the bare
/// field with "Vis" and no word of why, while the same screen says "Du skal ikke skrive
/// certifikatets adgangskode igen" when it is held). "Vis i mappe" for the backup made
/// before is in the closed experts' fold, not on the main path.
/// The state is reached the real way (s18 review, cross-cutting point: a saved state with no
/// step results showed CUG-1 to CUG-6 as "ikke færdig"): CUG-1 to CUG-6 done, the backup made
/// at CUG-7, the window closed and opened again. The steps before are ticked.
#[tokio::test]
async fn cug_7_asks_for_a_forgotten_password_and_says_why() {
    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    let downloads = home.path().join("Downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let page = cug_page(
        work.path(),
        "Søren Ærø",
        "1234567890123",
        "Æble-SENTINEL-26",
    );
    std::fs::write(downloads.join("Søren Ærø.html"), &page).unwrap();
    let stick = usb.path().join("USB-nøgle");
    std::fs::create_dir_all(&stick).unwrap();
    let launch = |test: &'static str| Launch {
        test,
        data_dir: data.path(),
        lang: "da_DK.UTF-8",
        home: Some(home.path()),
    };
    // CUG-1 to CUG-7 as a user does them, up to the backup; then the window is closed.
    let app = App::start(launch("cug-7-forgotten-before")).await;
    to_cug_4(&app).await;
    app.wait_css("#file-chosen").await;
    app.click("#next").await;
    app.expect_step("CUG-5").await;
    app.type_into("#unlock-password", "Æble-SENTINEL-26").await;
    app.click("#next").await;
    app.wait_css("#unlock-holder").await;
    app.click("#next").await;
    app.expect_step("CUG-6").await;
    app.click("#next").await;
    app.wait_css("#place-result").await;
    app.click("#next").await;
    app.expect_step("CUG-7").await;
    assert!(
        app.exists("#backup-password-held").await,
        "held until closed"
    );
    app.click("#backup-dir-fold summary").await;
    app.type_into("#backup-dir", stick.to_str().unwrap()).await;
    app.click("#next").await;
    app.wait_css("#backup-same-disk").await;
    app.click("#backup-anyway-fold summary").await;
    app.click("#backup-anyway").await;
    app.wait_css("#backup-result").await;
    assert_eq!(std::fs::read(stick.join("Søren Ærø.html")).unwrap(), page);
    app.quit().await;
    for _ in 0..600 {
        if e2e::app_processes(data.path()).is_empty() && !e2e::one_window_name_taken(data.path()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let da = texts("da");
    let mut app = App::start(launch("cug-7-forgotten")).await;
    app.click("#resume-continue").await;
    app.expect_step("CUG-7").await;
    assert!(!app.exists("#backup-password-held").await, "not held");
    assert_eq!(
        app.text("#backup-password-why").await,
        da["ui.password_forgotten"]
    );
    // s18 review: one grey line, not the reason and then the field's hint under it; the hint
    // is under a closed "Hvorfor?" (and still describes the field).
    assert!(
        app.exists("#backup-password-why-fold:not([open]) #backup-password-hint")
            .await,
        "the hint under \"Hvorfor?\""
    );
    // s18 review: the copy made before is not named on the main path ("Sikkerhedskopi:
    // “Søren Ærø.html” i en midlertidig mappe" read as if the copy were in a temporary
    // folder; the test's folder has a temporary-looking name). It is in the experts' fold.
    let said = app.main_path_text().await;
    assert!(
        !said.contains("Søren Ærø.html") && !said.contains("midlertidig"),
        "{said}"
    );
    let described = app
        .wait_css("#backup-password")
        .await
        .attr("aria-describedby")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(described, "backup-password-why backup-password-hint");
    assert!(
        app.exists("#backup-details:not([open]) #backup-reveal")
            .await
    );
    assert!(!said.contains(&da["files.reveal"]), "{said}");
    let unticked = app.unticked_before_current().await;
    assert!(unticked.is_empty(), "CUG-7: {unticked:?}");
    app.shot("cug-7-forgotten").await;
    app.quit().await;
}

/// CUG-8 with no certificate at all (progress saved at CUG-8, and CUG-5 never unlocked one
/// on this PC; the `a11y` test's progress lands there too): after "Nej, ikke endnu" the page
/// of what to send says in one sentence why it cannot be written yet, and "Gå til trin 5: Lås
/// op og kontrollér" is the one primary button, in sight on arrival at 911×512; "Gem og luk
/// guiden" is drawn quiet. Not the field for a RID "the guide could not read in the file"
/// (before: that field, with the wrong reason, and no way to the certificate). Issue 26.
#[tokio::test]
async fn cug_8_without_a_certificate_says_why_and_leads_to_cug_5() {
    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    saved_at_cug8_not_yet(data.path(), false);
    let da = texts("da");
    let mut app = at_cug8_save_and_close("cug-8-no-cert", data.path(), home.path()).await;
    assert!(
        !app.exists("#answer-cug_rid").await,
        "no certificate: not the field for a RID the guide \"could not read in the file\" ({})",
        da["cug8.rid_label"]
    );
    assert_eq!(
        app.text("#step-needs-certificate .alert-text").await,
        da["cug8.no_certificate"]
    );
    // Nothing to send yet, so no e-mail under the box: neither its place ("E-mail til
    // Lægemiddelstyrelsen …" over "cug8.needs_rid") nor "Jeg har sendt e-mailen" (s19).
    for gone in [
        "section.step .composed",
        "#answer-cug_email_sent",
        "#answer-cug_message_sent",
    ] {
        assert!(
            !app.exists(gone).await,
            "no certificate, but {gone} is shown"
        );
    }
    // No sentence above the box speaks of an e-mail "herunder" that is not there (issue
    // 26): it says what will be sent once the certificate is open.
    let said = app.main_path_text().await;
    assert!(!said.contains("herunder"), "{said}");
    assert!(said.contains(&da["cug8.replacing_sa_no_cert"]), "{said}");
    let goto = "#step-needs-certificate-goto";
    assert_eq!(
        app.text(goto).await,
        format!("Gå til trin 5: {}", da["step.CUG-5.title"])
    );
    let class = app.attr(goto, "class").await.unwrap_or_default();
    assert!(class.contains("button-primary"), "{class}");
    let next = app.attr("#next", "class").await.unwrap_or_default();
    assert!(
        next.contains("button-secondary"),
        "Gem og luk is quiet: {next}"
    );
    let primaries = app.primary_buttons().await;
    assert!(primaries.is_empty(), "{primaries:?}");
    app.viewport(911, 512).await;
    let hidden = app
        .hidden_on_arrival(&["#step-needs-certificate .alert-text", goto])
        .await;
    assert!(hidden.is_empty(), "{hidden:?}");
    app.shot("cug-8-no-certificate").await;
    app.click(goto).await;
    app.expect_step("CUG-5").await;
    app.quit().await;
}

/// A window resumed on progress saved by [`saved_at_cug8_not_yet`], on CUG-8's last part,
/// where the footer button is "Gem og luk guiden".
async fn at_cug8_save_and_close(
    test: &'static str,
    data: &std::path::Path,
    home: &std::path::Path,
) -> App {
    let app = App::start(Launch {
        test,
        data_dir: data,
        lang: "da_DK.UTF-8",
        home: Some(home),
    })
    .await;
    app.click("#resume-continue").await;
    app.expect_step("CUG-8").await;
    app.expect_part(3).await;
    app.click("#next").await;
    app.expect_part(4).await;
    assert_eq!(app.text("#next").await, "Gem og luk guiden");
    app
}

/// Progress saved at CUG-8's login question with "Nej, ikke endnu" answered, in `data`; the
/// progress file. `unlocked`: CUG-5 unlocked a certificate (one whose RID could not be read);
/// otherwise the progress has no certificate at all.
fn saved_at_cug8_not_yet(data: &std::path::Path, unlocked: bool) -> std::path::PathBuf {
    use oces_core::flow::{FlowId, CUG};
    use oces_core::flow_facts::CertFacts;
    use oces_core::wizard::{Answer, FlowProgress, Outcome, WizardState};
    let mut p = FlowProgress {
        current: "CUG-8".into(),
        ..FlowProgress::default()
    };
    if unlocked {
        p.facts.certificate = Some(CertFacts::default());
    }
    for s in &CUG.steps[..CUG.index_of("CUG-8").unwrap()] {
        p.completed.insert(s.code.into(), Outcome::Done);
    }
    for (id, value) in [
        ("cug_account", "replacing"),
        ("cug_role", "security_admin"),
        ("cug_login", "not_yet"),
    ] {
        p.answers.insert(id.into(), Answer::Text(value.into()));
    }
    let mut w = WizardState::default();
    w.choose_flow(FlowId::Cug);
    w.flows.insert(FlowId::Cug, p);
    let file = data.join("progress.json");
    std::fs::write(&file, serde_json::to_vec_pretty(&w).unwrap()).unwrap();
    file
}

/// From START-1 to CUG-4 as a user goes: CUG-1's two ticks, "Ja" at CUG-2, the file saved
/// at CUG-3.
async fn to_cug_4(app: &App) {
    app.choose_flow("cug").await;
    app.tick("cug_guide_email").await;
    app.tick("cug_install_code").await;
    app.click("#next").await;
    app.expect_step("CUG-2").await;
    app.pick("cug_tool_seen", "yes").await;
    app.click("#next").await;
    app.expect_step("CUG-3").await;
    app.tick("cug_saved").await;
    app.click("#next").await;
    app.expect_step("CUG-4").await;
}
