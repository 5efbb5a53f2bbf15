use super::*;
use crate::error::Coded;
use crate::wizard::Outcome;

fn code_of(r: Result<GuideTarget, GuideError>) -> ErrorCode {
    match r {
        Ok(t) => panic!("accepted: {t:?}"),
        Err(e) => e.code(),
    }
}

/// Every value a link may carry for `flow`, each key with every kind of allowed value.
fn targets_for(flow: FlowId, step: &str) -> Vec<GuideTarget> {
    let base = GuideTarget {
        flow,
        step: step.to_string(),
        env: None,
        se: None,
        cvr: None,
        ws: None,
        role: None,
        lang: None,
    };
    let envs: &[Option<Env>] = if flow == FlowId::Cug {
        &[None]
    } else {
        &[None, Some(Env::Test), Some(Env::Production)]
    };
    let roles: &[Option<Role>] = if flow == FlowId::Cug {
        &[None, Some(Role::SecurityAdmin), Some(Role::User)]
    } else {
        &[None]
    };
    // The smallest and largest numbers, one with a leading zero, and typical ones.
    let numbers = ["00000000", "99999999", "01234567", "12345678", "31175143"];
    let cvrs = ["00000000", "10000009", "31175143", "25313763", "99999993"];
    let mut out = Vec::new();
    for env in envs {
        for role in roles {
            for lang in [None, Some(Lang::Da), Some(Lang::En)] {
                let t = GuideTarget {
                    env: *env,
                    role: *role,
                    lang,
                    ..base.clone()
                };
                out.push(t.clone());
                for c in cvrs {
                    out.push(GuideTarget {
                        cvr: Some(c.into()),
                        ..t.clone()
                    });
                }
                if flow == FlowId::Dms {
                    for n in numbers {
                        out.push(GuideTarget {
                            se: Some(n.into()),
                            ..t.clone()
                        });
                    }
                }
            }
        }
    }
    out
}

/// The guide code's limits are guarded as the support code's are: every flow a link can name
/// is in the code's flow list, and no flow has more steps than the step digit can hold (a
/// seventeenth step would otherwise spill into the environment digit).
#[test]
fn every_flow_fits_the_guide_code() {
    for flow in FlowId::ALL.into_iter().filter(|f| *f != FlowId::Start) {
        assert!(
            FLOWS.contains(&flow),
            "{flow:?} cannot be named in a guide code"
        );
        let n = flow.def().steps.len() as u64;
        assert!(
            n <= STEP_RADIX,
            "{flow:?} has {n} steps, the code room for {STEP_RADIX}"
        );
    }
}

#[test]
fn cvr_samples_are_valid() {
    for c in ["10000009", "31175143", "25313763", "99999993"] {
        assert!(crate::ids::cvr_valid(c), "{c}");
    }
}

/// Link ↔ target ↔ guide code, for every step of every flow and every allowed value.
#[test]
fn round_trip_for_every_step_and_value() {
    let mut codes = std::collections::BTreeSet::new();
    let mut n = 0;
    for flow in FLOWS {
        assert!(flow.def().steps.len() as u64 <= STEP_RADIX, "{flow:?}");
        for s in flow.def().steps {
            for t in targets_for(flow, s.code) {
                let link = t.link();
                assert!(link.len() <= MAX_LINK_BYTES);
                assert_eq!(parse_link(&link).as_ref(), Ok(&t), "{link}");
                assert_eq!(parse(&link).as_ref(), Ok(&t), "{link}");
                let code = t.code().unwrap_or_else(|e| panic!("{link}: {e}"));
                assert_eq!(code.len(), 11, "{code}");
                assert_eq!(parse_code(&code).as_ref(), Ok(&t), "{code} for {link}");
                // As a person types it: lower case, spaces.
                let typed = code.to_lowercase().replace('-', " ");
                assert_eq!(parse(&typed).as_ref(), Ok(&t), "{typed}");
                assert!(codes.insert(code), "two targets, one code: {link}");
                n += 1;
            }
        }
    }
    assert!(n > 1000, "{n} targets");
}

/// A wsBrugerId travels only in a link, as do an SE number and a CVR together: the guide code
/// is refused for them with its own code, never given without them.
#[test]
fn what_does_not_fit_a_code_travels_only_in_a_link() {
    for ws in [
        "a",
        "ws-12345",
        "Bruger.Navn@skole_1",
        &"x".repeat(MAX_WS_LEN),
    ] {
        for env in ["test", "production"] {
            let link = format!("oces-wizard://v1/go?flow=stil&step=STIL-6&env={env}&ws={ws}");
            let t = parse_link(&link).unwrap_or_else(|e| panic!("{link}: {e}"));
            assert_eq!(t.ws.as_deref(), Some(ws));
            assert_eq!(parse_link(&t.link()), Ok(t.clone()));
            assert_eq!(
                t.code().map_err(|e| e.code()),
                Err(ErrorCode::GuideNotSpeakable)
            );
        }
    }
    let t = parse_link("oces-wizard://v1/go?flow=dms&step=DMS-5&se=12345678&cvr=31175143")
        .expect("both numbers");
    assert_eq!(
        t.code().map_err(|e| e.code()),
        Err(ErrorCode::GuideNotSpeakable)
    );
}

#[test]
fn each_refusal_has_its_code() {
    let cases: &[(&str, ErrorCode)] = &[
        ("", ErrorCode::GuideMalformed),
        (
            "https://v1/go?flow=dms&step=DMS-6",
            ErrorCode::GuideMalformed,
        ),
        (
            "oces-wizard:v1/go?flow=dms&step=DMS-6",
            ErrorCode::GuideMalformed,
        ),
        ("oces-wizard://v1/go", ErrorCode::GuideMalformed),
        (
            "oces-wizard://v1/run?flow=dms&step=DMS-6",
            ErrorCode::GuideMalformed,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-6#x",
            ErrorCode::GuideMalformed,
        ),
        (
            "oces-wizard://v1/go?flow=dms&flow=cug&step=DMS-6",
            ErrorCode::GuideMalformed,
        ),
        (
            "oces-wizard://v1/go?flow=dms&&step=DMS-6",
            ErrorCode::GuideMalformed,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-6&se",
            ErrorCode::GuideMalformed,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS%2",
            ErrorCode::GuideMalformed,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS%FF6",
            ErrorCode::GuideMalformed,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS 6",
            ErrorCode::GuideMalformed,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-6\n&env=test",
            ErrorCode::GuideMalformed,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-6\u{1b}[2J",
            ErrorCode::GuideMalformed,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-6\u{202e}",
            ErrorCode::GuideMalformed,
        ),
        (
            "oces-wizard://v2/go?flow=dms&step=DMS-6",
            ErrorCode::GuideVersion,
        ),
        (
            "oces-wizard://v10/go?flow=dms&step=DMS-6",
            ErrorCode::GuideVersion,
        ),
        (
            "oces-wizard://latest/go?flow=dms&step=DMS-6",
            ErrorCode::GuideMalformed,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-6&password=x",
            ErrorCode::GuideUnknownKey,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-6&file=%2Fetc%2Fpasswd",
            ErrorCode::GuideUnknownKey,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-6&open=https%3A%2F%2Fevil.test",
            ErrorCode::GuideUnknownKey,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-6&action=install",
            ErrorCode::GuideUnknownKey,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-6&env=file%3A%2F%2F%2Fetc%2Fpasswd",
            ErrorCode::GuideBadValue,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-6&se=http%3A%2F%2Fevil.test%2F",
            ErrorCode::GuideBadValue,
        ),
        (
            "oces-wizard://v1/go?flow=stil&step=STIL-6&env=test&ws=http:%2F%2Fevil.test",
            ErrorCode::GuideBadValue,
        ),
        (
            "oces-wizard://v1/go?flow=stil&step=STIL-6&env=test&ws=file:C:%5Cx.p12",
            ErrorCode::GuideBadValue,
        ),
        (
            "oces-wizard://v1/go?flow=stil&step=STIL-6&env=test&ws=..%2F..%2Fx",
            ErrorCode::GuideBadValue,
        ),
        (
            "oces-wizard://v1/go?flow=stil&step=STIL-6&env=test&ws=a%0Ab",
            ErrorCode::GuideBadValue,
        ),
        (
            "oces-wizard://v1/go?flow=stil&step=STIL-6&env=test&ws=a%1B%5B2J",
            ErrorCode::GuideBadValue,
        ),
        (
            "oces-wizard://v1/go?flow=stil&step=STIL-6&env=test&ws=a%E2%80%AEb",
            ErrorCode::GuideBadValue,
        ),
        (
            "oces-wizard://v1/go?flow=stil&step=STIL-6&env=test&ws=",
            ErrorCode::GuideBadValue,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-6%0A",
            ErrorCode::GuideBadValue,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-6&se=1234567",
            ErrorCode::GuideBadValue,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-6&se=1234%2B678",
            ErrorCode::GuideBadValue,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-6&se=%2531%2532",
            ErrorCode::GuideBadValue,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-6&cvr=12345678",
            ErrorCode::GuideBadValue,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-6&env=prod",
            ErrorCode::GuideBadValue,
        ),
        (
            "oces-wizard://v1/go?flow=cug&step=CUG-8&role=admin",
            ErrorCode::GuideBadValue,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-6&lang=de",
            ErrorCode::GuideBadValue,
        ),
        (
            "oces-wizard://v1/go?flow=start&step=START-1",
            ErrorCode::GuideBadValue,
        ),
        (
            "oces-wizard://v1/go?flow=nemid&step=DMS-6",
            ErrorCode::GuideBadValue,
        ),
        ("oces-wizard://v1/go?step=DMS-6", ErrorCode::GuideMissing),
        ("oces-wizard://v1/go?flow=dms", ErrorCode::GuideMissing),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-99",
            ErrorCode::GuideUnknownStep,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=X",
            ErrorCode::GuideUnknownStep,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=CUG-4",
            ErrorCode::GuideOtherFlow,
        ),
        (
            "oces-wizard://v1/go?flow=cug&step=STIL-6",
            ErrorCode::GuideOtherFlow,
        ),
        (
            "oces-wizard://v1/go?flow=cug&step=CUG-4&se=12345678",
            ErrorCode::GuideNotForFlow,
        ),
        (
            "oces-wizard://v1/go?flow=cug&step=CUG-4&env=test",
            ErrorCode::GuideNotForFlow,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-5&role=user",
            ErrorCode::GuideNotForFlow,
        ),
        (
            "oces-wizard://v1/go?flow=dms&step=DMS-5&ws=abc",
            ErrorCode::GuideNotForFlow,
        ),
        (
            "oces-wizard://v1/go?flow=stil&step=STIL-6&ws=abc",
            ErrorCode::GuideNeedsEnv,
        ),
    ];
    for (link, want) in cases {
        assert_eq!(code_of(parse_link(link)), *want, "{link:?}");
        // Every refusal's code has a text in both languages (the locale check covers ALL).
        assert!(want.as_str().starts_with("guide."));
    }
    let long = format!(
        "oces-wizard://v1/go?flow=dms&step=DMS-6&se=12345678{}",
        "&x=1".repeat(600)
    );
    assert_eq!(code_of(parse_link(&long)), ErrorCode::GuideTooLong);
    // Exactly at the limit is read (and refused only for what it says).
    let at_limit = "oces-wizard://v1/go?flow=dms&step=DMS-6&se=12345678";
    let pad = MAX_LINK_BYTES - at_limit.len();
    let padded = format!("{}{}", " ".repeat(pad), at_limit);
    assert_eq!(padded.len(), MAX_LINK_BYTES);
    assert!(parse_link(&padded).is_ok());
    assert_eq!(
        code_of(parse_link(&format!(" {padded}"))),
        ErrorCode::GuideTooLong
    );
}

#[test]
fn the_grammar_allows_what_people_and_browsers_do() {
    let want = parse_link("oces-wizard://v1/go?flow=dms&step=DMS-6&env=test").expect("plain");
    for variant in [
        "OCES-WIZARD://V1/go?flow=DMS&step=dms-6&env=test",
        "oces-wizard://v1/go/?flow=dms&step=DMS-6&env=test",
        "  oces-wizard://v1/go?step=DMS-6&env=test&flow=dms\n",
        "oces-wizard://v1/go?%66low=dms&step=DMS%2D6&env=test",
    ] {
        assert_eq!(parse_link(variant).as_ref(), Ok(&want), "{variant:?}");
    }
    // The value's characters are encoded in the link, and decoded once.
    let t = parse_link("oces-wizard://v1/go?flow=stil&step=STIL-6&env=production&ws=a%40b")
        .expect("ws");
    assert_eq!(t.ws.as_deref(), Some("a@b"));
    assert!(t.link().contains("ws=a%40b"), "{}", t.link());
}

/// The known handler bug: a crafted link closes its quotes on the command line and adds
/// options after itself. A link must be the only argument; other arguments, before or after,
/// refuse it, and none of them is read.
#[test]
fn a_link_with_other_arguments_is_refused() {
    let link = "oces-wizard://v1/go?flow=dms&step=DMS-6";
    assert!(matches!(link_in_args(&[link]), Some(Ok(_))));
    assert_eq!(link_in_args::<&str>(&[]), None);
    assert_eq!(link_in_args(&["--help"]), None);
    for args in [
        vec![link, "--gpu-launcher=calc.exe"],
        vec![link, "--", "inspect", "/etc/passwd"],
        vec!["--inspect", link],
        vec![link, link],
        vec!["oces-wizard://v1/go?flow=dms&step=DMS-6\"", "--no-sandbox"],
        vec!["OCES-Wizard:x", "y"],
    ] {
        assert_eq!(
            link_in_args(&args).map(|r| r.map_err(|e| e.code())),
            Some(Err(ErrorCode::GuideExtraArguments)),
            "{args:?}"
        );
    }
    // A quote or a space smuggled into the one argument is part of the link, and refused.
    for one in [
        "oces-wizard://v1/go?flow=dms&step=DMS-6\" --gpu-launcher=\"calc.exe",
        "oces-wizard://v1/go?flow=dms&step=DMS-6 --x",
    ] {
        assert!(matches!(link_in_args(&[one]), Some(Err(_))), "{one}");
    }
}

#[test]
fn any_single_mistyped_character_of_a_code_is_caught() {
    let t =
        parse_link("oces-wizard://v1/go?flow=dms&step=DMS-6&env=test&se=12345678").expect("link");
    let code: Vec<char> = t
        .code()
        .expect("code")
        .chars()
        .filter(|c| *c != '-')
        .collect();
    for pos in 0..code.len() {
        for &a in ALPHABET {
            let a = a as char;
            if a == code[pos] {
                continue;
            }
            let mut typo = code.clone();
            typo[pos] = a;
            let typo: String = typo.into_iter().collect();
            let got = parse_code(&typo);
            assert!(got.is_err(), "{typo} was accepted as {got:?}");
        }
    }
    for confused in [
        "0", "O", "1", "I", "2", "Z", "5", "S", "8", "B", "L", "U", "!",
    ] {
        let mut typo: String = code.iter().collect();
        typo.replace_range(3..4, confused);
        assert_eq!(code_of(parse_code(&typo)), ErrorCode::GuideCodeMalformed);
    }
    assert_eq!(code_of(parse_code("")), ErrorCode::GuideCodeMalformed);
    assert_eq!(code_of(parse_code("ABCDE")), ErrorCode::GuideCodeMalformed);
    assert_eq!(
        code_of(parse_code(&"A".repeat(5000))),
        ErrorCode::GuideCodeMalformed
    );
}

/// The user's own support code typed into "Jeg har en kode fra supporten" is recognised as
/// such, never read as a guide code, for every step of every flow.
#[test]
fn a_support_code_is_never_read_as_a_guide_code() {
    for flow in FlowId::ALL {
        for s in flow.def().steps {
            let mut w = WizardState::default();
            w.choose_flow(flow);
            if let Some(p) = w.flows.get_mut(&flow) {
                p.current = s.code.to_string();
            }
            let support = crate::support::encode(&w);
            assert_eq!(
                code_of(parse_code(&support)),
                ErrorCode::GuideCodeIsSupportCode,
                "{support}"
            );
            // Also as the whole line the screen shows, copied or read off it.
            let line = format!("{} \u{b7} {support}", s.code);
            assert_eq!(
                code_of(parse_code(&line)),
                ErrorCode::GuideCodeIsSupportCode,
                "{line}"
            );
        }
    }
    // And a guide code is never a support code.
    let t = parse_link("oces-wizard://v1/go?flow=cug&step=CUG-4").expect("link");
    assert!(crate::support::decode(&t.code().expect("code")).is_err());
}

/// A code whose content no link could carry (a step past the flow's end, a version digit) is
/// "from another version", not a target.
#[test]
fn codes_of_another_version_are_not_misread() {
    let make = |v: u64| {
        let mut v = v;
        let mut points = Vec::new();
        for _ in 0..DATA_CHARS {
            points.push(v % N);
            v /= N;
        }
        points.push(guide_check(&points));
        points
            .iter()
            .map(|p| ALPHABET[*p as usize] as char)
            .collect::<String>()
    };
    // Step 15 of CUG (flow 0) does not exist.
    assert_eq!(
        code_of(parse_code(&make(15 * 3))),
        ErrorCode::GuideCodeUnknown
    );
    // Version digit 1 (the next version).
    let v2 = 3 * STEP_RADIX * 27 * NUMBER_RADIX;
    assert_eq!(code_of(parse_code(&make(v2))), ErrorCode::GuideCodeUnknown);
    // An SE number with the CUG flow: no link could say it.
    let se_cug = (1 + 12_345_678) * 27 * STEP_RADIX * 3;
    assert_eq!(
        code_of(parse_code(&make(se_cug))),
        ErrorCode::GuideCodeUnknown
    );
    // The codes of version 1 are the smallest numbers: the highest is still version 1.
    assert_eq!(
        parse_code(&make(v2 - 1)).map(|_| ()),
        Err(GuideError::CodeUnknown)
    );
}

/// A tiny deterministic generator for the random links (no extra crate, same run every time).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

/// 10,000 random links, from noise to near-misses of valid ones: each is a coded `guide.`
/// error or a target whose link reads back the same; nothing panics.
#[test]
fn ten_thousand_random_links_get_a_coded_answer() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let pieces = [
        "oces-wizard:",
        "//",
        "v1",
        "v2",
        "/go",
        "?",
        "&",
        "=",
        "flow",
        "step",
        "env",
        "se",
        "cvr",
        "ws",
        "role",
        "lang",
        "dms",
        "cug",
        "stil",
        "DMS-6",
        "CUG-4",
        "STIL-6",
        "test",
        "production",
        "12345678",
        "31175143",
        "%",
        "%2",
        "%25",
        "%0A",
        "%00",
        "%E2%80%AE",
        "%FF",
        "#",
        " ",
        "\"",
        "--",
        "file:",
        "http:",
        "https://x",
        "/",
        "\\",
        "..",
        "\u{0}",
        "\u{1b}",
        "æ",
        "security_admin",
        "da",
        "en",
        "'",
        ";",
        "$(id)",
    ];
    let mut oks = 0;
    for i in 0..10_000 {
        let link: String = match i % 3 {
            // Noise of printable and other characters.
            0 => (0..rng.next() % 120)
                .map(|_| char::from_u32((rng.next() % 0x300) as u32).unwrap_or('?'))
                .collect(),
            // Pieces of the grammar in random order, after the scheme.
            1 => {
                let mut s = "oces-wizard://v1/go?".to_string();
                for _ in 0..rng.next() % 14 {
                    s.push_str(rng.pick(&pieces));
                }
                s
            }
            // A valid link with one byte changed, removed or repeated.
            _ => {
                let flow = FLOWS[(rng.next() % 3) as usize];
                let steps = flow.def().steps;
                let step = steps[(rng.next() % steps.len() as u64) as usize].code;
                let mut s = format!("oces-wizard://v1/go?flow={}&step={step}", flow_name(flow))
                    .into_bytes();
                let at = (rng.next() % s.len() as u64) as usize;
                match rng.next() % 3 {
                    0 => s[at] = (rng.next() % 256) as u8,
                    1 => {
                        s.remove(at);
                    }
                    _ => {
                        let b = s[at];
                        s.insert(at, b);
                    }
                }
                String::from_utf8_lossy(&s).into_owned()
            }
        };
        match parse(&link) {
            Ok(t) => {
                oks += 1;
                assert_eq!(parse_link(&t.link()).as_ref(), Ok(&t), "{link:?}");
            }
            Err(e) => assert!(e.code().as_str().starts_with("guide."), "{link:?}: {e}"),
        }
    }
    assert!(oks < 5_000, "most random links are refused ({oks} read)");
}

fn done_up_to(flow: FlowId, upto: &str) -> WizardState {
    let mut w = WizardState::default();
    w.choose_flow(flow);
    let def = flow.def();
    let at = def.index_of(upto).expect("step");
    let p = w.flows.get_mut(&flow).expect("progress");
    for s in &def.steps[..at] {
        p.completed.insert(s.code.to_string(), Outcome::Done);
    }
    p.current = upto.to_string();
    w
}

/// "Gå dertil" on a reachable step: the step is shown, the empty field filled, nothing done
/// is undone; a field the user filled keeps the user's value and the panel says so.
#[test]
fn going_there_fills_empty_fields_and_loses_nothing() {
    let mut w = done_up_to(FlowId::Dms, "DMS-6");
    let p = w.flows.get_mut(&FlowId::Dms).expect("dms");
    p.answers
        .insert("dms_env".into(), Answer::Text("test".into()));
    let before = w.clone();
    let t = parse_link("oces-wizard://v1/go?flow=dms&step=DMS-5&env=production&se=12345678")
        .expect("link");
    let pl = plan(&w, &t);
    assert_eq!(w, before, "planning changes nothing");
    assert!(pl.reachable);
    let env = pl.fills.iter().find(|f| f.key == "env").expect("env");
    assert_eq!(
        env.kept.as_deref(),
        Some("test"),
        "the user's own choice is kept"
    );
    let se = pl.fills.iter().find(|f| f.key == "se").expect("se");
    assert_eq!(
        (se.answer.as_deref(), se.kept.as_ref()),
        (Some("dms_se"), None)
    );
    apply(&mut w, &t, false).expect("applied");
    let p = &w.flows[&FlowId::Dms];
    assert_eq!(p.current, "DMS-5");
    assert_eq!(p.answers["dms_se"], Answer::Text("12345678".into()));
    assert_eq!(p.answers["dms_env"], Answer::Text("test".into()));
    assert_eq!(p.completed, before.flows[&FlowId::Dms].completed);
}

/// A step that needs earlier steps: the plan says so and offers the first open one; going
/// without accepting that changes nothing; accepting it goes there.
#[test]
fn a_locked_step_offers_the_step_to_do_first() {
    let mut w = done_up_to(FlowId::Dms, "DMS-3");
    let t = parse_link("oces-wizard://v1/go?flow=dms&step=DMS-6&se=12345678").expect("link");
    let pl = plan(&w, &t);
    assert!(!pl.reachable);
    assert_eq!(pl.instead.as_deref(), Some("DMS-3"));
    let before = w.clone();
    assert!(apply(&mut w, &t, false).is_err());
    assert_eq!(w, before, "a refused go changes nothing");
    apply(&mut w, &t, true).expect("instead");
    assert_eq!(w.flows[&FlowId::Dms].current, "DMS-3");
    assert_eq!(
        w.flows[&FlowId::Dms].answers["dms_se"],
        Answer::Text("12345678".into()),
        "the value waits in its field"
    );
    // From START-1 with nothing done, a STIL link offers STIL-1 and fills the environment and
    // the wsBrugerId for it.
    let mut w = WizardState::default();
    let t =
        parse_link("oces-wizard://v1/go?flow=stil&step=STIL-6&env=test&ws=abc-1").expect("link");
    let pl = plan(&w, &t);
    assert_eq!(
        (pl.reachable, pl.instead.as_deref()),
        (false, Some("STIL-1"))
    );
    assert_eq!(pl.code, None);
    apply(&mut w, &t, true).expect("instead");
    assert_eq!(w.active, FlowId::Stil);
    assert_eq!(
        w.flows[&FlowId::Stil].answers["stil_env"],
        Answer::Text("test".into())
    );
    assert_eq!(
        w.flows[&FlowId::Stil].answers["stil_ws_test"],
        Answer::Text("abc-1".into())
    );
}

#[test]
fn the_expected_cvr_is_compared_with_the_certificate() {
    let mut w = done_up_to(FlowId::Dms, "DMS-4");
    w.update_facts(|f| {
        f.certificate = Some(crate::flow_facts::CertFacts {
            cvr: Some("31175143".into()),
            ..Default::default()
        })
    });
    let ok = parse_link("oces-wizard://v1/go?flow=dms&step=DMS-4&cvr=31175143").expect("ok");
    let other = parse_link("oces-wizard://v1/go?flow=dms&step=DMS-4&cvr=25313763").expect("x");
    assert_eq!(plan(&w, &ok).cvr_matches, Some(true));
    assert_eq!(plan(&w, &other).cvr_matches, Some(false));
    let none = parse_link("oces-wizard://v1/go?flow=dms&step=DMS-4").expect("none");
    assert_eq!(plan(&w, &none).cvr_matches, None);
}

/// A step that can be opened, but with an earlier step not finished (issue 26: the code from
/// support sent the user to DMS-5 while DMS-2 had no certificate, and the page under it said
/// so; the offer did not): the plan names the first unfinished step; going "first" goes there
/// with the values filled, and going on to the step itself stays possible. With every earlier
/// step finished there is nothing to name.
#[test]
fn an_unfinished_earlier_step_is_named_and_offered_first() {
    let mut w = done_up_to(FlowId::Dms, "DMS-5");
    let p = w.flows.get_mut(&FlowId::Dms).expect("dms");
    for (id, v) in [("dms_have_cert", "yes"), ("dms_env", "test")] {
        p.answers.insert(id.into(), Answer::Text(v.into()));
    }
    let t = parse_link("oces-wizard://v1/go?flow=dms&step=DMS-5&se=12345678").expect("link");
    let pl = plan(&w, &t);
    assert!(pl.reachable);
    // Every unfinished step, as the step list shows them (issue 26: only DMS-2 was named, and
    // the list showed DMS-3 unfinished too): no certificate loaded, none installed, no id.
    assert_eq!(
        pl.unfinished,
        ["DMS-2", "DMS-3", "DMS-4"],
        "no certificate loaded"
    );
    // DMS-5 waits for them (its message needs the certificate): not offered "anyway".
    assert!(!pl.usable, "DMS-5 needs the certificate of DMS-2");
    let mut first = w.clone();
    apply(&mut first, &t, true).expect("first");
    let p = &first.flows[&FlowId::Dms];
    assert_eq!(p.current, "DMS-2");
    assert_eq!(p.answers["dms_se"], Answer::Text("12345678".into()));
    assert_eq!(
        p.completed,
        w.flows[&FlowId::Dms].completed,
        "nothing undone"
    );
    let mut anyway = w.clone();
    apply(&mut anyway, &t, false).expect("anyway");
    assert_eq!(anyway.flows[&FlowId::Dms].current, "DMS-5");
    // Every step before it finished: nothing to name, and "first" goes to the step itself.
    let mut ready = done_up_to(FlowId::Dms, "DMS-2");
    for (id, v) in [("dms_have_cert", "yes"), ("dms_env", "test")] {
        ready
            .flows
            .get_mut(&FlowId::Dms)
            .expect("dms")
            .answers
            .insert(id.into(), Answer::Text(v.into()));
    }
    let t = parse_link("oces-wizard://v1/go?flow=dms&step=DMS-2").expect("link");
    let pl = plan(&ready, &t);
    assert_eq!(
        (pl.reachable, pl.unfinished.is_empty(), pl.usable),
        (true, true, true)
    );
    apply(&mut ready, &t, true).expect("go");
    assert_eq!(ready.flows[&FlowId::Dms].current, "DMS-2");
}
