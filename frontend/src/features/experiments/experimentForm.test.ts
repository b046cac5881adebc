import { describe, expect, it } from "vitest";
import type { ExperimentDetailFieldsFragment } from "../../gql/graphql";
import { INITIAL_VALUES, newAssertionRow, toCreateExperimentInput, toUpdateExperimentInput, valuesFromExperiment } from "./experimentForm";

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
          { ...newAssertionRow(1, "REGEX"), value: "^Hi " },
          { ...newAssertionRow(2, "IS_JSON"), value: "left over" },
        ],
      }),
    );
    expect(result.ok && result.input.assertions).toEqual([
      { kind: "REGEX", value: "^Hi " },
      { kind: "IS_JSON", value: "" },
    ]);
  });

  it("sends names, weights, thresholds and judges where the kind has them", () => {
    const result = toCreateExperimentInput(
      values({
        assertions: [
          { ...newAssertionRow(1, "SIMILAR"), name: " close ", weight: "2", threshold: "0.7" },
          { ...newAssertionRow(2, "CONTAINS"), value: "Hi", threshold: "0.5", judgeExecutor: "OPENAI" },
          {
            ...newAssertionRow(3, "LLM_JUDGE"),
            value: "Greets by name.",
            judgeExecutor: "OPENAI",
            judgeModel: "judge-1",
            judgeBaseUrl: "http://127.0.0.1:11434/v1",
          },
        ],
      }),
    );
    expect(result.ok && result.input.assertions).toEqual([
      { kind: "SIMILAR", value: "", name: "close", weight: 2, threshold: 0.7 },
      { kind: "CONTAINS", value: "Hi" },
      {
        kind: "LLM_JUDGE",
        value: "Greets by name.",
        judge: { executor: "OPENAI", model: "judge-1", baseUrl: "http://127.0.0.1:11434/v1" },
      },
    ]);
  });

  it("reports a weight or threshold that is not a number at its row", () => {
    const result = toCreateExperimentInput(
      values({ assertions: [newAssertionRow(1), { ...newAssertionRow(2, "SIMILAR"), weight: "heavy", threshold: "high" }] }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors["assertions.1"]).toEqual([
      "Weight: enter a number of 0 or more, like 1.",
      "Threshold: enter a number from 0 to 1, like 0.8.",
    ]);
  });

  it("keeps an edited experiment's names, weights, thresholds and judges", () => {
    const judged = {
      kind: "LLM_JUDGE",
      value: "Greets by name.",
      name: "judged",
      weight: 2,
      threshold: 0.6,
      judge: { executor: "OPENAI", model: "judge-1", baseUrl: "http://127.0.0.1:11434/v1" },
    } as const;
    const experiment = {
      name: "greetings",
      description: "",
      prompt: "Hi {{name}}",
      model: { executor: "SIMULATED", model: "simulated-1", temperature: 0.7, maxTokens: 256, systemPrompt: null, baseUrl: null },
      dataset: [],
      assertions: [judged, { kind: "IS_JSON", value: "", name: null, weight: 1, threshold: null, judge: null }],
      budget: null,
      repetitions: 1,
    } as unknown as ExperimentDetailFieldsFragment;

    const result = toCreateExperimentInput(valuesFromExperiment(experiment));

    expect(result.ok && result.input.assertions).toEqual([judged, { kind: "IS_JSON", value: "" }]);
  });

  it("sends repetitions when given, and refuses what is not a whole number", () => {
    const repeated = toCreateExperimentInput(values({ repetitions: "3" }));
    expect(repeated.ok && repeated.input.repetitions).toBe(3);
    const fractional = toCreateExperimentInput(values({ repetitions: "2.5" }));
    expect(fractional.ok).toBe(false);
    if (fractional.ok) return;
    expect(fractional.errors.repetitions).toEqual(["Enter a whole number, like 3."]);
  });

  it("keeps an edited experiment's repetitions, and a blank field sets them back to one", () => {
    const experiment = {
      name: "greetings",
      description: "",
      prompt: "Hi",
      model: { executor: "SIMULATED", model: "simulated-1", temperature: 0.7, maxTokens: 256, systemPrompt: null, baseUrl: null },
      dataset: [],
      assertions: [],
      budget: null,
      repetitions: 4,
    } as unknown as ExperimentDetailFieldsFragment;

    const kept = valuesFromExperiment(experiment);
    expect(kept.repetitions).toBe("4");
    const unchanged = toUpdateExperimentInput("e1", kept);
    expect(unchanged.ok && unchanged.input.repetitions).toBe(4);
    const blanked = toUpdateExperimentInput("e1", { ...kept, repetitions: "" });
    expect(blanked.ok && blanked.input.repetitions).toBe(1);
  });

  it("sends a SIMILAR assertion's embedding model, and keeps it when the experiment is edited", () => {
    const similar = { ...newAssertionRow(1, "SIMILAR"), value: "Paris", embeddingExecutor: "OPENAI" as const, embeddingModel: " embed-1 " };
    const sent = toCreateExperimentInput(values({ assertions: [similar, { ...newAssertionRow(2, "CONTAINS"), value: "x", embeddingExecutor: "OPENAI" }] }));
    expect(sent.ok && sent.input.assertions).toEqual([
      { kind: "SIMILAR", value: "Paris", embedding: { executor: "OPENAI", model: "embed-1" } },
      { kind: "CONTAINS", value: "x" },
    ]);

    const stored = {
      name: "greetings",
      description: "",
      prompt: "Hi",
      model: { executor: "SIMULATED", model: "simulated-1", temperature: 0.7, maxTokens: 256, systemPrompt: null, baseUrl: null },
      dataset: [],
      assertions: [
        {
          kind: "SIMILAR",
          value: "Paris",
          name: null,
          weight: 1,
          threshold: null,
          judge: null,
          embedding: { executor: "OPENAI", model: "embed-1", baseUrl: "http://127.0.0.1:8999/v1" },
        },
      ],
      budget: null,
      repetitions: 1,
    } as unknown as ExperimentDetailFieldsFragment;
    const edited = toCreateExperimentInput(valuesFromExperiment(stored));
    expect(edited.ok && edited.input.assertions).toEqual([
      { kind: "SIMILAR", value: "Paris", embedding: { executor: "OPENAI", model: "embed-1", baseUrl: "http://127.0.0.1:8999/v1" } },
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
