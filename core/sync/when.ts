/** A snapshot time for messages: `2026-11-24 18:35 UTC` (messages go to logs read on other machines). */
export function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
