import { parseAssertionKind } from "../features/assertions/assertionKinds";
import type { AssertionInput, DatasetItemInput } from "../gql/graphql";
import { CsvSyntaxError, parseCsv } from "./csv";

export type DatasetFormat = "empty" | "json" | "jsonl" | "csv";

export type DatasetParseResult =
  | { ok: true; format: DatasetFormat; items: DatasetItemInput[] }
  | { ok: false; format: DatasetFormat; error: string };

/** The column of a CSV header that holds the expected answer. */
export const EXPECTED_COLUMN = "expected";

const ROW_KEYS = new Set(["variables", "expected", "assertions"]);

/**
 * Read a dataset typed or pasted by a person: a JSON array of
 * `{ "variables": {...}, "expected": "...", "assertions": [{"kind": "contains", "value": "..."}] }`
 * objects (only "variables" is needed), JSON Lines of such objects (one a
 * line, as `runcast import-dataset` reads them), or CSV whose header row
 * names the variables (a column called `expected` holds the expected answer).
 * Blank text is an empty dataset.
 */
export function parseDataset(text: string): DatasetParseResult {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, format: "empty", items: [] };
  if (trimmed.startsWith("[")) return parseJsonDataset(trimmed);
  if (trimmed.startsWith("{")) return parseJsonLinesDataset(text);
  return parseCsvDataset(text);
}

function fail(format: DatasetFormat, error: string): DatasetParseResult {
  return { ok: false, format, error };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseJsonDataset(text: string): DatasetParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail("json", `Not valid JSON: ${reason}`);
  }
  if (!Array.isArray(value)) {
    return fail("json", "A JSON dataset must be an array of rows.");
  }
  const items: DatasetItemInput[] = [];
  for (const [index, row] of value.entries()) {
    const item = parseRow(row);
    if (typeof item === "string") return fail("json", `Row ${index + 1}: ${item}`);
    items.push(item);
  }
  return { ok: true, format: "json", items };
}

/** JSON Lines: one row object a line; blank lines are skipped, errors name their line. */
function parseJsonLinesDataset(text: string): DatasetParseResult {
  const items: DatasetItemInput[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === "") continue;
    const where = `Line ${index + 1}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return fail("jsonl", `${where}: not valid JSON (${reason}); JSON Lines hold one row object a line.`);
    }
    const item = parseRow(row);
    if (typeof item === "string") return fail("jsonl", `${where}: ${item}`);
    items.push(item);
  }
  return { ok: true, format: "jsonl", items };
}

/** One row object of a JSON or JSON Lines dataset, or why it cannot be read. */
function parseRow(row: unknown): DatasetItemInput | string {
  if (!isPlainObject(row)) return 'each row must be an object like {"variables": {...}}.';
  const unknown = Object.keys(row).filter((key) => !ROW_KEYS.has(key));
  if (unknown.length > 0) {
    return (
      `unknown key ${unknown.map((key) => `"${key}"`).join(", ")}; ` +
      `a row has "variables" and optionally "expected" and "assertions".`
    );
  }
  const { variables, expected, assertions } = row;
  if (variables !== undefined && !isPlainObject(variables)) return '"variables" must be an object.';
  if (expected !== undefined && expected !== null && typeof expected !== "string") return '"expected" must be a string.';
  const item: DatasetItemInput = { variables: variables ?? {} };
  if (typeof expected === "string") item.expected = expected;
  if (assertions !== undefined && assertions !== null) {
    const parsed = parseRowAssertions(assertions);
    if (typeof parsed === "string") return parsed;
    item.assertions = parsed;
  }
  return item;
}

/** A row's own assertions, or why they cannot be read. */
function parseRowAssertions(value: unknown): AssertionInput[] | string {
  if (!Array.isArray(value)) return '"assertions" must be an array like [{"kind": "contains", "value": "Paris"}].';
  const assertions: AssertionInput[] = [];
  for (const [position, entry] of value.entries()) {
    if (!isPlainObject(entry) || typeof entry.kind !== "string") {
      return `assertion ${position + 1} must be an object with a "kind".`;
    }
    const kind = parseAssertionKind(entry.kind);
    if (kind === undefined) return `assertion ${position + 1} has an unknown kind "${entry.kind}".`;
    const text = entry.value;
    const schema = kind === "JSON_SCHEMA" && (isPlainObject(text) || typeof text === "boolean");
    if (text !== undefined && typeof text !== "string" && typeof text !== "number" && !schema) {
      return `assertion ${position + 1}: "value" must be a string or a number (a JSON Schema may be an object).`;
    }
    const assertion: AssertionInput = { kind, value: text === undefined ? "" : schema ? JSON.stringify(text) : String(text) };
    for (const key of ["name", "weight", "threshold", "judge"] as const) {
      // checked by the API, which names the row's field when one is wrong
      if (entry[key] !== undefined) Object.assign(assertion, { [key]: entry[key] });
    }
    assertions.push(assertion);
  }
  return assertions;
}

function parseCsvDataset(text: string): DatasetParseResult {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return fail("csv", error.message);
    throw error;
  }
  const [header, ...rows] = records;
  if (header === undefined) return { ok: true, format: "empty", items: [] };

  const names = header.fields.map((name) => name.trim());
  const blank = names.findIndex((name) => name === "");
  if (blank >= 0) {
    return fail("csv", `Line ${header.line}: column ${blank + 1} of the header row has no name.`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    const key = name.toLowerCase() === EXPECTED_COLUMN ? EXPECTED_COLUMN : name;
    if (seen.has(key)) return fail("csv", `Line ${header.line}: column "${name}" appears twice.`);
    seen.add(key);
  }

  const items: DatasetItemInput[] = [];
  for (const row of rows) {
    if (row.fields.length !== names.length) {
      return fail(
        "csv",
        `Line ${row.line}: expected ${names.length} fields like the header, found ${row.fields.length}.`,
      );
    }
    const variables: Record<string, string> = {};
    const item: DatasetItemInput = { variables };
    names.forEach((name, column) => {
      const value = row.fields[column] ?? "";
      if (name.toLowerCase() === EXPECTED_COLUMN) {
        if (value !== "") item.expected = value;
      } else {
        variables[name] = value;
      }
    });
    items.push(item);
  }
  return { ok: true, format: "csv", items };
}
