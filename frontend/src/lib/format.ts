const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const cost = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3 });
const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

const shortDateTime = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
const clockTime = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** `08:43:10` today, `Nov 25, 08:43` on another day: enough to tell runs of one experiment apart in a list. */
export function formatShortDateTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toDateString() === now.toDateString() ? clockTime.format(date) : shortDateTime.format(date);
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

/** Two fractions as a range of percentages: `39.7%–89.2%`. */
export function formatInterval(low: number, high: number): string {
  return `${percent.format(low)}–${percent.format(high)}`;
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

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit", fractionalSecondDigits: 1 });

/** The time of day to a tenth of a second, for steps that follow each other closely. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : time.format(date);
}

/** `850 ms`, `1.25 s`; a dash when unknown. */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (Math.abs(ms) < 1000) return `${integer.format(ms)} ms`;
  return `${new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(ms / 1000)} s`;
}

/** A difference with its sign, `+3` or `−2.5` (a true minus sign); null when zero or unknown. */
export function formatSigned(value: number | null | undefined, format: (magnitude: number) => string): string | null {
  if (value === null || value === undefined || value === 0) return null;
  return `${value > 0 ? "+" : "−"}${format(Math.abs(value))}`;
}

/** A difference of two fractions in percentage points: `+12.5 pp`. */
export function formatPoints(fraction: number): string {
  return `${decimal.format(fraction * 100)} pp`;
}
