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

/// CUG-2's question: does the tool show in the browser? "no" opens the help with the link.
const CUG2_SEEN: &[ChoiceOption] = &[
    ChoiceOption {
        value: "yes",
        text: "cug2.seen_yes",
    },
    ChoiceOption {
        value: "no",
        text: "cug2.seen_no",
    },
];

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
                b(BlockBody::Check {
                    id: "cug_guide_email",
                    text: "cug1.check_guide_email",
                    required: true,
                }),
                b(BlockBody::Check {
                    id: "cug_install_code",
                    text: "cug1.check_install_code",
                    required: true,
                }),
                b(info("cug1.missing")),
                b(BlockBody::Copy {
                    label: "copy.dkmanet_email",
                    value: "dkmanet@dkma.dk",
                }),
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
                when(&[("cug_tool_seen", "no")], para("cug2.no_intro")),
                when(
                    &[("cug_tool_seen", "no")],
                    BlockBody::LinkInput {
                        id: "cug_tool_link",
                        label: "cug2.link_label",
                    },
                ),
                when(
                    &[("cug_tool_seen", "no")],
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
                b(BlockBody::Check {
                    id: "cug_saved",
                    text: "cug3.check_saved",
                    required: true,
                }),
            ],
        ),
        step("CUG-4", StepKind::FindFile, &["CUG-3"], &[]),
        step("CUG-5", StepKind::Unlock, &["CUG-4"], &[]),
        step("CUG-6", StepKind::Place, &["CUG-5"], &[]),
        step("CUG-7", StepKind::Backup, &["CUG-6"], &[]),
        step(
            "CUG-8",
            StepKind::Guide,
            &["CUG-7"],
            &[
                b(para("cug8.intro")),
                b(BlockBody::Choice {
                    id: "cug_account",
                    label: "cug8.account_q",
                    options: &[
                        ChoiceOption {
                            value: "replacing",
                            text: "cug8.account_replacing",
                        },
                        ChoiceOption {
                            value: "new",
                            text: "cug8.account_new",
                        },
                    ],
                    required: true,
                }),
                b(BlockBody::Choice {
                    id: "cug_role",
                    label: "cug8.role_q",
                    options: &[
                        ChoiceOption {
                            value: "security_admin",
                            text: "cug8.role_sa",
                        },
                        ChoiceOption {
                            value: "user",
                            text: "cug8.role_user",
                        },
                    ],
                    required: true,
                }),
                when(&[("cug_account", "replacing")], para("cug8.replacing_rid")),
                when(&[("cug_account", "replacing")], BlockBody::RidCompare),
                // A file the guide could not read (CUG-4/CUG-5 went on without reading it): the
                // RID typed from DKMAnet's "Details", so the texts below can still be written.
                b(BlockBody::TextInput {
                    id: "cug_rid",
                    label: "cug8.rid_label",
                    check: "rid",
                    required: false,
                }),
                when(
                    &[("cug_account", "replacing"), ("cug_role", "security_admin")],
                    para("cug8.replacing_sa"),
                ),
                when(
                    &[("cug_account", "replacing"), ("cug_role", "security_admin")],
                    BlockBody::Copy {
                        label: "copy.medicinpriser_email",
                        value: "medicinpriser@dkma.dk",
                    },
                ),
                when(
                    &[("cug_account", "replacing"), ("cug_role", "security_admin")],
                    BlockBody::Generated {
                        what: "dkma_rid_email",
                        label: "cug8.email_label",
                    },
                ),
                when(
                    &[("cug_role", "user")],
                    BlockBody::Generated {
                        what: "sa_message",
                        label: "cug8.sa_label",
                    },
                ),
                when(
                    &[("cug_account", "replacing"), ("cug_role", "user")],
                    para("cug8.replacing_user"),
                ),
                when(
                    &[("cug_account", "new"), ("cug_role", "security_admin")],
                    para("cug8.new_sa"),
                ),
                when(
                    &[("cug_account", "new"), ("cug_role", "security_admin")],
                    BlockBody::Link {
                        url: "https://laegemiddelstyrelsen.dk/en/reimbursement/prices/notification-of-prices-and-range",
                        label: "cug8.form_link",
                    },
                ),
                when(
                    &[("cug_account", "new"), ("cug_role", "user")],
                    para("cug8.new_user"),
                ),
                when(&[("cug_account", "new")], info("cug8.next_day")),
                when(
                    &[("cug_account", "new")],
                    BlockBody::Check {
                        id: "cug_login_ok",
                        text: "cug8.check_login",
                        required: false,
                    },
                ),
                // The guide: remove the old certificate only "after making sure that you are
                // able to log in to DKMAnet with the new certificate". CUG-9 waits for this.
                when(
                    &[("cug_account", "replacing")],
                    BlockBody::Choice {
                        id: "cug_login",
                        label: "cug8.login_q",
                        options: &[
                            ChoiceOption {
                                value: "yes",
                                text: "cug8.login_yes",
                            },
                            ChoiceOption {
                                value: "not_yet",
                                text: "cug8.login_not_yet",
                            },
                        ],
                        required: true,
                    },
                ),
                when(
                    &[("cug_account", "replacing"), ("cug_login", "not_yet")],
                    warn("cug8.login_wait"),
                ),
            ],
        ),
        step_when(
            "CUG-9",
            StepKind::Archive,
            &["CUG-8"],
            &[("cug_account", "replacing"), ("cug_login", "yes")],
            &[],
        ),
        StepDef {
            code: "CUG-10",
            kind: StepKind::Done,
            requires: &["CUG-8", "CUG-9"],
            when: None,
            // "Nej, ikke endnu": the old certificate stays until a working login; the flow is
            // saved and closed ("Gem og luk — kom tilbage, når du kan logge ind"), not finished.
            paused_when: Some(Cond(&[
                ("cug_account", "replacing"),
                ("cug_login", "not_yet"),
            ])),
            blocks: &[
                b(para("cug10.done")),
                // The guide's next-day rule is for new accounts (000:L194-196).
                when(&[("cug_account", "new")], info("cug8.next_day")),
                // "Nej, ikke endnu": the paused panel says it all once (the old certificate
                // stays, come back and answer in CUG-8), so no second warning here.
                when(
                    &[("cug_account", "replacing"), ("cug_login", "yes")],
                    info("cug10.old_backups"),
                ),
                b(BlockBody::Link {
                    url: "https://dkmanet.dk/",
                    label: "cug10.open_dkmanet",
                }),
                b(BlockBody::Copy {
                    label: "copy.dkmanet_email",
                    value: "dkmanet@dkma.dk",
                }),
            ],
        },
    ],
    rules: FlowRules {
        cert: CertNeeds {
            own_ca: true,
            ..CertNeeds::NONE
        },
        unreadable_goes_on: true,
        works_when: &[Given::Chosen("cug_login", "yes"), Given::Ticked("cug_login_ok")],
        removals_after: Some("CUG-9"),
        ..FlowRules::NONE
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::testkit::*;

    /// CUG guide L216-220: "Nej, ikke endnu" ends the flow paused, on a screen that says "Gem og
    /// luk — kom tilbage, når du kan logge ind", not "Færdig".
    #[test]
    fn cug_not_yet_ends_on_save_and_close() {
        let cug10 = step_of(&CUG, "CUG-10");
        let paused = cug10.paused_when.expect("CUG-10 can end paused").0;
        assert!(paused.contains(&("cug_login", "not_yet")));
        let da = texts("da");
        assert_eq!(
            da[&cug10.paused_title_key()],
            "Gem og luk — kom tilbage, når du kan logge ind"
        );
        assert_eq!(da["ui.save_close"], "Gem og luk");
        let wizard = ui_source("wizard/Wizard.svelte");
        assert!(wizard.contains("title_paused") && wizard.contains("ui.save_close"));
        assert!(FlowId::ALL
            .iter()
            .flat_map(|f| f.def().steps)
            .filter(|s| s.paused_when.is_some())
            .all(|s| s.kind == StepKind::Done));
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
        assert!(cond.contains(&("cug_account", "replacing")));
        assert!(cond.contains(&("cug_login", "yes")));
    }
}
