//! Certificate files on disk, in temporary folders with a fake home: finding by content,
//! placing in `.oces`, backups, archiving with undo, and the fault matrix (read-only target,
//! name taken with the same or other content, source removed or changed mid-way, disk full,
//! a process killed mid-copy). Each fault asserts the source is intact and no partial file is
//! left under the target name.
//!
//! Faults that need another process run this test binary again (the ignored `helper` test)
//! with a file-size limit, as the unprivileged user `nobody`, or to be killed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::cert;
use oces_core::error::{Coded, ErrorCode};
use oces_core::files::archive::{archive, list_oces, undo, Current};
use oces_core::files::backup::backup;
use oces_core::files::find::{find_certificates, Folder, Holds};
use oces_core::files::place::{place, place_with_hooks, Hooks, Mode, Placed, TEMP_PREFIX};
use oces_core::files::FileError;
use oces_core::i18n::Lang;
use oces_core::paths::UserFolders;
use oces_core::secret::Password;
use std::path::Path;
#[cfg(unix)]
use std::path::PathBuf;
#[cfg(unix)]
use std::process::Command;
use std::time::{Duration, SystemTime};

/// A certificate, its PEM, its DER and a PKCS#12 (password `pw`), made by openssl.
struct Material {
    pem: Vec<u8>,
    der: Vec<u8>,
    p12: Vec<u8>,
}

fn material(dir: &Path, cn: &str, days: u32) -> Material {
    let c = testkit::self_signed(dir, "c", &format!("/CN={cn}"), days);
    testkit::openssl(
        dir,
        &["x509", "-in", "c.pem", "-outform", "DER", "-out", "c.der"],
    );
    let p12 = testkit::pkcs12(dir, "c", &c, None, "pw", &[]);
    Material {
        pem: std::fs::read(&c.cert).unwrap(),
        der: std::fs::read(dir.join("c.der")).unwrap(),
        p12: std::fs::read(p12).unwrap(),
    }
}

/// A DKMA-style page: the PKCS#12 as base64 in a hidden field.
fn cug_html(p12: &[u8]) -> String {
    testkit::cug_html("John Smith", p12)
}

fn write_aged(path: &Path, bytes: &[u8], age_secs: u64) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(age_secs))
        .unwrap();
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn find_by_content_newest_first() {
    let home = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let m = material(tmp.path(), "finder.example.test", 30);
    let f = UserFolders::under(home.path().to_path_buf());
    let dl = f.downloads.clone().unwrap();
    write_aged(&dl.join("Søren Ærø.html"), cug_html(&m.p12).as_bytes(), 10);
    write_aged(&dl.join("old.p12"), &m.p12, 5000);
    write_aged(&dl.join("lying-name.htm"), &m.der, 300);
    write_aged(&dl.join("sub/cert.pem"), &m.pem, 200);
    write_aged(&f.desktop.clone().unwrap().join("chain.crt"), &m.pem, 100);
    write_aged(
        &f.oces_dir().join("John Smith.html"),
        cug_html(&m.p12).as_bytes(),
        9000,
    );
    // Noise: other content, other names, empty, huge, hidden, our own temporary files.
    write_aged(
        &dl.join("page.html"),
        b"<html><body>no certificate</body></html>",
        1,
    );
    write_aged(&dl.join("photo.jpg"), &m.der, 1);
    write_aged(&dl.join("notes.txt"), b"just some notes", 1);
    write_aged(&dl.join("empty.p12"), b"", 1);
    write_aged(&dl.join(".hidden/cert.pem"), &m.pem, 1);
    write_aged(&dl.join(format!("{TEMP_PREFIX}abc")), &m.der, 1);
    std::fs::File::create(dl.join("huge.p12"))
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();

    let found = find_certificates(&f);
    let names: Vec<(&str, Holds, Folder)> = found
        .iter()
        .map(|x| (x.name.as_str(), x.holds, x.folder))
        .collect();
    assert_eq!(
        names,
        vec![
            ("Søren Ærø.html", Holds::CugHtml, Folder::Downloads),
            ("chain.crt", Holds::Certificate, Folder::Desktop),
            ("cert.pem", Holds::Certificate, Folder::Downloads),
            ("lying-name.htm", Holds::Certificate, Folder::Downloads),
            ("old.p12", Holds::Pkcs12, Folder::Downloads),
            ("John Smith.html", Holds::CugHtml, Folder::Oces),
        ],
        "by content, newest first, noise left out"
    );
}

/// A file that two of the folders reach is listed once, under the folder searched first:
/// Documents set to the home folder (which holds Downloads), and a Desktop that is a link to
/// Downloads. Two different files with the same content stay two.
#[test]
fn a_file_two_folders_reach_is_listed_once() {
    let home = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let m = material(tmp.path(), "twice.example.test", 30);
    let mut f = UserFolders::under(home.path().to_path_buf());
    let dl = f.downloads.clone().unwrap();
    write_aged(&dl.join("cert.pem"), &m.pem, 100);
    write_aged(&dl.join("copy.pem"), &m.pem, 200);
    f.documents = Some(home.path().to_path_buf());
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&dl, f.desktop.clone().unwrap()).unwrap();
    }
    let found = find_certificates(&f);
    let names: Vec<(&str, Folder)> = found.iter().map(|x| (x.name.as_str(), x.folder)).collect();
    assert_eq!(
        names,
        vec![
            ("cert.pem", Folder::Downloads),
            ("copy.pem", Folder::Downloads)
        ],
        "each file once, from Downloads"
    );
}

#[test]
fn place_in_oces_copy_move_and_never_overwrite() {
    let home = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let m = material(tmp.path(), "place.example.test", 30);
    let f = UserFolders::under(home.path().to_path_buf());
    let src = f.downloads.clone().unwrap().join("Søren Ærø.html");
    write_aged(&src, cug_html(&m.p12).as_bytes(), 5);
    let original = std::fs::read(&src).unwrap();
    let oces = f.oces_dir();
    oces_core::files::place::ensure_private_dir(&oces).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&oces).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, ".oces is the owner's only");
    }
    // Copy (default): both there, same bytes.
    let placed = place(&src, &oces, None, Mode::Copy).unwrap();
    assert!(matches!(
        &placed,
        Placed::Placed {
            source_removed: false,
            ..
        }
    ));
    assert_eq!(std::fs::read(placed.path()).unwrap(), original);
    assert_eq!(std::fs::read(&src).unwrap(), original);
    // Again: already in place, nothing written.
    assert!(matches!(
        place(&src, &oces, None, Mode::Copy).unwrap(),
        Placed::AlreadyInPlace { .. }
    ));
    // Another file with the same name: refused with a free name; the existing one untouched.
    let other = tmp.path().join("Søren Ærø.html");
    std::fs::write(&other, b"<html>a different page</html>").unwrap();
    match place(&other, &oces, None, Mode::Copy) {
        Err(e @ FileError::NameTaken { .. }) => {
            assert_eq!(e.code(), ErrorCode::FileNameTaken);
            assert_eq!(e.params()["suggestion"], "Søren Ærø (2).html");
        }
        r => panic!("{r:?}"),
    }
    assert_eq!(std::fs::read(placed.path()).unwrap(), original);
    // Under a new name (one per company), extension kept.
    let named = place(&src, &oces, Some("Firma A"), Mode::Copy).unwrap();
    assert_eq!(named.path(), oces.join("Firma A.html"));
    // Move: verified copy, then the source is removed.
    let moved = place(&src, &tmp.path().join("moved"), None, Mode::Move).unwrap();
    assert!(matches!(
        moved,
        Placed::Placed {
            source_removed: true,
            ..
        }
    ));
    assert!(!src.exists());
    assert_eq!(std::fs::read(moved.path()).unwrap(), original);
    // Nothing temporary anywhere.
    assert!(listing(&oces).iter().all(|n| !n.starts_with(TEMP_PREFIX)));
    // A bad name is refused before anything is written.
    let err = place(moved.path(), &oces, Some("CON"), Mode::Copy).unwrap_err();
    assert_eq!(err.code(), ErrorCode::FileNameInvalidSuggestion);
    assert_eq!(
        err.params().get("suggestion").map(String::as_str),
        Some("CON-fil")
    );
}

#[test]
fn source_removed_or_changed_mid_way() {
    let tmp = tempfile::tempdir().unwrap();
    let m = material(tmp.path(), "midway.example.test", 30);
    let dir = tmp.path().join("target");
    // Missing from the start.
    let err = place(&tmp.path().join("gone.p12"), &dir, None, Mode::Copy).unwrap_err();
    assert_eq!(err.code(), ErrorCode::FileSourceMissing);
    assert!(listing(&dir).is_empty());
    // Changed between the copy and the removal of a move: the source is kept as it is now,
    // the copy holds what was read.
    let src = tmp.path().join("a.p12");
    std::fs::write(&src, &m.p12).unwrap();
    let change = || std::fs::write(&src, b"changed by someone else").unwrap();
    let err = place_with_hooks(
        &src,
        &dir,
        None,
        Mode::Move,
        &Hooks {
            after_rename: Some(&change),
            ..Hooks::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::FileSourceChanged);
    assert_eq!(std::fs::read(&src).unwrap(), b"changed by someone else");
    assert_eq!(std::fs::read(dir.join("a.p12")).unwrap(), m.p12);
    // Vanished after the copy: the copy is complete, nothing else lost.
    let src = tmp.path().join("b.p12");
    std::fs::write(&src, &m.p12).unwrap();
    let remove = || std::fs::remove_file(&src).unwrap();
    let err = place_with_hooks(
        &src,
        &dir,
        None,
        Mode::Move,
        &Hooks {
            after_rename: Some(&remove),
            ..Hooks::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::FileSourceMissing);
    assert_eq!(std::fs::read(dir.join("b.p12")).unwrap(), m.p12);
    // A name taken by someone else between the check and the rename: refused, not replaced.
    let src = tmp.path().join("c.p12");
    std::fs::write(&src, &m.p12).unwrap();
    let squat = || std::fs::write(dir.join("c.p12"), b"theirs").unwrap();
    let err = place_with_hooks(
        &src,
        &dir,
        None,
        Mode::Copy,
        &Hooks {
            before_rename: Some(&squat),
            ..Hooks::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::FileNameTaken);
    assert_eq!(std::fs::read(dir.join("c.p12")).unwrap(), b"theirs");
    assert!(listing(&dir).iter().all(|n| !n.starts_with(TEMP_PREFIX)));
}

#[test]
fn backup_is_verified_by_bytes_and_password() {
    let tmp = tempfile::tempdir().unwrap();
    let m = material(tmp.path(), "backup.example.test", 30);
    let src = tmp.path().join("John Smith.html");
    std::fs::write(&src, cug_html(&m.p12)).unwrap();
    let usb = tmp.path().join("usb-stick");
    let pw = Password::new("pw");
    let b = backup(&src, &usb, Some(&pw)).unwrap();
    assert!(b.opened_with_password);
    assert!(matches!(b.placed, Placed::Placed { .. }));
    assert_eq!(
        std::fs::read(b.placed.path()).unwrap(),
        std::fs::read(&src).unwrap()
    );
    // A second backup to the same place is "already there", not a duplicate.
    let again = backup(&src, &usb, Some(&pw)).unwrap();
    assert!(matches!(again.placed, Placed::AlreadyInPlace { .. }));
    assert_eq!(listing(&usb), vec!["John Smith.html"]);
    // A wrong password is reported before anything is copied.
    let err = backup(
        &src,
        &tmp.path().join("other"),
        Some(&Password::new("nope")),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::CertWrongPassword);
    assert!(!tmp.path().join("other").exists());
}

#[test]
fn archive_old_certificates_and_undo() {
    let home = tempfile::tempdir().unwrap();
    let f = UserFolders::under(home.path().to_path_buf());
    let oces = f.oces_dir();
    let old_dir = tempfile::tempdir().unwrap();
    let new_dir = tempfile::tempdir().unwrap();
    let old = material(old_dir.path(), "Test Person", 1);
    let new = material(new_dir.path(), "Test Person", 700);
    write_aged(&oces.join("old.pem"), &old.pem, 10);
    write_aged(&oces.join("new.pem"), &new.pem, 5);
    write_aged(&oces.join("protected.p12"), &new.p12, 5);
    let later = time::OffsetDateTime::now_utc() + time::Duration::days(3);
    let current = Current {
        path: Some(oces.join("new.pem")),
        holder: Some("Test Person".into()),
        not_after: cert::inspect(
            &cert::open_bytes(&new.pem, None).unwrap(),
            time::OffsetDateTime::now_utc(),
        )
        .ok()
        .map(|r| r.certificate.not_after),
    };
    let list = list_oces(&oces, &current, later);
    let by_name = |n: &str| list.iter().find(|e| e.name == n).unwrap();
    assert!(by_name("old.pem").expired && by_name("old.pem").replaced);
    assert!(by_name("new.pem").current && !by_name("new.pem").expired);
    assert!(by_name("protected.p12").protected);

    let day = time::Date::from_calendar_date(2026, time::Month::November, 22).unwrap();
    // A Danish user's archive is Danish, date and all: no English word, no ISO date.
    let record = archive(&oces, &[oces.join("old.pem")], day, Lang::Da).unwrap();
    // Out of .oces (whose files DKMAnet's login box shows), beside it in the user's folder.
    assert_eq!(
        record.folder,
        home.path().join("OCES-arkiv").join("22. november 2026")
    );
    assert!(!record.folder.starts_with(&oces), "{:?}", record.folder);
    assert!(!oces.join("old.pem").exists());
    assert_eq!(
        std::fs::read(record.folder.join("old.pem")).unwrap(),
        old.pem
    );
    // The record names what it moved, for the screen: the holder and the end of validity.
    assert_eq!(record.certificates.len(), 1);
    let moved = &record.certificates[0];
    assert_eq!(moved.name, "old.pem");
    assert_eq!(moved.holder.as_deref(), Some("Test Person"));
    assert!(moved.not_after.is_some());
    // The archive is not offered as a certificate in .oces any more.
    assert!(list_oces(&oces, &current, later)
        .iter()
        .all(|e| e.name != "old.pem"));
    undo(&record).unwrap();
    assert_eq!(std::fs::read(oces.join("old.pem")).unwrap(), old.pem);
    assert!(
        !record.folder.exists(),
        "the empty dated folder is removed on undo"
    );
    assert!(
        !home.path().join("OCES-arkiv").exists(),
        "and the archive folder, empty"
    );
    // Only files directly in .oces can be archived.
    let stray = home.path().join("elsewhere.pem");
    std::fs::write(&stray, &old.pem).unwrap();
    assert!(archive(&oces, std::slice::from_ref(&stray), day, Lang::Da).is_err());
    assert!(stray.exists());
}

/// The archive folder's name follows the language when it is made (`OCES-arkiv`,
/// `OCES-archive`, beside `.oces`), and one that exists is used whatever the language: a
/// language switch never makes a second one. An archive inside `.oces` from an earlier version
/// is no longer used (the login box may list what is in it).
#[test]
fn the_archive_folder_is_danish_for_a_danish_user_and_lies_outside_oces() {
    let day = time::Date::from_calendar_date(2026, time::Month::December, 6).unwrap();
    let put = |oces: &Path, name: &str| {
        std::fs::create_dir_all(oces).unwrap();
        let f = oces.join(name);
        std::fs::write(&f, b"old").unwrap();
        f
    };
    // Made fresh: the language's own name and date, beside .oces.
    let home = tempfile::tempdir().unwrap();
    let oces = home.path().join(".oces");
    let r = archive(&oces, &[put(&oces, "a.p12")], day, Lang::Da).unwrap();
    assert_eq!(
        r.folder,
        home.path().join("OCES-arkiv").join("6. december 2026")
    );
    let home = tempfile::tempdir().unwrap();
    let oces = home.path().join(".oces");
    let r = archive(&oces, &[put(&oces, "a.p12")], day, Lang::En).unwrap();
    assert_eq!(
        r.folder,
        home.path().join("OCES-archive").join("2026-12-06")
    );
    // An earlier version's archive inside .oces: not used for the new files (an empty one
    // goes; one with files is moved out, see the test below).
    let home = tempfile::tempdir().unwrap();
    let oces = home.path().join(".oces");
    std::fs::create_dir_all(oces.join("archive").join("2026-11-22")).unwrap();
    let r = archive(&oces, &[put(&oces, "b.p12")], day, Lang::Da).unwrap();
    assert_eq!(
        r.folder,
        home.path().join("OCES-arkiv").join("6. december 2026")
    );
    assert!(!r.folder.starts_with(&oces));
    assert!(!oces.join("archive").exists(), "the empty old folder goes");
    assert!(r.earlier.is_empty());
    // And `OCES-arkiv` stays the archive after a switch to English.
    let home = tempfile::tempdir().unwrap();
    let oces = home.path().join(".oces");
    std::fs::create_dir_all(home.path().join("OCES-arkiv")).unwrap();
    let r = archive(&oces, &[put(&oces, "c.p12")], day, Lang::En).unwrap();
    assert_eq!(r.folder, home.path().join("OCES-arkiv").join("2026-12-06"));
    assert!(!home.path().join("OCES-archive").exists());
    // Neither name is searched for certificates (the search looks one level down).
    for name in ["arkiv", "archive", "OCES-arkiv", "OCES-archive"] {
        let home = tempfile::tempdir().unwrap();
        let f = UserFolders::under(home.path().to_path_buf());
        let dir = f.downloads.clone().unwrap();
        let made = tempfile::tempdir().unwrap();
        let m = material(made.path(), "Old Person", 30);
        std::fs::create_dir_all(dir.join(name).join("x")).unwrap();
        std::fs::write(dir.join(name).join("old.pem"), &m.pem).unwrap();
        std::fs::create_dir_all(dir.join("other")).unwrap();
        std::fs::write(dir.join("other").join("found.pem"), &m.pem).unwrap();
        let found = find_certificates(&f);
        let names: Vec<&str> = found.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["found.pem"], "{name}");
    }
}

/// Archives that earlier versions made inside .oces (`.oces/arkiv/<date>/…`) are moved out to
/// the archive beside it with their dated folders, by verified moves, when the guide archives;
/// a name already taken gets a free one, links are left alone, and undo puts everything back.
#[test]
fn an_earlier_versions_archive_inside_oces_is_moved_out_and_back_on_undo() {
    let day = time::Date::from_calendar_date(2026, time::Month::December, 7).unwrap();
    let home = tempfile::tempdir().unwrap();
    let oces = home.path().join(".oces");
    let old = oces.join("arkiv").join("2025-01-06");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("Søren Ærø.html"), b"older page").unwrap();
    std::fs::write(old.join("gammel.p12"), b"older p12").unwrap();
    let english = oces.join("archive").join("2025-03-01");
    std::fs::create_dir_all(&english).unwrap();
    std::fs::write(english.join("x.pem"), b"pem").unwrap();
    // A name already taken beside .oces: the moved file gets a free one, nothing is overwritten.
    let beside = home.path().join("OCES-arkiv").join("2025-01-06");
    std::fs::create_dir_all(&beside).unwrap();
    std::fs::write(beside.join("gammel.p12"), b"already there").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/hostname", old.join("link")).unwrap();
    std::fs::write(oces.join("now.p12"), b"now").unwrap();

    let r = archive(&oces, &[oces.join("now.p12")], day, Lang::Da).unwrap();
    let root = home.path().join("OCES-arkiv");
    assert_eq!(
        std::fs::read(root.join("2025-01-06").join("Søren Ærø.html")).unwrap(),
        b"older page"
    );
    assert_eq!(
        std::fs::read(root.join("2025-01-06").join("gammel.p12")).unwrap(),
        b"already there"
    );
    let renamed: Vec<_> = r
        .earlier
        .iter()
        .filter(|(from, _)| from.ends_with("gammel.p12"))
        .map(|(_, to)| to.clone())
        .collect();
    assert_eq!(renamed.len(), 1);
    assert_ne!(renamed[0], root.join("2025-01-06").join("gammel.p12"));
    assert_eq!(std::fs::read(&renamed[0]).unwrap(), b"older p12");
    assert_eq!(
        std::fs::read(root.join("2025-03-01").join("x.pem")).unwrap(),
        b"pem"
    );
    assert_eq!(r.earlier.len(), 3, "{:?}", r.earlier);
    // The files left .oces; the link stays, so its folder stays too.
    assert!(!old.join("Søren Ærø.html").exists());
    assert!(!english.exists() && !oces.join("archive").exists());
    #[cfg(unix)]
    assert!(old.join("link").is_symlink());
    // The guide's own move is as before, and counts only the chosen file.
    assert_eq!(r.moved.len(), 1);
    assert_eq!(std::fs::read(r.folder.join("now.p12")).unwrap(), b"now");

    undo(&r).unwrap();
    assert_eq!(
        std::fs::read(old.join("Søren Ærø.html")).unwrap(),
        b"older page"
    );
    assert_eq!(std::fs::read(old.join("gammel.p12")).unwrap(), b"older p12");
    assert_eq!(std::fs::read(english.join("x.pem")).unwrap(), b"pem");
    assert_eq!(std::fs::read(oces.join("now.p12")).unwrap(), b"now");
    assert_eq!(
        std::fs::read(root.join("2025-01-06").join("gammel.p12")).unwrap(),
        b"already there",
        "what was there before stays"
    );
}

// ---------- faults that need another process ----------

#[cfg(unix)]
fn am_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Run the `helper` test in a child process: place SRC into DIR (copy), print the outcome.
#[cfg(unix)]
fn helper_command(src: &Path, dir: &Path, wrap: &[&str], hook: &str) -> Command {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = if wrap.is_empty() {
        Command::new(&exe)
    } else {
        let mut c = Command::new(wrap[0]);
        c.args(&wrap[1..]).arg(&exe);
        c
    };
    cmd.args([
        "--ignored",
        "--exact",
        "helper",
        "--nocapture",
        "--test-threads=1",
    ])
    .env("OCES_HELPER_SRC", src)
    .env("OCES_HELPER_DIR", dir)
    .env("OCES_HELPER_HOOK", hook);
    cmd
}

#[test]
#[cfg(unix)]
#[ignore = "run by the fault tests in a child process"]
fn helper() {
    let src = PathBuf::from(std::env::var_os("OCES_HELPER_SRC").expect("src"));
    let dir = PathBuf::from(std::env::var_os("OCES_HELPER_DIR").expect("dir"));
    let sleep = || {
        println!("HELPER-WAITING");
        std::thread::sleep(Duration::from_secs(60));
    };
    let hooks = Hooks {
        before_rename: (std::env::var("OCES_HELPER_HOOK").as_deref() == Ok("sleep"))
            .then_some(&sleep as &dyn Fn()),
        ..Hooks::default()
    };
    match place_with_hooks(&src, &dir, None, Mode::Copy, &hooks) {
        Ok(_) => println!("HELPER-RESULT ok"),
        Err(e) => println!("HELPER-RESULT {}", e.code()),
    }
}

#[cfg(unix)]
fn helper_result(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| {
            let (_, rest) = l.split_once("HELPER-RESULT ")?;
            rest.split_whitespace().next().map(str::to_string)
        })
        .unwrap_or_else(|| {
            panic!(
                "helper said nothing: {} {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        })
}

#[cfg(unix)]
#[test]
fn read_only_target_fails_alone_and_leaves_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let m = material(tmp.path(), "ro.example.test", 30);
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let src = tmp.path().join("cert.p12");
    std::fs::write(&src, &m.p12).unwrap();
    std::fs::set_permissions(&src, std::fs::Permissions::from_mode(0o644)).unwrap();
    let ro = tmp.path().join("read-only");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let code = if am_root() {
        // Root ignores permissions: run the copy as `nobody`, from a copy of this test
        // binary that `nobody` may execute.
        let exe_copy = tmp.path().join("helper-bin");
        std::fs::copy(std::env::current_exe().unwrap(), &exe_copy).unwrap();
        std::fs::set_permissions(&exe_copy, std::fs::Permissions::from_mode(0o755)).unwrap();
        let out = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&exe_copy)
            .args(["--ignored", "--exact", "helper", "--nocapture"])
            .env("OCES_HELPER_SRC", &src)
            .env("OCES_HELPER_DIR", &ro)
            .output()
            .expect("setpriv (util-linux)");
        helper_result(&out)
    } else {
        place(&src, &ro, None, Mode::Copy)
            .unwrap_err()
            .code()
            .to_string()
    };
    assert_eq!(code, "files.permission_denied");
    assert!(listing(&ro).is_empty(), "no partial file");
    assert_eq!(std::fs::read(&src).unwrap(), m.p12, "source intact");
}

#[cfg(unix)]
#[test]
fn disk_full_leaves_no_partial_file() {
    let tmp = tempfile::tempdir().unwrap();
    let m = material(tmp.path(), "full.example.test", 30);
    let src = tmp.path().join("big.html");
    // Larger than the 1-block file-size limit the child gets.
    let page = cug_html(&m.p12).repeat(4);
    std::fs::write(&src, &page).unwrap();
    let dir = tmp.path().join("small-disk");
    std::fs::create_dir(&dir).unwrap();
    // `ulimit -f 1` caps files at one block; with SIGXFSZ ignored the write fails with EFBIG,
    // which is how a full disk or quota looks to the program.
    let out = helper_command(
        &src,
        &dir,
        &["sh", "-c", "ulimit -f 1; trap '' XFSZ; exec \"$0\" \"$@\""],
        "",
    )
    .output()
    .unwrap();
    assert_eq!(helper_result(&out), "files.disk_full");
    assert!(
        listing(&dir).is_empty(),
        "no partial file: {:?}",
        listing(&dir)
    );
    assert_eq!(std::fs::read(&src).unwrap(), page.as_bytes());
}

#[cfg(unix)]
#[test]
fn killed_mid_copy_leaves_no_file_under_the_name_and_is_cleaned_next_time() {
    use std::io::BufRead;
    let tmp = tempfile::tempdir().unwrap();
    let m = material(tmp.path(), "killed.example.test", 30);
    let src = tmp.path().join("cert.p12");
    std::fs::write(&src, &m.p12).unwrap();
    let dir = tmp.path().join("target");
    std::fs::create_dir(&dir).unwrap();
    let mut child = helper_command(&src, &dir, &[], "sleep")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = std::io::BufReader::new(stdout).lines();
    assert!(
        lines.any(|l| l.is_ok_and(|l| l.contains("HELPER-WAITING"))),
        "the helper reached the rename"
    );
    child.kill().unwrap(); // SIGKILL: no clean-up code runs
    child.wait().unwrap();
    assert!(
        !dir.join("cert.p12").exists(),
        "never a partial file under the real name"
    );
    assert_eq!(std::fs::read(&src).unwrap(), m.p12, "source intact");
    let leftovers: Vec<_> = listing(&dir);
    assert_eq!(
        leftovers.len(),
        1,
        "the killed process left its temporary file"
    );
    // The next operation in that folder removes stale temporary files.
    let f = std::fs::File::options()
        .write(true)
        .open(dir.join(&leftovers[0]))
        .unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    place(&src, &dir, None, Mode::Copy).unwrap();
    assert_eq!(listing(&dir), vec!["cert.p12"]);
}
