/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ErrorFields on Error {\n    message\n    code\n  }\n": typeof types.ErrorFieldsFragmentDoc,
    "\n  fragment PageInfoFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n": typeof types.PageInfoFieldsFragmentDoc,
    "\n  fragment AssertionFields on Assertion {\n    kind\n    value\n  }\n": typeof types.AssertionFieldsFragmentDoc,
    "\n  fragment AssertionResultFields on AssertionResult {\n    kind\n    value\n    passed\n  }\n": typeof types.AssertionResultFieldsFragmentDoc,
    "\n  fragment ComparedRunFields on Run {\n    id\n    status\n    createdAt\n    parentRunId\n    progress {\n      ...ProgressFields\n    }\n    experiment {\n      id\n      name\n    }\n    config {\n      model {\n        model\n      }\n    }\n  }\n": typeof types.ComparedRunFieldsFragmentDoc,
    "\n  fragment SideSummaryFields on RunSummary {\n    passRate\n    passRateInterval {\n      low\n      high\n    }\n    meanScore\n    meanScoreInterval {\n      low\n      high\n    }\n    errorRate\n    erroredItems\n    latencyP50Ms\n    latencyP95Ms\n    inputTokens\n    outputTokens\n    cost\n    humanPassRate\n    reviewedItems\n  }\n": typeof types.SideSummaryFieldsFragmentDoc,
    "\n  fragment MeasureComparisonFields on MeasureComparison {\n    measure\n    paired\n    baseRows\n    otherRows\n    delta\n    interval {\n      low\n      high\n    }\n    pValue\n    test\n    significant\n  }\n": typeof types.MeasureComparisonFieldsFragmentDoc,
    "\n  query CompareRuns($baseId: ID!, $otherId: ID!) {\n    baseRun: run(id: $baseId) {\n      ...ComparedRunFields\n    }\n    otherRun: run(id: $otherId) {\n      ...ComparedRunFields\n    }\n    compareRuns(baseId: $baseId, otherId: $otherId) {\n      __typename\n      ... on RunComparison {\n        base {\n          ...SideSummaryFields\n        }\n        other {\n          ...SideSummaryFields\n        }\n        passRateDelta\n        humanPassRateDelta\n        meanScoreDelta\n        latencyP50DeltaMs\n        latencyP95DeltaMs\n        outputTokensDelta\n        costDelta\n        paired\n        measures {\n          ...MeasureComparisonFields\n        }\n        items {\n          index\n          variables\n          outputChanged\n          scoreDelta\n          base {\n            ...ItemResultFields\n          }\n          other {\n            ...ItemResultFields\n          }\n        }\n      }\n      ... on NotFoundError {\n        message\n        id\n      }\n    }\n  }\n": typeof types.CompareRunsDocument,
    "\n  query RunChoices($experimentId: ID!, $first: Int!) {\n    runs(experimentId: $experimentId, first: $first) {\n      edges {\n        node {\n          id\n          status\n          createdAt\n          parentRunId\n        }\n      }\n    }\n  }\n": typeof types.RunChoicesDocument,
    "\n  fragment ExperimentSummaryFields on Experiment {\n    id\n    name\n    description\n    createdAt\n    updatedAt\n    datasetSize\n    model {\n      executor\n      model\n    }\n  }\n": typeof types.ExperimentSummaryFieldsFragmentDoc,
    "\n  fragment ExperimentDetailFields on Experiment {\n    ...ExperimentSummaryFields\n    prompt\n    archived\n    model {\n      executor\n      model\n      temperature\n      maxTokens\n      systemPrompt\n      baseUrl\n    }\n    dataset {\n      variables\n      expected\n      assertions {\n        ...AssertionFields\n      }\n    }\n    assertions {\n      ...AssertionFields\n    }\n  }\n": typeof types.ExperimentDetailFieldsFragmentDoc,
    "\n  query ExperimentsList($first: Int!, $after: String, $search: String) {\n    experiments(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ExperimentSummaryFields\n        }\n      }\n    }\n  }\n": typeof types.ExperimentsListDocument,
    "\n  query Experiment($id: ID!) {\n    experiment(id: $id) {\n      ...ExperimentDetailFields\n    }\n  }\n": typeof types.ExperimentDocument,
    "\n  mutation CreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) {\n      __typename\n      ... on Experiment {\n        id\n        name\n      }\n      ... on ValidationError {\n        field\n        errors {\n          location\n          message\n        }\n      }\n      ... on ConflictError {\n        field\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.CreateExperimentDocument,
    "\n  fragment ReviewFields on Review {\n    reviewer\n    verdict\n    score\n    comment\n    reviewedAt\n  }\n": typeof types.ReviewFieldsFragmentDoc,
    "\n  mutation ReviewItem($input: ReviewItemInput!) {\n    reviewItem(input: $input) {\n      __typename\n      ... on Review {\n        runId\n        itemIndex\n        ...ReviewFields\n      }\n      ... on ValidationError {\n        field\n        errors {\n          location\n          message\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.ReviewItemDocument,
    "\n  fragment UsageFields on Usage {\n    inputTokens\n    outputTokens\n    cost\n  }\n": typeof types.UsageFieldsFragmentDoc,
    "\n  fragment ProgressFields on RunProgress {\n    total\n    succeeded\n    failed\n    cancelled\n    pending\n  }\n": typeof types.ProgressFieldsFragmentDoc,
    "\n  fragment RunErrorFields on RunError {\n    code\n    message\n  }\n": typeof types.RunErrorFieldsFragmentDoc,
    "\n  fragment RunSummaryFields on Run {\n    id\n    experimentId\n    status\n    attempt\n    maxAttempts\n    parentRunId\n    createdAt\n    startedAt\n    finishedAt\n    cancelRequestedAt\n    progress {\n      ...ProgressFields\n    }\n    usage {\n      ...UsageFields\n    }\n    error {\n      ...RunErrorFields\n    }\n  }\n": typeof types.RunSummaryFieldsFragmentDoc,
    "\n  fragment ItemResultFields on RunItem {\n    status\n    output\n    score\n    latencyMs\n    usage {\n      ...UsageFields\n    }\n    error {\n      ...RunErrorFields\n    }\n    assertionResults {\n      ...AssertionResultFields\n    }\n    reviews {\n      ...ReviewFields\n    }\n  }\n": typeof types.ItemResultFieldsFragmentDoc,
    "\n  fragment RunItemFields on RunItem {\n    index\n    variables\n    attempts\n    ...ItemResultFields\n  }\n": typeof types.RunItemFieldsFragmentDoc,
    "\n  fragment RunStatusChangeFields on RunStatusChange {\n    previousStatus\n    status\n    run {\n      ...RunSummaryFields\n    }\n  }\n": typeof types.RunStatusChangeFieldsFragmentDoc,
    "\n  query ExperimentRuns($experimentId: ID!, $first: Int!, $after: String) {\n    runs(experimentId: $experimentId, first: $first, after: $after) {\n      totalCount\n      eventCursor\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...RunSummaryFields\n        }\n      }\n    }\n  }\n": typeof types.ExperimentRunsDocument,
    "\n  query Run($id: ID!) {\n    run(id: $id) {\n      ...RunSummaryFields\n      experiment {\n        id\n        name\n      }\n      parentRun {\n        id\n        status\n      }\n      config {\n        prompt\n        model {\n          executor\n          model\n          temperature\n          maxTokens\n        }\n        assertions {\n          ...AssertionFields\n        }\n      }\n      stats {\n        passRate\n        passRateInterval {\n          low\n          high\n        }\n        meanScore\n        meanScoreInterval {\n          low\n          high\n        }\n        errorRate\n        erroredItems\n        latencyP50Ms\n        latencyP95Ms\n        humanPassRate\n        reviewedItems\n      }\n    }\n  }\n": typeof types.RunDocument,
    "\n  query RunItems($id: ID!, $first: Int!, $after: String) {\n    run(id: $id) {\n      id\n      items(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          cursor\n          node {\n            ...RunItemFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.RunItemsDocument,
    "\n  mutation CreateRun($input: CreateRunInput!) {\n    createRun(input: $input) {\n      __typename\n      ...RunSummaryFields\n      ... on ValidationError {\n        field\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.CreateRunDocument,
    "\n  mutation CancelRun($input: CancelRunInput!) {\n    cancelRun(input: $input) {\n      __typename\n      ...RunSummaryFields\n      ...ErrorFields\n    }\n  }\n": typeof types.CancelRunDocument,
    "\n  mutation Rerun($input: RerunInput!) {\n    rerun(input: $input) {\n      __typename\n      ...RunSummaryFields\n      ...ErrorFields\n    }\n  }\n": typeof types.RerunDocument,
    "\n  subscription RunEvents($runId: ID!, $after: String) {\n    runEvents(runId: $runId, after: $after, reviews: true) {\n      __typename\n      cursor\n      seq\n      at\n      runId\n      ...RunStatusChangeFields\n      ... on ProgressUpdate {\n        progress {\n          ...ProgressFields\n        }\n        usage {\n          ...UsageFields\n        }\n      }\n      ... on ItemFinished {\n        itemIndex\n        itemStatus\n        score\n        latencyMs\n        usage {\n          ...UsageFields\n        }\n        error {\n          ...RunErrorFields\n        }\n        assertionResults {\n          ...AssertionResultFields\n        }\n      }\n      ... on OutputDelta {\n        itemIndex\n        attempt\n        text\n      }\n      ... on ReviewAdded {\n        itemIndex\n        reviewer\n        verdict\n        score\n        comment\n        reviewedItems\n        humanPassRate\n      }\n    }\n  }\n": typeof types.RunEventsDocument,
    "\n  subscription ExperimentRunChanges($experimentId: ID!, $after: String) {\n    runChanges(experimentId: $experimentId, after: $after) {\n      __typename\n      ... on RunStatusChange {\n        cursor\n        seq\n        at\n        runId\n        ...RunStatusChangeFields\n      }\n      ... on ProgressUpdate {\n        cursor\n        seq\n        at\n        runId\n        progress {\n          ...ProgressFields\n        }\n        usage {\n          ...UsageFields\n        }\n      }\n    }\n  }\n": typeof types.ExperimentRunChangesDocument,
};
const documents: Documents = {
    "\n  fragment ErrorFields on Error {\n    message\n    code\n  }\n": types.ErrorFieldsFragmentDoc,
    "\n  fragment PageInfoFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n": types.PageInfoFieldsFragmentDoc,
    "\n  fragment AssertionFields on Assertion {\n    kind\n    value\n  }\n": types.AssertionFieldsFragmentDoc,
    "\n  fragment AssertionResultFields on AssertionResult {\n    kind\n    value\n    passed\n  }\n": types.AssertionResultFieldsFragmentDoc,
    "\n  fragment ComparedRunFields on Run {\n    id\n    status\n    createdAt\n    parentRunId\n    progress {\n      ...ProgressFields\n    }\n    experiment {\n      id\n      name\n    }\n    config {\n      model {\n        model\n      }\n    }\n  }\n": types.ComparedRunFieldsFragmentDoc,
    "\n  fragment SideSummaryFields on RunSummary {\n    passRate\n    passRateInterval {\n      low\n      high\n    }\n    meanScore\n    meanScoreInterval {\n      low\n      high\n    }\n    errorRate\n    erroredItems\n    latencyP50Ms\n    latencyP95Ms\n    inputTokens\n    outputTokens\n    cost\n    humanPassRate\n    reviewedItems\n  }\n": types.SideSummaryFieldsFragmentDoc,
    "\n  fragment MeasureComparisonFields on MeasureComparison {\n    measure\n    paired\n    baseRows\n    otherRows\n    delta\n    interval {\n      low\n      high\n    }\n    pValue\n    test\n    significant\n  }\n": types.MeasureComparisonFieldsFragmentDoc,
    "\n  query CompareRuns($baseId: ID!, $otherId: ID!) {\n    baseRun: run(id: $baseId) {\n      ...ComparedRunFields\n    }\n    otherRun: run(id: $otherId) {\n      ...ComparedRunFields\n    }\n    compareRuns(baseId: $baseId, otherId: $otherId) {\n      __typename\n      ... on RunComparison {\n        base {\n          ...SideSummaryFields\n        }\n        other {\n          ...SideSummaryFields\n        }\n        passRateDelta\n        humanPassRateDelta\n        meanScoreDelta\n        latencyP50DeltaMs\n        latencyP95DeltaMs\n        outputTokensDelta\n        costDelta\n        paired\n        measures {\n          ...MeasureComparisonFields\n        }\n        items {\n          index\n          variables\n          outputChanged\n          scoreDelta\n          base {\n            ...ItemResultFields\n          }\n          other {\n            ...ItemResultFields\n          }\n        }\n      }\n      ... on NotFoundError {\n        message\n        id\n      }\n    }\n  }\n": types.CompareRunsDocument,
    "\n  query RunChoices($experimentId: ID!, $first: Int!) {\n    runs(experimentId: $experimentId, first: $first) {\n      edges {\n        node {\n          id\n          status\n          createdAt\n          parentRunId\n        }\n      }\n    }\n  }\n": types.RunChoicesDocument,
    "\n  fragment ExperimentSummaryFields on Experiment {\n    id\n    name\n    description\n    createdAt\n    updatedAt\n    datasetSize\n    model {\n      executor\n      model\n    }\n  }\n": types.ExperimentSummaryFieldsFragmentDoc,
    "\n  fragment ExperimentDetailFields on Experiment {\n    ...ExperimentSummaryFields\n    prompt\n    archived\n    model {\n      executor\n      model\n      temperature\n      maxTokens\n      systemPrompt\n      baseUrl\n    }\n    dataset {\n      variables\n      expected\n      assertions {\n        ...AssertionFields\n      }\n    }\n    assertions {\n      ...AssertionFields\n    }\n  }\n": types.ExperimentDetailFieldsFragmentDoc,
    "\n  query ExperimentsList($first: Int!, $after: String, $search: String) {\n    experiments(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ExperimentSummaryFields\n        }\n      }\n    }\n  }\n": types.ExperimentsListDocument,
    "\n  query Experiment($id: ID!) {\n    experiment(id: $id) {\n      ...ExperimentDetailFields\n    }\n  }\n": types.ExperimentDocument,
    "\n  mutation CreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) {\n      __typename\n      ... on Experiment {\n        id\n        name\n      }\n      ... on ValidationError {\n        field\n        errors {\n          location\n          message\n        }\n      }\n      ... on ConflictError {\n        field\n      }\n      ...ErrorFields\n    }\n  }\n": types.CreateExperimentDocument,
    "\n  fragment ReviewFields on Review {\n    reviewer\n    verdict\n    score\n    comment\n    reviewedAt\n  }\n": types.ReviewFieldsFragmentDoc,
    "\n  mutation ReviewItem($input: ReviewItemInput!) {\n    reviewItem(input: $input) {\n      __typename\n      ... on Review {\n        runId\n        itemIndex\n        ...ReviewFields\n      }\n      ... on ValidationError {\n        field\n        errors {\n          location\n          message\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.ReviewItemDocument,
    "\n  fragment UsageFields on Usage {\n    inputTokens\n    outputTokens\n    cost\n  }\n": types.UsageFieldsFragmentDoc,
    "\n  fragment ProgressFields on RunProgress {\n    total\n    succeeded\n    failed\n    cancelled\n    pending\n  }\n": types.ProgressFieldsFragmentDoc,
    "\n  fragment RunErrorFields on RunError {\n    code\n    message\n  }\n": types.RunErrorFieldsFragmentDoc,
    "\n  fragment RunSummaryFields on Run {\n    id\n    experimentId\n    status\n    attempt\n    maxAttempts\n    parentRunId\n    createdAt\n    startedAt\n    finishedAt\n    cancelRequestedAt\n    progress {\n      ...ProgressFields\n    }\n    usage {\n      ...UsageFields\n    }\n    error {\n      ...RunErrorFields\n    }\n  }\n": types.RunSummaryFieldsFragmentDoc,
    "\n  fragment ItemResultFields on RunItem {\n    status\n    output\n    score\n    latencyMs\n    usage {\n      ...UsageFields\n    }\n    error {\n      ...RunErrorFields\n    }\n    assertionResults {\n      ...AssertionResultFields\n    }\n    reviews {\n      ...ReviewFields\n    }\n  }\n": types.ItemResultFieldsFragmentDoc,
    "\n  fragment RunItemFields on RunItem {\n    index\n    variables\n    attempts\n    ...ItemResultFields\n  }\n": types.RunItemFieldsFragmentDoc,
    "\n  fragment RunStatusChangeFields on RunStatusChange {\n    previousStatus\n    status\n    run {\n      ...RunSummaryFields\n    }\n  }\n": types.RunStatusChangeFieldsFragmentDoc,
    "\n  query ExperimentRuns($experimentId: ID!, $first: Int!, $after: String) {\n    runs(experimentId: $experimentId, first: $first, after: $after) {\n      totalCount\n      eventCursor\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...RunSummaryFields\n        }\n      }\n    }\n  }\n": types.ExperimentRunsDocument,
    "\n  query Run($id: ID!) {\n    run(id: $id) {\n      ...RunSummaryFields\n      experiment {\n        id\n        name\n      }\n      parentRun {\n        id\n        status\n      }\n      config {\n        prompt\n        model {\n          executor\n          model\n          temperature\n          maxTokens\n        }\n        assertions {\n          ...AssertionFields\n        }\n      }\n      stats {\n        passRate\n        passRateInterval {\n          low\n          high\n        }\n        meanScore\n        meanScoreInterval {\n          low\n          high\n        }\n        errorRate\n        erroredItems\n        latencyP50Ms\n        latencyP95Ms\n        humanPassRate\n        reviewedItems\n      }\n    }\n  }\n": types.RunDocument,
    "\n  query RunItems($id: ID!, $first: Int!, $after: String) {\n    run(id: $id) {\n      id\n      items(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          cursor\n          node {\n            ...RunItemFields\n          }\n        }\n      }\n    }\n  }\n": types.RunItemsDocument,
    "\n  mutation CreateRun($input: CreateRunInput!) {\n    createRun(input: $input) {\n      __typename\n      ...RunSummaryFields\n      ... on ValidationError {\n        field\n      }\n      ...ErrorFields\n    }\n  }\n": types.CreateRunDocument,
    "\n  mutation CancelRun($input: CancelRunInput!) {\n    cancelRun(input: $input) {\n      __typename\n      ...RunSummaryFields\n      ...ErrorFields\n    }\n  }\n": types.CancelRunDocument,
    "\n  mutation Rerun($input: RerunInput!) {\n    rerun(input: $input) {\n      __typename\n      ...RunSummaryFields\n      ...ErrorFields\n    }\n  }\n": types.RerunDocument,
    "\n  subscription RunEvents($runId: ID!, $after: String) {\n    runEvents(runId: $runId, after: $after, reviews: true) {\n      __typename\n      cursor\n      seq\n      at\n      runId\n      ...RunStatusChangeFields\n      ... on ProgressUpdate {\n        progress {\n          ...ProgressFields\n        }\n        usage {\n          ...UsageFields\n        }\n      }\n      ... on ItemFinished {\n        itemIndex\n        itemStatus\n        score\n        latencyMs\n        usage {\n          ...UsageFields\n        }\n        error {\n          ...RunErrorFields\n        }\n        assertionResults {\n          ...AssertionResultFields\n        }\n      }\n      ... on OutputDelta {\n        itemIndex\n        attempt\n        text\n      }\n      ... on ReviewAdded {\n        itemIndex\n        reviewer\n        verdict\n        score\n        comment\n        reviewedItems\n        humanPassRate\n      }\n    }\n  }\n": types.RunEventsDocument,
    "\n  subscription ExperimentRunChanges($experimentId: ID!, $after: String) {\n    runChanges(experimentId: $experimentId, after: $after) {\n      __typename\n      ... on RunStatusChange {\n        cursor\n        seq\n        at\n        runId\n        ...RunStatusChangeFields\n      }\n      ... on ProgressUpdate {\n        cursor\n        seq\n        at\n        runId\n        progress {\n          ...ProgressFields\n        }\n        usage {\n          ...UsageFields\n        }\n      }\n    }\n  }\n": types.ExperimentRunChangesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ErrorFields on Error {\n    message\n    code\n  }\n"): (typeof documents)["\n  fragment ErrorFields on Error {\n    message\n    code\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PageInfoFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n"): (typeof documents)["\n  fragment PageInfoFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AssertionFields on Assertion {\n    kind\n    value\n  }\n"): (typeof documents)["\n  fragment AssertionFields on Assertion {\n    kind\n    value\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AssertionResultFields on AssertionResult {\n    kind\n    value\n    passed\n  }\n"): (typeof documents)["\n  fragment AssertionResultFields on AssertionResult {\n    kind\n    value\n    passed\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ComparedRunFields on Run {\n    id\n    status\n    createdAt\n    parentRunId\n    progress {\n      ...ProgressFields\n    }\n    experiment {\n      id\n      name\n    }\n    config {\n      model {\n        model\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ComparedRunFields on Run {\n    id\n    status\n    createdAt\n    parentRunId\n    progress {\n      ...ProgressFields\n    }\n    experiment {\n      id\n      name\n    }\n    config {\n      model {\n        model\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SideSummaryFields on RunSummary {\n    passRate\n    passRateInterval {\n      low\n      high\n    }\n    meanScore\n    meanScoreInterval {\n      low\n      high\n    }\n    errorRate\n    erroredItems\n    latencyP50Ms\n    latencyP95Ms\n    inputTokens\n    outputTokens\n    cost\n    humanPassRate\n    reviewedItems\n  }\n"): (typeof documents)["\n  fragment SideSummaryFields on RunSummary {\n    passRate\n    passRateInterval {\n      low\n      high\n    }\n    meanScore\n    meanScoreInterval {\n      low\n      high\n    }\n    errorRate\n    erroredItems\n    latencyP50Ms\n    latencyP95Ms\n    inputTokens\n    outputTokens\n    cost\n    humanPassRate\n    reviewedItems\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MeasureComparisonFields on MeasureComparison {\n    measure\n    paired\n    baseRows\n    otherRows\n    delta\n    interval {\n      low\n      high\n    }\n    pValue\n    test\n    significant\n  }\n"): (typeof documents)["\n  fragment MeasureComparisonFields on MeasureComparison {\n    measure\n    paired\n    baseRows\n    otherRows\n    delta\n    interval {\n      low\n      high\n    }\n    pValue\n    test\n    significant\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompareRuns($baseId: ID!, $otherId: ID!) {\n    baseRun: run(id: $baseId) {\n      ...ComparedRunFields\n    }\n    otherRun: run(id: $otherId) {\n      ...ComparedRunFields\n    }\n    compareRuns(baseId: $baseId, otherId: $otherId) {\n      __typename\n      ... on RunComparison {\n        base {\n          ...SideSummaryFields\n        }\n        other {\n          ...SideSummaryFields\n        }\n        passRateDelta\n        humanPassRateDelta\n        meanScoreDelta\n        latencyP50DeltaMs\n        latencyP95DeltaMs\n        outputTokensDelta\n        costDelta\n        paired\n        measures {\n          ...MeasureComparisonFields\n        }\n        items {\n          index\n          variables\n          outputChanged\n          scoreDelta\n          base {\n            ...ItemResultFields\n          }\n          other {\n            ...ItemResultFields\n          }\n        }\n      }\n      ... on NotFoundError {\n        message\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query CompareRuns($baseId: ID!, $otherId: ID!) {\n    baseRun: run(id: $baseId) {\n      ...ComparedRunFields\n    }\n    otherRun: run(id: $otherId) {\n      ...ComparedRunFields\n    }\n    compareRuns(baseId: $baseId, otherId: $otherId) {\n      __typename\n      ... on RunComparison {\n        base {\n          ...SideSummaryFields\n        }\n        other {\n          ...SideSummaryFields\n        }\n        passRateDelta\n        humanPassRateDelta\n        meanScoreDelta\n        latencyP50DeltaMs\n        latencyP95DeltaMs\n        outputTokensDelta\n        costDelta\n        paired\n        measures {\n          ...MeasureComparisonFields\n        }\n        items {\n          index\n          variables\n          outputChanged\n          scoreDelta\n          base {\n            ...ItemResultFields\n          }\n          other {\n            ...ItemResultFields\n          }\n        }\n      }\n      ... on NotFoundError {\n        message\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunChoices($experimentId: ID!, $first: Int!) {\n    runs(experimentId: $experimentId, first: $first) {\n      edges {\n        node {\n          id\n          status\n          createdAt\n          parentRunId\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RunChoices($experimentId: ID!, $first: Int!) {\n    runs(experimentId: $experimentId, first: $first) {\n      edges {\n        node {\n          id\n          status\n          createdAt\n          parentRunId\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExperimentSummaryFields on Experiment {\n    id\n    name\n    description\n    createdAt\n    updatedAt\n    datasetSize\n    model {\n      executor\n      model\n    }\n  }\n"): (typeof documents)["\n  fragment ExperimentSummaryFields on Experiment {\n    id\n    name\n    description\n    createdAt\n    updatedAt\n    datasetSize\n    model {\n      executor\n      model\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExperimentDetailFields on Experiment {\n    ...ExperimentSummaryFields\n    prompt\n    archived\n    model {\n      executor\n      model\n      temperature\n      maxTokens\n      systemPrompt\n      baseUrl\n    }\n    dataset {\n      variables\n      expected\n      assertions {\n        ...AssertionFields\n      }\n    }\n    assertions {\n      ...AssertionFields\n    }\n  }\n"): (typeof documents)["\n  fragment ExperimentDetailFields on Experiment {\n    ...ExperimentSummaryFields\n    prompt\n    archived\n    model {\n      executor\n      model\n      temperature\n      maxTokens\n      systemPrompt\n      baseUrl\n    }\n    dataset {\n      variables\n      expected\n      assertions {\n        ...AssertionFields\n      }\n    }\n    assertions {\n      ...AssertionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExperimentsList($first: Int!, $after: String, $search: String) {\n    experiments(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ExperimentSummaryFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ExperimentsList($first: Int!, $after: String, $search: String) {\n    experiments(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ExperimentSummaryFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Experiment($id: ID!) {\n    experiment(id: $id) {\n      ...ExperimentDetailFields\n    }\n  }\n"): (typeof documents)["\n  query Experiment($id: ID!) {\n    experiment(id: $id) {\n      ...ExperimentDetailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) {\n      __typename\n      ... on Experiment {\n        id\n        name\n      }\n      ... on ValidationError {\n        field\n        errors {\n          location\n          message\n        }\n      }\n      ... on ConflictError {\n        field\n      }\n      ...ErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) {\n      __typename\n      ... on Experiment {\n        id\n        name\n      }\n      ... on ValidationError {\n        field\n        errors {\n          location\n          message\n        }\n      }\n      ... on ConflictError {\n        field\n      }\n      ...ErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReviewFields on Review {\n    reviewer\n    verdict\n    score\n    comment\n    reviewedAt\n  }\n"): (typeof documents)["\n  fragment ReviewFields on Review {\n    reviewer\n    verdict\n    score\n    comment\n    reviewedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReviewItem($input: ReviewItemInput!) {\n    reviewItem(input: $input) {\n      __typename\n      ... on Review {\n        runId\n        itemIndex\n        ...ReviewFields\n      }\n      ... on ValidationError {\n        field\n        errors {\n          location\n          message\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation ReviewItem($input: ReviewItemInput!) {\n    reviewItem(input: $input) {\n      __typename\n      ... on Review {\n        runId\n        itemIndex\n        ...ReviewFields\n      }\n      ... on ValidationError {\n        field\n        errors {\n          location\n          message\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UsageFields on Usage {\n    inputTokens\n    outputTokens\n    cost\n  }\n"): (typeof documents)["\n  fragment UsageFields on Usage {\n    inputTokens\n    outputTokens\n    cost\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProgressFields on RunProgress {\n    total\n    succeeded\n    failed\n    cancelled\n    pending\n  }\n"): (typeof documents)["\n  fragment ProgressFields on RunProgress {\n    total\n    succeeded\n    failed\n    cancelled\n    pending\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunErrorFields on RunError {\n    code\n    message\n  }\n"): (typeof documents)["\n  fragment RunErrorFields on RunError {\n    code\n    message\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunSummaryFields on Run {\n    id\n    experimentId\n    status\n    attempt\n    maxAttempts\n    parentRunId\n    createdAt\n    startedAt\n    finishedAt\n    cancelRequestedAt\n    progress {\n      ...ProgressFields\n    }\n    usage {\n      ...UsageFields\n    }\n    error {\n      ...RunErrorFields\n    }\n  }\n"): (typeof documents)["\n  fragment RunSummaryFields on Run {\n    id\n    experimentId\n    status\n    attempt\n    maxAttempts\n    parentRunId\n    createdAt\n    startedAt\n    finishedAt\n    cancelRequestedAt\n    progress {\n      ...ProgressFields\n    }\n    usage {\n      ...UsageFields\n    }\n    error {\n      ...RunErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ItemResultFields on RunItem {\n    status\n    output\n    score\n    latencyMs\n    usage {\n      ...UsageFields\n    }\n    error {\n      ...RunErrorFields\n    }\n    assertionResults {\n      ...AssertionResultFields\n    }\n    reviews {\n      ...ReviewFields\n    }\n  }\n"): (typeof documents)["\n  fragment ItemResultFields on RunItem {\n    status\n    output\n    score\n    latencyMs\n    usage {\n      ...UsageFields\n    }\n    error {\n      ...RunErrorFields\n    }\n    assertionResults {\n      ...AssertionResultFields\n    }\n    reviews {\n      ...ReviewFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunItemFields on RunItem {\n    index\n    variables\n    attempts\n    ...ItemResultFields\n  }\n"): (typeof documents)["\n  fragment RunItemFields on RunItem {\n    index\n    variables\n    attempts\n    ...ItemResultFields\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunStatusChangeFields on RunStatusChange {\n    previousStatus\n    status\n    run {\n      ...RunSummaryFields\n    }\n  }\n"): (typeof documents)["\n  fragment RunStatusChangeFields on RunStatusChange {\n    previousStatus\n    status\n    run {\n      ...RunSummaryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExperimentRuns($experimentId: ID!, $first: Int!, $after: String) {\n    runs(experimentId: $experimentId, first: $first, after: $after) {\n      totalCount\n      eventCursor\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...RunSummaryFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ExperimentRuns($experimentId: ID!, $first: Int!, $after: String) {\n    runs(experimentId: $experimentId, first: $first, after: $after) {\n      totalCount\n      eventCursor\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...RunSummaryFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Run($id: ID!) {\n    run(id: $id) {\n      ...RunSummaryFields\n      experiment {\n        id\n        name\n      }\n      parentRun {\n        id\n        status\n      }\n      config {\n        prompt\n        model {\n          executor\n          model\n          temperature\n          maxTokens\n        }\n        assertions {\n          ...AssertionFields\n        }\n      }\n      stats {\n        passRate\n        passRateInterval {\n          low\n          high\n        }\n        meanScore\n        meanScoreInterval {\n          low\n          high\n        }\n        errorRate\n        erroredItems\n        latencyP50Ms\n        latencyP95Ms\n        humanPassRate\n        reviewedItems\n      }\n    }\n  }\n"): (typeof documents)["\n  query Run($id: ID!) {\n    run(id: $id) {\n      ...RunSummaryFields\n      experiment {\n        id\n        name\n      }\n      parentRun {\n        id\n        status\n      }\n      config {\n        prompt\n        model {\n          executor\n          model\n          temperature\n          maxTokens\n        }\n        assertions {\n          ...AssertionFields\n        }\n      }\n      stats {\n        passRate\n        passRateInterval {\n          low\n          high\n        }\n        meanScore\n        meanScoreInterval {\n          low\n          high\n        }\n        errorRate\n        erroredItems\n        latencyP50Ms\n        latencyP95Ms\n        humanPassRate\n        reviewedItems\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunItems($id: ID!, $first: Int!, $after: String) {\n    run(id: $id) {\n      id\n      items(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          cursor\n          node {\n            ...RunItemFields\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RunItems($id: ID!, $first: Int!, $after: String) {\n    run(id: $id) {\n      id\n      items(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          cursor\n          node {\n            ...RunItemFields\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRun($input: CreateRunInput!) {\n    createRun(input: $input) {\n      __typename\n      ...RunSummaryFields\n      ... on ValidationError {\n        field\n      }\n      ...ErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateRun($input: CreateRunInput!) {\n    createRun(input: $input) {\n      __typename\n      ...RunSummaryFields\n      ... on ValidationError {\n        field\n      }\n      ...ErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelRun($input: CancelRunInput!) {\n    cancelRun(input: $input) {\n      __typename\n      ...RunSummaryFields\n      ...ErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation CancelRun($input: CancelRunInput!) {\n    cancelRun(input: $input) {\n      __typename\n      ...RunSummaryFields\n      ...ErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Rerun($input: RerunInput!) {\n    rerun(input: $input) {\n      __typename\n      ...RunSummaryFields\n      ...ErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation Rerun($input: RerunInput!) {\n    rerun(input: $input) {\n      __typename\n      ...RunSummaryFields\n      ...ErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RunEvents($runId: ID!, $after: String) {\n    runEvents(runId: $runId, after: $after, reviews: true) {\n      __typename\n      cursor\n      seq\n      at\n      runId\n      ...RunStatusChangeFields\n      ... on ProgressUpdate {\n        progress {\n          ...ProgressFields\n        }\n        usage {\n          ...UsageFields\n        }\n      }\n      ... on ItemFinished {\n        itemIndex\n        itemStatus\n        score\n        latencyMs\n        usage {\n          ...UsageFields\n        }\n        error {\n          ...RunErrorFields\n        }\n        assertionResults {\n          ...AssertionResultFields\n        }\n      }\n      ... on OutputDelta {\n        itemIndex\n        attempt\n        text\n      }\n      ... on ReviewAdded {\n        itemIndex\n        reviewer\n        verdict\n        score\n        comment\n        reviewedItems\n        humanPassRate\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription RunEvents($runId: ID!, $after: String) {\n    runEvents(runId: $runId, after: $after, reviews: true) {\n      __typename\n      cursor\n      seq\n      at\n      runId\n      ...RunStatusChangeFields\n      ... on ProgressUpdate {\n        progress {\n          ...ProgressFields\n        }\n        usage {\n          ...UsageFields\n        }\n      }\n      ... on ItemFinished {\n        itemIndex\n        itemStatus\n        score\n        latencyMs\n        usage {\n          ...UsageFields\n        }\n        error {\n          ...RunErrorFields\n        }\n        assertionResults {\n          ...AssertionResultFields\n        }\n      }\n      ... on OutputDelta {\n        itemIndex\n        attempt\n        text\n      }\n      ... on ReviewAdded {\n        itemIndex\n        reviewer\n        verdict\n        score\n        comment\n        reviewedItems\n        humanPassRate\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ExperimentRunChanges($experimentId: ID!, $after: String) {\n    runChanges(experimentId: $experimentId, after: $after) {\n      __typename\n      ... on RunStatusChange {\n        cursor\n        seq\n        at\n        runId\n        ...RunStatusChangeFields\n      }\n      ... on ProgressUpdate {\n        cursor\n        seq\n        at\n        runId\n        progress {\n          ...ProgressFields\n        }\n        usage {\n          ...UsageFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ExperimentRunChanges($experimentId: ID!, $after: String) {\n    runChanges(experimentId: $experimentId, after: $after) {\n      __typename\n      ... on RunStatusChange {\n        cursor\n        seq\n        at\n        runId\n        ...RunStatusChangeFields\n      }\n      ... on ProgressUpdate {\n        cursor\n        seq\n        at\n        runId\n        progress {\n          ...ProgressFields\n        }\n        usage {\n          ...UsageFields\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;