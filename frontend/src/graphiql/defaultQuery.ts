/** What GraphiQL shows the first time it opens (later, the last query is kept). */
export const DEFAULT_QUERY = `# Welcome to the Runcast API.
#
# Run a query with Ctrl-Enter. Subscriptions stream here too, e.g.:
#
#   subscription Follow($runId: ID!) {
#     runEvents(runId: $runId) {
#       __typename cursor seq
#       ... on RunStatusChange { status }
#       ... on OutputDelta { itemIndex text }
#       ... on ProgressUpdate { progress { succeeded failed total } }
#     }
#   }

query Experiments {
  experiments(first: 10) {
    totalCount
    edges {
      node {
        id
        name
        createdAt
      }
    }
  }
}
`;
