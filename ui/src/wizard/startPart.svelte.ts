// START-1 in parts, one thing per page: a short start page (what the guide does, what to have
// ready, how long), then the one question "Hvad skal certifikatet bruges til?", and after "Jeg
// ved det ikke" a page for each of the finder's plain questions and one for its answer, each
// with its own heading (`title`: a text key and the flow it names, if any). The start page is
// shown once per session; coming back to START-1 later goes straight to the question.
export const startPart = $state<{
  part: "welcome" | "question" | "finder";
  title: { key: string; flow?: string } | null;
}>({ part: "welcome", title: null });
