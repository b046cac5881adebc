const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const cost = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 4 });
const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function formatInteger(value: number): string {
  return integer.format(value);
}

export function formatDecimal(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : decimal.format(value);
}

export function formatCost(value: number): string {
  return value === 0 ? "0" : cost.format(value);
}

export function formatPercent(fraction: number | null | undefined): string {
  return fraction === null || fraction === undefined ? "—" : percent.format(fraction);
}

/** `1.2 s`, `3 min 4 s`, `2 h 5 min`; a dash when it has not started. */
export function formatDuration(startIso: string | null | undefined, endIso: string | null | undefined, now: Date = new Date()): string {
  if (!startIso) return "—";
  const start = new Date(startIso).getTime();
  const end = endIso ? new Date(endIso).getTime() : now.getTime();
  const ms = Math.max(0, end - start);
  if (ms < 60_000) return `${decimal.format(ms / 1000)} s`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/** A compact, single-line rendering of a JSON value for tables. */
export function formatJson(value: unknown): string {
  if (value === undefined) return "—";
  return JSON.stringify(value) ?? "—";
}
