import { describe, expect, it } from "vitest";
import type { MeasureComparisonFieldsFragment } from "../../gql/graphql";
import { MEASURES } from "./measures";
import { significanceDetail, significanceText } from "./significance";

const tested = (overrides: Partial<MeasureComparisonFieldsFragment> = {}): MeasureComparisonFieldsFragment => ({
  measure: "PASS_RATE",
  paired: true,
  baseRows: 8,
  otherRows: 8,
  delta: 0.042,
  interval: { low: -0.1, high: 0.184 },
  pValue: 0.62,
  test: "MCNEMAR_EXACT",
  significant: false,
  ...overrides,
});

describe("significanceText", () => {
  it("says the difference in points and that it is not significant", () => {
    expect(significanceText(tested(), MEASURES.fraction)).toBe("+4.2 pp, not significant");
  });

  it("says a significant fall with a true minus sign", () => {
    expect(significanceText(tested({ delta: -0.5, pValue: 0.0078, significant: true }), MEASURES.fraction)).toBe(
      "−50 pp, significant",
    );
  });

  it("says when there were too few rows to test, and when nothing can be compared", () => {
    expect(significanceText(tested({ pValue: null, test: null, interval: null }), MEASURES.fraction)).toBe(
      "+4.2 pp, too few rows to test",
    );
    expect(significanceText(tested({ delta: null, pValue: null }), MEASURES.fraction)).toBe("—");
  });

  it("writes latency differences in milliseconds", () => {
    expect(significanceText(tested({ measure: "LATENCY_P50_MS", delta: 120, interval: null }), MEASURES.latency)).toBe(
      "+120 ms, not significant",
    );
  });
});

describe("significanceDetail", () => {
  it("gives p, the interval, the test and its rows", () => {
    expect(significanceDetail(tested(), MEASURES.fraction)).toBe(
      "p = 0.62 · 95 % CI −10 pp to +18.4 pp · McNemar's exact test, 8 paired rows",
    );
  });

  it("names both sides' rows when unpaired, and leaves out an interval it has not", () => {
    expect(
      significanceDetail(
        tested({ paired: false, otherRows: 6, test: "MOOD_MEDIAN", interval: null, pValue: 0.25 }),
        MEASURES.latency,
      ),
    ).toBe("p = 0.25 · Mood's median test, 8 and 6 rows");
  });
});
