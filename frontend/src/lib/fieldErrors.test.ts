import { parseDataset } from "./dataset";
import { describe, expect, it } from "vitest";
import { describePath, fieldErrorsFrom, fieldKeyFor, FORM_LEVEL, hasFieldErrors } from "./fieldErrors";

const KEYS = ["name", "prompt", "model.temperature", "model.maxTokens", "dataset"] as const;

describe("fieldKeyFor", () => {
  it("maps a path to the field of the same name", () => {
    expect(fieldKeyFor("name", KEYS)).toBe("name");
    expect(fieldKeyFor("model.temperature", KEYS)).toBe("model.temperature");
  });

  it("maps a deeper path to the field that owns it", () => {
    expect(fieldKeyFor("dataset.1.variables", KEYS)).toBe("dataset");
    expect(fieldKeyFor("dataset.12.expected", KEYS)).toBe("dataset");
  });

  it("only matches whole path segments", () => {
    expect(fieldKeyFor("names", KEYS)).toBe(FORM_LEVEL);
    expect(fieldKeyFor("datasetX.1", KEYS)).toBe(FORM_LEVEL);
  });

  it("ignores a leading input argument", () => {
    expect(fieldKeyFor("input.prompt", KEYS)).toBe("prompt");
  });

  it("gives paths no field owns to the form", () => {
    expect(fieldKeyFor("budget.maxCost", KEYS)).toBe(FORM_LEVEL);
    expect(fieldKeyFor("", KEYS)).toBe(FORM_LEVEL);
  });

  it("prefers the most specific key", () => {
    expect(fieldKeyFor("model.temperature", ["model", "model.temperature"])).toBe("model.temperature");
    expect(fieldKeyFor("model.maxTokens", ["model", "model.temperature"])).toBe("model");
  });
});

describe("fieldErrorsFrom", () => {
  it("places every detail of a ValidationError on its field", () => {
    const errors = fieldErrorsFrom(
      {
        field: "name",
        message: "String should have at least 1 character",
        errors: [
          { location: ["name"], message: "String should have at least 1 character" },
          { location: ["model", "temperature"], message: "Input should be less than or equal to 2" },
        ],
      },
      KEYS,
    );
    expect(errors).toEqual({
      name: ["String should have at least 1 character"],
      "model.temperature": ["Input should be less than or equal to 2"],
    });
  });

  it("names the dataset row in messages shown under the dataset box", () => {
    const errors = fieldErrorsFrom(
      {
        field: "dataset.1.variables",
        message: "the row has no value for variable 'name'",
        errors: [{ location: ["dataset", "1", "variables"], message: "the row has no value for variable 'name'" }],
      },
      KEYS,
    );
    expect(errors.dataset).toEqual(["Row 2 › variables: the row has no value for variable 'name'"]);
  });

  it("falls back to `field` and `message` when no details are listed", () => {
    expect(fieldErrorsFrom({ field: "name", message: "An experiment named x exists", errors: [] }, KEYS)).toEqual({
      name: ["An experiment named x exists"],
    });
    expect(fieldErrorsFrom({ message: "Conflict" }, KEYS)).toEqual({ [FORM_LEVEL]: ["Conflict"] });
  });

  it("keeps messages for unknown fields at form level, with their path", () => {
    const errors = fieldErrorsFrom(
      { message: "bad", errors: [{ location: ["budget", "maxCost"], message: "must be positive" }] },
      KEYS,
    );
    expect(errors[FORM_LEVEL]).toEqual(["Budget › maxCost: must be positive"]);
  });

  it("does not repeat the same message", () => {
    const detail = { location: ["prompt"], message: "required" };
    expect(fieldErrorsFrom({ message: "required", errors: [detail, detail] }, KEYS).prompt).toEqual(["required"]);
  });
});

describe("describePath", () => {
  it("reads indexes as rows", () => {
    expect(describePath(["3", "expected"])).toBe("Row 4 › expected");
    expect(describePath(["variables"])).toBe("Variables");
  });

  it("reads an index under assertions as an assertion", () => {
    expect(describePath(["2", "assertions", "0"])).toBe("Row 3 › assertion 1");
  });
});

describe("hasFieldErrors", () => {
  it("is false for no messages", () => {
    expect(hasFieldErrors({})).toBe(false);
    expect(hasFieldErrors({ name: [] })).toBe(false);
    expect(hasFieldErrors({ name: ["x"] })).toBe(true);
  });
  it("numbers a dataset row as the browser's own check does, from 1", () => {
    const browser = parseDataset('[{"variables": {"name": "Ada"}}, {"variables": []}]');
    const server = fieldErrorsFrom(
      { message: "bad", field: "dataset.1.variables", errors: [{ location: ["dataset", "1", "variables"], message: "bad" }] },
      ["dataset"],
    );

    expect(browser).toMatchObject({ ok: false, error: expect.stringMatching(/^Row 2:/) });
    expect(server.dataset).toEqual(["Row 2 › variables: bad"]);
  });
});
