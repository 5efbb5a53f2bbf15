//! DKMAnet CUG: the Danish Medicines Agency's closed user group certificate (seed 000).

use super::*;

/// Typical password requirements to practise with at CUG-3. DKMA's guide says only that the
/// password "needs to comply with the requirements given on the screen" of its tool, and no
/// public DKMA page lists them; so these are presented as practice with common rules, and the
/// screen says that the tool on DKMA's page shows its own (`rehearse.title`, `cug3.s2_password`).
pub static DKMA_PASSWORD_RULES: &[PasswordRule] = &[
    PasswordRule {
        id: "min_length",
        min: Some(8),
    },
    PasswordRule {
        id: "upper_and_lower",
        min: None,
    },
    PasswordRule {
        id: "digit",
        min: None,
    },
    PasswordRule {
        id: "not_name",
        min: None,
    },
];

// The answers the screens turn on, named once (answer id, value).
/// CUG-2: the tool did not open from the e-mail's link.
const TOOL_NOT_SEEN: &[(&str, &str)] = &[("cug_tool_seen", "no")];
/// CUG-8: the certificate replaces one the user has (or lost).
const REPLACING: &[(&str, &str)] = &[("cug_account", "replacing")];
/// CUG-8: a new user, or a new account.
const NEW_ACCOUNT: &[(&str, &str)] = &[("cug_account", "new")];
/// CUG-8: a CU or CA user (not the Security Administrator).
const ORDINARY_USER: &[(&str, &str)] = &[("cug_role", "user")];
const REPLACING_SA: &[(&str, &str)] =
    &[("cug_account", "replacing"), ("cug_role", "security_admin")];
const REPLACING_USER: &[(&str, &str)] = &[("cug_account", "replacing"), ("cug_role", "user")];
const NEW_SA: &[(&str, &str)] = &[("cug_account", "new"), ("cug_role", "security_admin")];
const NEW_USER: &[(&str, &str)] = &[("cug_account", "new"), ("cug_role", "user")];
/// CUG-8: the login with the new certificate works ("Ja, og det virker").
const LOGIN_WORKS: &[(&str, &str)] = &[("cug_account", "replacing"), ("cug_login", "yes")];
/// CUG-8: the user has not logged in with the new certificate yet ("Nej, ikke endnu").
const LOGIN_NOT_YET: &[(&str, &str)] = &[("cug_account", "replacing"), ("cug_login", "not_yet")];
/// CUG-8: the user has the account, but the login fails ("Ja, men det virker ikke").
const LOGIN_FAILS: &[(&str, &str)] = &[("cug_account", "replacing"), ("cug_login", "fails")];

/// CUG-2's question: does the tool show in the browser? "no" opens the help with the link.
const CUG2_SEEN: &[ChoiceOption] = &[option("yes", "cug2.seen_yes"), option("no", "cug2.seen_no")];

/// CUG-8's first question: a replacement or a new account.
const CUG8_ACCOUNT: &[ChoiceOption] = &[
    option("replacing", "cug8.account_replacing"),
    option("new", "cug8.account_new"),
];

/// CUG-8's second question: the kind of account (seed 000: Security Administrator, or CU/CA).
const CUG8_ROLE: &[ChoiceOption] = &[
    option("security_admin", "cug8.role_sa"),
    option("user", "cug8.role_user"),
];

/// CUG-8's login question. The guide: remove the old certificate only "after making sure that
/// you are able to log in to DKMAnet with the new certificate"; CUG-9 waits for "yes".
const CUG8_LOGIN: &[ChoiceOption] = &[
    option("yes", "cug8.login_yes"),
    option("fails", "cug8.login_fails"),
    option("not_yet", "cug8.login_not_yet"),
];

/// DKMA's page with the form for appointing a Security Administrator (seed 000).
const DKMA_FORM_PAGE: &str =
    "https://laegemiddelstyrelsen.dk/en/reimbursement/prices/notification-of-prices-and-range";

/// DKMAnet CUG certificate (seed 000).
pub static CUG: FlowDef = FlowDef {
    id: FlowId::Cug,
    id_str: "cug",
    title: "flow.cug",
    steps: &[
        step(
            "CUG-1",
            StepKind::Guide,
            &[],
            &[
                b(para("cug1.intro")),
                b(required("cug_guide_email", "cug1.check_guide_email")),
                b(required("cug_install_code", "cug1.check_install_code")),
                b(info("cug1.missing")),
                b(copy("copy.dkmanet_email", "dkmanet@dkma.dk")),
            ],
        ),
        step(
            "CUG-2",
            StepKind::Guide,
            &["CUG-1"],
            &[
                b(BlockBody::Steps {
                    items: &["cug2.s1_email", "cug2.s2_click", "cug2.s3_opens"],
                }),
                b(choice("cug_tool_seen", "cug2.seen_q", CUG2_SEEN)),
                when(TOOL_NOT_SEEN, para("cug2.no_intro")),
                when(
                    TOOL_NOT_SEEN,
                    BlockBody::LinkInput {
                        id: "cug_tool_link",
                        label: "cug2.link_label",
                    },
                ),
                when(
                    TOOL_NOT_SEEN,
                    BlockBody::Fold {
                        summary: "cug2.browser_q",
                        text: "cug2.browser",
                    },
                ),
            ],
        ),
        step(
            "CUG-3",
            StepKind::Guide,
            &["CUG-2"],
            &[
                b(BlockBody::Steps {
                    items: &[
                        "cug3.s1_code",
                        "cug3.s2_password",
                        "cug3.s3_twice",
                        "cug3.s4_issue",
                        "cug3.s5_save",
                    ],
                }),
                b(warn("cug3.password_note")),
                b(BlockBody::Rehearsal {
                    rules: DKMA_PASSWORD_RULES,
                }),
                b(required("cug_saved", "cug3.check_saved")),
            ],
        ),
        step("CUG-4", StepKind::FindFile, &["CUG-3"], &[]),
        step("CUG-5", StepKind::Unlock, &["CUG-4"], &[]),
        step("CUG-6", StepKind::Place, &["CUG-5"], &[]),
        step("CUG-7", StepKind::Backup, &["CUG-6"], &[]),
        // One question per page (ui/src/wizard/steps/pages.ts): new or replacing, the kind of
        // account, the login (replacing), and then what to do: the checks when the login
        // fails, and what to send. Waiting for an account or a working login, the step's
        // button saves and closes the guide, and the next start opens here.
        closes_when(
            step(
                "CUG-8",
                StepKind::Guide,
                &["CUG-7"],
                &[
                    b(para("cug8.intro")),
                    b(choice("cug_account", "cug8.account_q", CUG8_ACCOUNT)),
                    b(choice("cug_role", "cug8.role_q", CUG8_ROLE)),
                    // "Ja, men det virker ikke": what to check, from the guide (seed 000).
                    when(LOGIN_FAILS, para("cug8.fails_intro")),
                    when(
                        LOGIN_FAILS,
                        BlockBody::Steps {
                            items: &["cug8.fails_choose", "cug8.fails_password", "cug8.fails_rid"],
                        },
                    ),
                    // What to send comes first, then the comparison that says whether it is
                    // needed, the address and the e-mail; why the number may change is a fold.
                    when(REPLACING_SA, para("cug8.replacing_sa")),
                    when(REPLACING, BlockBody::RidCompare),
                    when(
                        REPLACING_SA,
                        copy("copy.medicinpriser_email", "medicinpriser@dkma.dk"),
                    ),
                    when(
                        REPLACING_SA,
                        BlockBody::Generated {
                            what: "dkma_rid_email",
                            label: "cug8.email_label",
                        },
                    ),
                    when(
                        ORDINARY_USER,
                        BlockBody::Generated {
                            what: "sa_message",
                            label: "cug8.sa_label",
                        },
                    ),
                    when(REPLACING_USER, para("cug8.replacing_user")),
                    // A file the guide could not read (CUG-4/CUG-5 went on without reading it):
                    // the RID typed from DKMAnet's "Details", so the texts above can still be
                    // written.
                    b(BlockBody::TextInput {
                        id: "cug_rid",
                        label: "cug8.rid_label",
                        check: "rid",
                        required: false,
                    }),
                    when(
                        REPLACING,
                        BlockBody::Fold {
                            summary: "cug8.replacing_rid_q",
                            text: "cug8.replacing_rid",
                        },
                    ),
                    // Whom to ask when it still fails: labelled, the guide names no one for it.
                    when(LOGIN_FAILS, info("cug8.fails_contact")),
                    when(LOGIN_FAILS, copy("copy.dkmanet_email", "dkmanet@dkma.dk")),
                    when(NEW_SA, para("cug8.new_sa")),
                    when(NEW_SA, link(DKMA_FORM_PAGE, "cug8.form_link")),
                    when(NEW_USER, para("cug8.new_user")),
                    when(NEW_ACCOUNT, info("cug8.next_day")),
                    when(NEW_ACCOUNT, check("cug_login_ok", "cug8.check_login")),
                    when(REPLACING, choice("cug_login", "cug8.login_q", CUG8_LOGIN)),
                    when(LOGIN_NOT_YET, info("cug8.login_wait")),
                ],
            ),
            &[Cond(LOGIN_NOT_YET), Cond(LOGIN_FAILS)],
        ),
        step_when("CUG-9", StepKind::Archive, &["CUG-8"], LOGIN_WORKS, &[]),
        StepDef {
            // "Nej, ikke endnu" saved at CUG-10 by an older version: the flow is paused there
            // ("Gem og luk — kom tilbage, når du kan logge ind"), not finished. Today CUG-8
            // itself saves and closes on that answer.
            paused_when: Some(Cond(LOGIN_NOT_YET)),
            ..step(
                "CUG-10",
                StepKind::Done,
                &["CUG-8", "CUG-9"],
                &[
                    b(para("cug10.done")),
                    // The guide's next-day rule is for new accounts (000:L194-196).
                    when(NEW_ACCOUNT, info("cug8.next_day")),
                    // "Nej, ikke endnu": the paused panel says it all once (the old
                    // certificate stays, come back and answer in CUG-8), so no second warning.
                    when(LOGIN_WORKS, info("cug10.old_backups")),
                    b(link("https://dkmanet.dk/", "cug10.open_dkmanet")),
                    b(copy("copy.dkmanet_email", "dkmanet@dkma.dk")),
                ],
            )
        },
    ],
    rules: FlowRules {
        cert: CertNeeds {
            own_ca: true,
            ..CertNeeds::NONE
        },
        unreadable_goes_on: true,
        works_when: &[
            Given::Chosen("cug_login", "yes"),
            Given::Ticked("cug_login_ok"),
        ],
        removals_after: Some("CUG-9"),
        ..FlowRules::NONE
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::testkit::*;

    /// CUG-8's page of what to send: the e-mail to send comes before the field for a RID the
    /// guide could not read, and why the number may change is a fold, not the page's opening.
    #[test]
    fn cug_8_says_what_to_send_before_why() {
        let cug8 = step_of(&CUG, "CUG-8");
        let at = |wanted: &dyn Fn(&BlockBody) -> bool| {
            cug8.blocks
                .iter()
                .position(|bl| wanted(&bl.body))
                .expect("block")
        };
        let send = at(&|b| {
            matches!(
                b,
                BlockBody::Para {
                    text: "cug8.replacing_sa"
                }
            )
        });
        let email = at(&|b| {
            matches!(
                b,
                BlockBody::Generated {
                    what: "dkma_rid_email",
                    ..
                }
            )
        });
        let typed = at(&|b| matches!(b, BlockBody::TextInput { id: "cug_rid", .. }));
        let why = at(&|b| {
            matches!(
                b,
                BlockBody::Fold {
                    text: "cug8.replacing_rid",
                    ..
                }
            )
        });
        assert!(
            send < email && email < typed && typed < why,
            "{send} {email} {typed} {why}"
        );
        assert!(!cug8.blocks.iter().any(|bl| matches!(
            bl.body,
            BlockBody::Para {
                text: "cug8.replacing_rid"
            }
        )));
        for lang in ["da", "en"] {
            let texts = texts(lang);
            assert!(texts.contains_key("cug8.replacing_rid_q"), "{lang}");
            let label = &texts["cug8.rid_label"];
            assert!(
                label.contains("ovenfor") || label.contains("above"),
                "{lang}: {label}"
            );
        }
    }

    /// CUG guide L216-220: the old certificate goes only after a working login. "Nej, ikke
    /// endnu" and "Ja, men det virker ikke" make CUG-8's button "Gem og luk guiden" (the
    /// table's `closes_when`, carried to the window as `view.primary`); an older saved state
    /// at CUG-10 after "Nej, ikke endnu" is still paused there, not "Færdig".
    #[test]
    fn cug_8_saves_and_closes_while_the_login_waits() {
        let cug8 = step_of(&CUG, "CUG-8");
        let closes: Vec<_> = cug8.closes_when.iter().map(|c| c.0).collect();
        assert_eq!(closes, [LOGIN_NOT_YET, LOGIN_FAILS]);
        let login = cug8
            .blocks
            .iter()
            .find_map(|bl| match bl.body {
                BlockBody::Choice {
                    id: "cug_login",
                    options,
                    required,
                    ..
                } => Some((options, required)),
                _ => None,
            })
            .expect("the login question");
        let values: Vec<&str> = login.0.iter().map(|o| o.value).collect();
        assert_eq!(values, ["yes", "fails", "not_yet"]);
        assert!(login.1, "answered before the step goes on");
        let da = texts("da");
        assert_eq!(da["cug8.login_yes"], "Ja, og det virker");
        assert_eq!(da["cug8.login_fails"], "Ja, men det virker ikke");
        assert_eq!(da["cug8.login_not_yet"], "Nej, ikke endnu");
        assert_eq!(da["ui.save_close"], "Gem og luk guiden");
        // One calm sentence beside the button says that it saves and opens here next time.
        let hint = &da["ui.save_close_hint"];
        assert_eq!(hint.matches(['.', '!', '?']).count(), 1, "{hint}");
        assert!(
            hint.contains("gemmer") && hint.contains("starter her"),
            "{hint}"
        );
        assert!(da["cug8.login_wait"].starts_with("Det er helt normalt."));
        // Rust decides, the window draws: the footer reads the view's decision and names no
        // answer of any flow.
        let wizard = ui_source("wizard/Wizard.svelte");
        assert!(wizard.contains("view.primary") && wizard.contains("ipc.saveAndClose"));
        for f in FlowId::ALL {
            for (_, id, _) in answer_ids(f.def()) {
                assert!(
                    !wizard.contains(&format!("\"{id}\"")),
                    "Wizard.svelte names {id}"
                );
            }
        }
        let cug10 = step_of(&CUG, "CUG-10");
        assert_eq!(cug10.paused_when.map(|c| c.0), Some(LOGIN_NOT_YET));
        assert_eq!(
            da[&cug10.paused_title_key()],
            "Gem og luk — kom tilbage, når du kan logge ind"
        );
        assert!(FlowId::ALL
            .iter()
            .flat_map(|f| f.def().steps)
            .filter(|s| s.paused_when.is_some())
            .all(|s| s.kind == StepKind::Done));
    }

    /// "Ja, men det virker ikke" leads to what to check, from the guide (seed 000: the old
    /// certificate stays in the login box, the password is known only to you, a new RID
    /// needs the account updated), and whom to write to, labelled as not from the guide; the
    /// e-mail to send and a copy of the address go with it.
    #[test]
    fn cug_8_a_failing_login_says_what_to_check_and_whom_to_ask() {
        let da = texts("da");
        let en = texts("en");
        assert!(da["cug8.fails_choose"].contains("loginboks"));
        assert!(da["cug8.fails_choose"].contains("udløbet"));
        assert!(da["cug8.fails_password"].contains("kender den ikke"));
        assert!(da["cug8.fails_rid"].contains("RID-nummer"));
        let contact = &da["cug8.fails_contact"];
        assert!(contact.contains("dkmanet@dkma.dk"), "{contact}");
        assert!(contact.contains("sikkerhedsadministrator"), "{contact}");
        let label = contact.find("Ikke fra vejledningen:").expect("labelled");
        assert!(contact
            .find("Vejledningen siger ikke")
            .is_some_and(|v| v > label));
        assert!(en["cug8.fails_contact"].contains("Not from the guide:"));
        let cug8 = step_of(&CUG, "CUG-8");
        let under_fails: Vec<BlockBody> = cug8
            .blocks
            .iter()
            .filter(|bl| bl.when == Some(Cond(LOGIN_FAILS)))
            .map(|bl| bl.body)
            .collect();
        assert!(under_fails.contains(&copy("copy.dkmanet_email", "dkmanet@dkma.dk")));
        assert!(under_fails.contains(&info("cug8.fails_contact")));
        // The page that opens after the question starts with the checks (pages.ts).
        assert!(ui_source("wizard/steps/pages.ts").contains("{ from: \"cug8.fails_intro\""));
    }

    /// CUG-9 names the folder once, as a user knows it ("mappen .oces i din brugermappe"),
    /// and then says "mappen"; the step list beside it does not name it either.
    #[test]
    fn cug_9_names_the_oces_folder_once() {
        for (lang, once) in [
            ("da", "mappen .oces i din brugermappe"),
            ("en", "the .oces folder in your user folder"),
        ] {
            let t = texts(lang);
            let mut shown: Vec<String> = ["files.archive_intro", "files.archive_legend"]
                .iter()
                .map(|k| t[*k].clone())
                .collect();
            shown.extend(CUG.steps.iter().map(|s| t[&s.title_key()].clone()));
            let all = shown.join(" ");
            assert_eq!(all.matches(".oces").count(), 1, "{lang}: {all}");
            assert!(t["files.archive_intro"].contains(once), "{lang}");
            assert!(!t["files.archive_none"].contains(".oces"), "{lang}");
        }
    }

    /// CUG-9's undo is a quiet button under the result, not in a fold, asking first.
    #[test]
    fn cug_9_undo_is_a_visible_secondary_button() {
        let archive = ui_source("wizard/steps/Archive.svelte");
        assert!(!archive.contains("MoreOptions"), "not folded away");
        assert!(archive.contains("id=\"archive-undo\"") && archive.contains("undo\n"));
        let confirm = ui_source("components/ConfirmButton.svelte");
        assert!(confirm.contains("data-undo") && confirm.contains("button-secondary"));
        assert!(!confirm.contains("button-primary"));
    }

    /// The table is written with the DSL of `flow/mod.rs` (issue 29): no struct literals for
    /// tick boxes, choices, options, links or copy boxes, and conditions by name.
    #[test]
    fn cug_is_written_with_the_dsl() {
        let src = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/flow/cug.rs"),
        )
        .expect("source");
        let table = &src[..src.find("#[cfg(test)]").expect("tests")];
        for literal in [
            "BlockBody::Check {",
            "BlockBody::Choice {",
            "ChoiceOption {",
            "BlockBody::Link {",
            "BlockBody::Copy {",
            "when(&[",
            "Cond(&[",
        ] {
            assert!(!table.contains(literal), "cug.rs still writes `{literal}`");
        }
    }

    #[test]
    fn cug_gives_no_advice_the_guide_does_not() {
        let da = texts("da");
        for k in ["cug1.missing", "cug3.password_note", "step.CUG-7.why"] {
            assert!(!da[k].contains("nyt certifikat"), "{k}: {}", da[k]);
        }
        assert!(!da["cug8.login_wait"].contains("dagen efter"));
        for k in ["files.archive_ask", "files.archive_ask.one"] {
            assert!(
                !da[k].contains("login-boks") && !da[k].contains("loginboks"),
                "{k}"
            );
        }
        assert!(da["files.archive_intro"].contains("Vejledningen siger ikke"));
    }

    #[test]
    fn cug_9_is_conditioned_on_a_working_login() {
        let cug9 = &CUG.steps[CUG.index_of("CUG-9").expect("CUG-9")];
        let cond = cug9.when.expect("conditional").0;
        assert_eq!(cond, LOGIN_WORKS);
        assert!(cond.contains(&("cug_account", "replacing")));
        assert!(cond.contains(&("cug_login", "yes")));
    }
}
