import { graphql } from "../../gql";

export const AssertionFields = graphql(`
  fragment AssertionFields on Assertion {
    kind
    value
    name
    weight
    threshold
    judge {
      executor
      model
      baseUrl
    }
    embedding {
      executor
      model
      baseUrl
    }
  }
`);

export const AssertionResultFields = graphql(`
  fragment AssertionResultFields on AssertionResult {
    kind
    value
    passed
  }
`);
