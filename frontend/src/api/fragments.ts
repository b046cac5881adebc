import { graphql } from "../gql";

/** What every error a mutation can answer with says. */
export const ErrorFields = graphql(`
  fragment ErrorFields on Error {
    message
    code
  }
`);

/** Whether a connection has more after this page, and where to ask for it. */
export const PageInfoFields = graphql(`
  fragment PageInfoFields on PageInfo {
    hasNextPage
    endCursor
  }
`);
