//! The three set-up flows (and the start screen) as data.
//!
//! This table is the only source of truth for step order, step codes, the progress bar, the
//! stepper and (later) the support report. The UI draws every screen from it: one component
//! per [`StepKind`], never one per step. Text is referenced by i18n key; the keys live in
//! `ui/src/i18n/{da,en}.json`, and a test in this module checks that both files have every key
//! the table names.
//!
//! Conventions:
//! - every step's title and "Why?" text use the derived keys `step.<CODE>.title` and
//!   `step.<CODE>.why` (see [`StepDef::title_key`]);
//! - answer ids (`Check`, `Choice`, `LinkInput`) are unique within a flow, and a condition
//!   ([`Cond`]) may only refer to a choice made on an earlier step, so the answer exists by
//!   the time the condition is read.

use serde::{Deserialize, Serialize};

/// One of the wizard's flows. `Start` holds the single START-1 screen.
#[cfg_attr(test, derive(strum::VariantArray))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum FlowId {
    /// START-1: which certificate are you setting up?
    Start,
    /// DKMAnet Closed User Group certificate (Danish Medicines Agency).
    Cug,
    /// UFST customs DMS Import, system-to-system.
    Dms,
    /// STIL Integrationsplatformen function/system certificate.
    Stil,
}

impl FlowId {
    /// Every flow, in the order the start screen offers them.
    pub const ALL: [FlowId; 4] = [FlowId::Start, FlowId::Cug, FlowId::Dms, FlowId::Stil];

    /// The flow's table.
    pub fn def(self) -> &'static FlowDef {
        match self {
            FlowId::Start => &START,
            FlowId::Cug => &CUG,
            FlowId::Dms => &DMS,
            FlowId::Stil => &STIL,
        }
    }

    /// Parse the lower-case name used over IPC and on the command line.
    pub fn parse(s: &str) -> Option<FlowId> {
        FlowId::ALL
            .into_iter()
            .find(|f| f.def().id_str == s.to_ascii_lowercase())
    }
}

/// What kind of screen a step is. The UI has one component per kind; [`StepKind::performed_by`]
/// names it and the session methods that do the step's work.
#[cfg_attr(test, derive(strum::VariantArray))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// START-1: pick a flow, with "I'm not sure" questions.
    Chooser,
    /// ↗ The user acts on a website or by email; the screen guides (instructions, checklist,
    /// links, copy buttons, choices).
    Guide,
    /// ⚙ Find a downloaded certificate file.
    FindFile,
    /// ⚙ Unlock a certificate file with its password and show what it holds.
    Unlock,
    /// ⚙ Place the file in the `.oces` folder.
    Place,
    /// ⚙ Make and verify a backup copy.
    Backup,
    /// ⚙ Move old certificates to an archive.
    Archive,
    /// ⚙ Find, open and check a PKCS#12 file.
    LoadCertificate,
    /// ⚙ Install the certificate where browsers find it.
    Install,
    /// ⚙ Derive and show the UFST gateway user ID.
    GatewayId,
    /// ⚙ Keep gateway credentials in the OS keychain.
    Credentials,
    /// ⚙ Test the connection with the client certificate.
    ConnectionTest,
    /// ⚙ Log the temporary password handover (never the password).
    Handover,
    /// ⚙ Compose the STIL support case text.
    SupportCase,
    /// The flow's summary screen.
    Done,
}

/// Where a step is drawn and where its work is done: from a step code in the flow tables
/// (`step("CUG-6", StepKind::Place, …)`) to the code in one hop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerformedBy {
    /// The screen: `ui/src/wizard/steps/<screen>.svelte` (mapped from the kind in
    /// `Wizard.svelte`'s `byKind`).
    pub screen: &'static str,
    /// The methods of `oces_core::session::Session` that do the step's work (the window's
    /// commands of the same names forward to them).
    pub session: &'static [&'static str],
}

impl StepKind {
    /// Where a step of this kind is drawn and done. A test checks that every screen and
    /// method named here exists, so the table cannot drift from the code.
    pub const fn performed_by(self) -> PerformedBy {
        let (screen, session): (&str, &[&str]) = match self {
            StepKind::Chooser => ("Chooser", &["choose_flow"]),
            StepKind::Guide => ("Guide", &["set_answer", "open_link"]),
            StepKind::FindFile => ("FindFile", &["find_files", "choose_file"]),
            StepKind::Unlock => ("Unlock", &["unlock_file"]),
            StepKind::Place => ("Place", &["place_file"]),
            StepKind::Backup => ("Backup", &["backup_file"]),
            StepKind::Archive => (
                "Archive",
                &["list_old_certificates", "archive_files", "undo_archive"],
            ),
            StepKind::LoadCertificate => (
                "LoadCertificate",
                &["find_files", "choose_file", "unlock_file"],
            ),
            StepKind::Install => (
                "Install",
                &[
                    "list_stores",
                    "install_certificate",
                    "uninstall_certificate",
                ],
            ),
            // The gateway user ID is derived when the file is unlocked (cert::identify).
            StepKind::GatewayId => ("GatewayId", &["unlock_file", "open_link"]),
            StepKind::Credentials => (
                "Credentials",
                &[
                    "save_gateway_credentials",
                    "gateway_credentials_present",
                    "delete_gateway_credentials",
                ],
            ),
            StepKind::ConnectionTest => ("ConnectionTest", &["probe_connection", "cancel_probe"]),
            StepKind::Handover => ("Handover", &["handover_log", "add_handover"]),
            StepKind::SupportCase => ("SupportCase", &["stil_case", "save_stil_case"]),
            StepKind::Done => ("Done", &["advance"]),
        };
        PerformedBy { screen, session }
    }

    /// Who does the work on this screen: the app itself (⚙) or the user elsewhere (↗).
    pub fn actor(self) -> Actor {
        match self {
            StepKind::Chooser | StepKind::Guide | StepKind::Done => Actor::User,
            _ => Actor::App,
        }
    }
}

/// Who acts on a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// ⚙ the app does it.
    App,
    /// ↗ the user does it elsewhere (or chooses something here).
    User,
}

/// A condition on earlier answers: every `(answer id, value)` pair must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Cond(pub &'static [(&'static str, &'static str)]);

/// One option of a [`BlockBody::Choice`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChoiceOption {
    /// The stored value (stable, English, lower case).
    pub value: &'static str,
    /// i18n key of the label.
    pub text: &'static str,
}

/// How a note is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Neutral information.
    Info,
    /// Something that can go wrong or cost the user time.
    Warning,
}

/// A piece of a step's screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BlockBody {
    /// A paragraph.
    Para {
        /// i18n key.
        text: &'static str,
    },
    /// Numbered instructions, in order.
    Steps {
        /// i18n keys, one per instruction.
        items: &'static [&'static str],
    },
    /// A highlighted note.
    Note {
        /// i18n key.
        text: &'static str,
        /// Information or warning.
        tone: Tone,
    },
    /// A tick box; `required` ones must be ticked before Next.
    Check {
        /// Answer id (unique within the flow).
        id: &'static str,
        /// i18n key of the label.
        text: &'static str,
        /// Whether Next waits for it.
        required: bool,
    },
    /// A single choice (radio buttons); the value is stored as the answer.
    Choice {
        /// Answer id (unique within the flow).
        id: &'static str,
        /// i18n key of the question.
        label: &'static str,
        /// The options.
        options: &'static [ChoiceOption],
        /// Whether Next waits for it.
        required: bool,
    },
    /// A fixed web page, opened in the user's browser.
    Link {
        /// Always `https://` (checked by a test).
        url: &'static str,
        /// i18n key of the button label.
        label: &'static str,
    },
    /// The user pastes a link (e.g. from an email); the app checks it is https and opens it.
    LinkInput {
        /// Answer id under which the checked link is kept.
        id: &'static str,
        /// i18n key of the field label.
        label: &'static str,
    },
    /// A short text the user types (an id read off a website); kept as the answer.
    TextInput {
        /// Answer id (unique within the flow).
        id: &'static str,
        /// i18n key of the label.
        label: &'static str,
        /// Which check the text must pass (`ws_bruger_id`).
        check: &'static str,
        /// Whether Next waits for it.
        required: bool,
    },
    /// A text the app composes from what the flow knows (`dkma_rid_email`, `sa_message`).
    Generated {
        /// Which text.
        what: &'static str,
        /// i18n key of the label.
        label: &'static str,
    },
    /// A private field to rehearse a password against rules, with a strength estimate. Nothing
    /// typed there leaves the page: not stored, not logged, not sent to the app.
    Rehearsal {
        /// The rules.
        rules: &'static [PasswordRule],
    },
    /// The new certificate's RID compared with older certificates in `.oces` (CUG-8).
    RidCompare,
    /// A value with a copy button.
    Copy {
        /// i18n key of the label.
        label: &'static str,
        /// The value itself (language-neutral: an address, a phone number).
        value: &'static str,
    },
}

/// One requirement of a password the user rehearses (CUG-3). The UI checks them as the user
/// types; the text is `rehearse.rule.<id>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PasswordRule {
    /// `min_length`, `upper_and_lower`, `digit`, `not_name`.
    pub id: &'static str,
    /// For `min_length`: the minimum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<usize>,
}

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

/// A block with an optional condition on earlier answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Block {
    /// Shown only when this holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<Cond>,
    /// What is shown.
    #[serde(flatten)]
    pub body: BlockBody,
}

/// One screen of a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StepDef {
    /// The stable step code shown on screen (`CUG-4`).
    pub code: &'static str,
    /// Which component draws it; [`StepKind::performed_by`] names that screen and the session
    /// methods that do the step's work.
    pub kind: StepKind,
    /// Steps that must be completed (or not apply) before this one unlocks. Always earlier.
    pub requires: &'static [&'static str],
    /// The step applies only when this holds; otherwise it is passed over.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<Cond>,
    /// What the screen shows (for `Guide` and `Done` steps; app steps add their own UI).
    pub blocks: &'static [Block],
    /// For a last step: when this holds, the flow is not finished but paused until the user
    /// can come back (CUG-10 after "Nej, ikke endnu"). The screen is then titled
    /// `step.<CODE>.title_paused`, and its button saves and closes rather than finishes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paused_when: Option<Cond>,
}

impl StepDef {
    /// i18n key of the title.
    pub fn title_key(&self) -> String {
        format!("step.{}.title", self.code)
    }

    /// i18n key of the "Why?" text.
    pub fn why_key(&self) -> String {
        format!("step.{}.why", self.code)
    }

    /// i18n key of the title when the flow ends paused ([`StepDef::paused_when`]).
    pub fn paused_title_key(&self) -> String {
        format!("step.{}.title_paused", self.code)
    }
}

/// One flow: an ordered list of steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FlowDef {
    /// The flow.
    pub id: FlowId,
    /// Its lower-case name (`cug`).
    pub id_str: &'static str,
    /// i18n key of its name.
    pub title: &'static str,
    /// Steps in order.
    pub steps: &'static [StepDef],
}

impl FlowDef {
    /// Index of a step by code.
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.code == code)
    }
}

/// A question of the "I'm not sure" helper on START-1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Question {
    /// Stable id.
    pub id: &'static str,
    /// i18n key of the question.
    pub text: &'static str,
    /// The possible answers.
    pub answers: &'static [FinderAnswer],
}

/// Where an answer of the helper leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "type", content = "to", rename_all = "snake_case")]
pub enum Leads {
    /// To this flow (suggested, the user confirms).
    Flow(FlowId),
    /// To the next question with this id.
    Question(&'static str),
    /// Nothing fits: whom to ask.
    Unknown,
}

/// One answer of a [`Question`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FinderAnswer {
    /// i18n key.
    pub text: &'static str,
    /// Where it leads.
    pub leads: Leads,
}

const fn b(body: BlockBody) -> Block {
    Block { when: None, body }
}

const fn when(cond: &'static [(&'static str, &'static str)], body: BlockBody) -> Block {
    Block {
        when: Some(Cond(cond)),
        body,
    }
}

const fn para(text: &'static str) -> BlockBody {
    BlockBody::Para { text }
}

const fn info(text: &'static str) -> BlockBody {
    BlockBody::Note {
        text,
        tone: Tone::Info,
    }
}

const fn warn(text: &'static str) -> BlockBody {
    BlockBody::Note {
        text,
        tone: Tone::Warning,
    }
}

const fn step(
    code: &'static str,
    kind: StepKind,
    requires: &'static [&'static str],
    blocks: &'static [Block],
) -> StepDef {
    StepDef {
        code,
        kind,
        requires,
        when: None,
        blocks,
        paused_when: None,
    }
}

const fn step_when(
    code: &'static str,
    kind: StepKind,
    requires: &'static [&'static str],
    cond: &'static [(&'static str, &'static str)],
    blocks: &'static [Block],
) -> StepDef {
    StepDef {
        code,
        kind,
        requires,
        when: Some(Cond(cond)),
        blocks,
        paused_when: None,
    }
}

/// Options shared by the two environment questions.
const ENV_TEST_PROD: &[ChoiceOption] = &[
    ChoiceOption {
        value: "test",
        text: "choice.env.test",
    },
    ChoiceOption {
        value: "production",
        text: "choice.env.production",
    },
];

/// The start screen.
pub static START: FlowDef = FlowDef {
    id: FlowId::Start,
    id_str: "start",
    title: "flow.start",
    steps: &[step("START-1", StepKind::Chooser, &[], &[])],
};

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
                b(para("cug2.intro")),
                b(BlockBody::LinkInput {
                    id: "cug_tool_link",
                    label: "cug2.link_label",
                }),
                b(info("cug2.browser")),
                b(BlockBody::Check {
                    id: "cug_tool_open",
                    text: "cug2.check_open",
                    required: true,
                }),
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
};

/// UFST customs DMS Import, system-to-system (seed 001).
pub static DMS: FlowDef = FlowDef {
    id: FlowId::Dms,
    id_str: "dms",
    title: "flow.dms",
    steps: &[
        step(
            "DMS-1",
            StepKind::Guide,
            &[],
            &[
                b(para("dms1.intro")),
                b(para("dms1.types")),
                // The guide's own references (001:L36, L45, L143-145), by name: it links none.
                b(info("dms1.guide_refs")),
                b(para("dms1.reuse")),
                b(warn("dms1.last_resort")),
                b(BlockBody::Link {
                    url: "https://mitid-erhverv.dk/",
                    label: "dms1.mitid_link",
                }),
                b(BlockBody::Check {
                    id: "dms_have_cert",
                    text: "dms1.check_have",
                    required: true,
                }),
                b(BlockBody::Choice {
                    id: "dms_env",
                    label: "dms1.env_q",
                    options: ENV_TEST_PROD,
                    required: true,
                }),
                // The MitID Erhverv link above is the production site; the guide's own example
                // uses a "MitID Erhverv test certificate" without saying where it comes from.
                when(&[("dms_env", "test")], info("dms1.test_cert")),
            ],
        ),
        step("DMS-2", StepKind::LoadCertificate, &["DMS-1"], &[]),
        step("DMS-3", StepKind::Install, &["DMS-2"], &[]),
        step("DMS-4", StepKind::GatewayId, &["DMS-3"], &[]),
        step(
            "DMS-5",
            StepKind::Guide,
            &["DMS-4"],
            &[
                // The guide's path (Phase 2): Step 1 roles and rights in the Customer Portal,
                // where the certificate's UUID is given to the technical onboarding team; Step 2
                // register the certificate in the certificate portal; then test the connection.
                b(para("dms5.roles")),
                b(BlockBody::Check {
                    id: "dms_roles",
                    text: "dms5.check_roles",
                    required: true,
                }),
                b(info("dms5.reused_tfe")),
                b(para("dms5.intro")),
                // The guide: "Register your certificate for TFE and UFE here:
                // secureftpgateway.skat.dk" (001:L47), in a section "only specified for the test
                // environment" (L43). Its screenshot shows the browser at
                // secureftp.gatewaytest.skat.dk/PortalCertApp (L72): what the user may see.
                when(
                    &[("dms_env", "test")],
                    BlockBody::Link {
                        url: "https://secureftpgateway.skat.dk/",
                        label: "dms5.portal_guide",
                    },
                ),
                when(&[("dms_env", "test")], info("dms5.test_screenshot")),
                when(
                    &[("dms_env", "test")],
                    BlockBody::Link {
                        url: "https://secureftp.gatewaytest.skat.dk/PortalCertApp/",
                        label: "dms5.portal_test",
                    },
                ),
                // Production: the guide names no portal; no link, only whom to ask.
                when(&[("dms_env", "production")], warn("dms5.prod_address")),
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
                b(BlockBody::Check {
                    id: "dms_seen_not_registered",
                    text: "dms5.check_not_registered",
                    required: false,
                }),
                b(BlockBody::Check {
                    id: "dms_pressed_register",
                    text: "dms5.check_pressed",
                    required: false,
                }),
                b(BlockBody::Check {
                    id: "dms_refreshed",
                    text: "dms5.check_refreshed",
                    required: false,
                }),
                b(BlockBody::Check {
                    id: "dms_registered",
                    text: "dms5.check_registered",
                    required: true,
                }),
                b(info("dms5.note_gateway")),
                b(para("dms5.logout")),
            ],
        ),
        step("DMS-6", StepKind::Credentials, &["DMS-5"], &[]),
        // The guide names the phase "Testing network connection DMS" (001:L80-82) and gives no
        // address: the test is offered, never required, and the address is the user's.
        step(
            "DMS-7",
            StepKind::ConnectionTest,
            &["DMS-6"],
            &[
                b(info("dms7.optional")),
                b(BlockBody::Check {
                    id: "dms_test_skipped",
                    text: "dms7.skip",
                    required: false,
                }),
            ],
        ),
        step(
            "DMS-8",
            StepKind::Done,
            &["DMS-7"],
            &[
                b(para("dms8.done")),
                b(info("dms8.guide_refs")),
                b(para("dms8.support_technical")),
                b(para("dms8.support_other")),
                b(BlockBody::Copy {
                    label: "copy.toldst_email",
                    value: "servicedesk@toldst.dk",
                }),
                b(BlockBody::Copy {
                    label: "copy.toldst_phone",
                    value: "+45 72 22 12 12",
                }),
            ],
        ),
    ],
};

/// STIL Integrationsplatformen (seed 002).
pub static STIL: FlowDef = FlowDef {
    id: FlowId::Stil,
    id_str: "stil",
    title: "flow.stil",
    steps: &[
        step(
            "STIL-1",
            StepKind::Guide,
            &[],
            &[
                b(warn("stil1.oces2_end")),
                // STIL's guide covers only the NemID/OCES2 route; the OCES3 route is ours, and
                // the screens where it appears say so.
                b(info("stil1.oces3")),
                b(BlockBody::Choice {
                    id: "stil_env",
                    label: "stil1.env_q",
                    options: &[
                        ChoiceOption {
                            value: "test",
                            text: "choice.env.test_preprod",
                        },
                        ChoiceOption {
                            value: "production",
                            text: "choice.env.production",
                        },
                    ],
                    required: true,
                }),
                b(BlockBody::Choice {
                    id: "stil_gen",
                    label: "stil1.gen_q",
                    options: &[
                        ChoiceOption {
                            value: "oces3",
                            text: "stil1.gen_oces3",
                        },
                        ChoiceOption {
                            value: "oces2",
                            text: "stil1.gen_oces2",
                        },
                    ],
                    required: true,
                }),
            ],
        ),
        step_when(
            "STIL-2",
            StepKind::Guide,
            &["STIL-1"],
            &[("stil_env", "test"), ("stil_gen", "oces2")],
            &[
                b(para("stil2.intro")),
                b(BlockBody::Steps {
                    items: &[
                        "stil2.s1_whitelist",
                        "stil2.s2_order",
                        "stil2.s3_cvr",
                        "stil2.s4_type",
                        "stil2.s5_confirm",
                    ],
                }),
                // 002:L63 and L69-71.
                b(info("stil2.wrong_company")),
                b(info("stil2.valid_email")),
                b(BlockBody::Check {
                    id: "stil_employee_sig",
                    text: "stil2.check_done",
                    required: true,
                }),
            ],
        ),
        step(
            "STIL-3",
            StepKind::Guide,
            &["STIL-1", "STIL-2"],
            &[
                when(&[("stil_gen", "oces3")], warn("stil.oces3_not_in_guide")),
                when(&[("stil_gen", "oces3")], para("stil3.oces3")),
                when(
                    &[("stil_gen", "oces3")],
                    BlockBody::Link {
                        url: "https://mitid-erhverv.dk/",
                        label: "dms1.mitid_link",
                    },
                ),
                when(
                    &[("stil_gen", "oces3"), ("stil_env", "test")],
                    info("stil3.test_cert"),
                ),
                when(&[("stil_gen", "oces2")], para("stil3.oces2_intro")),
                // The guide's link to Nets' own guidance, for production (002:L287).
                when(
                    &[("stil_gen", "oces2"), ("stil_env", "production")],
                    BlockBody::Link {
                        url: "https://www.nets.eu/dk-da/kundeservice/medarbejdersignatur/ovrige-signaturer/Pages/bestil-funktionssignatur.aspx",
                        label: "stil3.nets_link",
                    },
                ),
                when(
                    &[("stil_gen", "oces2")],
                    BlockBody::Steps {
                        items: &[
                            "stil3.s1_login",
                            "stil3.s2_menu",
                            "stil3.s3_form",
                            "stil3.s4_confirm",
                            "stil3.s5_temp",
                        ],
                    },
                ),
                when(
                    &[("stil_gen", "oces2"), ("stil_env", "test")],
                    info("stil3.price_test"),
                ),
                when(
                    &[("stil_gen", "oces2"), ("stil_env", "production")],
                    info("stil3.price_prod"),
                ),
                when(&[("stil_gen", "oces2")], warn("stil3.no_menu")),
                b(BlockBody::Check {
                    id: "stil_ordered",
                    text: "stil3.check_ordered",
                    required: true,
                }),
            ],
        ),
        // The temporary password and its handover belong to the OCES2 order the guide describes
        // (002:L257-273); an OCES3 system certificate has none, so the step is passed over.
        step_when(
            "STIL-4",
            StepKind::Handover,
            &["STIL-3"],
            &[("stil_gen", "oces2")],
            &[],
        ),
        step(
            "STIL-5",
            StepKind::LoadCertificate,
            &["STIL-3", "STIL-4"],
            &[
                // The guide's last ordering step: the technical contact activates the function
                // signature with the link in the mail from Nets DanID and the temporary password.
                when(&[("stil_gen", "oces2")], para("stil5.activate_intro")),
                when(
                    &[("stil_gen", "oces2")],
                    BlockBody::Steps {
                        items: &["stil5.a1_mail", "stil5.a2_password", "stil5.a3_load"],
                    },
                ),
                when(
                    &[("stil_gen", "oces2")],
                    BlockBody::Check {
                        id: "stil_activated",
                        text: "stil5.check_activated",
                        required: true,
                    },
                ),
                when(&[("stil_gen", "oces3")], warn("stil.oces3_not_in_guide")),
                when(&[("stil_gen", "oces3")], para("stil5.oces3_file")),
            ],
        ),
        step(
            "STIL-6",
            StepKind::Guide,
            &["STIL-5"],
            &[
                b(para("stil6.intro")),
                b(BlockBody::Link {
                    url: "https://tilslutning.stil.dk/",
                    label: "stil6.link",
                }),
                // The guide's prerequisite (002:L448).
                b(info("stil6.systemlogin")),
                b(BlockBody::Steps {
                    items: &["stil6.s1_menu", "stil6.s2_eye", "stil6.s3_note"],
                }),
                // Only the environment this certificate is for: the case never maps a
                // certificate to the other environment's wsBrugerId.
                when(
                    &[("stil_env", "test")],
                    BlockBody::TextInput {
                        id: "stil_ws_test",
                        label: "stil6.ws_test",
                        check: "ws_bruger_id",
                        required: false,
                    },
                ),
                when(
                    &[("stil_env", "production")],
                    BlockBody::TextInput {
                        id: "stil_ws_prod",
                        label: "stil6.ws_prod",
                        check: "ws_bruger_id",
                        required: false,
                    },
                ),
                b(info("stil6.ws_note")),
            ],
        ),
        step(
            "STIL-7",
            StepKind::SupportCase,
            &["STIL-6"],
            &[
                when(&[("stil_gen", "oces3")], warn("stil.oces3_not_in_guide")),
                b(BlockBody::Link {
                    url: "https://jira.stil.dk/servicedesk/customer/portal/15/",
                    label: "stil8.servicedesk",
                }),
            ],
        ),
        step(
            "STIL-8",
            StepKind::Done,
            &["STIL-7"],
            &[
                b(para("stil8.done")),
                b(BlockBody::Link {
                    url: "https://jira.stil.dk/servicedesk/customer/portal/15/",
                    label: "stil8.servicedesk",
                }),
            ],
        ),
    ],
};

/// The "I'm not sure" helper of START-1: two or three plain questions that point to a flow.
pub static FINDER: &[Question] = &[
    Question {
        id: "who",
        text: "finder.who.q",
        answers: &[
            FinderAnswer {
                text: "finder.who.dkma",
                leads: Leads::Flow(FlowId::Cug),
            },
            FinderAnswer {
                text: "finder.who.customs",
                leads: Leads::Flow(FlowId::Dms),
            },
            FinderAnswer {
                text: "finder.who.stil",
                leads: Leads::Flow(FlowId::Stil),
            },
            FinderAnswer {
                text: "finder.who.dontknow",
                leads: Leads::Question("what"),
            },
        ],
    },
    Question {
        id: "what",
        text: "finder.what.q",
        answers: &[
            FinderAnswer {
                text: "finder.what.code_letter",
                leads: Leads::Flow(FlowId::Cug),
            },
            FinderAnswer {
                text: "finder.what.mitid",
                leads: Leads::Question("use"),
            },
            FinderAnswer {
                text: "finder.what.nothing",
                leads: Leads::Question("use"),
            },
        ],
    },
    Question {
        id: "use",
        text: "finder.use.q",
        answers: &[
            FinderAnswer {
                text: "finder.use.medicine",
                leads: Leads::Flow(FlowId::Cug),
            },
            FinderAnswer {
                text: "finder.use.declarations",
                leads: Leads::Flow(FlowId::Dms),
            },
            FinderAnswer {
                text: "finder.use.school",
                leads: Leads::Flow(FlowId::Stil),
            },
            FinderAnswer {
                text: "finder.use.other",
                leads: Leads::Unknown,
            },
        ],
    },
];

/// Every i18n key the tables above name, for the locale check.
pub fn text_keys() -> Vec<String> {
    let mut keys = Vec::new();
    for flow in FlowId::ALL {
        let def = flow.def();
        keys.push(def.title.to_string());
        for s in def.steps {
            keys.push(s.title_key());
            keys.push(s.why_key());
            if s.paused_when.is_some() {
                keys.push(s.paused_title_key());
            }
            for block in s.blocks {
                block_keys(&block.body, &mut keys);
            }
        }
    }
    for q in FINDER {
        keys.push(q.text.to_string());
        keys.extend(q.answers.iter().map(|a| a.text.to_string()));
    }
    keys.sort();
    keys.dedup();
    keys
}

fn block_keys(body: &BlockBody, keys: &mut Vec<String>) {
    match body {
        BlockBody::Rehearsal { rules } => {
            keys.extend(rules.iter().map(|r| format!("rehearse.rule.{}", r.id)))
        }
        BlockBody::RidCompare => {}
        BlockBody::Para { text } | BlockBody::Note { text, .. } | BlockBody::Check { text, .. } => {
            keys.push(text.to_string())
        }
        BlockBody::Steps { items } => keys.extend(items.iter().map(|s| s.to_string())),
        BlockBody::Choice { label, options, .. } => {
            keys.push(label.to_string());
            keys.extend(options.iter().map(|o| o.text.to_string()));
        }
        BlockBody::Link { label, .. }
        | BlockBody::LinkInput { label, .. }
        | BlockBody::TextInput { label, .. }
        | BlockBody::Generated { label, .. }
        | BlockBody::Copy { label, .. } => keys.push(label.to_string()),
    }
}

/// A stored answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(untagged)]
pub enum Answer {
    /// A tick box, or "this link was checked and opened".
    Bool(bool),
    /// The value of a choice.
    Text(String),
}

#[cfg(test)]
mod tests {

    /// From a step code to its code in one hop: every kind names a screen that exists and
    /// that `Wizard.svelte` draws it with, and session methods that exist.
    #[test]
    fn every_kind_names_a_screen_and_session_methods_that_exist() {
        use strum::VariantArray;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let ui = root.join("../../ui/src/wizard");
        let wizard = std::fs::read_to_string(ui.join("Wizard.svelte")).expect("Wizard.svelte");
        let session: String = std::fs::read_dir(root.join("src/session"))
            .expect("session sources")
            .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("source"))
            .collect();
        for kind in StepKind::VARIANTS {
            let by = kind.performed_by();
            let file = ui.join("steps").join(format!("{}.svelte", by.screen));
            assert!(file.is_file(), "{kind:?}: {} is missing", file.display());
            let name = serde_json::to_value(kind).expect("serde name");
            let name = name.as_str().expect("a string");
            // A screen loaded when needed, or one that comes with the page (the chooser).
            let lazy = format!("{name}: () => import(\"./steps/{}.svelte\"),", by.screen);
            let eager = format!("{name}: async () => ({{ default: {} }}),", by.screen);
            assert!(
                wizard.contains(&lazy) || wizard.contains(&eager),
                "{kind:?}: Wizard.svelte lacks `{lazy}` (or `{eager}`)"
            );
            assert!(!by.session.is_empty(), "{kind:?} names no session method");
            for m in by.session {
                let found = [format!("pub fn {m}("), format!("pub async fn {m}(")]
                    .iter()
                    .any(|d| session.contains(d.as_str()));
                assert!(found, "{kind:?}: Session::{m} does not exist");
            }
        }
    }
    use super::*;
    use std::collections::HashSet;

    fn answer_ids(def: &FlowDef) -> Vec<(usize, &'static str, Option<&'static [ChoiceOption]>)> {
        let mut out = Vec::new();
        for (i, s) in def.steps.iter().enumerate() {
            for bl in s.blocks {
                match bl.body {
                    BlockBody::Check { id, .. }
                    | BlockBody::LinkInput { id, .. }
                    | BlockBody::TextInput { id, .. } => out.push((i, id, None)),
                    BlockBody::Choice { id, options, .. } => out.push((i, id, Some(options))),
                    _ => {}
                }
            }
        }
        out
    }

    #[test]
    fn step_codes_are_unique_across_all_flows() {
        let mut seen = HashSet::new();
        for f in FlowId::ALL {
            for s in f.def().steps {
                assert!(seen.insert(s.code), "step code {} appears twice", s.code);
            }
        }
    }

    #[test]
    fn order_matches_flows_md() {
        // The screen-by-screen design (shared/docs/flows.md) numbers each flow 1..n in order.
        let expect = [
            (FlowId::Start, "START", 1),
            (FlowId::Cug, "CUG", 10),
            (FlowId::Dms, "DMS", 8),
            (FlowId::Stil, "STIL", 8),
        ];
        for (flow, prefix, n) in expect {
            let codes: Vec<_> = flow.def().steps.iter().map(|s| s.code).collect();
            let want: Vec<String> = (1..=n).map(|i| format!("{prefix}-{i}")).collect();
            assert_eq!(codes, want, "flow {flow:?} out of order");
        }
    }

    #[test]
    fn kinds_match_flows_md() {
        // ⚙ steps in flows.md are app steps, ↗ steps are guide steps.
        let app = [
            "CUG-4", "CUG-5", "CUG-6", "CUG-7", "CUG-9", "DMS-2", "DMS-3", "DMS-4", "DMS-6",
            "DMS-7", "STIL-4", "STIL-5", "STIL-7",
        ];
        let guide = [
            "CUG-1", "CUG-2", "CUG-3", "CUG-8", "DMS-1", "DMS-5", "STIL-1", "STIL-2", "STIL-3",
            "STIL-6",
        ];
        for f in FlowId::ALL {
            for s in f.def().steps {
                if app.contains(&s.code) {
                    assert_eq!(s.kind.actor(), Actor::App, "{} should be ⚙", s.code);
                } else if guide.contains(&s.code) {
                    assert_eq!(s.kind, StepKind::Guide, "{} should be ↗", s.code);
                } else {
                    assert!(
                        matches!(s.kind, StepKind::Done | StepKind::Chooser),
                        "{} is neither ⚙, ↗, chooser nor done",
                        s.code
                    );
                }
            }
        }
    }

    #[test]
    fn requires_point_backwards_within_the_flow() {
        for f in FlowId::ALL {
            let def = f.def();
            for (i, s) in def.steps.iter().enumerate() {
                for r in s.requires {
                    let j = def
                        .index_of(r)
                        .unwrap_or_else(|| panic!("{} requires unknown {}", s.code, r));
                    assert!(j < i, "{} requires {} which is not earlier", s.code, r);
                }
                if i > 0 {
                    assert!(!s.requires.is_empty(), "{} requires nothing", s.code);
                }
            }
        }
    }

    #[test]
    fn answer_ids_unique_and_conditions_refer_to_earlier_choices() {
        for f in FlowId::ALL {
            let def = f.def();
            let ids = answer_ids(def);
            let mut seen = HashSet::new();
            for (_, id, _) in &ids {
                assert!(seen.insert(*id), "answer id {id} twice in {:?}", f);
            }
            let check = |at: usize, cond: &Cond, strictly_before: bool| {
                for (id, value) in cond.0 {
                    let (i, _, opts) = ids
                        .iter()
                        .find(|(_, x, _)| x == id)
                        .unwrap_or_else(|| panic!("condition names unknown answer {id}"));
                    let opts = opts.unwrap_or_else(|| panic!("condition on non-choice {id}"));
                    assert!(
                        opts.iter().any(|o| o.value == *value),
                        "{id} has no option {value}"
                    );
                    if strictly_before {
                        assert!(
                            *i < at,
                            "step condition on {id} is not from an earlier step"
                        );
                    } else {
                        assert!(*i <= at, "block condition on {id} comes from a later step");
                    }
                }
            };
            for (i, s) in def.steps.iter().enumerate() {
                if let Some(c) = &s.when {
                    check(i, c, true);
                }
                for bl in s.blocks {
                    if let Some(c) = &bl.when {
                        check(i, c, false);
                    }
                }
            }
        }
    }

    #[test]
    fn links_are_https() {
        for f in FlowId::ALL {
            for s in f.def().steps {
                for bl in s.blocks {
                    if let BlockBody::Link { url, .. } = bl.body {
                        assert!(url.starts_with("https://"), "{} links to {url}", s.code);
                    }
                }
            }
        }
    }

    #[test]
    fn finder_questions_lead_somewhere_real() {
        let ids: HashSet<_> = FINDER.iter().map(|q| q.id).collect();
        let mut flows = HashSet::new();
        for q in FINDER {
            for a in q.answers {
                match a.leads {
                    Leads::Question(next) => assert!(ids.contains(next), "unknown question {next}"),
                    Leads::Flow(f) => {
                        flows.insert(f);
                    }
                    Leads::Unknown => {}
                }
            }
        }
        assert_eq!(
            flows.len(),
            3,
            "the helper must be able to reach every flow"
        );
        assert!(FINDER.len() <= 3, "at most three plain questions");
    }

    fn keys_of(s: &StepDef) -> Vec<String> {
        let mut keys = Vec::new();
        for bl in s.blocks {
            block_keys(&bl.body, &mut keys);
        }
        keys
    }

    #[test]
    fn dms_roles_and_rights_come_before_registration_as_in_the_guide() {
        // DMS guide, Phase 2: Step 1 roles and rights in the Customer Portal (the UUID goes to
        // the technical onboarding team), Step 2 register in the certificate portal, then test.
        let dms5 = &DMS.steps[DMS.index_of("DMS-5").expect("DMS-5")];
        let keys = keys_of(dms5);
        let at = |k: &str| keys.iter().position(|x| x == k).unwrap_or(usize::MAX);
        assert!(at("dms5.roles") < at("dms5.s5_register"), "{keys:?}");
        assert!(
            dms5.blocks.iter().any(|b| matches!(
                b.body,
                BlockBody::Check {
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

    /// The Danish and English texts, for the rules that read what the screens say.
    fn texts(lang: &str) -> std::collections::BTreeMap<String, String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../../ui/src/i18n/{lang}.json"));
        serde_json::from_str(&std::fs::read_to_string(path).expect("locale file")).expect("json")
    }

    fn step_of(def: &FlowDef, code: &str) -> &'static StepDef {
        let i = def.index_of(code).expect("step");
        &def.steps[i]
    }

    fn ui_source(rel: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../ui/src")
            .join(rel);
        std::fs::read_to_string(path).expect("ui source")
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
    /// users get that host (and the screenshot's address as what they may see); production gets
    /// no portal link, only whom to ask.
    #[test]
    fn dms_5_shows_the_guides_host_to_test_users_and_no_production_host() {
        let dms5 = step_of(&DMS, "DMS-5");
        let links: Vec<(Option<Cond>, &str)> = dms5
            .blocks
            .iter()
            .filter_map(|b| match b.body {
                BlockBody::Link { url, .. } => Some((b.when, url)),
                _ => None,
            })
            .collect();
        let test = Some(Cond(&[("dms_env", "test")]));
        assert_eq!(
            links.first(),
            Some(&(test, "https://secureftpgateway.skat.dk/")),
            "the guide's host first, for test: {links:?}"
        );
        assert!(
            links.iter().all(|(w, _)| *w == test),
            "no portal link outside test: {links:?}"
        );
        let keys = keys_of(dms5);
        assert!(keys.iter().any(|k| k == "dms5.test_screenshot"));
        assert!(keys.iter().any(|k| k == "dms5.prod_address"));
        let da = texts("da");
        assert!(da["dms5.test_screenshot"].contains("secureftp.gatewaytest.skat.dk"));
        assert!(da["dms5.prod_address"].contains("Kundeportalen"));
        assert!(!da["dms5.prod_address"].contains("secureftpgateway"));
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
        assert!(keys_of(dms7).iter().any(|k| k == "dms7.optional"));
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
            assert!(da["dms1.types"].contains(name), "{name}");
        }
        assert!(!da["dms1.types"].contains("medarbejdercertifikat"));
        for k in ["dms1.guide_refs", "dms8.guide_refs"] {
            assert!(da[k].contains("DMS Connectivity Guide"), "{k}");
            assert!(da[k].contains("Installation and Registration"), "{k}");
            assert!(da[k].contains("1:10:00"), "{k}");
        }
        assert!(da["dms1.guide_refs"].contains("4.2"));
        assert!(keys_of(step_of(&DMS, "DMS-1")).contains(&"dms1.guide_refs".to_string()));
        assert!(keys_of(step_of(&DMS, "DMS-8")).contains(&"dms8.guide_refs".to_string()));
        assert!(!da["flow.dms.desc"].contains("Toldstyrelsen (UFST)"));
    }

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

    /// CUG guide: no "ask for a new certificate" for an expired code or a forgotten password,
    /// the next-day rule only for new accounts (L194-196), and no promise about the login box
    /// and subfolders.
    /// The review's Danish (issue 25.14): "du" for the person at the keyboard (who asks, types,
    /// sets up) and "I/jeres" only for the company, on purpose; STIL's name as STIL writes it
    /// (stil.dk: "Styrelsen for It og Læring"; the guides do not name the agency); "Bed X om at
    /// …", never "Bed X køre …".
    #[test]
    fn danish_du_for_the_person_and_the_agency_names() {
        let da = texts("da");
        for (k, person) in [
            ("stil2.s1_whitelist", "du vil bruge"),
            ("stil6.systemlogin", "hvordan du opretter det"),
            ("dms1.test_cert", "hvis du ikke ved"),
            ("stil3.test_cert", "hvis du ikke ved"),
        ] {
            assert!(da[k].contains(person), "{k}: {}", da[k]);
        }
        // The company stays "I" where it is the company that has or does it.
        assert!(da["stil6.systemlogin"].contains("at I har oprettet"));
        assert!(da["finder.who.stil"].contains("Styrelsen for It og Læring"));
        assert!(!da.values().any(|v| v.contains("Styrelsen for IT")));
        assert!(
            da["cug2.intro"].contains("Linket åbnes i din standardbrowser"),
            "{}",
            da["cug2.intro"]
        );
        for (k, v) in &da {
            let words: Vec<&str> = v
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            for (i, w) in words.iter().enumerate() {
                if *w == "Bed" || *w == "bed" {
                    assert!(
                        words[i + 1..].iter().take(5).any(|n| *n == "om"),
                        "{k}: “Bed … om at …”: {v}"
                    );
                }
            }
        }
    }

    /// The review's last partial and missing items (issue 25, "left" after session 9), read
    /// from the flow tables and the texts: each is on the step where the guide has it, in the
    /// guide's words, and what the guides do not say is labelled.
    #[test]
    fn the_reviews_last_guide_items_are_on_their_steps() {
        let da = texts("da");
        let on = |flow: &FlowDef, code: &str, key: &str| {
            assert!(
                keys_of(step_of(flow, code)).iter().any(|k| k == key),
                "{key} on {code}"
            );
        };
        // CUG 14: the file carries the name given on the order form (000:L40-44).
        on(&CUG, "CUG-3", "cug3.s5_save");
        for k in ["cug3.s5_save", "files.find_intro"] {
            assert!(
                da[k].contains("“Order for Closed User Group Certificate”"),
                "{k}: {}",
                da[k]
            );
        }
        // CUG 16: a way to open Downloads by hand when the search finds nothing (000:L54-82).
        assert!(da["files.none_found@windows"].contains("%userprofile%\\downloads"));
        for k in ["files.none_found", "files.none_found@windows"] {
            assert!(
                da[k].contains("“Vis i mappe”") && da[k].contains("Firefox"),
                "{k}"
            );
        }
        // CUG 31: where the appointment form's link sits on the page (000:L176-180).
        on(&CUG, "CUG-8", "cug8.new_sa");
        assert!(da["cug8.new_sa"].contains("den farvede boks nederst til højre"));
        // DMS 5: the company is responsible for its certificates (001:L30); I-D5: who issues
        // the certificate in MitID Erhverv is not in the guide, so it is labelled.
        on(&DMS, "DMS-1", "dms1.intro");
        let intro = &da["dms1.intro"];
        assert!(
            intro.contains("virksomheden selv, der har ansvaret"),
            "{intro}"
        );
        let label = intro.find("Ikke fra vejledningen:").expect("labelled");
        assert!(
            intro.find("administrator").is_some_and(|a| a > label),
            "{intro}"
        );
        // I-A3: the renewal list is the wizard's own, said so, and not "typisk".
        let renewal = &da["inspect.renewal_receivers"];
        assert!(renewal.starts_with("Ikke fra vejledningerne:"), "{renewal}");
        assert!(!renewal.contains("typisk"), "{renewal}");
        // STIL 37: the guide's example puts both environments in one case (002:L468-482).
        on(&STIL, "STIL-6", "stil6.ws_note");
        assert!(da["stil6.ws_note"].contains("begge miljøer i én sag"));
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

    /// STIL's guide covers only NemID/OCES2: the OCES3 route is labelled as the wizard's own on
    /// every screen where it appears, never "(anbefalet)".
    #[test]
    fn stil_oces3_route_is_labelled_as_not_from_the_guide() {
        let da = texts("da");
        assert!(!da["stil1.gen_oces3"].contains("anbefalet"));
        assert!(da["stil1.gen_oces3"].contains("står ikke i STILs vejledning"));
        assert!(da["stil1.oces3"].starts_with("STILs vejledning beskriver kun"));
        assert!(da["stil.oces3_not_in_guide"].starts_with("STILs vejledning beskriver kun"));
        for code in ["STIL-3", "STIL-5", "STIL-7"] {
            let s = step_of(&STIL, code);
            assert!(
                s.blocks
                    .iter()
                    .any(|b| b.when == Some(Cond(&[("stil_gen", "oces3")]))
                        && b.body
                            == BlockBody::Note {
                                text: "stil.oces3_not_in_guide",
                                tone: Tone::Warning
                            }),
                "{code}"
            );
        }
    }

    /// STIL-4 (the temporary password's handover) is an OCES2 step: passed over for OCES3. The
    /// "why" of STIL-5 no longer denies the chain check, and the guide's missing items are shown.
    #[test]
    fn stil_4_is_oces2_only_and_the_guides_missing_items_are_shown() {
        let stil4 = step_of(&STIL, "STIL-4");
        assert_eq!(stil4.when, Some(Cond(&[("stil_gen", "oces2")])));
        let da = texts("da");
        assert!(!da["step.STIL-5.why"].contains("ikke endnu"));
        assert!(keys_of(step_of(&STIL, "STIL-6")).contains(&"stil6.systemlogin".to_string()));
        assert!(da["stil6.systemlogin"].contains("systemlogin"));
        let stil2 = keys_of(step_of(&STIL, "STIL-2"));
        assert!(stil2.contains(&"stil2.valid_email".to_string()));
        assert!(stil2.contains(&"stil2.wrong_company".to_string()));
        assert!(da["stil2.valid_email"].contains("gyldig mailadresse"));
        assert!(da["stil2.wrong_company"].contains("forkert virksomhed"));
        assert!(da["stil2.s3_cvr"]
            .contains("Jeg bekræfter, at ovenstående CVR-oplysninger er korrekte"));
        assert!(da["stil3.price_prod"].contains("når du bestiller"));
        assert!(step_of(&STIL, "STIL-3").blocks.iter().any(|b| matches!(
            b.body,
            BlockBody::Link { url, .. } if url.starts_with("https://www.nets.eu/")
        ) && b.when
            == Some(Cond(&[("stil_gen", "oces2"), ("stil_env", "production")]))));
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

    /// The review's Danish rewrites (guide-fidelity-2026-12, part 3) stay in place.
    #[test]
    fn the_reviews_danish_rewrites_stay() {
        let da = texts("da");
        let all: Vec<(&String, &String)> = da.iter().collect();
        for (k, v) in &all {
            assert!(!v.contains("Tjekket af"), "{k}");
            assert!(!v.contains("online-session"), "{k}");
            assert!(!v.contains("Toldstyrelsen (UFST)"), "{k}");
            assert!(!v.contains("angiver deklarationer"), "{k}");
            assert!(!v.contains("læseren kan blive rettet"), "{k}");
            assert!(
                !v.replace("fremgangsmåde", "").contains("fremgang"),
                "{k}: {v}"
            );
            assert!(!v.contains("Bed en administrator køre"), "{k}");
            assert!(
                !v.contains("IT-afdeling") && !v.contains("IT-leverandør"),
                "{k}"
            );
            assert!(!v.contains('»'), "{k}: one style of quote marks");
        }
        assert_eq!(da["inspect.days_expired.one"], "udløbet for 1 dag siden");
        assert!(da["handover.damaged.one"].contains("Den er ikke slettet"));
        assert!(da["handover.damaged"].contains("De er ikke slettet"));
        assert_eq!(da["handover.method.sms"], "sms");
        assert_eq!(da["rehearse.score.2"], "let at gætte");
        assert!(da["inspect.summary"].starts_with("Et certifikat af typen {generation}"));
        assert_eq!(da["oces.generation.oces1"], "OCES I (TDC, før NemID)");
        // The 31 October 2023 date is the STIL guide's statement about Integrationsplatformen.
        assert!(!da["finding.cert.oces2_retired"].contains("Offentlige tjenester"));
        assert!(da["finding.cert.oces2_retired"].contains("Integrationsplatformen"));
    }

    /// No over-promise on the welcome screen, and the time says which steps wait for others.
    #[test]
    fn the_welcome_screen_promises_only_what_is_true() {
        let da = texts("da");
        assert!(!da["ui.welcome.calm"].contains("ødelægge"));
        assert!(da["ui.welcome.calm"].contains("sletter aldrig dine filer"));
        assert!(!da["ui.welcome.time"].contains("halv time"));
        assert!(da["ui.welcome.time"].contains("dagen efter"));
        assert!(da["ui.welcome.time"].contains("supportsag"));
    }

    #[test]
    fn cug_9_is_conditioned_on_a_working_login() {
        let cug9 = &CUG.steps[CUG.index_of("CUG-9").expect("CUG-9")];
        let cond = cug9.when.expect("conditional").0;
        assert!(cond.contains(&("cug_account", "replacing")));
        assert!(cond.contains(&("cug_login", "yes")));
    }

    #[test]
    fn parse_flow_names() {
        assert_eq!(FlowId::parse("CUG"), Some(FlowId::Cug));
        assert_eq!(FlowId::parse("stil"), Some(FlowId::Stil));
        assert_eq!(FlowId::parse("nope"), None);
    }
}
