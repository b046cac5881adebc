import "./ProgressBar.css";

export interface ProgressBarProps {
  succeeded: number;
  failed: number;
  total: number;
  /** Accessible name, e.g. "Run progress". */
  label: string;
  /** Show the counts next to the bar. */
  showCounts?: boolean;
  size?: "regular" | "small";
}

/** The share of a bar `part` takes, in percent, clamped to 0–100. */
export function percentOf(part: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, (part / total) * 100));
}

/**
 * Items done out of all: succeeded in green, failed in red, both counted as
 * done. Exposed as a progressbar whose value is the number of items done.
 */
export function ProgressBar({ succeeded, failed, total, label, showCounts = true, size = "regular" }: ProgressBarProps) {
  const done = Math.min(total, succeeded + failed);
  const valueText =
    total === 0
      ? "No items"
      : `${done} of ${total} items done` + (failed > 0 ? `, ${failed} failed` : "");
  const succeededWidth = percentOf(Math.min(succeeded, total), total);
  const failedWidth = Math.min(100 - succeededWidth, percentOf(failed, total));
  return (
    <div className={`progress progress--${size}`}>
      <div
        className="progress__track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={valueText}
      >
        <div className="progress__fill progress__fill--succeeded" style={{ width: `${succeededWidth}%` }} />
        <div className="progress__fill progress__fill--failed" style={{ width: `${failedWidth}%` }} />
      </div>
      {showCounts && (
        <span className="progress__counts" aria-hidden="true">
          {total === 0 ? "No items" : `${done} / ${total}`}
          {failed > 0 && <span className="progress__failed"> · {failed} failed</span>}
        </span>
      )}
    </div>
  );
}
