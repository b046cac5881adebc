import type { MeasureComparisonFieldsFragment, SignificanceTest } from "../../gql/graphql";
import { formatSigned } from "../../lib/format";
import type { Measure } from "./measures";

const TEST_NAMES: Record<SignificanceTest, string> = {
  MCNEMAR_EXACT: "McNemar's exact test",
  FISHER_EXACT: "Fisher's exact test",
  PAIRED_T: "paired t test",
  WELCH_T: "Welch's t test",
  PERMUTATION: "exact permutation test",
  SIGN_TEST: "sign test",
  MOOD_MEDIAN: "Mood's median test",
};

const pValue = new Intl.NumberFormat("en", { maximumSignificantDigits: 2 });

/** A signed difference as its measure writes it: `+4.2 pp`, `−120 ms`, `no change`. */
function signed(delta: number, measure: Measure): string {
  return formatSigned(delta, measure.formatDelta) ?? "no change";
}

/**
 * The difference of one measure and whether it is more than noise, in the
 * words a reader wants first: `+4.2 pp, not significant`.
 */
export function significanceText(comparison: MeasureComparisonFieldsFragment, measure: Measure): string {
  if (comparison.delta === null) return "—";
  const verdict =
    comparison.pValue === null ? "too few rows to test" : comparison.significant ? "significant" : "not significant";
  return `${signed(comparison.delta, measure)}, ${verdict}`;
}

/** How the verdict was reached: p, the 95 % interval of the difference, the test and its rows. */
export function significanceDetail(comparison: MeasureComparisonFieldsFragment, measure: Measure): string | null {
  if (comparison.pValue === null || comparison.test === null) return null;
  const parts = [`p = ${pValue.format(comparison.pValue)}`];
  const { interval } = comparison;
  if (interval) parts.push(`95 % CI ${signed(interval.low, measure)} to ${signed(interval.high, measure)}`);
  const rows = comparison.paired
    ? `${comparison.baseRows} paired rows`
    : `${comparison.baseRows} and ${comparison.otherRows} rows`;
  parts.push(`${TEST_NAMES[comparison.test]}, ${rows}`);
  return parts.join(" · ");
}
