import { graphql } from "../../gql";

export const RunSummaryFields = graphql(`
  fragment RunSummaryFields on Run {
    id
    experimentId
    status
    attempt
    maxAttempts
    parentRunId
    createdAt
    startedAt
    finishedAt
    cancelRequestedAt
    progress {
      total
      succeeded
      failed
      pending
    }
    usage {
      inputTokens
      outputTokens
      cost
    }
    error {
      code
      message
    }
  }
`);

export const RunItemFields = graphql(`
  fragment RunItemFields on RunItem {
    index
    variables
    status
    output
    latencyMs
    attempts
    score
    usage {
      inputTokens
      outputTokens
      cost
    }
    error {
      code
      message
    }
    assertionResults {
      kind
      value
      passed
    }
  }
`);

export const ExperimentRunsQuery = graphql(`
  query ExperimentRuns($experimentId: ID!, $first: Int!, $after: String) {
    runs(experimentId: $experimentId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...RunSummaryFields
        }
      }
    }
  }
`);

export const RunQuery = graphql(`
  query Run($id: ID!) {
    run(id: $id) {
      ...RunSummaryFields
      experiment {
        id
        name
      }
      parentRun {
        id
        status
      }
      config {
        prompt
        model {
          executor
          model
          temperature
          maxTokens
        }
        assertions {
          kind
          value
        }
      }
      stats {
        passRate
        meanScore
        latencyP50Ms
        latencyP95Ms
      }
    }
  }
`);

export const RunItemsQuery = graphql(`
  query RunItems($id: ID!, $first: Int!, $after: String) {
    run(id: $id) {
      id
      items(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            ...RunItemFields
          }
        }
      }
    }
  }
`);

export const CreateRunMutation = graphql(`
  mutation CreateRun($input: CreateRunInput!) {
    createRun(input: $input) {
      __typename
      ... on Run {
        ...RunSummaryFields
      }
      ... on ValidationError {
        field
      }
      ... on Error {
        message
        code
      }
    }
  }
`);

export const CancelRunMutation = graphql(`
  mutation CancelRun($input: CancelRunInput!) {
    cancelRun(input: $input) {
      __typename
      ... on Run {
        ...RunSummaryFields
      }
      ... on Error {
        message
        code
      }
    }
  }
`);

export const RerunMutation = graphql(`
  mutation Rerun($input: RerunInput!) {
    rerun(input: $input) {
      __typename
      ... on Run {
        ...RunSummaryFields
      }
      ... on Error {
        message
        code
      }
    }
  }
`);

export const RunEventsSubscription = graphql(`
  subscription RunEvents($runId: ID!, $after: String) {
    runEvents(runId: $runId, after: $after) {
      __typename
      cursor
      seq
      at
      runId
      ... on RunStatusChange {
        previousStatus
        status
        run {
          ...RunSummaryFields
        }
      }
      ... on ProgressUpdate {
        progress {
          total
          succeeded
          failed
          pending
        }
        usage {
          inputTokens
          outputTokens
          cost
        }
      }
      ... on ItemFinished {
        itemIndex
        itemStatus: status
        score
        latencyMs
        usage {
          inputTokens
          outputTokens
          cost
        }
        error {
          code
          message
        }
        assertionResults {
          kind
          value
          passed
        }
      }
      ... on OutputDelta {
        itemIndex
        attempt
        text
      }
    }
  }
`);

export const ExperimentRunChangesSubscription = graphql(`
  subscription ExperimentRunChanges($experimentId: ID!, $after: String) {
    runStatusChanges(experimentId: $experimentId, after: $after) {
      cursor
      seq
      at
      runId
      previousStatus
      status
      run {
        ...RunSummaryFields
      }
    }
  }
`);
