import { formatSigned } from "../../lib/format";
import { deltaTone } from "./deltas";
import type { Measure } from "./measures";

const TONE_WORD = { better: "better", worse: "worse", changed: "", same: "", unknown: "" } as const;

/**
 * A difference as a signed, coloured chip; the words (and the sign), not
 * only the colour, say whether it is better or worse.
 */
export function Delta({ value, measure }: { value: number | null | undefined; measure: Measure }) {
  const tone = deltaTone(value, measure.direction);
  const text = formatSigned(value, measure.formatDelta);
  if (text === null) {
    return (
      <span className={`delta delta--${tone}`} data-tone={tone}>
        {tone === "same" ? "no change" : "—"}
      </span>
    );
  }
  return (
    <span className={`delta delta--${tone}`} data-tone={tone}>
      {text}
      {TONE_WORD[tone] && <span className="visually-hidden"> ({TONE_WORD[tone]})</span>}
    </span>
  );
}
