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
/// CUG-2: the e-mail with the link cannot be found.
const NO_EMAIL: &[(&str, &str)] = &[("cug_tool_seen", "no_email")];
/// CUG-8: the certificate replaces one the user has (or lost).
const REPLACING: &[(&str, &str)] = &[("cug_account", "replacing")];
/// CUG-8: a new user, or a new account.
const NEW_ACCOUNT: &[(&str, &str)] = &[("cug_account", "new")];
const REPLACING_SA: &[(&str, &str)] =
    &[("cug_account", "replacing"), ("cug_role", "security_admin")];
const REPLACING_USER: &[(&str, &str)] = &[("cug_account", "replacing"), ("cug_role", "user")];
/// The e-mail to the Danish Medicines Agency, or the message to the Security Administrator,
/// is ticked as sent.
const SA_EMAIL_SENT: &[(&str, &str)] = &[
    ("cug_account", "replacing"),
    ("cug_role", "security_admin"),
    ("cug_email_sent", "true"),
];
const USER_MESSAGE_SENT: &[(&str, &str)] = &[
    ("cug_account", "replacing"),
    ("cug_role", "user"),
    ("cug_message_sent", "true"),
];
const NEW_SA: &[(&str, &str)] = &[("cug_account", "new"), ("cug_role", "security_admin")];
const NEW_USER: &[(&str, &str)] = &[("cug_account", "new"), ("cug_role", "user")];
/// CUG-8: the login with the new certificate works ("Ja, og det virker").
const LOGIN_WORKS: &[(&str, &str)] = &[("cug_account", "replacing"), ("cug_login", "yes")];
/// CUG-8's page of checks and what to send is passed over once the login works.
const CHECKS_PASSED_OVER: &[Cond] = &[Cond(LOGIN_WORKS)];
/// CUG-8: the user has not logged in with the new certificate yet ("Nej, ikke endnu").
const LOGIN_NOT_YET: &[(&str, &str)] = &[("cug_account", "replacing"), ("cug_login", "not_yet")];
/// CUG-8: the user has the account, but the login fails ("Ja, men det virker ikke").
const LOGIN_FAILS: &[(&str, &str)] = &[("cug_account", "replacing"), ("cug_login", "fails")];

/// CUG-8 after "Ja, men det virker ikke": what the user can check (seed 000: the old
/// certificate stays in the login box, the password is known only to the user).
const FAILS_CHECKS: BlockBody = BlockBody::Steps {
    items: &["cug8.fails_choose", "cug8.fails_password"],
};

/// CUG-2's question: does the tool show in the browser? "no" opens the help with the link.
/// "Jeg kan ikke finde e-mailen" says who sends it, where to look, and whom to ask.
const CUG2_SEEN: &[ChoiceOption] = &[
    option("yes", "cug2.seen_yes"),
    option("no", "cug2.seen_no"),
    option("no_email", "cug2.seen_no_email"),
];

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

/// DKMAnet's login page: the guide's "The login box at DKMAnet.dk" (seed 000).
const DKMANET_LOGIN: &str = "https://dkmanet.dk/";

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
        // Waiting for the e-mail ("Jeg kan ikke finde e-mailen"), the step's button saves and
        // closes the guide, and the next start opens here.
        closes_when(
            step(
                "CUG-2",
                StepKind::Guide,
                &["CUG-1"],
                &[
                    // One short line of how to open the tool, then the question: both in
                    // sight on arrival at 911×512, the answers too (the line is one line).
                    b(para("cug2.how")),
                    b(choice("cug_tool_seen", "cug2.seen_q", CUG2_SEEN)),
                    // Who sends the e-mail (seed 000: DKMA sends two e-mails), where to look, and
                    // whom to ask to send it again (the address the guide gives).
                    when(NO_EMAIL, para("cug2.no_email")),
                    when(
                        NO_EMAIL,
                        BlockBody::Steps {
                            items: &[
                                "cug2.no_email_search",
                                "cug2.no_email_spam",
                                "cug2.no_email_ask",
                            ],
                        },
                    ),
                    when(NO_EMAIL, copy("copy.dkmanet_email", "dkmanet@dkma.dk")),
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
                    // No dead end: if the pasted link does not open the tool either, whom to
                    // write to (the address the guide gives, seed 000).
                    when(TOOL_NOT_SEEN, info("cug2.still_not")),
                ],
            ),
            &[Cond(NO_EMAIL)],
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
        // One question per page (the `page` lines): new or replacing, the kind of account, the
        // login (replacing), and then what to do: the checks when the login fails, and what
        // to send. Waiting for an account or a working login, the step's
        // button saves and closes the guide, and the next start opens here.
        closes_when(
            step(
                "CUG-8",
                StepKind::Guide,
                &["CUG-7"],
                &[
                    b(para("cug8.intro")),
                    b(choice("cug_account", "cug8.account_q", CUG8_ACCOUNT)),
                    page(),
                    b(choice("cug_role", "cug8.role_q", CUG8_ROLE)),
                    page(),
                    // One short line of what to try, DKMAnet's login page one click away
                    // right under it (the guide: "The login box at DKMAnet.dk", seed 000),
                    // then the login question (all of it, the answers too, in sight at
                    // 911×512). What stands above the question stays whatever is picked:
                    // nothing above the answers comes or goes, so the page never jumps under
                    // the user's pointer (after "Nej, ikke endnu" the button used to go).
                    when(REPLACING, para("cug8.login_how")),
                    when(REPLACING, link(DKMANET_LOGIN, "cug8.login_link")),
                    when(REPLACING, choice("cug_login", "cug8.login_q", CUG8_LOGIN)),
                    // "Nej, ikke endnu": one instruction, picked by what the comparison on
                    // arrival found, never a condition the user must check. A new RID: the
                    // login cannot work yet, Næste shows what to send. The same RID: log in
                    // now. Cannot tell: Næste shows what to send to be safe (an update to the
                    // number the account has already does no harm).
                    when(LOGIN_NOT_YET, info("cug8.login_wait")).once(Fact::RidChanged),
                    when(LOGIN_NOT_YET, info("cug8.login_wait_same")).once(Fact::RidUnchanged),
                    when(LOGIN_NOT_YET, info("cug8.login_wait_unsure")).unless(Fact::RidCompared),
                    // What to do then (passed over once the login works: nothing to check
                    // or send).
                    // A "Ja" kept from before the account was changed to "new" does not pass it over.
                    page_skipped_when(CHECKS_PASSED_OVER),
                    // "Ja, men det virker ikke": what the user can check at once, from the guide
                    // (seed 000), comes first ("Det kan du selv tjekke først"), whatever the
                    // RID: a login fixed by choosing the right certificate needs no e-mail.
                    // With a RID that is new, or may be, what to send follows it.
                    when(LOGIN_FAILS, para("cug8.fails_intro")),
                    when(LOGIN_FAILS, FAILS_CHECKS),
                    // What to send: one sentence saying why and to whom, with what a RID
                    // number is, then the button that sends it. The sentence follows what the
                    // comparison on arrival found (`Fact::Rid…`): a new RID, the same one
                    // (nothing to send: the account knows it, seed 000 "log on … right
                    // away"), or the guide cannot tell (send it to be safe: an update to the
                    // number the account has already does no harm). The numbers behind it (the
                    // file, both RIDs, what could not be compared) are for experts: the
                    // comparison is drawn in "Detaljer for eksperter".
                    when(REPLACING_SA, para("cug8.replacing_sa")).once(Fact::RidChanged),
                    // With no certificate yet there is no e-mail "below" (issue 26): the
                    // sentence says what will be sent, and the box under it how to get there.
                    when(REPLACING_SA, para("cug8.replacing_sa_unsure"))
                        .unless(Fact::RidCompared)
                        .once(Fact::CertLoaded),
                    when(REPLACING_SA, para("cug8.replacing_sa_no_cert")).unless(Fact::CertLoaded),
                    when(REPLACING_USER, para("cug8.replacing_user")).once(Fact::RidChanged),
                    when(REPLACING_USER, para("cug8.replacing_user_unsure"))
                        .unless(Fact::RidCompared)
                        .once(Fact::CertLoaded),
                    when(REPLACING_USER, para("cug8.replacing_user_no_cert"))
                        .unless(Fact::CertLoaded),
                    // The same RID and "Nej, ikke endnu": nothing to check or send, so
                    // nothing of this page shows and it is passed over; the login question's
                    // page says to log in now, and its button saves and closes.
                    when(LOGIN_FAILS, para("cug8.rid_same")).once(Fact::RidUnchanged),
                    when(NEW_SA, para("cug8.new_sa")),
                    when(NEW_SA, link(DKMA_FORM_PAGE, "cug8.form_link")),
                    when(NEW_USER, para("cug8.new_user")),
                    // No certificate at all (saved progress, CUG-5 not done on this PC): not
                    // "could not read the RID in the file", but why in one sentence and the
                    // way to CUG-5, the page's primary button (issue 26).
                    unless_known(
                        Fact::CertLoaded,
                        BlockBody::NeedsStep {
                            needs: "certificate",
                            text: "cug8.no_certificate",
                        },
                    ),
                    // Only when the app could not read the RID from the file (CUG-4/CUG-5 went
                    // on with a page it did not understand): the RID typed from DKMAnet's
                    // "Details", so the texts below can still be written. It comes before the
                    // text it fills in and before "Jeg har sendt …".
                    unless_known(
                        Fact::CertRid,
                        BlockBody::TextInput {
                            id: "cug_rid",
                            label: "cug8.rid_label",
                            check: "rid",
                            required: false,
                        },
                    )
                    .once(Fact::CertLoaded),
                    // With no certificate (the box above) there is no text to send yet: neither
                    // the text, nor "Jeg har sendt …", nor what happens once it is sent.
                    // The text's first button ("Åbn i mailprogrammet", else "Kopiér teksten")
                    // is the page's primary button until "Jeg har sendt …" is ticked. The
                    // address and the subject come with the text, each on its own line with
                    // its own copy button (`Composed::to`), so no copy box of their own here.
                    when(
                        REPLACING_SA,
                        BlockBody::Generated {
                            what: "dkma_rid_email",
                            label: "cug8.email_label",
                            sent: Some("cug_email_sent"),
                        },
                    )
                    .unless(Fact::RidUnchanged)
                    .once(Fact::CertLoaded),
                    when(
                        REPLACING_USER,
                        BlockBody::Generated {
                            what: "sa_message",
                            label: "cug8.sa_label",
                            sent: Some("cug_message_sent"),
                        },
                    )
                    .unless(Fact::RidUnchanged)
                    .once(Fact::CertLoaded),
                    when(
                        NEW_USER,
                        BlockBody::Generated {
                            what: "sa_message",
                            label: "cug8.sa_label",
                            sent: Some("cug_new_message_sent"),
                        },
                    )
                    .once(Fact::CertLoaded),
                    when(REPLACING_SA, check("cug_email_sent", "cug8.email_sent"))
                        .unless(Fact::RidUnchanged)
                        .once(Fact::CertLoaded),
                    when(
                        REPLACING_USER,
                        check("cug_message_sent", "cug8.message_sent"),
                    )
                    .unless(Fact::RidUnchanged)
                    .once(Fact::CertLoaded),
                    // What happens now, once it is sent (seed 000: the agency, or the Security
                    // Administrator, updates the account; only then the new certificate works).
                    when(SA_EMAIL_SENT, info("cug8.email_sent_now"))
                        .unless(Fact::RidUnchanged)
                        .once(Fact::CertLoaded),
                    when(USER_MESSAGE_SENT, info("cug8.message_sent_now"))
                        .unless(Fact::RidUnchanged)
                        .once(Fact::CertLoaded),
                    when(NEW_USER, check("cug_new_message_sent", "cug8.message_sent"))
                        .once(Fact::CertLoaded),
                    when(LOGIN_FAILS, BlockBody::RidCompare),
                    when(LOGIN_NOT_YET, BlockBody::RidCompare).unless(Fact::RidUnchanged),
                    when(
                        REPLACING,
                        BlockBody::Fold {
                            summary: "cug8.replacing_rid_q",
                            text: "cug8.replacing_rid",
                        },
                    )
                    .unless(Fact::RidUnchanged),
                    // Whom to ask when it still fails: labelled, the guide names no one for it.
                    when(LOGIN_FAILS, info("cug8.fails_contact")),
                    when(LOGIN_FAILS, copy("copy.dkmanet_email", "dkmanet@dkma.dk")),
                    when(NEW_ACCOUNT, info("cug8.next_day")),
                    when(NEW_ACCOUNT, check("cug_login_ok", "cug8.check_login")),
                    // The page of checks ends with the way back to the question.
                    when(
                        LOGIN_FAILS,
                        BlockBody::BackTo {
                            answer: "cug_login",
                            text: "cug8.fails_works_now",
                            label: "cug8.fails_back",
                        },
                    ),
                ],
            ),
            &[Cond(LOGIN_NOT_YET), Cond(LOGIN_FAILS)],
        ),
        // Two jobs, one page each: first the guide moves the old certificate files out of
        // the folder DKMAnet reads (Næste does it), then the user removes the old certificates
        // from the browsers (each with its own "Fjern", in sight on arrival).
        step_when(
            "CUG-9",
            StepKind::Archive,
            &["CUG-8"],
            LOGIN_WORKS,
            // The browsers' page is passed over when the look on arrival found nothing there
            // (the first page says so).
            &[
                part("archive"),
                page(),
                unless_known(
                    Fact::BrowsersClear,
                    BlockBody::Part {
                        name: "old_in_browsers",
                    },
                ),
            ],
        ),
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
                    b(link(DKMANET_LOGIN, "cug10.open_dkmanet")),
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

    /// CUG-1's field errors say, per box, what to find (issue 26): not "når det passer" (reads
    /// as "when it suits you"). A required box's own message is `<label key>.missing`, which
    /// Blocks.svelte shows in place of the general `ui.missing.check`; a `.missing` text
    /// belongs to a required box. Both languages.
    #[test]
    fn cug_1_field_errors_say_what_to_find() {
        let da = texts("da");
        let en = texts("en");
        let cug1 = step_of(&CUG, "CUG-1");
        let mut own = Vec::new();
        for bl in cug1.blocks {
            if let BlockBody::Check {
                text,
                required: true,
                ..
            } = bl.body
            {
                own.push(da[&format!("{text}.missing")].clone());
                assert!(en.contains_key(&format!("{text}.missing")), "{text}");
            }
        }
        assert_eq!(
            own,
            [
                "Sæt flueben, når du har fundet e-mailen.",
                "Sæt flueben, når du har fundet installationskoden."
            ]
        );
        for (lang, tx) in [("da", &da), ("en", &en)] {
            for (k, v) in tx.iter() {
                assert!(!v.contains("når det passer"), "{lang} {k}: {v}");
                let Some(label) = k.strip_suffix(".missing") else {
                    continue;
                };
                if !tx.contains_key(label) || !label.contains(".check") {
                    continue;
                }
                let required = FlowId::ALL.iter().any(|f| {
                    f.def().steps.iter().any(|s| {
                        s.blocks.iter().any(|b| {
                            matches!(b.body, BlockBody::Check { text, required: true, .. }
                                if text == label)
                        })
                    })
                });
                assert!(
                    required,
                    "{lang} {k}: no required box has the label {label}"
                );
            }
        }
        assert!(ui_source("components/Blocks.svelte").contains("`${b.text}.missing`"));
    }

    /// CUG-2's refusal of a pasted link speaks of the e-mail's link, not of "https-link"
    /// (issue 26), and still says what the link begins with.
    #[test]
    fn cug_2_refused_link_speaks_of_the_emails_link() {
        assert_eq!(
            texts("da")["error.link.not_https"],
            "Det ligner ikke linket fra e-mailen. Kopiér hele linket – det begynder med \
             https:// – og prøv igen."
        );
        let en = &texts("en")["error.link.not_https"];
        assert!(
            en.starts_with("That does not look like the link from the email"),
            "{en}"
        );
        assert!(en.contains("https://"), "{en}");
    }

    /// CUG-8's page of what to send: the sentence saying what to send, the field for a RID the
    /// guide could not read, the e-mail it fills in, "Jeg har sendt e-mailen", in that order;
    /// why the number may change is a fold, not the page's opening.
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
        // The field for a RID the guide could not read comes before the text it fills in
        // (and so before "Jeg har sendt e-mailen"; before, it came after both).
        let sent = at(&|b| {
            matches!(
                b,
                BlockBody::Check {
                    id: "cug_email_sent",
                    ..
                }
            )
        });
        assert!(
            send < typed && typed < email && email < sent && sent < why,
            "{send} {typed} {email} {sent} {why}"
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
                label.contains("nedenfor") || label.contains("below"),
                "{lang}: {label}"
            );
        }
    }

    /// CUG-8 after "Jeg har sendt e-mailen" / "Jeg har sendt beskeden": a note says what
    /// happens now (the account is updated by the agency or the Security Administrator, seed
    /// 000; save and close, come back and log in). It shows only once the box is ticked (a
    /// tick box's answer is a bool: the table's condition "true" reads it), after the box.
    #[test]
    fn cug_8_says_what_happens_once_it_is_sent() {
        use crate::flow::Answer;
        use crate::wizard::{shown, Facts};
        let cug8 = step_of(&CUG, "CUG-8");
        for (role, sent, note) in [
            ("security_admin", "cug_email_sent", "cug8.email_sent_now"),
            ("user", "cug_message_sent", "cug8.message_sent_now"),
        ] {
            let at = |wanted: &dyn Fn(&BlockBody) -> bool| {
                cug8.blocks
                    .iter()
                    .position(|bl| wanted(&bl.body))
                    .unwrap_or_else(|| panic!("{note}"))
            };
            let note_at = at(&|b| matches!(b, BlockBody::Note { text, .. } if *text == note));
            let check_at = at(&|b| matches!(b, BlockBody::Check { id, .. } if *id == sent));
            assert!(check_at < note_at, "{note}: after its box");
            let mut answers = std::collections::BTreeMap::new();
            for (id, v) in [
                ("cug_account", "replacing"),
                ("cug_role", role),
                ("cug_login", "not_yet"),
            ] {
                answers.insert(id.to_string(), Answer::Text(v.into()));
            }
            // CUG-5 unlocked the certificate (with none there is nothing to send).
            let facts = Facts {
                certificate: Some(Default::default()),
                ..Facts::default()
            };
            let shows = |a: &std::collections::BTreeMap<String, Answer>| {
                shown(&cug8.blocks[note_at], a, Some(&facts))
            };
            assert!(!shows(&answers), "{note}: not before the box is ticked");
            answers.insert(sent.into(), Answer::Bool(false));
            assert!(!shows(&answers), "{note}: not when unticked");
            answers.insert(sent.into(), Answer::Bool(true));
            assert!(shows(&answers), "{note}: once ticked");
            // The other role's box does not bring it.
            let other = if role == "user" {
                "security_admin"
            } else {
                "user"
            };
            answers.insert("cug_role".into(), Answer::Text(other.into()));
            assert!(!shows(&answers), "{note}: for its own role only");
        }
        // The note names the button the page has then ("Gem og luk guiden"), and promises no
        // waiting time the guide does not give.
        for lang in ["da", "en"] {
            let texts = texts(lang);
            let button = &texts["ui.save_close"];
            for key in ["cug8.email_sent_now", "cug8.message_sent_now"] {
                let text = &texts[key];
                assert!(text.contains(button.as_str()), "{lang} {key}: {text}");
                assert!(
                    !text.chars().any(|c| c.is_ascii_digit()),
                    "{lang} {key}: {text}"
                );
            }
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
        // The page after the question's starts with the checks, whatever the RID: what to
        // send, when the RID is new, follows them.
        let fails = [
            ("cug_account", "replacing"),
            ("cug_role", "user"),
            ("cug_login", "fails"),
        ];
        use crate::flow_facts::RidVerdict;
        assert_eq!(
            page_found(&fails, 3, RidVerdict::Unchanged)[0],
            para("cug8.fails_intro")
        );
        assert_eq!(page_with(&fails, 3)[0], para("cug8.fails_intro"));
        assert_eq!(page_with(&fails, 3)[2], para("cug8.replacing_user"));
    }

    /// CUG-2 after "Nej": the pasted link is opened by the guide; when that fails too, the
    /// page says whom to write to (no dead end), and once it is opened, what to do next.
    #[test]
    fn cug_2_a_link_that_does_not_work_is_no_dead_end() {
        let cug2 = step_of(&CUG, "CUG-2");
        let last = cug2
            .blocks
            .iter()
            .rfind(|bl| bl.when == Some(Cond(TOOL_NOT_SEEN)))
            .expect("blocks");
        assert_eq!(last.body, info("cug2.still_not"));
        let da = texts("da");
        let en = texts("en");
        assert!(da["cug2.still_not"].contains("dkmanet@dkma.dk"));
        assert!(en["cug2.still_not"].contains("dkmanet@dkma.dk"));
        // After the guide opened the pasted link: say what comes next, in plain words.
        assert!(da["ui.link_opened_next"].contains("tryk Næste"));
        assert!(!da["ui.link_opened_next"].contains("standardbrowser"));
        assert!(en["ui.link_opened_next"].contains("press Next"));
        let blocks = ui_source("components/Blocks.svelte");
        assert!(blocks.contains("linkStatus[id] = t(\"ui.link_opened_next\")"));
    }

    /// CUG-9 says what the folder is for ("den mappe, DKMAnet henter certifikater fra"), and
    /// its name and place (".oces" in the user folder) only in the experts' fold; the step
    /// list beside it does not name it either.
    #[test]
    fn cug_9_says_what_the_oces_folder_is_for() {
        for (lang, purpose, named) in [
            (
                "da",
                "den mappe, DKMAnet henter certifikater fra",
                "mappen .oces i din brugermappe",
            ),
            (
                "en",
                "the folder DKMAnet reads certificates from",
                "the .oces folder in your user folder",
            ),
        ] {
            let t = texts(lang);
            let mut main: Vec<String> = [
                "files.archive_intro",
                "files.archive_legend",
                "files.archive_none",
                "files.archive_pick",
                "files.archived",
                "files.archived.one",
                "files.archived_where",
                "files.archived_where.one",
                "files.archived_earlier",
                "files.archived_earlier.one",
                "store.old_needs_you",
                "store.old_needs_you.one",
            ]
            .iter()
            .map(|k| t[*k].clone())
            .collect();
            main.extend(CUG.steps.iter().map(|s| t[&s.title_key()].clone()));
            let all = main.join(" ");
            assert!(!all.contains(".oces"), "{lang}: {all}");
            for k in [
                "files.archive_intro",
                "files.archived",
                "files.archived.one",
            ] {
                assert!(t[k].contains(purpose), "{lang}: {k}");
            }
            assert!(t["files.archive_folder_expert"].contains(named), "{lang}");
        }
        let archive = ui_source("wizard/steps/Archive.svelte");
        let fold = &archive[archive.find("archive-expert").expect("the experts' fold")..];
        assert!(fold.contains("files.archive_folder_expert"));
        assert!(archive.contains("expert-fold"));
        // What an earlier version archived inside the folder, moved too, is said after the move.
        assert!(archive.contains("files.archived_earlier") && archive.contains("done.earlier"));
        // Nothing found: one short sentence.
        let da = texts("da");
        assert_eq!(da["files.archive_none"].matches('.').count(), 1);
    }

    /// The old certificate in the browsers: one firm instruction (what to do, and why), that
    /// names the button beside each certificate (in plain sight, not in a fold: there is no
    /// "Fjern … herunder" fold any more), never "you may leave it".
    #[test]
    fn cug_9_says_firmly_to_remove_the_old_certificate_from_the_browsers() {
        for lang in ["da", "en"] {
            let t = texts(lang);
            assert!(!t.contains_key("store.old_more"), "{lang}: no fold to name");
            for k in ["store.old_needs_you", "store.old_needs_you.one"] {
                let v = &t[k];
                assert!(
                    v.starts_with("Fjern") || v.starts_with("Remove"),
                    "{lang}: {v}"
                );
                assert!(
                    v.contains(&format!("“{}”", t["store.old_remove"])),
                    "{lang}: {v}"
                );
                assert!(
                    !v.contains("herunder”") && !v.contains("under “"),
                    "{lang}: {v}"
                );
                assert!(
                    v.contains("loginboks") || v.contains("login box"),
                    "{lang}: {v}"
                );
                for hedge in [
                    "men det nye virker også",
                    "but the new one works",
                    "anbefaler",
                    "recommends",
                ] {
                    assert!(!v.contains(hedge), "{lang}: {v}");
                }
            }
        }
    }

    /// CUG-9's "Sådan gør du selv" gives the steps for the store the old certificate is in:
    /// NemID CSP (Start, "Slet Digital Signatur") only for Windows, Firefox's own certificate
    /// manager for Firefox, and for any other store it says it has none. The remove buttons
    /// are not in a "Flere muligheder" fold, and the archive's result says which certificate
    /// is the new one, by its date.
    #[test]
    fn cug_9_the_manual_steps_follow_the_store() {
        for lang in ["da", "en"] {
            let t = texts(lang);
            let firefox = &t["store.old_manual_firefox"];
            for windows_only in ["NemID", "Start", "Slet Digital Signatur"] {
                assert!(!firefox.contains(windows_only), "{lang}: {firefox}");
            }
            assert!(firefox.contains("Firefox"), "{lang}: {firefox}");
            assert!(t["store.old_manual"].contains("NemID CSP"), "{lang}");
            assert!(t["store.old_manual_other"].contains("{store}"), "{lang}");
            assert!(t["files.archived_new_stays"].contains("{until}"), "{lang}");
        }
        let ui = ui_source("components/OldStoreCertificates.svelte");
        assert!(
            !ui.contains("MoreOptions"),
            "the remove buttons are in plain sight"
        );
        for key in [
            "store.old_manual\")",
            "store.old_manual_firefox",
            "store.old_manual_other",
            "store.old_remove\")",
        ] {
            assert!(ui.contains(key), "{key}");
        }
        assert!(ui_source("wizard/steps/Archive.svelte").contains("files.archived_new_stays"));
    }

    /// CUG-2's "Jeg kan ikke finde e-mailen" leads somewhere: who sends the e-mail, where to
    /// look (the inbox, the junk mail), whom to ask to send it again, with the address one
    /// copy away; the step's button then saves and closes the guide (waiting for the e-mail,
    /// the next start opens here), and the steps before the question are two short lines.
    #[test]
    fn cug_2_a_missing_email_leads_somewhere() {
        let cug2 = step_of(&CUG, "CUG-2");
        // The how-to line and the question above are held by
        // `the_login_and_tool_questions_have_one_short_how_to_line_above`.
        let answers: Vec<_> = CUG2_SEEN.iter().map(|o| o.value).collect();
        assert_eq!(answers, ["yes", "no", "no_email"]);
        let under: Vec<BlockBody> = cug2
            .blocks
            .iter()
            .filter(|bl| bl.when == Some(Cond(NO_EMAIL)))
            .map(|bl| bl.body)
            .collect();
        assert_eq!(
            under,
            [
                para("cug2.no_email"),
                BlockBody::Steps {
                    items: &[
                        "cug2.no_email_search",
                        "cug2.no_email_spam",
                        "cug2.no_email_ask"
                    ]
                },
                copy("copy.dkmanet_email", "dkmanet@dkma.dk")
            ]
        );
        assert_eq!(
            cug2.closes_when.iter().map(|c| c.0).collect::<Vec<_>>(),
            [NO_EMAIL]
        );
        let da = texts("da");
        let en = texts("en");
        assert_eq!(da["cug2.seen_no_email"], "Jeg kan ikke finde e-mailen");
        let said = |t: &std::collections::BTreeMap<String, String>| {
            [
                "cug2.no_email",
                "cug2.no_email_search",
                "cug2.no_email_spam",
                "cug2.no_email_ask",
            ]
            .map(|k| t[k].clone())
            .join(" ")
        };
        for part in [
            "Lægemiddelstyrelsen sender",
            "uønsket post",
            "dkmanet@dkma.dk",
            "sende den igen",
        ] {
            assert!(said(&da).contains(part), "{part}");
        }
        for part in [
            "sends the e-mail",
            "junk mail",
            "dkmanet@dkma.dk",
            "send it again",
        ] {
            assert!(said(&en).contains(part), "{part}");
        }
        // The title is short enough for one line at 911×512.
        assert!(da["step.CUG-2.title"].chars().count() <= 30);
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

    /// CUG-3 and CUG-4 speak of the certificate file in plain words, in both languages
    /// (issue 26): no English title of DKMA's order ("Order for Closed User Group
    /// Certificate") and no file ending (".html", ".p12") in the steps of CUG-3 or in CUG-4's
    /// list. A found file stands out as what it is ("Certifikatfilen fra
    /// Lægemiddelstyrelsen") with where and when it was saved; its raw name is the small line
    /// under it, never what stands out.
    #[test]
    fn cug_3_and_4_speak_of_the_file_in_plain_words() {
        let cug3 = step_of(&CUG, "CUG-3");
        let mut keys = keys_of(cug3);
        keys.extend(
            [
                "files.find_intro",
                "files.kind.cug-html",
                "files.kind.pkcs12",
                "files.kind.certificate",
                "files.in_folder.downloads",
                "files.in_folder.desktop",
                "files.in_folder.documents",
                "files.saved_where_when",
                "files.today_at",
                "files.other_label",
                "files.browse_other",
                "files.browse_file",
            ]
            .map(String::from),
        );
        for lang in ["da", "en"] {
            let t = texts(lang);
            for k in &keys {
                let v = &t[k.as_str()];
                for bad in ["Order for", ".html", ".p12", ".pfx", "(.", "DKMA-"] {
                    assert!(!v.contains(bad), "{lang} {k}: {v}");
                }
            }
        }
        let da = texts("da");
        assert_eq!(
            da["files.kind.cug-html"],
            "Certifikatfilen fra Lægemiddelstyrelsen"
        );
        assert_eq!(da["files.in_folder.downloads"], "din mappe Overførsler");
        let picker = ui_source("components/FilePicker.svelte");
        assert!(picker.contains("files.kind.${f.holds}"));
        assert!(!picker.contains("<strong>{f.name}</strong>"));
    }

    /// CUG-3 says what to do with the password, and what forgetting it means, in the guide's
    /// terms (seed 000: "known only by you - it is not stored in DKMA systems in any form"):
    /// before, "Kun du kender adgangskoden. Lægemiddelstyrelsen gemmer den ikke." said neither.
    #[test]
    fn cug3_says_to_write_the_password_down() {
        let da = texts("da");
        let note = &da["cug3.password_note"];
        assert!(note.contains("Skriv den ned"), "{note}");
        assert!(note.contains("glemmer du den"), "{note}");
        let en = texts("en");
        let note = &en["cug3.password_note"];
        assert!(note.contains("Write it down"), "{note}");
        assert!(note.contains("if you forget it"), "{note}");
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
        // The archive lies outside .oces, so the screen need not hedge about the login box.
        for k in [
            "files.archive_intro",
            "files.archived",
            "files.archived.one",
        ] {
            assert!(!da[k].contains("Vejledningen siger ikke"), "{k}: {}", da[k]);
            assert!(da[k].contains("ud af den mappe"), "{k}: {}", da[k]);
        }
    }

    /// The blocks of CUG-8 that show with these answers, in the table's order, when the
    /// comparison on arrival found a new RID.
    /// Where CUG-8's login question stands among a page's blocks.
    fn login_question_at(page: &[BlockBody]) -> usize {
        page.iter()
            .position(|b| {
                matches!(
                    b,
                    BlockBody::Choice {
                        id: "cug_login",
                        ..
                    }
                )
            })
            .expect("the login question")
    }

    fn shown_with(answers: &[(&str, &str)]) -> Vec<BlockBody> {
        shown_found(answers, crate::flow_facts::RidVerdict::Changed)
    }

    /// The blocks of CUG-8 that show with these answers and this RID comparison.
    fn shown_found(answers: &[(&str, &str)], rid: crate::flow_facts::RidVerdict) -> Vec<BlockBody> {
        shown_in(step_of(&CUG, "CUG-8").blocks, answers, rid)
    }

    /// The blocks of CUG-8's page `k` (from 0) that show with these answers, in order, when
    /// the comparison on arrival found a new RID.
    fn page_with(answers: &[(&str, &str)], k: usize) -> Vec<BlockBody> {
        page_found(answers, k, crate::flow_facts::RidVerdict::Changed)
    }

    /// The blocks of CUG-8's page `k` (from 0) that show with these answers and this RID
    /// comparison, in order.
    fn page_found(
        answers: &[(&str, &str)],
        k: usize,
        rid: crate::flow_facts::RidVerdict,
    ) -> Vec<BlockBody> {
        let step = step_of(&CUG, "CUG-8");
        shown_in(&step.blocks[step.pages()[k].blocks.clone()], answers, rid)
    }

    fn shown_in(
        blocks: &[Block],
        answers: &[(&str, &str)],
        rid: crate::flow_facts::RidVerdict,
    ) -> Vec<BlockBody> {
        let answers: std::collections::BTreeMap<String, Answer> = answers
            .iter()
            .map(|(id, v)| (id.to_string(), Answer::Text(v.to_string())))
            .collect();
        // A certificate read with its RID (the usual case): the field for a RID the guide
        // could not read does not show.
        let facts = crate::flow_facts::Facts {
            rid: Some(rid),
            certificate: Some(crate::flow_facts::CertFacts {
                id_type: Some("RID".into()),
                id: Some("1234567890123".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        blocks
            .iter()
            .filter(|bl| crate::wizard::shown(bl, &answers, Some(&facts)))
            .map(|bl| bl.body)
            .filter(|b| !matches!(b, BlockBody::Page { .. }))
            .collect()
    }

    /// CUG-8's page of what to send (a Security Administrator replacing a certificate, not
    /// logged in yet) opens with what to do and why, with what a RID number is, then the
    /// e-mail (its button first, drawn by `ComposedText`), then "Jeg har sendt e-mailen"; the
    /// address has no copy box beside the text that holds it, and no tick box offers the
    /// other language. The file, both RID numbers and what could not be compared are drawn in
    /// the experts' fold.
    #[test]
    fn cug_8_what_to_send_opens_with_one_sentence() {
        use crate::flow_facts::RidVerdict;
        let da = texts("da");
        let en = texts("en");
        assert_eq!(
            da["cug8.replacing_sa"],
            "Dit nye certifikat har fået et nyt RID-nummer – det nummer, DKMAnet kender \
             certifikatet på. Send e-mailen herunder til Lægemiddelstyrelsen, så de kan give \
             din brugerkonto det nye nummer."
        );
        assert!(en["cug8.replacing_sa"].starts_with("Your new certificate has a new RID number"));
        // Every sentence that opens the page says what a RID number is, in the user's terms.
        for k in [
            "cug8.replacing_sa",
            "cug8.replacing_sa_unsure",
            "cug8.replacing_user",
            "cug8.replacing_user_unsure",
            "cug8.replacing_sa_no_cert",
            "cug8.replacing_user_no_cert",
            "cug8.rid_same",
        ] {
            assert!(
                da[k].contains("det nummer, DKMAnet kender certifikatet på"),
                "{k}"
            );
            assert!(
                en[k].contains("the number DKMAnet knows the certificate by"),
                "{k}"
            );
        }
        for verdict in [RidVerdict::Changed, RidVerdict::Unknown] {
            // The page after the login question's.
            let page = page_found(
                &[
                    ("cug_account", "replacing"),
                    ("cug_role", "security_admin"),
                    ("cug_login", "not_yet"),
                ],
                3,
                verdict,
            );
            let lead = match verdict {
                RidVerdict::Changed => "cug8.replacing_sa",
                _ => "cug8.replacing_sa_unsure",
            };
            assert_eq!(page[0], para(lead), "the page opens with it");
            assert_eq!(
                page[1],
                BlockBody::Generated {
                    what: "dkma_rid_email",
                    label: "cug8.email_label",
                    sent: Some("cug_email_sent"),
                },
                "the e-mail right under it"
            );
            assert_eq!(page[2], check("cug_email_sent", "cug8.email_sent"));
            let compare = page
                .iter()
                .position(|b| matches!(b, BlockBody::RidCompare))
                .expect("compare");
            assert!(compare > 2, "the numbers after the e-mail");
            assert!(
                !page.iter().any(|b| matches!(b, BlockBody::Copy { .. })),
                "the address comes with the e-mail (`Composed::to`): no copy box of its own"
            );
        }
        assert_eq!(da["cug8.email_sent"], "Jeg har sendt e-mailen");
        // The composed text draws its first button as the primary one until it is sent, with
        // no tick box for the other language; the footer reads the core's decision.
        let composed = ui_source("components/ComposedText.svelte");
        assert!(!composed.contains("other_language"));
        assert!(composed.contains("button-primary"));
        assert!(ui_source("wizard/Wizard.svelte").contains("view.primary_in_page"));
        for lang in ["da", "en"] {
            assert!(
                !texts(lang).contains_key("composed.other_language"),
                "{lang}"
            );
            assert!(
                !texts(lang).contains_key("copy.medicinpriser_email"),
                "{lang}"
            );
        }
        // The comparison (file name, both RIDs, the store line) is drawn folded, for experts.
        let blocks = ui_source("components/Blocks.svelte");
        let drawn = &blocks[blocks.find("b.type === \"rid_compare\"}").expect("drawn")..];
        let drawn = &drawn[..drawn.find("{:else").expect("end")];
        assert!(
            drawn.contains("expert-fold") && drawn.contains("t(\"inspect.details\")"),
            "{drawn}"
        );
        assert_eq!(da["inspect.details"], "Detaljer for eksperter");
        // The field for a RID the app could not read waits for that fact, not for an answer.
        let field = step_of(&CUG, "CUG-8")
            .blocks
            .iter()
            .find(|bl| matches!(bl.body, BlockBody::TextInput { id: "cug_rid", .. }))
            .expect("field");
        assert_eq!(field.unless_known, Some(Fact::CertRid));
        assert_eq!(field.when, None);
    }

    /// CUG-8 with no certificate on this PC (saved progress, CUG-5 not done here): no e-mail
    /// or message is drawn, so no sentence speaks of one "herunder"; the page says what will
    /// be sent, then the box that leads to CUG-5 (issue 26).
    #[test]
    fn cug_8_without_a_certificate_speaks_of_nothing_below() {
        let da = texts("da");
        let en = texts("en");
        let step = step_of(&CUG, "CUG-8");
        let facts = crate::flow_facts::Facts::default();
        for (role, lead) in [
            ("security_admin", "cug8.replacing_sa_no_cert"),
            ("user", "cug8.replacing_user_no_cert"),
        ] {
            for login in ["not_yet", "fails"] {
                let answers: std::collections::BTreeMap<String, Answer> = [
                    ("cug_account", "replacing"),
                    ("cug_role", role),
                    ("cug_login", login),
                ]
                .iter()
                .map(|(id, v)| (id.to_string(), Answer::Text(v.to_string())))
                .collect();
                let shown: Vec<BlockBody> = step
                    .blocks
                    .iter()
                    .filter(|bl| crate::wizard::shown(bl, &answers, Some(&facts)))
                    .map(|bl| bl.body)
                    .collect();
                for b in &shown {
                    if let BlockBody::Para { text } = b {
                        assert!(
                            !da[*text].contains("herunder") && !en[*text].contains("below"),
                            "{role}, {login}: {text} speaks of what is not there"
                        );
                    }
                }
                let at = |body: &BlockBody| shown.iter().position(|b| b == body);
                let needs = shown
                    .iter()
                    .position(|b| matches!(b, BlockBody::NeedsStep { .. }))
                    .expect("the box leading to CUG-5");
                let said = at(&para(lead)).unwrap_or_else(|| panic!("{role}, {login}: {lead}"));
                assert!(
                    said < needs,
                    "{role}, {login}: what will be sent, then the box"
                );
            }
        }
        // With a certificate the sentences about the e-mail below stay, and these do not show.
        let page = page_found(
            &[
                ("cug_account", "replacing"),
                ("cug_role", "security_admin"),
                ("cug_login", "not_yet"),
            ],
            3,
            crate::flow_facts::RidVerdict::Unknown,
        );
        assert!(page.contains(&para("cug8.replacing_sa_unsure")));
        assert!(!page.contains(&para("cug8.replacing_sa_no_cert")));
    }

    /// The same RID: nothing to send. "Nej, ikke endnu": the login question says to try now,
    /// and nothing after it repeats that (no page of what to send: the wizard passes it over,
    /// `cug_8_same_rid_and_not_yet_has_no_page_of_what_to_send`). "Ja, men det virker ikke":
    /// the page of checks says there is nothing to send, and why. Neither has an e-mail, a
    /// tick box or the fold about why the number may be new.
    #[test]
    fn cug_8_the_same_rid_has_nothing_to_send() {
        use crate::flow_facts::RidVerdict;
        for role in ["security_admin", "user"] {
            let page = shown_found(
                &[
                    ("cug_account", "replacing"),
                    ("cug_role", role),
                    ("cug_login", "not_yet"),
                ],
                RidVerdict::Unchanged,
            );
            assert!(!page.contains(&para("cug8.rid_same")), "{role}");
            assert!(!page.contains(&BlockBody::RidCompare), "{role}");
            assert!(page.contains(&info("cug8.login_wait_same")), "{role}");
            assert!(!page.contains(&info("cug8.login_wait")), "{role}");
            assert!(
                !page.iter().any(|b| matches!(
                    b,
                    BlockBody::Generated { .. } | BlockBody::Check { .. } | BlockBody::Fold { .. }
                )),
                "{role}: {page:?}"
            );
            let page = shown_found(
                &[
                    ("cug_account", "replacing"),
                    ("cug_role", role),
                    ("cug_login", "fails"),
                ],
                RidVerdict::Unchanged,
            );
            assert!(page.contains(&para("cug8.rid_same")), "{role}");
            assert!(
                !page.iter().any(|b| matches!(
                    b,
                    BlockBody::Generated { .. } | BlockBody::Check { .. } | BlockBody::Fold { .. }
                )),
                "{role}: {page:?}"
            );
        }
        let da = texts("da");
        assert!(da["cug8.rid_same"].contains("du skal ikke sende noget"));
        assert!(da["cug8.rid_same"].contains(&da["cug8.login_yes"]));
        assert!(texts("en")["cug8.rid_same"].contains(&texts("en")["cug8.login_yes"]));
        // What the comparison found together: one same and one other is not "the same".
        use crate::letters::{rid_verdict, RidComparison};
        let c = |same| RidComparison {
            name: "x".into(),
            rid: None,
            same,
            store: None,
        };
        assert_eq!(
            rid_verdict(&[c(Some(true)), c(None)]),
            RidVerdict::Unchanged
        );
        assert_eq!(rid_verdict(&[c(Some(false)), c(None)]), RidVerdict::Changed);
        assert_eq!(
            rid_verdict(&[c(Some(true)), c(Some(false))]),
            RidVerdict::Unknown
        );
        assert_eq!(rid_verdict(&[c(None)]), RidVerdict::Unknown);
        assert_eq!(rid_verdict(&[]), RidVerdict::Unknown);
    }

    /// A composed text's "sent" tick box is a tick box of the same step, shown with it.
    #[test]
    fn a_composed_texts_sent_box_is_on_its_step() {
        for f in FlowId::ALL {
            for s in f.def().steps {
                for bl in s.blocks {
                    if let BlockBody::Generated { sent: Some(id), .. } = bl.body {
                        let tick = s
                            .blocks
                            .iter()
                            .find(|t| matches!(t.body, BlockBody::Check { id: i, .. } if i == id))
                            .unwrap_or_else(|| panic!("{}: no tick box {id}", s.code));
                        assert_eq!(
                            (tick.when, tick.unless_known, tick.if_known),
                            (bl.when, bl.unless_known, bl.if_known),
                            "{}: {id} shows with its text",
                            s.code
                        );
                    }
                }
            }
        }
    }

    /// "Ja, men det virker ikke": the page of checks ends with the way back to the question,
    /// a link that goes there, in both languages, quoting the answer as the question words it.
    #[test]
    fn cug_8_the_failing_login_page_ends_with_the_way_back() {
        let fails = [
            ("cug_account", "replacing"),
            ("cug_role", "security_admin"),
            ("cug_login", "fails"),
        ];
        // The page of the checks ends with the way back, to the page just before, which
        // opens with the login question (under its one line of what to try).
        assert_eq!(
            page_with(&fails, 3).last(),
            Some(&BlockBody::BackTo {
                answer: "cug_login",
                text: "cug8.fails_works_now",
                label: "cug8.fails_back",
            })
        );
        assert_eq!(page_with(&fails, 2)[0], para("cug8.login_how"));
        assert_eq!(
            page_with(&fails, 2)[1],
            link("https://dkmanet.dk/", "cug8.login_link")
        );
        assert!(matches!(
            page_with(&fails, 2)[2],
            BlockBody::Choice {
                id: "cug_login",
                ..
            }
        ));
        let da = texts("da");
        let en = texts("en");
        assert_eq!(
            format!("{} {}", da["cug8.fails_works_now"], da["cug8.fails_back"]),
            "Virker det nu? Gå tilbage og vælg “Ja, og det virker”."
        );
        assert!(da["cug8.fails_back"].contains(&da["cug8.login_yes"]));
        assert!(en["cug8.fails_back"].contains(&en["cug8.login_yes"]));
        // Only there: not on the page of what to send after "Nej, ikke endnu".
        let not_yet = shown_with(&[
            ("cug_account", "replacing"),
            ("cug_role", "security_admin"),
            ("cug_login", "not_yet"),
        ]);
        assert!(!not_yet
            .iter()
            .any(|b| matches!(b, BlockBody::BackTo { .. })));
        // The window draws it as a button that sends Back (to the question's page).
        assert!(ui_source("components/Blocks.svelte").contains("backTo(b.answer)"));
        let guide = ui_source("wizard/steps/Guide.svelte");
        let back_to = &guide[guide.find("function backTo(").expect("backTo")..];
        assert!(back_to[..back_to.find('}').expect("end")].contains("act(ipc.back)"));
    }

    /// The login question has DKMAnet's login page one click away: the address the guide
    /// gives ("The login box at DKMAnet.dk", seed 000), opened through the table's links, the
    /// only fixed links the window may open.
    #[test]
    fn cug_8_the_login_question_links_to_dkmanet() {
        let page = shown_with(&[("cug_account", "replacing"), ("cug_role", "user")]);
        let q = login_question_at(&page);
        // One short line of what to try, the link right under it, then the question (the
        // button is not cut by the footer at 911×512 below the answers).
        assert_eq!(page[q - 1], link("https://dkmanet.dk/", "cug8.login_link"));
        assert_eq!(
            crate::link::known_link("https://dkmanet.dk/"),
            Ok("https://dkmanet.dk/")
        );
        // It opens the question's page, and a new account, with no such question, has no
        // link either.
        assert_eq!(
            page_with(&[("cug_account", "replacing"), ("cug_role", "user")], 2)[..3],
            [
                para("cug8.login_how"),
                link("https://dkmanet.dk/", "cug8.login_link"),
                page[q]
            ]
        );
        // It stays whatever is picked, and whatever the RID comparison found: what stands
        // above the answers never comes or goes when one is picked (before, it went after
        // "Nej, ikke endnu" and the question jumped up under the pointer).
        use crate::flow_facts::RidVerdict;
        let dkma = link("https://dkmanet.dk/", "cug8.login_link");
        for role in ["security_admin", "user"] {
            for rid in [
                RidVerdict::Changed,
                RidVerdict::Unknown,
                RidVerdict::Unchanged,
            ] {
                let mut above = Vec::new();
                for login in ["", "yes", "fails", "not_yet"] {
                    let mut answers = vec![("cug_account", "replacing"), ("cug_role", role)];
                    if !login.is_empty() {
                        answers.push(("cug_login", login));
                    }
                    let shown = page_found(&answers, 2, rid);
                    let q = login_question_at(&shown);
                    assert_eq!(shown[q - 1], dkma, "{role} {login:?} {rid:?}");
                    assert_eq!(shown.iter().filter(|b| **b == dkma).count(), 1);
                    above.push(shown[..q].to_vec());
                }
                assert!(
                    above.windows(2).all(|w| w[0] == w[1]),
                    "{role} {rid:?}: the blocks above the question change: {above:?}"
                );
            }
        }
        let new = shown_with(&[("cug_account", "new"), ("cug_role", "user")]);
        assert!(!new.contains(&link("https://dkmanet.dk/", "cug8.login_link")));
        for lang in ["da", "en"] {
            assert!(texts(lang)["cug8.login_link"].contains("DKMAnet"), "{lang}");
        }
    }

    /// CUG-8 "Nej, ikke endnu": the login page gives ONE instruction, picked by what the
    /// comparison on arrival found, and never asks the user to judge a RID condition: a new
    /// RID, Næste shows what to send; the same RID, log in now (and then "Ja"); cannot tell,
    /// Næste shows what to send to be safe. (Before: "log in now" and "press Næste", under
    /// "if the new certificate has another RID number …", whatever the comparison found.)
    #[test]
    fn cug_8_not_yet_gives_one_instruction_per_rid_verdict() {
        use crate::flow_facts::RidVerdict;
        let da = texts("da");
        let en = texts("en");
        for role in ["security_admin", "user"] {
            for (verdict, key) in [
                (RidVerdict::Changed, "cug8.login_wait"),
                (RidVerdict::Unchanged, "cug8.login_wait_same"),
                (RidVerdict::Unknown, "cug8.login_wait_unsure"),
            ] {
                let answers = [
                    ("cug_account", "replacing"),
                    ("cug_role", role),
                    ("cug_login", "not_yet"),
                ];
                let page = page_found(&answers, 2, verdict);
                let q = login_question_at(&page);
                // What the answer brings: one note, and no other text after the question.
                let texts_after: Vec<&str> = page[q + 1..]
                    .iter()
                    .filter_map(|b| match b {
                        BlockBody::Para { text } | BlockBody::Note { text, .. } => Some(*text),
                        BlockBody::Steps { .. } => Some("steps"),
                        _ => None,
                    })
                    .collect();
                assert_eq!(texts_after, [key], "{role} {verdict:?}");
                let (d, e) = (&da[key], &en[key]);
                // No condition for the user to check.
                for t in [d, e] {
                    for cond in ["Har det nye", "If the new", "Hvis ", "hvis "] {
                        assert!(!t.contains(cond), "{verdict:?}: {t}");
                    }
                }
                match verdict {
                    RidVerdict::Unchanged => {
                        // Log in now: no Næste to a page of what to send.
                        assert!(
                            !d.contains("Tryk Næste") && !e.contains("Press Next"),
                            "{d}"
                        );
                        assert!(d.contains("Log ind nu") && e.contains("Log in now"), "{d}");
                        assert!(d.contains(&da["cug8.login_yes"]), "{d}");
                        assert!(e.contains(&en["cug8.login_yes"]), "{e}");
                    }
                    _ => {
                        // Næste, and nothing to try first.
                        assert!(d.contains("Tryk Næste") && e.contains("Press Next"), "{d}");
                        for t in [d, e] {
                            for other in ["Log ind", "log ind", "Log in", "log in", "Prøv ", "Try "]
                            {
                                assert!(!t.contains(other), "{verdict:?}: {t}");
                            }
                        }
                    }
                }
            }
        }
        assert!(da["cug8.login_wait_unsure"].contains("for en sikkerheds skyld"));
        // A new RID, said as what it means, with the word explained once in plain words.
        assert!(da["cug8.login_wait"]
            .contains("et nyt nummer (RID-nummer), som DKMAnet endnu ikke kender"));
        assert!(en["cug8.login_wait"].contains("a new number (RID number)"));
        assert_eq!(da["cug8.login_wait"].matches("RID").count(), 1);
    }

    /// "Ja, men det virker ikke": what the user can check at once comes first, whatever the
    /// RID ("Det kan du selv tjekke først:", then the two checks, from the guide, seed 000):
    /// a login fixed by choosing the new certificate needs no e-mail. With a RID that is new
    /// or may be, the sentence saying what to send and the text to send follow the checks
    /// (before, the e-mail came first and "Det kan du også selv tjekke:" after it). With the
    /// same RID there is nothing to send. The checks are the same two, said once.
    #[test]
    fn cug_8_a_failing_login_leads_with_what_to_check() {
        use crate::flow_facts::RidVerdict;
        for role in ["security_admin", "user"] {
            let fails = [
                ("cug_account", "replacing"),
                ("cug_role", role),
                ("cug_login", "fails"),
            ];
            for verdict in [
                RidVerdict::Changed,
                RidVerdict::Unknown,
                RidVerdict::Unchanged,
            ] {
                let page = page_found(&fails, 3, verdict);
                let at = |wanted: &dyn Fn(&BlockBody) -> bool| page.iter().position(wanted);
                let lists: Vec<&[&str]> = page
                    .iter()
                    .filter_map(|b| match b {
                        BlockBody::Steps { items } => Some(*items),
                        _ => None,
                    })
                    .collect();
                assert_eq!(
                    lists,
                    [&["cug8.fails_choose", "cug8.fails_password"][..]],
                    "{role} {verdict:?}: one list"
                );
                assert_eq!(page[0], para("cug8.fails_intro"), "{role} {verdict:?}");
                assert_eq!(
                    at(&|b| matches!(b, BlockBody::Steps { .. })),
                    Some(1),
                    "{role} {verdict:?}"
                );
                let text = at(&|b| matches!(b, BlockBody::Generated { .. }));
                if verdict == RidVerdict::Unchanged {
                    assert_eq!(text, None, "{role}: nothing to send");
                } else {
                    // The sentence saying what to send, then the text, after the checks.
                    assert!(
                        matches!(page[2], BlockBody::Para { .. }),
                        "{role} {verdict:?}"
                    );
                    assert_eq!(text, Some(3), "{role} {verdict:?}");
                }
            }
        }
        for lang in ["da", "en"] {
            assert!(!texts(lang).contains_key("cug8.fails_also"), "{lang}");
        }
    }

    /// CUG-2 and CUG-8's login question: one short how-to line above the question (what to
    /// open, what to try), short enough for one line, so the answers stay in sight at
    /// 911×512 (the e2e measures it).
    #[test]
    fn the_login_and_tool_questions_have_one_short_how_to_line_above() {
        let cug2 = step_of(&CUG, "CUG-2");
        assert_eq!(cug2.blocks[0].body, para("cug2.how"));
        assert!(matches!(
            cug2.blocks[1].body,
            BlockBody::Choice {
                id: "cug_tool_seen",
                ..
            }
        ));
        let login = page_found(
            &[("cug_account", "replacing"), ("cug_role", "user")],
            2,
            crate::flow_facts::RidVerdict::Unknown,
        );
        assert_eq!(login[0], para("cug8.login_how"));
        assert_eq!(login[1], link("https://dkmanet.dk/", "cug8.login_link"));
        assert!(matches!(
            login[2],
            BlockBody::Choice {
                id: "cug_login",
                ..
            }
        ));
        for lang in ["da", "en"] {
            let t = texts(lang);
            for k in ["cug2.how", "cug8.login_how"] {
                let line = &t[k];
                assert!(line.chars().count() <= 66, "{lang} {k}: one line: {line}");
                assert_eq!(line.matches(['.', ':']).count(), 1, "{lang} {k}: {line}");
            }
        }
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
