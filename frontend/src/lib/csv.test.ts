import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv } from "./csv";

describe("parseCsv", () => {
  it("splits records and fields", () => {
    expect(parseCsv("a,b\n1,2\n")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
    ]);
  });

  it("reads quoted fields with commas, quotes and line breaks", () => {
    const records = parseCsv('name,text\nAda,"Hello, ""world""\nagain"\nAlan,x');
    expect(records).toEqual([
      { line: 1, fields: ["name", "text"] },
      { line: 2, fields: ["Ada", 'Hello, "world"\nagain'] },
      { line: 4, fields: ["Alan", "x"] },
    ]);
  });

  it("accepts CRLF line endings and a missing final newline", () => {
    expect(parseCsv("a,b\r\n1,2").map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("skips blank lines but keeps empty fields", () => {
    expect(parseCsv("a,b\n\n1,\n").map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["1", ""],
    ]);
  });

  it("keeps an explicitly quoted empty record", () => {
    expect(parseCsv('a\n""\n').map((r) => r.fields)).toEqual([["a"], [""]]);
  });

  it("keeps a quote inside an unquoted field", () => {
    expect(parseCsv('size\n5" screen').map((r) => r.fields)).toEqual([["size"], ['5" screen']]);
  });

  it("rejects an unclosed quote, naming its line", () => {
    expect(() => parseCsv('a\n"open')).toThrowError(new CsvSyntaxError("a quoted field is not closed", 2));
  });

  it("rejects text after a closing quote", () => {
    expect(() => parseCsv('"a"b')).toThrow(/Line 1: unexpected text after a closing quote/);
  });
});
