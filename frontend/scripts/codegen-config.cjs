// The GraphQL Code Generator configuration, shared by `npm run codegen`
// (through codegen.cjs) and scripts/generate-types.cjs (which also writes
// to a temporary folder for --check).
const path = require("node:path");

const FRONTEND = path.resolve(__dirname, "..");

/**
 * @param {string} outputDir folder the client preset writes into, ending in "/"
 * @returns {import("@graphql-codegen/cli").CodegenConfig}
 */
function codegenConfig(outputDir) {
  return {
    schema: path.join(FRONTEND, "..", "schema.graphql"),
    documents: [
      path.join(FRONTEND, "src/**/*.{ts,tsx}"),
      "!" + path.join(FRONTEND, "src/gql/**"),
      "!" + path.join(FRONTEND, "src/**/*.test.{ts,tsx}"),
    ],
    ignoreNoDocuments: false,
    silent: true,
    generates: {
      [outputDir]: {
        preset: "client",
        presetConfig: {
          fragmentMasking: false,
          gqlTagName: "graphql",
        },
        config: {
          useTypeImports: true,
          enumsAsTypes: true,
          strictScalars: true,
          avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
          scalars: {
            DateTime: "string",
            JSON: { input: "Record<string, unknown>", output: "unknown" },
          },
        },
      },
    },
  };
}

module.exports = { codegenConfig, FRONTEND };
