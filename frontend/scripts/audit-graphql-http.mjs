// Audits a GraphQL endpoint against the GraphQL-over-HTTP spec with graphql-http.
// Usage: node scripts/audit-graphql-http.mjs http://127.0.0.1:8000/graphql
// Prints every audit that is not ok, then the counts; exits 1 on any error or warning.
import { auditServer } from "graphql-http";

const url = process.argv[2];
if (!url) {
  console.error("usage: audit-graphql-http.mjs URL");
  process.exit(2);
}

const results = await auditServer({ url });
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const result of results) {
  counts[result.status] += 1;
  if (result.status !== "ok") {
    console.log(`${result.status} ${result.id} ${result.name}: ${result.reason}`);
  }
}
console.log(
  `${counts.ok} ok, ${counts.notice} notices, ${counts.warn} warnings, ${counts.error} errors`,
);
process.exit(counts.warn + counts.error > 0 ? 1 : 0);
