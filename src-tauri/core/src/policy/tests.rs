use super::*;
use serde_json::json;

fn layer(source: Source, values: &[(&str, Raw)]) -> Layer {
    Layer {
        source,
        values: values
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        problem: None,
    }
}

fn effective<'a>(p: &'a Policies, name: &str) -> &'a Effective {
    p.policies
        .iter()
        .find(|e| e.name == name)
        .expect("a policy")
}

fn codes(p: &Policies) -> Vec<(String, &'static str)> {
    p.warnings
        .iter()
        .map(|w| (w.policy.clone(), w.code.as_str()))
        .collect()
}

/// No source: every policy at its schema default, which is today's behaviour.
#[test]
fn no_source_gives_the_defaults() {
    let p = Policies::defaults();
    assert_eq!(p.policies.len(), POLICIES.len());
    assert!(p.policies.iter().all(|e| e.source == Source::Default));
    assert!(p.warnings.is_empty());
    let v = p.view();
    assert_eq!(
        v.allowed_flows,
        vec![FlowId::Cug, FlowId::Dms, FlowId::Stil]
    );
    assert_eq!(v.default_environment, None);
    assert!(!v.environment_locked && v.backup_required && v.store_install && v.guide_links);
    assert_eq!(v.expiry_warning_days, 60);
    assert!(!v.managed);
}

/// HKLM wins over HKCU, HKCU over the default; each value says where it came from.
#[test]
fn hklm_wins_over_hkcu_over_the_default() {
    let p = resolve(&[
        layer(Source::Hklm, &[("ExpiryWarningDays", Raw::Dword(90))]),
        layer(
            Source::Hkcu,
            &[
                ("ExpiryWarningDays", Raw::Dword(10)),
                ("HelpdeskName", Raw::Text("IT-service".into())),
            ],
        ),
    ]);
    assert_eq!(effective(&p, "ExpiryWarningDays").value, Value::Int(90));
    assert_eq!(effective(&p, "ExpiryWarningDays").source, Source::Hklm);
    assert_eq!(
        effective(&p, "HelpdeskName").value,
        Value::Text("IT-service".into())
    );
    assert_eq!(effective(&p, "HelpdeskName").source, Source::Hkcu);
    assert_eq!(effective(&p, "AllowGuideLinks").source, Source::Default);
    assert!(p.view().managed);
}

/// A broken value is ignored with a coded warning, and the next source (or the default) is
/// used: never a crash, never silent.
#[test]
fn broken_values_are_ignored_with_a_coded_warning() {
    let p = resolve(&[
        layer(
            Source::Hklm,
            &[
                ("ExpiryWarningDays", Raw::Dword(5000)),
                ("AllowGuideLinks", Raw::Text("no".into())),
                ("AllowedFlows", Raw::Text("cug,teleport".into())),
                ("DefaultEnvironment", Raw::Text("staging".into())),
                ("HelpdeskEmail", Raw::Text("not an address".into())),
                ("HelpdeskName", Raw::Text("IT\u{1b}[31m".into())),
                ("BackupRequired", Raw::Dword(2)),
                ("AllowStoreInstall", Raw::OtherRegistryType(7)),
                ("NoSuchPolicy", Raw::Dword(1)),
            ],
        ),
        layer(Source::Hkcu, &[("ExpiryWarningDays", Raw::Dword(14))]),
    ]);
    let mut got = codes(&p);
    got.sort();
    let mut want: Vec<(String, &'static str)> = vec![
        ("NoSuchPolicy".into(), ErrorCode::PolicyUnknownName.as_str()),
        ("AllowedFlows".into(), ErrorCode::PolicyUnknownFlow.as_str()),
        (
            "DefaultEnvironment".into(),
            ErrorCode::PolicyBadValue.as_str(),
        ),
        ("HelpdeskName".into(), ErrorCode::PolicyBadValue.as_str()),
        ("HelpdeskEmail".into(), ErrorCode::PolicyBadValue.as_str()),
        (
            "BackupRequired".into(),
            ErrorCode::PolicyOutOfRange.as_str(),
        ),
        (
            "AllowStoreInstall".into(),
            ErrorCode::PolicyWrongType.as_str(),
        ),
        (
            "ExpiryWarningDays".into(),
            ErrorCode::PolicyOutOfRange.as_str(),
        ),
        (
            "AllowGuideLinks".into(),
            ErrorCode::PolicyWrongType.as_str(),
        ),
    ];
    want.sort();
    assert_eq!(got, want);
    // The next source's good value is used; the others fall back to the default, said above.
    assert_eq!(effective(&p, "ExpiryWarningDays").value, Value::Int(14));
    assert_eq!(effective(&p, "ExpiryWarningDays").source, Source::Hkcu);
    assert_eq!(effective(&p, "AllowGuideLinks").source, Source::Default);
    assert!(p.guide_links());
    assert!(p.flow_allowed(FlowId::Stil));
    // No control character reaches a warning.
    for w in &p.warnings {
        assert!(!w.message.contains('\u{1b}') && !w.policy.contains('\u{1b}'));
    }
}

/// policy.json: JSON types, names as in the registry; a damaged, huge, non-object file is one
/// coded warning and nothing else; a missing one is nothing at all.
#[test]
fn policy_json_is_read_capped_and_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("policy.json");
    assert_eq!(read_json_file(&file), Layer::empty(Source::PolicyJson));
    // An absolute folder on the system the test runs on (the Windows build runs under Wine).
    let backup = if cfg!(windows) {
        r"\\server\backup\oces"
    } else {
        "/mnt/backup/oces"
    };
    std::fs::write(
        &file,
        json!({
            "AllowedFlows": ["dms", "cug"],
            "DefaultEnvironment": "production",
            "LockEnvironment": true,
            "ExpiryWarningDays": 30,
            "AllowGuideLinks": false,
            "BackupFolder": backup,
        })
        .to_string(),
    )
    .expect("write");
    let p = resolve(&[read_json_file(&file)]);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(
        effective(&p, "AllowedFlows").value,
        Value::List(vec!["cug".into(), "dms".into()])
    );
    assert_eq!(effective(&p, "AllowedFlows").source, Source::PolicyJson);
    assert!(!p.flow_allowed(FlowId::Stil) && p.flow_allowed(FlowId::Start));
    assert!(p.environment_locked());
    assert_eq!(p.expiry_warning_days(), 30);
    assert!(!p.guide_links());
    assert_eq!(p.backup_folder(), Some(PathBuf::from(backup)));

    for (bytes, why) in [
        (b"{ not json".to_vec(), "damaged"),
        (b"[1, 2]".to_vec(), "not an object"),
        (vec![b' '; (MAX_POLICY_FILE + 1) as usize], "too large"),
    ] {
        std::fs::write(&file, &bytes).expect("write");
        let p = resolve(&[read_json_file(&file)]);
        assert_eq!(
            codes(&p),
            vec![(String::new(), ErrorCode::PolicyUnreadable.as_str())],
            "{why}"
        );
        assert!(p.policies.iter().all(|e| e.source == Source::Default));
    }
}

/// A FIFO in place of the file is refused without blocking on open.
#[cfg(unix)]
#[test]
fn a_fifo_policy_file_does_not_block() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("policy.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.expect("mkfifo").success(), "mkfifo");
    let p = resolve(&[read_json_file(&fifo)]);
    assert_eq!(
        codes(&p),
        vec![(String::new(), ErrorCode::PolicyUnreadable.as_str())]
    );
}

/// The expiry warning follows ExpiryWarningDays (the certificate code's own rule says 60).
#[test]
fn the_expiry_warning_follows_the_days() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cert = testkit::self_signed(dir.path(), "udloeb", "/CN=Udloeb", 40).cert;
    let now = time::OffsetDateTime::now_utc();
    let mut r = crate::cert::inspect_path(&cert, None, now).expect("inspected");
    let soon =
        |r: &crate::cert::Inspection| r.findings.iter().any(|f| f.code == "cert.expires_soon");
    assert!(soon(&r), "40 days left is within the built-in 60");
    apply_expiry_warning(&mut r, 30);
    assert!(!soon(&r), "not within 30 days");
    apply_expiry_warning(&mut r, 90);
    assert!(soon(&r));
    assert!(r
        .findings
        .iter()
        .any(|f| f.message.contains("within 90 days")));
}

/// The committed ADMX/ADML files and the README table are what the schema generates.
/// `OCES_REGENERATE=1` (scripts/policy-files.sh) writes them instead.
#[test]
fn generated_files_match_the_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let regenerate = std::env::var_os("OCES_REGENERATE").is_some();
    for (rel, text) in admx::files() {
        let path = root.join("installer/windows/policies").join(rel);
        if regenerate {
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, &text).expect("write");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{rel} differs from the schema: run scripts/policy-files.sh"
        );
    }
    let readme_path = root.join("README.md");
    let readme = std::fs::read_to_string(&readme_path).expect("README");
    let (start, end) = ("<!-- policy-table:start -->\n", "<!-- policy-table:end -->");
    let a = readme
        .find(start)
        .expect("the README has the table's start marker")
        + start.len();
    let b = readme.find(end).expect("and its end marker");
    let table = markdown_table();
    if regenerate {
        let new = format!("{}{table}{}", &readme[..a], &readme[b..]);
        std::fs::write(&readme_path, new).expect("write README");
    } else {
        assert!(
            readme[a..b] == table,
            "the README's policy table differs from the schema: run scripts/policy-files.sh"
        );
    }
}

/// The generated files are well-formed where it matters: every `$(string.X)` and
/// `$(presentation.X)` the ADMX names is defined in both ADML files, and every policy is there.
#[test]
fn every_admx_reference_is_defined_in_both_languages() {
    let admx = admx::admx();
    for d in POLICIES {
        assert!(admx.contains(&format!("<policy name=\"{}\"", d.name)));
    }
    for lang in crate::i18n::Lang::ALL {
        let adml = admx::adml(lang);
        for (prefix, tag) in [
            ("$(string.", "<string id=\""),
            ("$(presentation.", "<presentation id=\""),
        ] {
            for part in admx.split(prefix).skip(1) {
                let id = part.split(')').next().expect("id");
                assert!(
                    adml.contains(&format!("{tag}{id}\"")),
                    "{id} missing in the {lang:?} ADML"
                );
            }
        }
    }
}

/// The window's texts for each policy (title on the policy page) are the schema's.
#[test]
fn the_locale_files_have_the_schemas_titles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/i18n");
    for (file, da) in [("da.json", true), ("en.json", false)] {
        let texts: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(root.join(file)).expect("read"))
                .expect("json");
        for d in POLICIES {
            let (title, desc) = if da {
                (d.title_da, d.desc_da)
            } else {
                (d.title_en, d.desc_en)
            };
            assert_eq!(texts[format!("policy.title.{}", d.name)], title, "{file}");
            assert_eq!(texts[format!("policy.desc.{}", d.name)], desc, "{file}");
        }
    }
}
