import { graphql } from "../../gql";

export const UsageFields = graphql(`
  fragment UsageFields on Usage {
    inputTokens
    outputTokens
    cost
  }
`);

export const ProgressFields = graphql(`
  fragment ProgressFields on RunProgress {
    total
    succeeded
    failed
    cancelled
    pending
    cached
  }
`);

export const RunErrorFields = graphql(`
  fragment RunErrorFields on RunError {
    code
    message
  }
`);

export const RunSummaryFields = graphql(`
  fragment RunSummaryFields on Run {
    id
    experimentId
    status
    attempt
    maxAttempts
    parentRunId
    cache
    createdAt
    startedAt
    finishedAt
    cancelRequestedAt
    progress {
      ...ProgressFields
    }
    usage {
      ...UsageFields
    }
    error {
      ...RunErrorFields
    }
    stats {
      passRate
      meanScore
    }
  }
`);

/** What an item ended with: the run page's rows and each side of a comparison. */
export const ItemResultFields = graphql(`
  fragment ItemResultFields on RunItem {
    status
    outcome
    output
    score
    latencyMs
    usage {
      ...UsageFields
    }
    cached
    error {
      ...RunErrorFields
    }
    assertionResults {
      ...AssertionResultFields
    }
    reviews {
      ...ReviewFields
    }
  }
`);

export const RunItemFields = graphql(`
  fragment RunItemFields on RunItem {
    index
    row
    repetition
    variables
    attempts
    ...ItemResultFields
  }
`);

/** What a status change says, on the run page and on the experiment page. */
export const RunStatusChangeFields = graphql(`
  fragment RunStatusChangeFields on RunStatusChange {
    previousStatus
    status
    run {
      ...RunSummaryFields
    }
  }
`);

export const ExperimentRunsQuery = graphql(`
  query ExperimentRuns($experimentId: ID!, $first: Int!, $after: String) {
    runs(experimentId: $experimentId, first: $first, after: $after) {
      totalCount
      eventCursor
      pageInfo {
        ...PageInfoFields
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
      outcomes {
        notPassed
      }
      config {
        prompt
        repetitions
        model {
          executor
          model
          temperature
          maxTokens
        }
        assertions {
          ...AssertionFields
        }
        budget {
          maxTokens
          maxCost
        }
      }
      stats {
        passRate
        passRateInterval {
          low
          high
        }
        meanScore
        meanScoreInterval {
          low
          high
        }
        errorRate
        erroredItems
        latencyP50Ms
        latencyP95Ms
        humanPassRate
        reviewedItems
      }
    }
  }
`);

export const RunItemsQuery = graphql(`
  query RunItems($id: ID!, $first: Int!, $after: String, $failing: Boolean! = false, $search: String, $orderBy: ItemOrder! = INDEX) {
    run(id: $id) {
      id
      items(first: $first, after: $after, failing: $failing, search: $search, orderBy: $orderBy) {
        totalCount
        pageInfo {
          ...PageInfoFields
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
      ...RunSummaryFields
      ... on ValidationError {
        field
      }
      ...ErrorFields
    }
  }
`);

export const CancelRunMutation = graphql(`
  mutation CancelRun($input: CancelRunInput!) {
    cancelRun(input: $input) {
      __typename
      ...RunSummaryFields
      ...ErrorFields
    }
  }
`);

export const RerunMutation = graphql(`
  mutation Rerun($input: RerunInput!) {
    rerun(input: $input) {
      __typename
      ...RunSummaryFields
      ...ErrorFields
    }
  }
`);

export const RunEventsSubscription = graphql(`
  subscription RunEvents($runId: ID!, $after: String) {
    runEvents(runId: $runId, after: $after, reviews: true) {
      __typename
      cursor
      seq
      at
      runId
      ...RunStatusChangeFields
      ... on ProgressUpdate {
        progress {
          ...ProgressFields
        }
        usage {
          ...UsageFields
        }
      }
      ... on ItemFinished {
        itemIndex
        itemStatus
        outcome
        score
        latencyMs
        usage {
          ...UsageFields
        }
        error {
          ...RunErrorFields
        }
        assertionResults {
          ...AssertionResultFields
        }
        cached
      }
      ... on OutputDelta {
        itemIndex
        attempt
        text
      }
      ... on ReviewAdded {
        itemIndex
        reviewer
        verdict
        score
        comment
        reviewedItems
        humanPassRate
      }
    }
  }
`);

/** Every status change and new counters of an experiment's runs: what its runs table shows. */
export const ExperimentRunChangesSubscription = graphql(`
  subscription ExperimentRunChanges($experimentId: ID!, $after: String) {
    runChanges(experimentId: $experimentId, after: $after) {
      __typename
      ... on RunStatusChange {
        cursor
        seq
        at
        runId
        ...RunStatusChangeFields
      }
      ... on ProgressUpdate {
        cursor
        seq
        at
        runId
        progress {
          ...ProgressFields
        }
        usage {
          ...UsageFields
        }
      }
    }
  }
`);

/** One item of a run in full: what the item detail page shows. */
/** What one item's live page follows of its run's log: its streamed output and when it, or the run, ends. */
export const RunItemEventsSubscription = graphql(`
  subscription RunItemEvents($runId: ID!, $after: String) {
    runEvents(runId: $runId, after: $after) {
      __typename
      cursor
      seq
      runId
      ... on OutputDelta {
        itemIndex
        attempt
        text
      }
      ... on ItemFinished {
        itemIndex
      }
      ... on RunStatusChange {
        status
      }
    }
  }
`);

export const RunItemDetailQuery = graphql(`
  query RunItemDetail($id: ID!, $index: Int!) {
    run(id: $id) {
      id
      status
      experiment {
        id
        name
      }
      config {
        repetitions
        model {
          model
          systemPrompt
        }
      }
      item(index: $index) {
        ...RunItemFields
        renderedPrompt
        attemptHistory {
          number
          latencyMs
          error {
            ...RunErrorFields
          }
        }
      }
    }
  }
`);

export const RunRowStatsQuery = graphql(`
  query RunRowStats($id: ID!, $first: Int!, $after: String) {
    run(id: $id) {
      id
      rowStats(first: $first, after: $after) {
        totalCount
        pageInfo {
          ...PageInfoFields
        }
        edges {
          node {
            row
            evaluatedItems
            erroredItems
            passRate
            meanScore
            scoreStdev
          }
        }
      }
    }
  }
`);
