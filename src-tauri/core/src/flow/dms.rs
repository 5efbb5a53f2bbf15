//! UFST customs DMS Import, system-to-system (seed 001).

use super::*;

/// The UFST AS4 gateway, test (skat/simple-as4-client).
pub const UFST_TEST: &str = "https://secureftpgatewaytest.skat.dk:6384";
/// The UFST AS4 gateway, production: the production host the DMS guide names for
/// registration, on the test gateway's port. Not confirmed by a published endpoint list: the
/// screen and the command line also take any address a support desk gives.
pub const UFST_PRODUCTION: &str = "https://secureftpgateway.skat.dk:6384";

/// The environment answers the DMS screens depend on (named, so a table row reads as words).
const TEST: &[(&str, &str)] = &[("dms_env", "test")];
const PRODUCTION: &[(&str, &str)] = &[("dms_env", "production")];
const UNSURE: &[(&str, &str)] = &[("dms_env", "unsure")];
/// DMS-1's question answered "Nej, ikke endnu": the certificate file or its password is not
/// at hand, so the step waits (its button saves and closes the guide).
const CERT_NOT_YET: &[(&str, &str)] = &[("dms_have_cert", "not_yet")];
/// DMS-5's first question answered "Vi har bedt om dem og venter": the roles and rights are
/// asked for but not in place yet, so the step waits (its button saves and closes the guide).
const ROLES_WAITING: &[(&str, &str)] = &[("dms_roles", "waiting")];
/// DMS-5's first question answered "Nej, vi har ikke bedt om dem endnu": the step shows the
/// ready message for the technical team and how to send it, and then waits like
/// [`ROLES_WAITING`] (s17 review: with only "Nej, vi venter stadig", a user who never asked
/// could save, close and wait for ever).
const ROLES_NOT_ASKED: &[(&str, &str)] = &[("dms_roles", "not_asked")];
/// DMS-5's roles and rights are not in place (either "no"): the step waits, and its
/// registration page is passed over.
const ROLES_NOT_IN_PLACE: &[Cond] = &[Cond(ROLES_WAITING), Cond(ROLES_NOT_ASKED)];
/// DMS-1's certificate is not at hand: the step waits, and the environment's page is passed
/// over.
const CERT_NOT_AT_HAND: &[Cond] = &[Cond(CERT_NOT_YET)];

/// DMS-5's first question: are the roles and rights in place? A question, not a tick box the
/// user must set while still waiting (issue 26), with three answers (s17 review): in place;
/// asked for and waiting (what the wait is for, and the button "Gem og luk guiden", CUG-8's
/// pattern); not asked yet (the message to send, then the same button). The stored value
/// "waiting" keeps its meaning from the version with two answers.
const DMS_ROLES: &[ChoiceOption] = &[
    option("yes", "dms5.roles_yes"),
    option("waiting", "dms5.roles_waiting"),
    option("not_asked", "dms5.roles_not_asked"),
];

/// DMS-1's first question: are the certificate file and its password at hand? A question, not
/// a tick box the user must set to go on (issue 26): "Nej, ikke endnu" says what to do, shows
/// the way to MitID Erhverv, and the step's button becomes "Gem og luk guiden" (DMS-5's
/// pattern). The answer keeps the tick box's id, so that a tick saved by an older version
/// still answers it (as "Ja").
const DMS_HAVE_CERT: &[ChoiceOption] = &[
    option("yes", "dms1.have_yes"),
    option("not_yet", "dms1.have_not_yet"),
];

/// DMS-1's environments, each with what it is for: UFST's test environment to try it first,
/// production for the real declarations; and "Ved ikke", which says how to decide (issue 26).
const DMS_ENV: &[ChoiceOption] = &[
    option_hint("test", "choice.env.test", "dms1.env_test_hint"),
    option_hint(
        "production",
        "choice.env.production",
        "dms1.env_production_hint",
    ),
    option_unsure("unsure", "choice.env.unsure"),
];

/// UFST customs DMS Import, system-to-system (seed 001).
pub static DMS: FlowDef = FlowDef {
    id: FlowId::Dms,
    id_str: "dms",
    title: "flow.dms",
    steps: &[
        closes_when(
            step(
                "DMS-1",
                StepKind::Guide,
                &[],
                &[
                    // One question on the first page, in a few words, with its answers in sight
                    // on a small laptop (911×512); what not everyone needs is folded (issue 26).
                    b(para("dms1.lead")),
                    b(choice("dms_have_cert", "dms1.have_q", DMS_HAVE_CERT)),
                    // "Nej, ikke endnu": what to do and that the button saves and closes, right
                    // under the answer. Then, for who cannot find theirs, a last resort folded
                    // under its question (s17 review: the button stood right under "Bestil kun
                    // et nyt som sidste udvej", and an anxious user would click it): where a
                    // new one comes from and the guide's warning that it breaks what works
                    // today, in one plain sentence from the guide (001:L30-32), with the site
                    // one click away inside the fold. Not on the main path of who has the file.
                    when(CERT_NOT_YET, info("dms1.have_wait")),
                    when(
                        CERT_NOT_YET,
                        link_folded(
                            "https://mitid-erhverv.dk/",
                            "dms1.mitid_link",
                            "dms1.last_resort_q",
                            "dms1.none",
                        ),
                    ),
                    // One fold besides the step's "Hvorfor?" (issue 26: there were five). For
                    // experts: the kinds the guide recommends and their names (001:L34, L36),
                    // who is responsible (001:L30) and who issues them (not from the guide,
                    // labelled), and the guide's own references by name (001:L36, L45,
                    // L143-145; it links none).
                    b(expert_fold("dms1.experts_q", "dms1.experts")),
                    // The second page: which environment, each option with a line on what it
                    // is for in the user's terms. Passed over while the certificate is not at
                    // hand (the button then saves and closes).
                    page_skipped_when(CERT_NOT_AT_HAND),
                    b(choice("dms_env", "dms1.env_q", DMS_ENV)),
                    // "Ved ikke": what the two mean for the user and how to decide, from what
                    // the guide says (it describes the set-up in the test environment only,
                    // 001:L43).
                    when(UNSURE, info("dms1.env_unsure")),
                    // The guide's own example uses a "MitID Erhverv test certificate" without
                    // saying where it comes from. No link stands above it on this page: the
                    // note names MitID Erhverv's site in words.
                    when(TEST, info("dms1.test_cert")),
                ],
            ),
            CERT_NOT_AT_HAND,
        ),
        step("DMS-2", StepKind::LoadCertificate, &["DMS-1"], &[]),
        step("DMS-3", StepKind::Install, &["DMS-2"], &[]),
        step("DMS-4", StepKind::GatewayId, &["DMS-3"], &[]),
        closes_when(
            step(
                "DMS-5",
                StepKind::Guide,
                &["DMS-4"],
                &[
                    // The guide's path (Phase 2): Step 1 roles and rights in the Customer Portal,
                    // where the certificate's UUID is given to the technical onboarding team; Step 2
                    // register the certificate in the certificate portal; then test the connection.
                    // Issue 26 (DMS-5 scored 2, "an engineer's page"): the guide's words (UUID,
                    // onboarding team, TFE) are in the experts' fold.
                    // A question, not a tick box to set while still waiting (issue 26). "Nej, vi
                    // venter stadig": what the wait is for, and the button saves and closes the
                    // guide (the registration page is passed over); the next start opens here.
                    // The question comes first, so that at 911×512 its answers are in sight on
                    // arrival above the message.
                    b(choice("dms_roles", "dms5.roles_q", DMS_ROLES)),
                    when(ROLES_WAITING, info("dms5.roles_wait")),
                    // Not asked yet: a ready message for the technical team (what is asked,
                    // the CVR number and the certificate's id number; its subject apart, once,
                    // with its own "Kopiér", as on STIL-7, s18 review), with "Kopiér
                    // teksten" (CUG-8's and STIL-7's pattern; issue 26, s16 review DMS-5), only
                    // for who has not asked (s17 review). Its button is not the page's primary
                    // one. Where to send it is said in words: the guide gives no address of the
                    // Customer Portal. Then what the button does now: save, close and wait.
                    when(
                        ROLES_NOT_ASKED,
                        BlockBody::Generated {
                            what: "dms_roles_message",
                            label: "dms5.message_label",
                            sent: None,
                        },
                    ),
                    // Where Kundeportalen is: the UFST guide names it only ("Go to [Customer
                    // Portal]", 001:L149, a link without an address), so no link is made up;
                    // the guide's own help line for the rest is the servicedesk (L151-155). The
                    // message's component says it right under "Kopiér teksten"
                    // (`dms5.portal_where`, ComposedText.svelte), not under the message.
                    when(ROLES_NOT_ASKED, info("dms5.roles_sent_then")),
                    b(info("dms5.reused_tfe")),
                    b(expert_fold("dms5.roles_expert_q", "dms5.roles_expert")),
                    // The second page: the registration in the certificate portal.
                    page_skipped_when(ROLES_NOT_IN_PLACE),
                    b(para("dms5.intro")),
                    // One button, "Åbn certifikatportalen", following DMS-1's answer. The guide:
                    // "Register your certificate for TFE and UFE here: secureftpgateway.skat.dk"
                    // (001:L47), in a section "only specified for the test environment" (L43). Its
                    // screenshot shows the browser at secureftp.gatewaytest.skat.dk/PortalCertApp
                    // (L72): that address, TFE and UFE are in the experts' fold.
                    when(
                        TEST,
                        link("https://secureftpgateway.skat.dk/", "dms5.open_portal"),
                    ),
                    // Production: the guide names no portal; no link, only whom to ask.
                    when(PRODUCTION, warn("dms5.prod_address")),
                    b(BlockBody::Steps {
                        items: &[
                            "dms5.s1_choose",
                            "dms5.s2_logon",
                            "dms5.s3_change",
                            "dms5.s4_se",
                            "dms5.s5_register",
                            "dms5.s6_refresh",
                        ],
                    }),
                    b(BlockBody::TextInput {
                        id: "dms_se",
                        label: "dms5.se_label",
                        check: "se_number",
                        required: false,
                    }),
                    b(para("dms5.checklist")),
                    b(check(
                        "dms_seen_not_registered",
                        "dms5.check_not_registered",
                    )),
                    b(check("dms_pressed_register", "dms5.check_pressed")),
                    b(check("dms_refreshed", "dms5.check_refreshed")),
                    b(required("dms_registered", "dms5.check_registered")),
                    b(info("dms5.note_gateway")),
                    b(para("dms5.logout")),
                    b(expert_fold("dms5.portal_expert_q", "dms5.portal_expert")),
                ],
            ),
            ROLES_NOT_IN_PLACE,
        ),
        step("DMS-6", StepKind::Credentials, &["DMS-5"], &[]),
        // The guide names the phase "Testing network connection DMS" (001:L80-82) and gives no
        // address: the test is offered, never required, and the address is the user's. The
        // screen asks one question (does the user have the gateway's address?); "Nej" is this
        // tick. The phase name, AS4 and the Connectivity Guide ("dms7.optional") are in the
        // screen's experts' fold.
        step(
            "DMS-7",
            StepKind::ConnectionTest,
            &["DMS-6"],
            &[b(check("dms_test_skipped", "dms7.skip"))],
        ),
        step(
            "DMS-8",
            StepKind::Done,
            &["DMS-7"],
            &[
                // "Hvad nu?" opens with what the user does next, in plain words (issue 26: it
                // opened with the guide's English document names). The guide: the gateway
                // user and password "will be used for setting up your AS4 session" (001:L128).
                b(para("dms8.next")),
                // Right under it, what to give: the gateway user with "Kopiér", and the kept
                // password behind "Vis" (read from the keychain when asked, never copied: a
                // clipboard history would keep it); or, when it is not kept, where to find it.
                b(BlockBody::GatewayHandover),
                b(para("dms8.support_technical")),
                b(para("dms8.support_other")),
                b(copy("copy.toldst_email", "servicedesk@toldst.dk")),
                b(copy("copy.toldst_phone", "+45 72 22 12 12")),
                // The guide's own references (001:L143-145), by name, for experts.
                b(expert_fold("dms8.refs_q", "dms8.guide_refs")),
            ],
        ),
    ],
    rules: FlowRules {
        env_answer: Some("dms_env"),
        cert: CertNeeds {
            generation: Some((
                "oces3",
                "flow.dms_needs_oces3",
                "DMS Import needs an OCES3 certificate from MitID Erhverv",
            )),
            private_key: true,
            genuine: true,
            portal_user_id: true,
            ..CertNeeds::NONE
        },
        connection_test: Some(ConnectionTestDef {
            step: "DMS-7",
            targets: &[("test", UFST_TEST), ("production", UFST_PRODUCTION)],
            skip_answer: Some("dms_test_skipped"),
        }),
        registered_answer: Some("dms_registered"),
        ..FlowRules::NONE
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::testkit::*;

    /// The options of the question `id` on `step`.
    fn options_of(step: &StepDef, id: &str) -> Option<&'static [ChoiceOption]> {
        step.blocks.iter().find_map(|b| match b.body {
            BlockBody::Choice {
                id: found, options, ..
            } if found == id => Some(options),
            _ => None,
        })
    }

    /// Issue 29: the table is written with the flow DSL of `flow/mod.rs` (`check`, `required`,
    /// `choice`/`env_choice`, `link`, `copy`, named conditions), not the long struct literals.
    /// (When it moved, the serialized table stayed byte for byte the same.)
    #[test]
    fn the_dms_table_is_written_with_the_dsl() {
        let src = include_str!("dms.rs");
        let table = &src[..src.find("#[cfg(test)]").expect("tests")];
        for old in [
            "BlockBody::Check",
            "BlockBody::Link",
            "BlockBody::Copy",
            "BlockBody::Choice",
            "when(&[",
        ] {
            assert!(!table.contains(old), "{old} in the DMS table");
        }
    }

    /// Issue 26: nothing technical on DMS-1's main path. The kinds of certificate are said in
    /// plain words there; the guide's names with FOCES/VOCES/MOCES sit in the experts' fold
    /// only.
    #[test]
    fn dms_1_names_the_kinds_in_plain_words_and_the_abbreviations_for_experts() {
        // The environment question's answers are plain words too ("Test", not "Test (TFE)").
        for lang in ["da", "en"] {
            let label = &texts(lang)["choice.env.test"];
            assert!(!label.contains("TFE"), "{lang}: {label}");
        }
        // The guide's own references (chapter numbers, a video's minute) are for experts too.
        assert!(step_of(&DMS, "DMS-1").blocks.iter().any(|b| matches!(
            b.body,
            BlockBody::ExpertFold {
                text: "dms1.experts",
                ..
            }
        )));
        assert!(texts("da")["dms1.experts"].contains("1:10:00"));
        let dms1 = step_of(&DMS, "DMS-1");
        let mut expert = Vec::new();
        let mut main = Vec::new();
        for b in dms1.blocks {
            let mut keys = Vec::new();
            block_keys(&b.body, &mut keys);
            match b.body {
                BlockBody::ExpertFold { summary, .. } => {
                    main.push(summary.to_string());
                    expert.extend(keys.into_iter().filter(|k| k != summary));
                }
                _ => main.extend(keys),
            }
        }
        assert!(!expert.is_empty(), "DMS-1 has an experts' fold");
        for lang in ["da", "en"] {
            let t = texts(lang);
            for k in &main {
                for abbr in ["FOCES", "VOCES", "MOCES"] {
                    assert!(
                        !t[k].contains(abbr),
                        "{lang} {k} on the main path: {}",
                        t[k]
                    );
                }
            }
            // Nor file extensions or the generation's name (before: "OCES3-certifikat fra MitID
            // Erhverv: filen (.p12 eller .pfx)"), on the page or in its "Hvorfor?".
            let why = "step.DMS-1.why".to_string();
            for k in main.iter().chain([&why]) {
                for jargon in [".p12", ".pfx", "OCES3"] {
                    assert!(
                        !t[k].contains(jargon),
                        "{lang} {k} on the main path: {}",
                        t[k]
                    );
                }
            }
            assert!(t["dms1.lead"].contains("MitID Erhverv"));
            let folded: String = expert.iter().map(|k| t[k].clone()).collect();
            for abbr in ["FOCES", "VOCES", "MOCES", "OCES3"] {
                assert!(folded.contains(abbr), "{lang}: {abbr} for experts");
            }
        }
        let da = texts("da");
        assert!(da["dms1.experts"].contains("systemcertifikat (til en maskine, ikke en person)"));
    }

    /// Issue 26: DMS-6's main path needs no understanding of the two ids: the field's hint and
    /// the filled-in row's hint say what to do; why the portal says UR_ (and what UI_ is) is in
    /// the experts' fold, which the screen draws as one.
    #[test]
    fn dms_6_explains_ur_and_ui_only_in_the_experts_fold() {
        for lang in ["da", "en"] {
            let t = texts(lang);
            for k in [
                "keychain.user_hint",
                "keychain.user_derived",
                "keychain.password_hint",
                "keychain.where",
            ] {
                assert!(
                    !t[k].contains("UI_") && !t[k].contains("UR_"),
                    "{lang} {k}: {}",
                    t[k]
                );
            }
            assert!(t["keychain.why_ur"].contains("_UI_") && t["keychain.why_ur"].contains("_UR_"));
        }
        let screen = ui_source("wizard/steps/Credentials.svelte");
        let fold = screen
            .find("details expert-fold")
            .expect("an experts' fold");
        assert!(screen
            .find("\"keychain.why_ur\"")
            .is_some_and(|at| at > fold));
    }

    /// Issue 26: DMS-1's first page asks one thing in few words (before: about 1,050
    /// characters on the main path in Danish; now the lead, the tick box and the summaries of
    /// what is folded); the second page's Test and Produktion each say what they are for, in
    /// the user's terms, in both languages.
    #[test]
    fn dms_1_first_page_is_short_and_the_environments_say_what_they_are_for() {
        let dms1 = step_of(&DMS, "DMS-1");
        let first: Vec<_> = dms1
            .blocks
            .iter()
            .take_while(|b| !matches!(b.body, BlockBody::Choice { id: "dms_env", .. }))
            .collect();
        // The question comes right after the lead: its answers in sight on a small laptop
        // (the end-to-end test measures them at 911×512).
        assert!(matches!(first[0].body, BlockBody::Para { .. }));
        assert!(matches!(
            first[1].body,
            BlockBody::Choice {
                id: "dms_have_cert",
                ..
            }
        ));
        for lang in ["da", "en"] {
            let t = texts(lang);
            // What is shown on arrival without opening a fold: a fold shows its summary only,
            // and what follows an answer is not shown yet.
            let shown: usize = first
                .iter()
                .filter(|b| b.when.is_none())
                .map(|b| match b.body {
                    BlockBody::Fold { summary, .. } | BlockBody::ExpertFold { summary, .. } => {
                        t[summary].chars().count()
                    }
                    _ => {
                        let mut keys = Vec::new();
                        block_keys(&b.body, &mut keys);
                        keys.iter().map(|k| t[k].chars().count()).sum()
                    }
                })
                .sum();
            assert!(
                shown <= 600,
                "{lang}: {shown} characters on DMS-1's first page"
            );
        }
        let env = options_of(dms1, "dms_env").expect("the environment question");
        let hint = |v: &str| {
            env.iter()
                .find(|o| o.value == v)
                .and_then(|o| o.hint)
                .unwrap_or_else(|| panic!("{v} has a hint"))
        };
        let da = texts("da");
        let en = texts("en");
        assert!(da[hint("test")].contains("UFSTs testmiljø") && da[hint("test")].contains("først"));
        assert!(da[hint("production")].contains("rigtige toldangivelser"));
        assert!(en[hint("test")].contains("test environment"));
        assert!(en[hint("production")].contains("real customs declarations"));
    }

    /// Issue 26: DMS-1's environment question has "Ved ikke". Chosen, it is kept and a note
    /// under the question says what Test means and how to decide, from what the guide says
    /// (it describes the set-up in the test environment only); the question still counts as
    /// missing, so Next says to choose, and the environment stays unknown.
    #[test]
    fn dms_1_ved_ikke_explains_the_environments_and_waits_for_a_choice() {
        use crate::wizard::WizardState;
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Dms);
        w.set_answer("dms_have_cert", Answer::Text("yes".into()))
            .expect("answered");
        w.set_answer("dms_env", Answer::Text("unsure".into()))
            .expect("Ved ikke is an answer one can give");
        assert_eq!(w.missing(), ["dms_env"], "Ved ikke answers nothing");
        // Next on the first page moves to the environment's page; there it stops.
        w.advance().expect("to the environment's page");
        assert!(w.advance().is_err());
        assert_eq!(w.current_step().code, "DMS-1");
        let dms1 = step_of(&DMS, "DMS-1");
        let help = dms1
            .blocks
            .iter()
            .find(|b| {
                matches!(
                    b.body,
                    BlockBody::Note {
                        text: "dms1.env_unsure",
                        ..
                    }
                )
            })
            .expect("a note for Ved ikke");
        assert_eq!(help.when.map(|c| c.0), Some(UNSURE));
        let (da, en) = (texts("da"), texts("en"));
        assert_eq!(da["choice.env.unsure"], "Ved ikke");
        assert_eq!(en["choice.env.unsure"], "I don't know");
        let says = &da["dms1.env_unsure"];
        for words in [
            "Vælg Test",
            "Vælg Produktion",
            "rigtige toldangivelser",
            "testmiljø",
        ] {
            assert!(says.contains(words), "{words}: {says}");
        }
        // No abbreviation the user has not been told.
        assert!(!says.contains("TFE") && !says.contains("UFE"), "{says}");
        w.set_answer("dms_env", Answer::Text("test".into()))
            .expect("chosen");
        assert!(w.missing().is_empty());
        w.advance().expect("DMS-1 done");
    }

    /// Issue 26: the warning that ordering a new certificate is the last resort frightened
    /// everybody on DMS-1's main path as a warning box. It is one plain sentence, for who
    /// cannot find theirs (it says so first), not a warning.
    #[test]
    fn dms_1_the_last_resort_is_one_calm_sentence_for_who_cannot_find_theirs() {
        let dms1 = step_of(&DMS, "DMS-1");
        let first = &dms1.blocks[dms1.pages()[0].blocks.clone()];
        assert!(
            !first.iter().any(|b| matches!(
                b.body,
                BlockBody::Note {
                    tone: crate::flow::Tone::Warning,
                    ..
                }
            )),
            "no warning on the main path"
        );
        let (da, en) = (texts("da"), texts("en"));
        assert!(
            da["dms1.none"].starts_with("Kan virksomheden ikke finde sit certifikat")
                && da["dms1.none"].contains("sidste udvej"),
            "{}",
            da["dms1.none"]
        );
        assert!(
            en["dms1.none"].starts_with("If the company cannot find its certificate")
                && en["dms1.none"].contains("last resort"),
            "{}",
            en["dms1.none"]
        );
    }

    #[test]
    fn dms_roles_and_rights_come_before_registration_as_in_the_guide() {
        // DMS guide, Phase 2: Step 1 roles and rights in the Customer Portal (the UUID goes to
        // the technical onboarding team), Step 2 register in the certificate portal, then test.
        let dms5 = &DMS.steps[DMS.index_of("DMS-5").expect("DMS-5")];
        let keys = keys_of(dms5);
        let at = |k: &str| keys.iter().position(|x| x == k).unwrap_or(usize::MAX);
        assert!(at("dms5.roles_q") < at("dms5.s5_register"), "{keys:?}");
        assert!(
            dms5.blocks.iter().any(|b| matches!(
                b.body,
                BlockBody::Choice {
                    id: "dms_roles",
                    required: true,
                    ..
                }
            )),
            "registration waits for the roles"
        );
        assert!(DMS.index_of("DMS-5") < DMS.index_of("DMS-7"));
        let dms8 = keys_of(&DMS.steps[DMS.index_of("DMS-8").expect("DMS-8")]);
        assert!(
            !dms8.iter().any(|k| k.contains("roles")),
            "roles are not a 'next step' after the test: {dms8:?}"
        );
        // Support: technical questions through the Customer Portal, the servicedesk for others.
        assert!(
            dms8.iter().position(|k| k == "dms8.support_technical")
                < dms8.iter().position(|k| k == "dms8.support_other")
        );
    }

    /// DMS guide L61-66 and L132: `CVR_…_UI_…` is the *user ID* for the certificate portal's
    /// login; the *gateway user* is `CVR_…_UR_…`, shown after registration. DMS-4 names the
    /// first one as the guide does, never "gateway-bruger"; DMS-6 explains a pasted UI_.
    #[test]
    fn dms_4_names_the_portal_user_id_not_the_gateway_user() {
        for lang in ["da", "en"] {
            let t = texts(lang);
            for k in [
                "step.DMS-4.title",
                "inspect.gateway_user",
                "cli.inspect.gateway_user",
                "portal.gateway_missing",
            ] {
                let v = t[k].to_lowercase();
                assert!(!v.contains("gateway"), "{lang} {k}: {v}");
                assert!(v.contains("portal"), "{lang} {k}: {v}");
            }
            assert!(!t["keychain.user_hint"].contains("begge former"));
        }
        let da = texts("da");
        assert!(da["step.DMS-4.title"].contains("bruger-id til certifikatportalen"));
        assert!(da["error.keychain.portal_user_id"]
            .starts_with("Det er dit bruger-id til portalen. Kopiér den gateway-bruger"));
        assert!(!da["error.keychain.not_gateway_user"].contains("_UI_"));
    }

    /// DMS guide L47 and L43: "Register your certificate for TFE and UFE here:
    /// secureftpgateway.skat.dk", in a section "only specified for the test environment". Test
    /// users get that host behind one button, "Åbn certifikatportalen" (issue 26); the
    /// screenshot's address is in the experts' fold; production gets no portal link, only
    /// whom to ask.
    #[test]
    fn dms_5_shows_the_guides_host_to_test_users_and_no_production_host() {
        let dms5 = step_of(&DMS, "DMS-5");
        let links: Vec<(Option<Cond>, &str, &str)> = dms5
            .blocks
            .iter()
            .filter_map(|b| match b.body {
                BlockBody::Link { url, label, .. } => Some((b.when, url, label)),
                _ => None,
            })
            .collect();
        let test = Some(Cond(&[("dms_env", "test")]));
        assert_eq!(
            links,
            [(
                test,
                "https://secureftpgateway.skat.dk/",
                "dms5.open_portal"
            )],
            "one portal button, the guide's host, for test only"
        );
        let (da, en) = (texts("da"), texts("en"));
        assert_eq!(da["dms5.open_portal"], "Åbn certifikatportalen");
        assert_eq!(en["dms5.open_portal"], "Open the certificate portal");
        let keys = keys_of(dms5);
        assert!(keys.iter().any(|k| k == "dms5.prod_address"));
        assert!(da["dms5.prod_address"].contains("Kundeportalen"));
        assert!(!da["dms5.prod_address"].contains("secureftpgateway"));
    }

    /// The texts of a step's blocks on the main path (everything but the experts' folds), and
    /// those in the experts' folds.
    fn main_and_expert_keys(s: &StepDef) -> (Vec<String>, Vec<String>) {
        let (mut main, mut expert) = (Vec::new(), Vec::new());
        for bl in s.blocks {
            match bl.body {
                BlockBody::ExpertFold { summary, text } => {
                    main.push(summary.to_string());
                    expert.push(text.to_string());
                }
                ref body => block_keys(body, &mut main),
            }
        }
        (main, expert)
    }

    /// Issue 26 (a fresh-eyes reviewer scored DMS-5 2, "an engineer's page"): no host name,
    /// UUID, TFE/UFE, "onboarding" or "gateway-bruger" on DMS-5's main path, in Danish or
    /// English; what to send is a ready message under one plain sentence (the composed
    /// `dms_roles_message`, not a primary button: Next stays the one); and every fact the guide gives
    /// (the two addresses, TFE and UFE, the UUID for the onboarding team, the SE number's lost
    /// benefit) is still there, in the experts' folds.
    #[test]
    fn dms_5_main_path_is_plain_and_the_guides_facts_are_for_experts() {
        let dms5 = step_of(&DMS, "DMS-5");
        let (main, expert) = main_and_expert_keys(dms5);
        // A UUID's start: 8 hex digits and a dash.
        let has_uuid = |v: &str| {
            let c: Vec<char> = v.chars().collect();
            c.windows(9)
                .any(|w| w[..8].iter().all(char::is_ascii_hexdigit) && w[8] == '-')
        };
        for lang in ["da", "en"] {
            let t = texts(lang);
            for k in &main {
                let v = &t[k.as_str()];
                for bad in [".dk", "UUID", "TFE", "UFE", "onboarding", "PortalCertApp"] {
                    assert!(!v.contains(bad), "{lang} {k} says {bad}: {v}");
                }
                assert!(!has_uuid(v), "{lang} {k}: {v}");
            }
            let expert: String = expert.iter().map(|k| t[k.as_str()].clone()).collect();
            for fact in [
                "secureftpgateway.skat.dk",
                "secureftp.gatewaytest.skat.dk/PortalCertApp",
                "TFE",
                "UFE",
                "UUID",
                "technical onboarding team",
                "_UI_",
            ] {
                assert!(expert.contains(fact), "{lang}: {fact} kept for experts");
            }
        }
        let da = texts("da");
        assert!(da["dms5.message_label"].contains("toldens tekniske team i Kundeportalen"));
        assert!(!da.contains_key("dms5.roles"));
        assert!(da["dms5.portal_expert"].contains("økonomisk fordel"));
        // The SE number is said once in plain words, on the main path.
        assert!(da["dms5.s4_se"].contains("et ekstra nummer"));
        // The ready message (with the id in it), on the roles page, after its question (whose
        // answers are then in sight at 911×512); never a primary button.
        let page_one: Vec<&Block> = dms5
            .blocks
            .iter()
            .take_while(|b| !matches!(b.body, BlockBody::Page { .. }))
            .collect();
        let at = |pred: &dyn Fn(&BlockBody) -> bool| page_one.iter().position(|b| pred(&b.body));
        let copy = at(&|b| {
            matches!(
                b,
                BlockBody::Generated {
                    what: "dms_roles_message",
                    sent: None,
                    ..
                }
            )
        });
        let tick = at(&|b| {
            matches!(
                b,
                BlockBody::Choice {
                    id: "dms_roles",
                    ..
                }
            )
        });
        assert!(tick.is_some() && tick < copy, "{copy:?} {tick:?}");
    }

    /// s18 review (DMS-5, fix 10): the English buttons the user must click in the certificate
    /// portal, with their labels exactly as the UFST guide gives them ("Register certificate",
    /// "Refresh", "Log out"; 001:L90-104, L127), are glossed in Danish the way CUG-3 glosses
    /// "Issue" (udsted). The English texts keep the labels as they are.
    #[test]
    fn dms_5_glosses_the_portals_english_buttons_in_danish() {
        let da = texts("da");
        let en = texts("en");
        assert!(
            da["cug3.s4_issue"].contains("“Issue” (udsted)"),
            "CUG-3's pattern"
        );
        for (key, label, gloss) in [
            (
                "dms5.s5_register",
                "Register certificate",
                "registrér certifikatet",
            ),
            ("dms5.s6_refresh", "Refresh", "opdatér"),
            ("dms5.logout", "Log out", "log ud"),
            ("help.step.DMS-5.2.a", "Refresh", "opdatér"),
        ] {
            let said = format!("“{label}” ({gloss})");
            assert!(da[key].contains(&said), "{key} says {said}: {}", da[key]);
            assert!(
                en[key].contains(&format!("“{label}”")),
                "{key}: {}",
                en[key]
            );
            assert!(
                !en[key].contains(&format!("({gloss})")),
                "{key}: {}",
                en[key]
            );
        }
        let main: Vec<String> = main_and_expert_keys(step_of(&DMS, "DMS-5")).0;
        for key in ["dms5.s5_register", "dms5.s6_refresh", "dms5.logout"] {
            assert!(main.iter().any(|k| k == key), "{key} on DMS-5's main path");
        }
    }

    /// s18 review (DMS-5, fix 2) asked for "Åbn Kundeportalen ↗" beside "Kopiér teksten". The
    /// UFST guide names the portal only ("Go to [Customer Portal](#)", 001:L149: a link without
    /// an address) and the domain notes give none, so no link is made up: for who has not asked
    /// yet, one line says so and whom to call instead (the guide's servicedesk, L151-155), in
    /// words, with no address. The message's component draws it right under "Kopiér teksten"
    /// (s19: as a paragraph under the message it was below the fold at 911×512); the table has
    /// no paragraph of its own for it any more, so it is not said twice.
    #[test]
    fn dms_5_says_in_one_line_how_to_reach_kundeportalen_without_an_address() {
        let dms5 = step_of(&DMS, "DMS-5");
        let at = |pred: &dyn Fn(&BlockBody) -> bool| dms5.blocks.iter().position(|b| pred(&b.body));
        let message = at(&|b| {
            matches!(
                b,
                BlockBody::Generated {
                    what: "dms_roles_message",
                    ..
                }
            )
        })
        .expect("the message");
        assert!(
            at(&|b| matches!(
                b,
                BlockBody::Para {
                    text: "dms5.portal_where"
                }
            ))
            .is_none(),
            "the line is drawn with the message's buttons, not under the message"
        );
        let then = at(&|b| {
            matches!(
                b,
                BlockBody::Note {
                    text: "dms5.roles_sent_then",
                    ..
                }
            )
        })
        .expect("then");
        assert!(message < then, "{message} {then}");
        let page_one = &dms5.blocks[..then];
        assert!(
            !page_one
                .iter()
                .any(|b| matches!(b.body, BlockBody::Link { .. })),
            "no link on the roles page"
        );
        for (lang, portal) in [("da", "Kundeportalen"), ("en", "Customer Portal")] {
            let text = &texts(lang)["dms5.portal_where"];
            assert!(text.contains(portal), "{lang}: {text}");
            assert!(text.contains("+45 72 22 12 12"), "{lang}: {text}");
            for bad in ["http", "www", ".dk", "↗"] {
                assert!(!text.contains(bad), "{lang}: {text}");
            }
            assert!(!text.contains('\n'), "{lang}: one line: {text}");
        }
    }

    /// s19 review, DMS-5 part 2: "Notér gateway-bruger og gateway-adgangskode et sikkert sted"
    /// invited a password on a note, next to "Dem gemmer guiden sikkert i næste trin"; and
    /// "Log out" before DMS-6 closes the page that shows them. The portal stays open until
    /// the guide has kept them.
    #[test]
    fn dms_5_keeps_the_portal_open_for_the_gateway_password() {
        for (lang, note, open, kept) in [
            (
                "da",
                "Notér",
                "stå åben",
                "“Log out” (log ud), når de er gemt",
            ),
            (
                "en",
                "Note down",
                "Leave the portal open",
                "“Log out” only once they are saved",
            ),
        ] {
            let text = &texts(lang)["dms5.logout"];
            assert!(!text.contains(note), "{lang}: {text}");
            assert!(text.contains(open), "{lang}: {text}");
            assert!(text.contains(kept), "{lang}: log out once kept: {text}");
        }
    }

    /// s16 review, DMS-5: "Send dette id-nummer til toldens tekniske team i Kundeportalen" gave
    /// a bare id and no text. The page has a ready message (`dms_roles_message`, composed in
    /// `letters.rs` with the CVR number and the id) drawn by CUG-8's and STIL-7's component
    /// with "Kopiér teksten"; its label says where to send it in words, with no address (the
    /// guide gives none) and no bare-id copy box any more.
    #[test]
    fn dms_5_has_a_ready_message_for_the_technical_team() {
        let dms5 = step_of(&DMS, "DMS-5");
        let label = dms5
            .blocks
            .iter()
            .find_map(|b| match b.body {
                BlockBody::Generated {
                    what: "dms_roles_message",
                    label,
                    sent: None,
                } => Some(label),
                _ => None,
            })
            .expect("DMS-5 has the message");
        assert!(!dms5.blocks.iter().any(|b| matches!(
            b.body,
            BlockBody::Generated {
                what: "dms_uuid",
                ..
            }
        )));
        for lang in ["da", "en"] {
            let t = texts(lang);
            let text = &t[label];
            for bad in ["http", ".dk", "UUID"] {
                assert!(!text.contains(bad), "{lang}: {text}");
            }
        }
        assert!(texts("da")[label].contains("Kundeportalen"));
        let composed = ui_source("components/ComposedText.svelte");
        assert!(composed.contains(r#"t("portal.stil_copy")"#));
        assert_eq!(texts("da")["portal.stil_copy"], "Kopiér teksten");
    }

    /// s16 review, DMS-5 part 2: the footer said "Sæt flueben ovenfor" while the box that Next
    /// waits for ("Portalen siger, at certifikatet er registreret") is below it on the page.
    /// The footer names the box instead of a direction, in both languages; so does the
    /// general hint for a missing tick.
    #[test]
    fn dms_5_footer_names_the_box_next_waits_for() {
        for lang in ["da", "en"] {
            let t = texts(lang);
            let hint = &t["ui.next_hint.dms_registered"];
            assert!(
                hint.contains(t["dms5.check_registered"].as_str()),
                "{lang}: {hint}"
            );
            for k in ["ui.next_hint.dms_registered", "ui.next_hint.tick"] {
                let v = &t[k];
                for dir in ["ovenfor", "herunder", "above", "below"] {
                    assert!(!v.contains(dir), "{lang} {k}: {v}");
                }
            }
        }
    }

    /// s16 review, DMS-8: "Giv dem til den, der sætter systemet op" showed neither the gateway
    /// user nor the password. Right under that sentence the table has the handover block; the
    /// screen draws the gateway user with "Kopiér" and the kept password behind "Vis", read
    /// from the keychain only when asked (the same command as DMS-6's "Vis"), never copied to
    /// the clipboard (Windows' clipboard history would keep it), and says so; when it is not
    /// kept, it says that in plain words and where the portal shows it.
    #[test]
    fn dms_8_hands_over_the_gateway_user_and_password() {
        let dms8 = step_of(&DMS, "DMS-8");
        assert!(matches!(
            dms8.blocks[0].body,
            BlockBody::Para { text: "dms8.next" }
        ));
        assert!(matches!(dms8.blocks[1].body, BlockBody::GatewayHandover));
        assert!(dms8.blocks[1].when.is_none());
        let src = ui_source("components/GatewayHandover.svelte");
        assert!(src.contains("ipc.revealGatewayPassword("));
        assert!(src.contains("<CopyValue"));
        for bad in [
            "writeText",
            "plugin-clipboard",
            "localStorage",
            "sessionStorage",
            "console.",
        ] {
            assert!(!src.contains(bad), "{bad} in GatewayHandover.svelte");
        }
        assert!(
            src.contains("data-secret"),
            "the shown password is marked secret"
        );
        assert!(ui_source("wizard/steps/Done.svelte").contains("<GatewayHandover"));
        for lang in ["da", "en"] {
            let t = texts(lang);
            let not_kept = &t["done.handover_not_kept"];
            assert!(not_kept.contains("Gateway password"), "{lang}: {not_kept}");
            assert!(!t["done.handover_no_copy"].is_empty());
        }
        assert!(texts("da")["done.handover_not_kept"].contains("ikke gemt"));
        assert!(texts("da")["done.handover_no_copy"].contains("kan ikke kopieres"));
    }

    /// Issue 26 (DMS-4 scored 3): how the id is built ("CVR_, 8 cifre, _UI_, UUID på 36
    /// tegn") and the "Ikke fra vejledningen" remark on a new certificate are in "Detaljer for
    /// eksperter", still marked as not from the guide; the main path keeps the id's copy box
    /// and the first-login note.
    #[test]
    fn dms_4_keeps_the_ids_make_up_and_the_renewal_remark_for_experts() {
        let src = ui_source("wizard/steps/GatewayId.svelte");
        let fold = src.find("expert-fold").expect("an experts' fold on DMS-4");
        for key in ["portal.gateway_format", "portal.renewal"] {
            let at = src.find(key).expect(key);
            assert!(at > fold, "{key} before the experts' fold");
        }
        assert!(src.find("portal.first_login") < Some(fold));
        assert!(src.find("CopyValue id=\"gateway-user\"") < Some(fold));
        assert!(texts("da")["portal.renewal"].starts_with("Ikke fra vejledningen"));
        assert!(texts("en")["portal.renewal"].starts_with("Not from the guide"));
    }

    /// DMS guide L74-82: roles and rights (DMS-5) come before the certificate portal, so DMS-4
    /// offers no portal button.
    #[test]
    fn dms_4_does_not_open_the_portal_before_the_roles() {
        let gateway = ui_source("wizard/steps/GatewayId.svelte");
        assert!(!gateway.contains("openLink") && !gateway.contains("open-portal"));
        assert!(step_of(&DMS, "DMS-4").blocks.is_empty());
        assert!(!texts("da")["portal.gateway_intro"].contains("når certifikatportalen beder"));
    }

    /// DMS guide L80-82 names "Testing network connection DMS" and no address: DMS-7 can be
    /// passed over (an optional tick with a sentence why), the suggestions are marked "ikke fra
    /// vejledningen", nothing is preselected, and a failure never advises registering again or a
    /// new certificate (a last resort that breaks integrations, L32), but whom to ask.
    #[test]
    fn dms_7_is_optional_and_its_suggestions_are_labelled() {
        let dms7 = step_of(&DMS, "DMS-7");
        assert!(dms7.blocks.iter().any(|b| matches!(
            b.body,
            BlockBody::Check {
                id: "dms_test_skipped",
                required: false,
                ..
            }
        )));
        let da = texts("da");
        for k in ["probe.target_test", "probe.target_production"] {
            assert!(da[k].starts_with("Forslag, ikke fra vejledningen"), "{k}");
        }
        assert!(!da["error.probe.bad_target"].contains("skat.dk"));
        let rejected = &da["error.probe.client_cert_rejected"];
        assert!(
            rejected.contains("Bestil ikke et nyt certifikat"),
            "{rejected}"
        );
        assert!(rejected.contains("Kundeportalen"), "{rejected}");
        assert!(
            !rejected.contains("registreret i certifikatportalen"),
            "{rejected}"
        );
        for (k, v) in &da {
            if k.starts_with("error.probe.") && k != "error.probe.client_cert_rejected" {
                assert!(
                    !v.contains("nyt certifikat") && !v.contains("registrér"),
                    "{k}: {v}"
                );
            }
        }
        let screen = ui_source("wizard/steps/ConnectionTest.svelte");
        assert!(screen.contains(r#"let choice = $state<"env" | "other">("other");"#));
    }

    /// Issue 26 (DMS-7 scored 3/5): the main path is one plain sentence and one question (does
    /// the user have the gateway's address from their system supplier or IT department?). The guide's
    /// phase name, AS4 and the DMS Connectivity Guide are for experts: not a block of the flow
    /// table (the main path), but in the screen's experts' fold, after its summary.
    #[test]
    fn dms_7_asks_one_plain_question_and_keeps_the_jargon_for_experts() {
        let dms7 = step_of(&DMS, "DMS-7");
        assert_eq!(keys_of(dms7), vec!["dms7.skip".to_string()]);
        let screen = ui_source("wizard/steps/ConnectionTest.svelte");
        let fold = screen
            .split(r#"id="probe-plan-fold""#)
            .nth(1)
            .expect("the experts' fold");
        assert!(fold.contains(r#"t("dms7.optional")"#));
        assert!(!screen
            .split(r#"id="probe-plan-fold""#)
            .next()
            .unwrap_or_default()
            .contains("dms7.optional"));
        for lang in ["da", "en"] {
            let texts = texts(lang);
            for k in [
                "probe.optional",
                "probe.have_address",
                "probe.have_yes",
                "probe.have_no",
                "probe.verdict_ok",
                "probe.verdict_not_yet",
            ] {
                let v = texts.get(k).unwrap_or_else(|| panic!("{lang} {k} missing"));
                for jargon in ["AS4", "Connectivity", "Testing network", "https://", ":443"] {
                    assert!(!v.contains(jargon), "{lang} {k}: {v}");
                }
            }
        }
        assert!(texts("da")["probe.have_address"].contains("systemleverandør eller it-afdeling"));
    }

    /// Issue 26 (DMS-8): the result is stated once. Before, "Certifikatet er sat op" stood in
    /// the panel (after a skipped or failed test) and again under "Hvad nu?", and a failed
    /// test's old line ended in "Prøv igen." on a screen where nothing can be tried again.
    /// What DMS-8 shows is the panel (heading, the verdict's line, "Godt klaret …"), the flow
    /// table's blocks and the line with the test's time; for each way the test can have gone.
    #[test]
    fn dms_8_states_the_result_once_and_gives_no_dead_advice() {
        let dms8 = step_of(&DMS, "DMS-8");
        let screen = ui_source("wizard/steps/Done.svelte");
        assert!(
            !screen.contains("probe.last_failed") && !screen.contains("probe.last_ok"),
            "the Done screen does not repeat DMS-7's verdict lines"
        );
        assert!(screen.contains(r#"t("done.tested_at""#));
        for lang in ["da", "en"] {
            let t = texts(lang);
            let (set_up, again) = match lang {
                "da" => ("sat op", "prøv igen"),
                _ => ("set up", "try again"),
            };
            for (verdict, heading) in [
                ("verified_test", "ui.done.works"),
                ("test_failed", "ui.done.through"),
                ("test_skipped", "ui.done.through"),
            ] {
                let mut shown: Vec<String> = [
                    heading.to_string(),
                    format!("ui.done.{verdict}"),
                    "ui.done.success_text".to_string(),
                    "ui.done.next".to_string(),
                    "done.tested_at".to_string(),
                ]
                .into_iter()
                .map(|k| t[&k].clone())
                .collect();
                shown.extend(keys_of(dms8).iter().map(|k| t[k].clone()));
                let all = shown.join(" ").to_lowercase();
                assert!(
                    all.matches(set_up).count() <= 1,
                    "{lang} {verdict}: the result twice: {all}"
                );
                assert!(!all.contains(again), "{lang} {verdict}: {all}");
            }
        }
    }

    /// DMS guide L34, L36, L143-145: the guide's names for the certificate types and its
    /// references by name; L30: Toldstyrelsen and UFST are two agencies.
    #[test]
    fn dms_uses_the_guides_names_and_references() {
        let da = texts("da");
        for name in [
            "MitID Organisationscertifikat (VOCES)",
            "MitID Systemcertifikat (FOCES)",
            "MitID Brugercertifikat (MOCES)",
        ] {
            assert!(da["dms1.experts"].contains(name), "{name}");
        }
        assert!(!da["dms1.experts"].contains("medarbejdercertifikat"));
        for k in ["dms1.experts", "dms8.guide_refs"] {
            assert!(da[k].contains("DMS Connectivity Guide"), "{k}");
            assert!(da[k].contains("Installation and Registration"), "{k}");
            assert!(da[k].contains("1:10:00"), "{k}");
        }
        assert!(da["dms1.experts"].contains("4.2"));
        assert!(keys_of(step_of(&DMS, "DMS-1")).contains(&"dms1.experts".to_string()));
        assert!(keys_of(step_of(&DMS, "DMS-8")).contains(&"dms8.guide_refs".to_string()));
        assert!(!da["flow.dms.action"].contains("Toldstyrelsen (UFST)"));
    }

    /// Issue 26: DMS-1 had five folds (four in the table and the step's "Hvorfor?"). At most
    /// two remain: "Hvorfor?" and one "Detaljer for eksperter", which holds what the four held
    /// for experts, a paragraph each.
    #[test]
    fn dms_1_has_one_fold_besides_why() {
        let dms1 = step_of(&DMS, "DMS-1");
        let folds: Vec<&str> = dms1
            .blocks
            .iter()
            .filter_map(|b| match b.body {
                BlockBody::Fold { summary, .. } | BlockBody::ExpertFold { summary, .. } => {
                    Some(summary)
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            folds,
            ["dms1.experts_q"],
            "DMS-1's folds besides \"Hvorfor?\""
        );
        for lang in ["da", "en"] {
            let t = texts(lang);
            assert_eq!(t["dms1.experts_q"], t["dms5.roles_expert_q"], "{lang}");
            let paragraphs = t["dms1.experts"].split("\n\n").count();
            assert_eq!(
                paragraphs, 4,
                "{lang}: kinds, names, who issues, references"
            );
        }
        // The screen draws a fold's paragraphs as paragraphs.
        assert!(ui_source("components/Blocks.svelte").contains(r#"t(b.text).split("\n\n")"#));
    }

    /// Issue 26 (DMS-5): "Nej, vi venter stadig" says in one or two plain sentences what the
    /// wait is for and names the button the page then has ("Gem og luk guiden"); no address
    /// of the Customer Portal (the guide gives none) and no step code.
    #[test]
    fn dms_5_says_what_the_wait_is_for_and_names_the_button() {
        let dms5 = step_of(&DMS, "DMS-5");
        let closes: Vec<_> = dms5.closes_when.iter().map(|c| c.0).collect();
        assert_eq!(closes, [ROLES_WAITING, ROLES_NOT_ASKED]);
        let wait = dms5
            .blocks
            .iter()
            .find(|b| {
                matches!(
                    b.body,
                    BlockBody::Note {
                        text: "dms5.roles_wait",
                        ..
                    }
                )
            })
            .expect("the note after Nej");
        assert_eq!(wait.when.map(|c| c.0), Some(ROLES_WAITING));
        let (da, en) = (texts("da"), texts("en"));
        assert_eq!(da["dms5.roles_waiting"], "Vi har bedt om dem og venter");
        for (lang, t) in [("da", &da), ("en", &en)] {
            let text = &t["dms5.roles_wait"];
            assert!(text.contains(t["ui.save_close"].as_str()), "{lang}: {text}");
            assert!(text.matches(['.', '!', '?']).count() <= 2, "{lang}: {text}");
            for bad in ["http", ".dk", "DMS-", "UUID"] {
                assert!(!text.contains(bad), "{lang}: {text}");
            }
        }
        assert!(da["dms5.roles_wait"].contains("roller og rettigheder"));
    }

    /// Issue 26 (DMS-2): the error after Next without a file said "Følg vejledningen ovenfor",
    /// but the screen draws it at the top, above the step's instructions. The words follow the
    /// layout, in both languages.
    #[test]
    fn the_step_not_done_error_points_down_to_the_instructions() {
        let wizard = ui_source("wizard/Wizard.svelte");
        let summary = wizard
            .find(r#"id="step-error""#)
            .expect("the error summary");
        let content = wizard.find("<StepComponent").expect("the step's content");
        assert!(summary < content, "the error is drawn above the step");
        let (da, en) = (texts("da"), texts("en"));
        let (d, e) = (
            &da["error.wizard.step_not_done"],
            &en["error.wizard.step_not_done"],
        );
        assert!(d.contains("herunder") && !d.contains("ovenfor"), "{d}");
        assert!(e.contains("below") && !e.contains("above"), "{e}");
    }

    /// Issue 26 (DMS-8): "Hvad nu?" opened with the guide's English document names. It leads
    /// with what the user does next, in plain words; the references follow, for experts.
    #[test]
    fn dms_8_leads_with_what_to_do_next() {
        let dms8 = step_of(&DMS, "DMS-8");
        assert!(matches!(
            dms8.blocks[0].body,
            BlockBody::Para { text: "dms8.next" }
        ));
        assert!(dms8.blocks.iter().any(|b| matches!(
            b.body,
            BlockBody::ExpertFold {
                text: "dms8.guide_refs",
                ..
            }
        )));
        let (main, _) = main_and_expert_keys(dms8);
        for lang in ["da", "en"] {
            let t = texts(lang);
            for k in &main {
                for name in [
                    "Connectivity",
                    "miniguide",
                    "Installation and Registration",
                    "1:10:00",
                ] {
                    assert!(
                        !t[k.as_str()].contains(name),
                        "{lang} {k}: {}",
                        t[k.as_str()]
                    );
                }
            }
        }
        let da = texts("da");
        assert!(
            da["dms8.next"].contains("gateway-adgangskoden"),
            "{}",
            da["dms8.next"]
        );
    }

    /// Issue 26 (DMS-4): the intro said "UUID" and "gateway-brugeren". The main path says it in
    /// plain words (the id itself is in its copy box); how it is made, and that it is not the
    /// gateway user, are in the experts' fold.
    #[test]
    fn dms_4_intro_is_plain_and_the_gateway_user_is_for_experts() {
        for lang in ["da", "en"] {
            let t = texts(lang);
            let intro = &t["portal.gateway_intro"];
            for bad in ["UUID", "gateway", "Gateway", "_UI_", "CVR_"] {
                assert!(!intro.contains(bad), "{lang}: {intro}");
            }
            assert!(t["portal.not_gateway_user"].contains("UUID"));
        }
        let src = ui_source("wizard/steps/GatewayId.svelte");
        let fold = src.find("expert-fold").expect("an experts' fold");
        assert!(src
            .find("portal.not_gateway_user")
            .is_some_and(|at| at > fold));
        assert!(src.find("portal.gateway_intro").is_some_and(|at| at < fold));
    }

    /// The renewal warning (new UUID, the portal's user ID) is a DMS matter: not on STIL screens
    /// and not on every summary; it says it is not from the guide.
    #[test]
    fn the_renewal_warning_belongs_to_dms() {
        assert!(!ui_source("wizard/steps/SupportCase.svelte").contains("\"portal.renewal\""));
        let summary = ui_source("components/CertSummary.svelte");
        assert!(summary.contains("renewal && r.oces.id_type === \"UI\""));
        assert!(ui_source("wizard/steps/Unlock.svelte").contains("renewal={view.flow === \"dms\"}"));
        assert!(texts("da")["portal.renewal"].starts_with("Ikke fra vejledningen"));
    }

    /// Issue 26 (DMS-1): a question, not a forced tick "Jeg har certifikatfilen og dens
    /// adgangskode": "Ja" / "Nej, ikke endnu" (STIL-3's words). "Nej" shows what to do and that
    /// the button saves and closes, then the calm sentence and the MitID Erhverv button, which
    /// no longer stand on everyone's main path; the step's button saves and closes while the
    /// answer is "Nej" (DMS-5's pattern), and the environment's page is passed over. The
    /// answer keeps the tick box's id, so an old saved tick still counts (the core test in
    /// `wizard.rs`).
    #[test]
    fn dms_1_asks_for_the_certificate_and_shows_mitid_erhverv_under_nej() {
        let dms1 = step_of(&DMS, "DMS-1");
        let question = dms1
            .blocks
            .iter()
            .find_map(|b| match b.body {
                BlockBody::Choice {
                    id: "dms_have_cert",
                    label,
                    options,
                    required: true,
                    ..
                } => Some((label, options)),
                _ => None,
            })
            .expect("DMS-1 asks whether the certificate is at hand");
        let values: Vec<_> = question.1.iter().map(|o| o.value).collect();
        assert_eq!(values, ["yes", "not_yet"]);
        let (da, en) = (texts("da"), texts("en"));
        assert_eq!(
            da[question.0],
            "Har du certifikatfilen og adgangskoden til den?"
        );
        let labels: Vec<_> = question.1.iter().map(|o| da[o.text].as_str()).collect();
        assert_eq!(labels, ["Ja", "Nej, ikke endnu"]);
        assert!(!dms1
            .blocks
            .iter()
            .any(|b| matches!(b.body, BlockBody::Check { .. })));
        for key in ["dms1.have_wait", "dms1.none", "dms1.mitid_link"] {
            let block = dms1
                .blocks
                .iter()
                .find(|b| {
                    let mut keys = Vec::new();
                    block_keys(&b.body, &mut keys);
                    keys.iter().any(|k| k == key)
                })
                .unwrap_or_else(|| panic!("{key} on DMS-1"));
            assert_eq!(block.when.map(|c| c.0), Some(CERT_NOT_YET), "{key}");
        }
        let closes: Vec<_> = dms1.closes_when.iter().map(|c| c.0).collect();
        assert_eq!(closes, [CERT_NOT_YET]);
        assert_eq!(
            dms1.pages()[1].skip_when,
            [Cond(CERT_NOT_YET)],
            "the environment's page is passed over"
        );
        for (lang, t) in [("da", &da), ("en", &en)] {
            let text = &t["dms1.have_wait"];
            assert!(text.contains(t["ui.save_close"].as_str()), "{lang}: {text}");
            assert!(text.contains("MitID Erhverv"), "{lang}: {text}");
            assert!(text.matches(['.', '!', '?']).count() <= 2, "{lang}: {text}");
        }
    }

    /// Issue 26 (DMS-1): the note for Test on the environment's page said "Linket ovenfor er
    /// til produktion", but the link is on the first page (now under "Nej, ikke endnu" only).
    /// A text that points up ("ovenfor", "above") to a link has a link above it on its own
    /// page.
    #[test]
    fn dms_1_points_up_only_to_a_link_on_the_same_page() {
        let dms1 = step_of(&DMS, "DMS-1");
        let (da, en) = (texts("da"), texts("en"));
        let mut checked = 0;
        for page in dms1.pages() {
            let blocks = &dms1.blocks[page.blocks.clone()];
            for (i, b) in blocks.iter().enumerate() {
                let mut keys = Vec::new();
                block_keys(&b.body, &mut keys);
                for k in keys {
                    checked += 1;
                    let points_up = da[&k].contains("ovenfor")
                        || da[&k].to_lowercase().contains("linket")
                        || en[&k].contains("above");
                    if points_up {
                        assert!(
                            blocks[..i]
                                .iter()
                                .any(|b| matches!(b.body, BlockBody::Link { .. })),
                            "{k} points up to a link that is not on its page: {}",
                            da[&k]
                        );
                    }
                }
            }
        }
        assert!(checked > 5);
        assert!(da["dms1.test_cert"].contains("hvis du ikke ved"));
    }

    /// s17 review (DMS-5): the message to the technical team ("Har virksomheden ikke bedt om
    /// dem endnu?" and "Kopiér") stood next to the only "no", "Nej, vi venter stadig", which
    /// makes "Gem og luk guiden" the button: a user who never asked could close and wait for
    /// ever. Three answers: in place; asked for and waiting (no message); not asked yet (the
    /// message, how to send it, then save and close). Both "no"s wait: the step's button saves
    /// and closes, and the registration page is passed over.
    #[test]
    fn dms_5_asks_in_three_answers_and_shows_the_message_only_to_who_has_not_asked() {
        let dms5 = step_of(&DMS, "DMS-5");
        let options = options_of(dms5, "dms_roles").expect("the roles question");
        let values: Vec<_> = options.iter().map(|o| o.value).collect();
        assert_eq!(values, ["yes", "waiting", "not_asked"]);
        let (da, en) = (texts("da"), texts("en"));
        let labels = |t: &std::collections::BTreeMap<String, String>| -> Vec<String> {
            options.iter().map(|o| t[o.text].clone()).collect()
        };
        assert_eq!(
            labels(&da),
            [
                "Ja, de er på plads",
                "Vi har bedt om dem og venter",
                "Nej, vi har ikke bedt om dem endnu"
            ]
        );
        assert_eq!(
            labels(&en),
            [
                "Yes, they are in place",
                "We have asked for them and are waiting",
                "No, we have not asked for them yet"
            ]
        );
        // The message, and what to do after sending it, only for "not asked yet".
        let message = dms5
            .blocks
            .iter()
            .find(|b| {
                matches!(
                    b.body,
                    BlockBody::Generated {
                        what: "dms_roles_message",
                        ..
                    }
                )
            })
            .expect("the ready message");
        assert_eq!(message.when.map(|c| c.0), Some(ROLES_NOT_ASKED));
        let then = dms5
            .blocks
            .iter()
            .find(|b| {
                matches!(
                    b.body,
                    BlockBody::Note {
                        text: "dms5.roles_sent_then",
                        ..
                    }
                )
            })
            .expect("what to do once it is sent");
        assert_eq!(then.when.map(|c| c.0), Some(ROLES_NOT_ASKED));
        for (lang, t) in [("da", &da), ("en", &en)] {
            let text = &t["dms5.roles_sent_then"];
            assert!(text.contains(t["ui.save_close"].as_str()), "{lang}: {text}");
            // The label says how to send it, without asking the question again.
            let label = &t["dms5.message_label"];
            assert!(!label.contains('?'), "{lang}: {label}");
        }
        // Both "no"s wait: the button saves and closes, the registration is passed over.
        assert_eq!(
            dms5.closes_when,
            [Cond(ROLES_WAITING), Cond(ROLES_NOT_ASKED)]
        );
        assert_eq!(
            dms5.pages()[1].skip_when,
            [Cond(ROLES_WAITING), Cond(ROLES_NOT_ASKED)]
        );
    }

    /// s17 review (DMS-5, part 2): "vælg det certifikat, hvis id-nummer du gav toldens tekniske
    /// team" cannot be done: the Windows certificate picker shows names, not ids. The step
    /// names the certificate as the picker shows it, its holder (and the company), from what
    /// DMS-2 read; and the registration page does not open with "Registrér derefter", a
    /// "then" with nothing before it on its page.
    #[test]
    fn dms_5_names_the_certificate_as_the_picker_shows_it() {
        let dms5 = step_of(&DMS, "DMS-5");
        assert!(keys_of(dms5).contains(&"dms5.s1_choose".to_string()));
        for lang in ["da", "en"] {
            let t = texts(lang);
            let choose = &t["dms5.s1_choose"];
            assert!(
                choose.contains("{holder}") && choose.contains("{company}"),
                "{lang}: {choose}"
            );
            let holder = &t["dms5.s1_choose.holder"];
            assert!(
                holder.contains("{holder}") && !holder.contains("{company}"),
                "{lang}: {holder}"
            );
            let unnamed = &t["dms5.s1_choose.unnamed"];
            assert!(unnamed.contains("{step:DMS-2}"), "{lang}: {unnamed}");
            for k in [
                "dms5.s1_choose",
                "dms5.s1_choose.holder",
                "dms5.s1_choose.unnamed",
            ] {
                let v = t[k].to_lowercase();
                for bad in ["id-nummer", "id number", "uuid"] {
                    assert!(!v.contains(bad), "{lang} {k}: {v}");
                }
            }
        }
        // The screen fills them in from the loaded certificate.
        let blocks = ui_source("components/Blocks.svelte");
        assert!(blocks.contains("t(key, { holder, company })"));
        assert!(ui_source("wizard/steps/Guide.svelte").contains("common_name"));
        // Each page after the first reads on its own: it does not open with "then".
        let pages = dms5.pages();
        let (da, en) = (texts("da"), texts("en"));
        for page in &pages[1..] {
            let mut keys = Vec::new();
            block_keys(&dms5.blocks[page.blocks.start].body, &mut keys);
            for k in keys {
                let (d, e) = (da[&k].to_lowercase(), en[&k].to_lowercase());
                assert!(!d.contains("derefter"), "{k}: {d}");
                assert!(!e.starts_with("then"), "{k}: {e}");
            }
        }
    }

    /// s17 review (DMS-1, "Nej"): "Åbn MitID Erhverv ↗" stood right under "Bestil kun et nyt
    /// som sidste udvej …", and an anxious user would click it. The button and the warning are
    /// folded under a last-resort question; nothing on DMS-1 opens MitID Erhverv unfolded.
    #[test]
    fn dms_1_folds_the_new_certificate_behind_a_last_resort_question() {
        let dms1 = step_of(&DMS, "DMS-1");
        let links: Vec<_> = dms1
            .blocks
            .iter()
            .filter_map(|b| match b.body {
                BlockBody::Link {
                    url,
                    fold,
                    fold_text,
                    ..
                } => Some((b.when.map(|c| c.0), url, fold, fold_text)),
                _ => None,
            })
            .collect();
        assert_eq!(
            links,
            [(
                Some(CERT_NOT_YET),
                "https://mitid-erhverv.dk/",
                Some("dms1.last_resort_q"),
                Some("dms1.none")
            )]
        );
        assert!(
            !dms1.blocks.iter().any(|b| matches!(
                b.body,
                BlockBody::Para { text: "dms1.none" }
                    | BlockBody::Note {
                        text: "dms1.none",
                        ..
                    }
            )),
            "the warning is in the fold, above its button"
        );
        let (da, en) = (texts("da"), texts("en"));
        assert_eq!(
            da["dms1.last_resort_q"],
            "Har du ledt overalt og spurgt administratoren? Så kan du bestille et nyt certifikat"
        );
        assert!(en["dms1.last_resort_q"].starts_with("Have you looked everywhere"));
        // The screen draws such a link inside its fold.
        assert!(ui_source("components/Blocks.svelte").contains(r#"b.type === "link" && b.fold"#));
    }
}
