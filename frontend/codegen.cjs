// `npm run codegen`: typed GraphQL documents in src/gql/ from ../schema.graphql.
const path = require("node:path");
const { codegenConfig, FRONTEND } = require("./scripts/codegen-config.cjs");

module.exports = codegenConfig(path.join(FRONTEND, "src/gql") + "/");
