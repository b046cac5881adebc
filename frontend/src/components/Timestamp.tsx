import { formatDateTime } from "../lib/format";

/** A date and time in the reader's locale, machine-readable in `dateTime`. */
export function Timestamp({ value }: { value: string | null | undefined }) {
  if (!value) return <span className="muted">—</span>;
  return <time dateTime={value}>{formatDateTime(value)}</time>;
}
