import { formatPercent } from "../../lib/format";
import "./ScoreBadge.css";

/** An item's score (the share of its assertions that held), coloured by how good it is. */
export function ScoreBadge({ score }: { score: number | null | undefined }) {
  if (score === null || score === undefined) return <span className="muted">—</span>;
  const tone = score >= 1 ? "pass" : score <= 0 ? "fail" : "partial";
  return <span className={`score score--${tone}`}>{formatPercent(score)}</span>;
}
