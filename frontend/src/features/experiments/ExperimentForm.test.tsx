import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { Provider, type Client } from "urql";
import { describe, expect, it, vi } from "vitest";
import { fromValue } from "wonka";
import type { CreateExperimentMutation } from "../../gql/graphql";
import { ExperimentForm } from "./ExperimentForm";
import { useCreateExperiment } from "./useCreateExperiment";

type Payload = CreateExperimentMutation["createExperiment"];

/** A client whose createExperiment answers `payload`, recording the input it was sent. */
function clientAnswering(payload: Payload) {
  const executeMutation = vi.fn(() => fromValue({ data: { createExperiment: payload }, stale: false, hasNext: false }));
  return { client: { executeMutation } as unknown as Client, executeMutation };
}

function ConnectedForm({ onCreated }: { onCreated: (id: string) => void }) {
  const { submit, submitting } = useCreateExperiment();
  return <ExperimentForm submit={submit} submitting={submitting} onCreated={onCreated} />;
}

function renderForm(client: Client, onCreated = vi.fn()) {
  const wrapper = ({ children }: { children: ReactNode }) => <Provider value={client}>{children}</Provider>;
  render(<ConnectedForm onCreated={onCreated} />, { wrapper });
  return { onCreated, user: userEvent.setup() };
}

/** The messages shown for the control labelled `label`, read through aria-describedby. */
function errorsOf(label: string): string[] {
  const control = screen.getByLabelText(label, { exact: false });
  const ids = control.getAttribute("aria-describedby")?.split(" ") ?? [];
  return ids
    .map((id) => document.getElementById(id))
    .filter((element): element is HTMLElement => element?.tagName === "UL")
    .flatMap((list) => within(list).queryAllByRole("listitem").map((item) => item.textContent ?? ""));
}

describe("ExperimentForm", () => {
  it("shows each ValidationError detail under its field", async () => {
    const { client } = clientAnswering({
      __typename: "ValidationError",
      code: "VALIDATION_ERROR",
      field: "name",
      message: "String should have at least 1 character",
      errors: [
        { location: ["name"], message: "String should have at least 1 character" },
        { location: ["model", "temperature"], message: "Input should be less than or equal to 2" },
        { location: ["dataset", "1", "variables"], message: "the row has no value for variable 'name'" },
      ],
    });
    const { user } = renderForm(client);
    await user.click(screen.getByRole("button", { name: "Create experiment" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("The experiment could not be created");
    expect(errorsOf("Name")).toEqual(["String should have at least 1 character"]);
    expect(screen.getByLabelText("Name", { exact: false })).toHaveAttribute("aria-invalid", "true");
    expect(errorsOf("Temperature")).toEqual(["Input should be less than or equal to 2"]);
    expect(errorsOf("Dataset")).toEqual(["Row 2 › variables: the row has no value for variable 'name'"]);
    expect(errorsOf("Prompt template")).toEqual([]);
  });

  it("shows a name conflict under the name", async () => {
    const { client } = clientAnswering({
      __typename: "ConflictError",
      code: "CONFLICT",
      field: "name",
      message: "An experiment named 'greetings' already exists",
    });
    const { user } = renderForm(client);
    await user.type(screen.getByLabelText("Name", { exact: false }), "greetings");
    await user.click(screen.getByRole("button", { name: "Create experiment" }));
    expect(await screen.findByText("An experiment named 'greetings' already exists", { selector: "li" })).toBeInTheDocument();
    expect(errorsOf("Name")).toEqual(["An experiment named 'greetings' already exists"]);
  });

  it("shows a read-only token's ForbiddenError at the top of the form", async () => {
    const { client } = clientAnswering({
      __typename: "ForbiddenError",
      code: "FORBIDDEN",
      message: "this token may only read, not change anything",
    });
    const { user, onCreated } = renderForm(client);
    await user.type(screen.getByLabelText("Name", { exact: false }), "greetings");
    await user.click(screen.getByRole("button", { name: "Create experiment" }));

    const summary = await screen.findByRole("alert");
    expect(summary).toHaveTextContent("The experiment could not be created");
    expect(summary).toHaveTextContent("this token may only read, not change anything");
    expect(errorsOf("Name")).toEqual([]);
    expect(onCreated).not.toHaveBeenCalled();
  });

  it("catches a malformed dataset before sending anything", async () => {
    const { client, executeMutation } = clientAnswering({ __typename: "Experiment", id: "x", name: "x" });
    const { user } = renderForm(client);
    await user.click(screen.getByLabelText("Dataset", { exact: false }));
    await user.paste("name,topic\nAda");
    await user.click(screen.getByRole("button", { name: "Create experiment" }));
    expect(errorsOf("Dataset")).toEqual(["Line 2: expected 2 fields like the header, found 1."]);
    expect(executeMutation).not.toHaveBeenCalled();
  });

  it("sends the parsed input and reports the new experiment", async () => {
    const { client, executeMutation } = clientAnswering({ __typename: "Experiment", id: "exp-9", name: "greetings" });
    const { user, onCreated } = renderForm(client);
    await user.type(screen.getByLabelText("Name", { exact: false }), "greetings");
    await user.click(screen.getByLabelText("Prompt template", { exact: false }));
    await user.paste("Say hi to {{name}}");
    await user.click(screen.getByLabelText("Dataset", { exact: false }));
    await user.paste('[{"variables": {"name": "Ada"}, "expected": "Hi Ada"}]');
    expect(screen.getByText("1 row read as JSON.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Create experiment" }));

    expect(onCreated).toHaveBeenCalledWith("exp-9");
    const [operation] = executeMutation.mock.calls[0] as unknown as [{ variables: { input: Record<string, unknown> } }];
    expect(operation.variables.input).toMatchObject({
      name: "greetings",
      prompt: "Say hi to {{name}}",
      dataset: [{ variables: { name: "Ada" }, expected: "Hi Ada" }],
    });
  });

  it("sends the assertions and shows the API's error for each next to its row", async () => {
    const { client, executeMutation } = clientAnswering({
      __typename: "ValidationError",
      code: "VALIDATION_ERROR",
      field: "assertions.1",
      message: "max_tokens needs a number, got 'many'",
      errors: [{ location: ["assertions", "1"], message: "max_tokens needs a number, got 'many'" }],
    });
    const { user } = renderForm(client);
    await user.type(screen.getByLabelText("Name", { exact: false }), "checked");
    await user.click(screen.getByRole("button", { name: "+ Add assertion" }));
    await user.type(screen.getByLabelText("Assertion 1 value"), "hello");
    await user.click(screen.getByRole("button", { name: "+ Add assertion" }));
    await user.selectOptions(screen.getByLabelText("Assertion 2: the output"), "MAX_TOKENS");
    await user.type(screen.getByLabelText("Assertion 2 value"), "many");
    await user.click(screen.getByRole("button", { name: "+ Add assertion" }));
    await user.selectOptions(screen.getByLabelText("Assertion 3: the output"), "IS_JSON");
    await user.click(screen.getByRole("button", { name: "Create experiment" }));

    const [operation] = executeMutation.mock.calls[0] as unknown as [{ variables: { input: Record<string, unknown> } }];
    expect(operation.variables.input.assertions).toEqual([
      { kind: "CONTAINS", value: "hello" },
      { kind: "MAX_TOKENS", value: "many" },
      { kind: "IS_JSON", value: "" },
    ]);
    expect(await screen.findByRole("alert")).toHaveTextContent("Assertion 2: max_tokens needs a number, got 'many'");
    expect(errorsOf("Assertion 2 value")).toEqual(["max_tokens needs a number, got 'many'"]);
    expect(screen.getByLabelText("Assertion 2 value")).toHaveAttribute("aria-invalid", "true");
    expect(errorsOf("Assertion 1 value")).toEqual([]);

    // Removing a row moves the others, so errors tied to positions are cleared.
    await user.click(screen.getByRole("button", { name: "Remove assertion 1" }));
    expect(screen.getAllByRole("combobox", { name: /^Assertion \d: the output$/ })).toHaveLength(2);
    expect(screen.queryByTestId("experiment-assertion-1-error")).not.toBeInTheDocument();
  });

  it("offers a judge's rubric, threshold and model for LLM_JUDGE and shows its errors at the row", async () => {
    const { client, executeMutation } = clientAnswering({
      __typename: "ValidationError",
      code: "VALIDATION_ERROR",
      field: "assertions.0.judge.baseUrl",
      message: "the base URL is not one this server may call",
      errors: [{ location: ["assertions", "0", "judge", "baseUrl"], message: "the base URL is not one this server may call" }],
    });
    const { user } = renderForm(client);
    await user.type(screen.getByLabelText("Name", { exact: false }), "judged");
    await user.click(screen.getByRole("button", { name: "+ Add assertion" }));
    await user.selectOptions(screen.getByLabelText("Assertion 1: the output"), "LLM_JUDGE");
    await user.type(screen.getByLabelText("Assertion 1 value"), "Greets by name.");
    await user.type(screen.getByLabelText("Assertion 1 threshold"), "0.6");
    await user.type(screen.getByLabelText("Assertion 1 weight"), "2");
    await user.selectOptions(screen.getByLabelText("Assertion 1 judge"), "OPENAI");
    await user.type(screen.getByLabelText("Assertion 1 judge model"), "judge-1");
    await user.type(screen.getByLabelText("Assertion 1 judge base URL"), "https://judge.example.com/v1");
    await user.click(screen.getByRole("button", { name: "Create experiment" }));

    const [operation] = executeMutation.mock.calls[0] as unknown as [{ variables: { input: Record<string, unknown> } }];
    expect(operation.variables.input.assertions).toEqual([
      {
        kind: "LLM_JUDGE",
        value: "Greets by name.",
        threshold: 0.6,
        weight: 2,
        judge: { executor: "OPENAI", model: "judge-1", baseUrl: "https://judge.example.com/v1" },
      },
    ]);
    expect(errorsOf("Assertion 1 value")).toEqual(["Judge › baseUrl: the base URL is not one this server may call"]);
  });

  it("offers SIMILAR an embedding model, and no other kind", async () => {
    const { client, executeMutation } = clientAnswering({ __typename: "Experiment", id: "exp-3", name: "meant" });
    const { user } = renderForm(client);
    await user.type(screen.getByLabelText("Name", { exact: false }), "meant");
    await user.click(screen.getByRole("button", { name: "+ Add assertion" }));
    expect(screen.queryByLabelText("Assertion 1 embedding")).not.toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText("Assertion 1: the output"), "SIMILAR");
    await user.type(screen.getByLabelText("Assertion 1 value"), "Paris");
    expect(screen.queryByLabelText("Assertion 1 embedding model")).not.toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText("Assertion 1 embedding"), "OPENAI");
    await user.type(screen.getByLabelText("Assertion 1 embedding model"), "embed-1");
    await user.click(screen.getByRole("button", { name: "Create experiment" }));

    const [operation] = executeMutation.mock.calls[0] as unknown as [{ variables: { input: Record<string, unknown> } }];
    expect(operation.variables.input.assertions).toEqual([{ kind: "SIMILAR", value: "Paris", embedding: { executor: "OPENAI", model: "embed-1" } }]);
  });

  it("loads the dataset from a file into the dataset box", async () => {
    const { client, executeMutation } = clientAnswering({ __typename: "Experiment", id: "exp-2", name: "cities" });
    const { user } = renderForm(client);
    await user.type(screen.getByLabelText("Name", { exact: false }), "cities");
    const file = new File(["city,expected\nParis,France\nRome,Italy\n"], "cities.csv", { type: "text/csv" });
    await user.upload(screen.getByLabelText("Or load a JSON, JSON Lines or CSV file"), file);

    expect(await screen.findByText("2 rows read as CSV from cities.csv.")).toBeInTheDocument();
    expect(screen.getByLabelText("Dataset", { exact: false })).toHaveValue("city,expected\nParis,France\nRome,Italy\n");
    await user.click(screen.getByRole("button", { name: "Create experiment" }));
    const [operation] = executeMutation.mock.calls[0] as unknown as [{ variables: { input: Record<string, unknown> } }];
    expect(operation.variables.input.dataset).toEqual([
      { variables: { city: "Paris" }, expected: "France" },
      { variables: { city: "Rome" }, expected: "Italy" },
    ]);
  });

  it("loads a JSON Lines file, the form runcast import-dataset reads", async () => {
    const { client, executeMutation } = clientAnswering({ __typename: "Experiment", id: "exp-3", name: "cities" });
    const { user } = renderForm(client);
    await user.type(screen.getByLabelText("Name", { exact: false }), "cities");
    const lines = '{"variables": {"city": "Paris"}, "expected": "France"}\n{"variables": {"city": "Rome"}}\n';
    await user.upload(screen.getByLabelText("Or load a JSON, JSON Lines or CSV file"), new File([lines], "cities.jsonl"));

    expect(await screen.findByText("2 rows read as JSONL from cities.jsonl.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Create experiment" }));
    const [operation] = executeMutation.mock.calls[0] as unknown as [{ variables: { input: Record<string, unknown> } }];
    expect(operation.variables.input.dataset).toEqual([{ variables: { city: "Paris" }, expected: "France" }, { variables: { city: "Rome" } }]);
  });
});
