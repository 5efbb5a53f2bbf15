// START-1 in two parts, one thing per page: a short start page (what the guide does, what to
// have ready, how long), then the one question "Hvad skal certifikatet bruges til?". The start
// page is shown once per session; coming back to START-1 later goes straight to the question.
export const startPart = $state<{ part: "welcome" | "question" }>({ part: "welcome" });
