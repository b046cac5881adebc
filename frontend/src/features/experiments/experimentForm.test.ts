import { describe, expect, it } from "vitest";
import { INITIAL_VALUES, toCreateExperimentInput } from "./experimentForm";

const values = (overrides: Partial<typeof INITIAL_VALUES>) => ({ ...INITIAL_VALUES, name: "greetings", prompt: "Hi {{name}}", ...overrides });

describe("toCreateExperimentInput", () => {
  it("builds the mutation input from the form", () => {
    const result = toCreateExperimentInput(
      values({ temperature: "0.2", maxTokens: "64", systemPrompt: "Be brief.", dataset: "name\nAda\nAlan" }),
    );
    expect(result).toEqual({
      ok: true,
      input: {
        name: "greetings",
        description: "",
        prompt: "Hi {{name}}",
        model: { executor: "SIMULATED", model: "simulated-1", temperature: 0.2, maxTokens: 64, systemPrompt: "Be brief." },
        dataset: [{ variables: { name: "Ada" } }, { variables: { name: "Alan" } }],
      },
    });
  });

  it("leaves out what is blank so the API's defaults apply", () => {
    const result = toCreateExperimentInput(values({ model: " ", temperature: "", maxTokens: "", dataset: "" }));
    expect(result).toEqual({
      ok: true,
      input: { name: "greetings", description: "", prompt: "Hi {{name}}", model: { executor: "SIMULATED" } },
    });
  });

  it("sends assertions as typed, without a value for kinds that take none", () => {
    const result = toCreateExperimentInput(
      values({
        assertions: [
          { key: 1, kind: "REGEX", value: "^Hi " },
          { key: 2, kind: "IS_JSON", value: "left over" },
        ],
      }),
    );
    expect(result.ok && result.input.assertions).toEqual([
      { kind: "REGEX", value: "^Hi " },
      { kind: "IS_JSON", value: "" },
    ]);
  });

  it("does not check what the API checks (blank name and prompt)", () => {
    expect(toCreateExperimentInput(values({ name: "", prompt: "" })).ok).toBe(true);
  });

  it("reports numbers and datasets that cannot be sent, by field", () => {
    const result = toCreateExperimentInput(values({ temperature: "warm", maxTokens: "1.5", dataset: "[{" }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors["model.temperature"]).toEqual(["Enter a number, like 0.7."]);
    expect(result.errors["model.maxTokens"]).toEqual(["Enter a whole number, like 256."]);
    expect(result.errors.dataset?.[0]).toMatch(/^Not valid JSON/);
  });
});
