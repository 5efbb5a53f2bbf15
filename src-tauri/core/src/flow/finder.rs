//! The "I'm not sure" helper of START-1.

use super::*;

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
}
