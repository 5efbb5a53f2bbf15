// STIL-4's date and time, typed in separate Danish fields (dag, måned, år, tid as tt:mm)
// instead of the browser's own picker, whose order and words follow the computer's settings.
// What is stored is unchanged: "YYYY-MM-DDTHH:MM", as the handover log has always kept it.

/** The four fields as typed. */
export type DateParts = { day: string; month: string; year: string; time: string };

/** Which field a problem is in (the first one, in the order they are shown). */
export type DateField = "day" | "month" | "year" | "time";

/** The stored value, or the first problem: its text key, its field and its parameters. */
export type DateCheck =
  { value: string } | { key: string; field: DateField; params?: Record<string, string | number> };

export const emptyDate = (): DateParts => ({ day: "", month: "", year: "", time: "" });

function daysIn(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Check the four fields; the value is the log's form, e.g. "2026-11-22T10:30". */
export function checkDate(p: DateParts): DateCheck {
  const day = p.day.trim();
  const month = p.month.trim();
  const year = p.year.trim();
  const time = p.time.trim();
  for (const [field, v] of [
    ["day", day],
    ["month", month],
    ["year", year],
    ["time", time],
  ] as const) {
    if (v === "") return { key: "handover.date.missing", field };
  }
  if (!/^\d{1,2}$/.test(month) || +month < 1 || +month > 12) {
    return { key: "handover.date.month_invalid", field: "month" };
  }
  if (!/^\d{4}$/.test(year) || +year < 2000 || +year > 2099) {
    return { key: "handover.date.year_invalid", field: "year" };
  }
  const max = daysIn(+month, +year);
  if (!/^\d{1,2}$/.test(day) || +day < 1 || +day > max) {
    return { key: "handover.date.day_invalid", field: "day", params: { max } };
  }
  // "10:30" as asked, and "10.30" as Danish often writes it.
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(time);
  if (!m || +m[1] > 23 || +m[2] > 59) {
    return { key: "handover.date.time_invalid", field: "time" };
  }
  return { value: `${year}-${pad(+month)}-${pad(+day)}T${pad(+m[1])}:${m[2]}` };
}
