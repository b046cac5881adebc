import type { AssertionKind, ExecutorKind } from "../../gql/graphql";
import modelsSchema from "../../models/runcast-models.schema.json";

/** The bounds and defaults of the experiment form, as the domain models state them. */
export interface FormLimits {
  nameMaxLength: number;
  descriptionMaxLength: number;
  promptMaxLength: number;
  temperature: { min: number; max: number; default: number };
  maxTokens: { min: number; max: number; default: number };
  defaultExecutor: ExecutorKind;
  defaultModel: string;
  datasetMaxItems: number;
  /** How many answers a run may ask for each row. */
  repetitions: { min: number; max: number; default: number };
  /** Every kind the models know, in the API's spelling. */
  assertionKinds: readonly AssertionKind[];
}

/** A JSON Schema node: only what this module reads of one. */
interface SchemaNode {
  type?: string;
  enum?: readonly string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
  properties?: Record<string, SchemaNode>;
  anyOf?: readonly SchemaNode[];
}

/** The document `runcast export-models` prints: each model under `$defs`. */
export interface ModelsSchema {
  $defs: Record<string, SchemaNode>;
}

function definition(schema: ModelsSchema, name: string): SchemaNode {
  const node = schema.$defs[name];
  if (node === undefined) throw new Error(`the models' schema has no ${name}`);
  return node;
}

function property(node: SchemaNode, name: string): SchemaNode {
  const found = node.properties?.[name];
  if (found === undefined) throw new Error(`the models' schema has no property ${name}`);
  // An optional field is `anyOf: [the type, null]`: its bounds are on the type.
  return found.anyOf?.find((option) => option.type !== "null") ?? found;
}

function bound(node: SchemaNode, key: "minimum" | "maximum" | "maxLength" | "maxItems"): number {
  const value = node[key];
  if (typeof value !== "number") throw new Error(`the models' schema gives no ${key}`);
  return value;
}

function numberDefault(node: SchemaNode): number {
  if (typeof node.default !== "number") throw new Error("the models' schema gives no default number");
  return node.default;
}

const graphqlEnum = <T extends string>(value: string) => value.toUpperCase() as T;

/** The form's limits read from the models' JSON Schema (the pydantic models are their source). */
export function formLimitsFrom(schema: ModelsSchema): FormLimits {
  const experiment = definition(schema, "ExperimentConfigCreate");
  const model = definition(schema, "ModelSettings");
  const temperature = property(model, "temperature");
  const maxTokens = property(model, "max_tokens");
  const repetitions = property(experiment, "repetitions");
  return {
    nameMaxLength: bound(property(experiment, "name"), "maxLength"),
    descriptionMaxLength: bound(property(experiment, "description"), "maxLength"),
    promptMaxLength: bound(property(experiment, "prompt"), "maxLength"),
    temperature: { min: bound(temperature, "minimum"), max: bound(temperature, "maximum"), default: numberDefault(temperature) },
    maxTokens: { min: bound(maxTokens, "minimum"), max: bound(maxTokens, "maximum"), default: numberDefault(maxTokens) },
    defaultExecutor: graphqlEnum<ExecutorKind>(String(property(model, "executor").default ?? definition(schema, "ExecutorKind").enum?.[0])),
    defaultModel: String(property(model, "model").default),
    datasetMaxItems: bound(property(experiment, "dataset"), "maxItems"),
    repetitions: { min: bound(repetitions, "minimum"), max: bound(repetitions, "maximum"), default: numberDefault(repetitions) },
    assertionKinds: (definition(schema, "AssertionKind").enum ?? []).map((kind) => graphqlEnum<AssertionKind>(kind)),
  };
}

/** The limits of the models this web app was built with. */
export const FORM_LIMITS: FormLimits = formLimitsFrom(modelsSchema as unknown as ModelsSchema);
