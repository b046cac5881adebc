import { describe, expect, it } from "vitest";
import { describeAssertion, parseAssertionKind } from "./assertionKinds";

describe("assertion kinds", () => {
  it("reads a kind in the API's spelling or in lower case", () => {
    expect(parseAssertionKind("MAX_TOKENS")).toBe("MAX_TOKENS");
    expect(parseAssertionKind(" not_contains ")).toBe("NOT_CONTAINS");
    expect(parseAssertionKind("shorter_than")).toBeUndefined();
  });

  it("describes an assertion as a phrase about the output", () => {
    expect(describeAssertion({ kind: "CONTAINS", value: "Paris" })).toBe("contains “Paris”");
    expect(describeAssertion({ kind: "IS_JSON", value: "" })).toBe("is JSON");
    expect(describeAssertion({ kind: "MAX_LATENCY_MS", value: "800" })).toBe("latency at most 800 ms");
    expect(describeAssertion({ kind: "MAX_TOKENS", value: "15" })).toBe("output tokens at most 15");
    expect(describeAssertion({ kind: "MAX_COST", value: "0.01" })).toBe("cost at most $0.01");
    expect(describeAssertion({ kind: "SIMILAR", value: "" })).toBe("is similar to the expected answer");
    expect(describeAssertion({ kind: "JSON_SCHEMA", value: '{"type": "object"}' })).toBe("matches JSON Schema");
    expect(describeAssertion({ kind: "LLM_JUDGE", value: "Is polite." })).toBe("judged by a model: “Is polite.”");
  });
});
