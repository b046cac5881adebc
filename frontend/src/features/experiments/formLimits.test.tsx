import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import modelsSchema from "../../models/runcast-models.schema.json";
import { ExperimentForm } from "./ExperimentForm";
import { FORM_LIMITS, formLimitsFrom, type ModelsSchema } from "./formLimits";

/** The generated schema of the models, with `change` applied to a copy. */
function fixtureSchema(change: (schema: ModelsSchema) => void): ModelsSchema {
  const copy = structuredClone(modelsSchema) as unknown as ModelsSchema;
  change(copy);
  return copy;
}

const propertyOf = (schema: ModelsSchema, model: string, name: string) => schema.$defs[model]!.properties![name]!;

describe("formLimitsFrom", () => {
  it("reads the generated models' bounds and defaults", () => {
    expect(FORM_LIMITS).toMatchObject({
      nameMaxLength: 200,
      promptMaxLength: 100_000,
      temperature: { min: 0, max: 2, default: 0.7 },
      maxTokens: { min: 1, max: 100_000, default: 256 },
      defaultExecutor: "SIMULATED",
      datasetMaxItems: 10_000,
    });
    expect(FORM_LIMITS.assertionKinds).toContain("MAX_LATENCY_MS");
  });
});

describe("ExperimentForm limits", () => {
  it("follows a bound changed in the models' schema: temperature, name length, dataset size and assertion kinds", async () => {
    const limits = formLimitsFrom(
      fixtureSchema((schema) => {
        propertyOf(schema, "ModelSettings", "temperature").maximum = 1.5;
        propertyOf(schema, "ModelSettings", "max_tokens").default = 64;
        propertyOf(schema, "ExperimentConfigCreate", "name").maxLength = 50;
        propertyOf(schema, "ExperimentConfigCreate", "dataset").maxItems = 2;
        schema.$defs.AssertionKind!.enum = ["contains", "regex"];
      }),
    );
    const submit = vi.fn();
    render(<ExperimentForm limits={limits} submit={submit} submitting={false} onCreated={vi.fn()} />);
    const user = userEvent.setup();

    const temperature = screen.getByLabelText("Temperature", { exact: false });
    expect(temperature).toHaveAttribute("max", "1.5");
    expect(screen.getByText("0 to 1.5.")).toBeInTheDocument();
    expect(screen.getByLabelText("Max tokens", { exact: false })).toHaveValue(64);
    expect(screen.getByLabelText("Name", { exact: false })).toHaveAttribute("maxLength", "50");

    await user.click(screen.getByRole("button", { name: "+ Add assertion" }));
    const kinds = screen.getAllByRole("option").map((option) => option.textContent);
    expect(kinds).toContain("matches regex");
    expect(kinds).not.toContain("is JSON");
    expect(screen.getByText(/At most 2 rows\./)).toBeInTheDocument();
  });

  it("refuses a dataset beyond the schema's size before sending it", async () => {
    const limits = formLimitsFrom(fixtureSchema((schema) => void (propertyOf(schema, "ExperimentConfigCreate", "dataset").maxItems = 2)));
    const submit = vi.fn(async (values) => {
      const { toCreateExperimentInput } = await import("./experimentForm");
      const prepared = toCreateExperimentInput(values, limits);
      return prepared.ok ? { kind: "created" as const, id: "e" } : { kind: "invalid" as const, errors: prepared.errors };
    });
    render(<ExperimentForm limits={limits} submit={submit} submitting={false} onCreated={vi.fn()} />);
    const user = userEvent.setup();

    await user.type(screen.getByLabelText("Name", { exact: false }), "three rows");
    await user.type(screen.getByLabelText("Prompt template", { exact: false }), "Hi");
    await user.type(screen.getByLabelText("Dataset", { exact: false }), "name\nAda\nAlan\nGrace");
    await user.click(screen.getByRole("button", { name: "Create experiment" }));

    expect(await screen.findByText("A dataset has at most 2 rows; this one has 3.")).toBeInTheDocument();
  });
});
