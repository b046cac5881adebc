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
  });
});
