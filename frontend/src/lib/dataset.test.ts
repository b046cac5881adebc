import { describe, expect, it } from "vitest";
import { parseDataset } from "./dataset";

describe("parseDataset", () => {
  it("reads blank text as no rows", () => {
    expect(parseDataset("  \n ")).toEqual({ ok: true, format: "empty", items: [] });
  });

  describe("JSON", () => {
    it("reads an array of rows with variables and expected answers", () => {
      const result = parseDataset('[{"variables": {"name": "Ada"}}, {"variables": {"name": "Alan", "n": 2}, "expected": "Hi"}]');
      expect(result).toEqual({
        ok: true,
        format: "json",
        items: [{ variables: { name: "Ada" } }, { variables: { name: "Alan", n: 2 }, expected: "Hi" }],
      });
    });

    it("treats a null expected as none and missing variables as empty", () => {
      expect(parseDataset('[{"expected": null}]')).toEqual({ ok: true, format: "json", items: [{ variables: {} }] });
    });

    it("reports invalid JSON", () => {
      const result = parseDataset('[{"variables": ]');
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toMatch(/^Not valid JSON/);
    });


    it("names the row whose shape is wrong", () => {
      expect(parseDataset('[{"variables": {}}, 3]')).toMatchObject({ ok: false, error: expect.stringMatching(/^Row 2: each row must be an object/) });
      expect(parseDataset('[{"variables": []}]')).toMatchObject({ ok: false, error: 'Row 1: "variables" must be an object.' });
      expect(parseDataset('[{"variables": {}, "expected": 4}]')).toMatchObject({ ok: false, error: 'Row 1: "expected" must be a string.' });
      expect(parseDataset('[{"vars": {}}]')).toMatchObject({ ok: false, error: expect.stringMatching(/^Row 1: unknown key "vars"/) });
    });

    it("reads a row's own assertions, in either spelling of the kind", () => {
      const result = parseDataset('[{"variables": {"city": "Paris"}, "assertions": [{"kind": "icontains", "value": "paris"}, {"kind": "MAX_TOKENS", "value": 20}, {"kind": "is_json"}]}]');
      expect(result).toEqual({
        ok: true,
        format: "json",
        items: [
          {
            variables: { city: "Paris" },
            assertions: [
              { kind: "ICONTAINS", value: "paris" },
              { kind: "MAX_TOKENS", value: "20" },
              { kind: "IS_JSON", value: "" },
            ],
          },
        ],
      });
    });

    it("names the assertion that cannot be read", () => {
      expect(parseDataset('[{"variables": {}, "assertions": {"kind": "contains"}}]')).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^Row 1: "assertions" must be an array/),
      });
      expect(parseDataset('[{"variables": {}, "assertions": [{"kind": "shorter_than", "value": "3"}]}]')).toMatchObject({
        ok: false,
        error: 'Row 1: assertion 1 has an unknown kind "shorter_than".',
      });
    });
  });

  describe("JSON Lines", () => {
    it("reads one row object a line, skipping blank lines", () => {
      const result = parseDataset('{"variables": {"name": "Ada"}, "expected": "Hi"}\n\n{"variables": {"name": "Alan"}, "assertions": [{"kind": "contains", "value": "Alan"}]}\r\n');
      expect(result).toEqual({
        ok: true,
        format: "jsonl",
        items: [
          { variables: { name: "Ada" }, expected: "Hi" },
          { variables: { name: "Alan" }, assertions: [{ kind: "CONTAINS", value: "Alan" }] },
        ],
      });
    });

    it("reads a single object as a dataset of one row", () => {
      expect(parseDataset('{"variables": {}}')).toEqual({ ok: true, format: "jsonl", items: [{ variables: {} }] });
    });

    it("names the line that is not JSON or not a row", () => {
      expect(parseDataset('{"variables": {}}\n{"variables": ')).toMatchObject({
        ok: false,
        format: "jsonl",
        error: expect.stringMatching(/^Line 2: not valid JSON \(.*\); JSON Lines hold one row object a line\.$/),
      });
      expect(parseDataset('{"variables": {}}\n\n[1]')).toMatchObject({ ok: false, error: expect.stringMatching(/^Line 3: each row must be an object/) });
      expect(parseDataset('{"vars": {}}')).toMatchObject({ ok: false, error: expect.stringMatching(/^Line 1: unknown key "vars"/) });
    });
  });

  describe("CSV", () => {
    it("uses the header row as variable names and `expected` as the answer", () => {
      const result = parseDataset('name,city,Expected\nAda,London,"Hello, Ada"\nAlan,Wilmslow,\n');
      expect(result).toEqual({
        ok: true,
        format: "csv",
        items: [
          { variables: { name: "Ada", city: "London" }, expected: "Hello, Ada" },
          { variables: { name: "Alan", city: "Wilmslow" } },
        ],
      });
    });

    it("trims header names", () => {
      expect(parseDataset(" name ,  topic\nAda,maths")).toMatchObject({ items: [{ variables: { name: "Ada", topic: "maths" } }] });
    });

    it("reads a header alone as no rows", () => {
      expect(parseDataset("name\n")).toEqual({ ok: true, format: "csv", items: [] });
    });

    it("reports rows with the wrong number of fields by line", () => {
      expect(parseDataset("name,topic\nAda,maths\nAlan")).toEqual({
        ok: false,
        format: "csv",
        error: "Line 3: expected 2 fields like the header, found 1.",
      });
    });

    it("reports unnamed and repeated columns", () => {
      expect(parseDataset("name,,x\n1,2,3")).toMatchObject({ ok: false, error: "Line 1: column 2 of the header row has no name." });
      expect(parseDataset("name,name\n1,2")).toMatchObject({ ok: false, error: 'Line 1: column "name" appears twice.' });
      expect(parseDataset("expected,EXPECTED\n1,2")).toMatchObject({ ok: false, error: 'Line 1: column "EXPECTED" appears twice.' });
    });

    it("reports CSV syntax errors", () => {
      expect(parseDataset('name\n"Ada')).toMatchObject({ ok: false, format: "csv", error: "Line 2: a quoted field is not closed" });
    });
  });
});
