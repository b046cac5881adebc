// Runs one query twice through Apollo Client's persisted-query link and prints,
// as JSON, each HTTP request it made (method, whether it carried the query text,
// the hash) with the answer's first error, and the data each query got.
// Usage: node scripts/apollo-persisted-queries.mjs URL [--get]
// --get sends hash-only requests as GET (useGETForHashedQueries).
import { createHash } from "node:crypto";
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { createPersistedQueryLink } from "@apollo/client/link/persisted-queries";

const url = process.argv[2];
const useGET = process.argv.includes("--get");
if (!url) {
  console.error("usage: apollo-persisted-queries.mjs URL [--get]");
  process.exit(2);
}

const requests = [];
async function recordingFetch(input, init = {}) {
  const target = new URL(typeof input === "string" ? input : input.url);
  const method = init.method ?? "GET";
  const sent =
    method === "GET"
      ? {
          query: target.searchParams.get("query") ?? undefined,
          extensions: JSON.parse(target.searchParams.get("extensions") ?? "{}"),
        }
      : JSON.parse(init.body);
  const response = await fetch(input, init);
  const answer = await response.clone().json();
  requests.push({
    method,
    status: response.status,
    sentQuery: typeof sent.query === "string",
    sha256Hash: sent.extensions?.persistedQuery?.sha256Hash ?? null,
    error: answer.errors?.[0]?.message ?? null,
  });
  return response;
}

const sha256 = (text) => createHash("sha256").update(text).digest("hex");
const client = new ApolloClient({
  cache: new InMemoryCache(),
  link: createPersistedQueryLink({ sha256, useGETForHashedQueries: useGET }).concat(
    new HttpLink({ uri: url, fetch: recordingFetch }),
  ),
});

const query = gql`
  query PersistedExperiments {
    experiments(first: 1) {
      totalCount
    }
  }
`;
const results = [];
for (let attempt = 0; attempt < 2; attempt += 1) {
  const result = await client.query({ query, fetchPolicy: "network-only" });
  results.push(result.data);
}
console.log(JSON.stringify({ requests, results }));
