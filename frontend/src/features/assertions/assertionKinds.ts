import type { AssertionKind } from "../../gql/graphql";

/** How the web app presents one kind of assertion. */
export interface AssertionKindInfo {
  kind: AssertionKind;
  /** Reads as a phrase after "the output": "contains", "is JSON". */
  label: string;
  /** What the value is, for the value field's placeholder; null when the kind takes none. */
  valueHint: string | null;
  numeric: boolean;
  /** Whether the value is long text (a JSON Schema, a rubric), edited in a text area. */
  multiline?: boolean;
  /** Whether it measures a score from 0 to 1 that passes at a threshold. */
  scored?: boolean;
  /** Whether a judge model grades it, with model settings of its own. */
  judged?: boolean;
  /** Whether an embedding model may measure it, with model settings of its own. */
  embedded?: boolean;
}

/** Every kind the API knows, in the order the form offers them. */
export const ASSERTION_KINDS: readonly AssertionKindInfo[] = [
  { kind: "CONTAINS", label: "contains", valueHint: "text", numeric: false },
  { kind: "ICONTAINS", label: "contains, ignoring case", valueHint: "text", numeric: false },
  { kind: "NOT_CONTAINS", label: "does not contain", valueHint: "text", numeric: false },
  { kind: "EQUALS", label: "equals", valueHint: "text", numeric: false },
  { kind: "STARTS_WITH", label: "starts with", valueHint: "text", numeric: false },
  { kind: "REGEX", label: "matches regex", valueHint: "pattern", numeric: false },
  { kind: "NOT_REGEX", label: "does not match regex", valueHint: "pattern", numeric: false },
  { kind: "IS_JSON", label: "is JSON", valueHint: null, numeric: false },
  { kind: "JSON_SCHEMA", label: "matches JSON Schema", valueHint: "JSON Schema", numeric: false, multiline: true },
  {
    kind: "SIMILAR",
    label: "is similar to",
    valueHint: "text (empty: the expected answer)",
    numeric: false,
    scored: true,
    embedded: true,
  },
  {
    kind: "LLM_JUDGE",
    label: "is judged by a model to meet",
    valueHint: "rubric, e.g. The answer names the capital city.",
    numeric: false,
    multiline: true,
    scored: true,
    judged: true,
  },
  { kind: "MAX_LATENCY_MS", label: "latency at most", valueHint: "milliseconds", numeric: true },
  { kind: "MAX_TOKENS", label: "output tokens at most", valueHint: "tokens", numeric: true },
  { kind: "MAX_COST", label: "cost at most", valueHint: "USD", numeric: true },
];

const BY_KIND = new Map(ASSERTION_KINDS.map((info) => [info.kind, info]));

export function assertionKindInfo(kind: AssertionKind): AssertionKindInfo {
  const info = BY_KIND.get(kind);
  if (info === undefined) throw new Error(`unknown assertion kind ${kind}`);
  return info;
}

/** Whether `text` names a kind, in the API's spelling or in lower case (`max_tokens`). */
export function parseAssertionKind(text: string): AssertionKind | undefined {
  const upper = text.trim().toUpperCase();
  return ASSERTION_KINDS.find((info) => info.kind === upper)?.kind;
}

/** `contains “Paris”`, `latency at most 800 ms`, `is JSON`. */
export function describeAssertion({ kind, value }: { kind: AssertionKind; value: string }): string {
  const info = assertionKindInfo(kind);
  if (info.valueHint === null) return info.label;
  if (kind === "MAX_LATENCY_MS") return `${info.label} ${value} ms`;
  if (kind === "MAX_COST") return `${info.label} $${value}`;
  if (kind === "JSON_SCHEMA") return info.label;
  if (kind === "LLM_JUDGE") return `judged by a model: “${value}”`;
  if (kind === "SIMILAR" && value === "") return `${info.label} the expected answer`;
  if (info.numeric) return `${info.label} ${value}`;
  return `${info.label} “${value}”`;
}
