//! The "I'm not sure" helper of START-1.

use super::*;

/// An answer that points to `flow` (`text`: its i18n key).
const fn to_flow(text: &'static str, flow: FlowId) -> FinderAnswer {
    FinderAnswer {
        text,
        leads: Leads::Flow(flow),
    }
}

/// An answer that asks the question `next`.
const fn ask_next(text: &'static str, next: &'static str) -> FinderAnswer {
    FinderAnswer {
        text,
        leads: Leads::Question(next),
    }
}

/// An answer nothing fits: whom to ask.
const fn unknown(text: &'static str) -> FinderAnswer {
    FinderAnswer {
        text,
        leads: Leads::Unknown,
    }
}

/// The "I'm not sure" helper of START-1: two or three plain questions that point to a flow.
pub static FINDER: &[Question] = &[
    Question {
        id: "who",
        text: "finder.who.q",
        answers: &[
            to_flow("finder.who.dkma", FlowId::Cug),
            to_flow("finder.who.customs", FlowId::Dms),
            to_flow("finder.who.stil", FlowId::Stil),
            ask_next("finder.who.dontknow", "what"),
        ],
    },
    Question {
        id: "what",
        text: "finder.what.q",
        answers: &[
            to_flow("finder.what.code_letter", FlowId::Cug),
            ask_next("finder.what.mitid", "use"),
            ask_next("finder.what.nothing", "use"),
        ],
    },
    Question {
        id: "use",
        text: "finder.use.q",
        answers: &[
            to_flow("finder.use.medicine", FlowId::Cug),
            to_flow("finder.use.declarations", FlowId::Dms),
            to_flow("finder.use.school", FlowId::Stil),
            unknown("finder.use.other"),
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

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

    /// The finder's plain questions and answers name no file extension or format (".p12
    /// eller .pfx" was on its second page): a user knows the file by where it came from.
    #[test]
    fn the_finders_texts_are_plain() {
        for lang in ["da", "en"] {
            let t = super::super::testkit::texts(lang);
            for q in FINDER {
                for key in std::iter::once(q.text).chain(q.answers.iter().map(|a| a.text)) {
                    let text = &t[key];
                    let lower = text.to_lowercase();
                    for word in [".p12", ".pfx", "pkcs", ".cer", ".html"] {
                        assert!(!lower.contains(word), "{lang} {key}: {text}");
                    }
                }
            }
        }
    }
}
