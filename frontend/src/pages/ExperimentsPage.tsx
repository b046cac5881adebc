import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { ErrorMessage } from "../components/ErrorMessage";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { Pager } from "../components/Pager";
import { ExperimentsTable } from "../features/experiments/ExperimentsTable";
import { ExperimentsListQuery } from "../features/experiments/operations";
import { SearchBox } from "../features/experiments/SearchBox";
import { useCursorPages } from "../hooks/useCursorPages";
import { useDebouncedValue } from "../hooks/useDebouncedValue";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

const PAGE_SIZE = 20;

/** `/`: every live experiment, searchable, a page at a time. */
export function ExperimentsPage() {
  useDocumentTitle("Experiments");
  const [params, setParams] = useSearchParams();
  const search = params.get("q") ?? "";
  const [typed, setTyped] = useState(search);
  const debounced = useDebouncedValue(typed, 300);

  // Back and forward change the URL: show its search in the box.
  useEffect(() => {
    setTyped((current) => (current.trim() === search ? current : search));
  }, [search]);

  useEffect(() => {
    if (debounced.trim() === search) return;
    setParams(debounced.trim() ? { q: debounced.trim() } : {}, { replace: true });
  }, [debounced, search, setParams]);

  const pages = useCursorPages(search);
  const [{ data, fetching, error }] = useQuery({
    query: ExperimentsListQuery,
    variables: { first: PAGE_SIZE, after: pages.after, search: search || null },
  });
  const connection = data?.experiments;
  const experiments = connection?.edges.map((edge) => edge.node) ?? [];

  return (
    <>
      <PageHeader
        actions={
          <Link to="/experiments/new" className="button">
            New experiment
          </Link>
        }
      >
        <h1>Experiments</h1>
        {connection && (
          <p className="muted" aria-live="polite">
            {connection.totalCount === 1 ? "1 experiment" : `${connection.totalCount} experiments`}
            {search && ` matching “${search}”`}
          </p>
        )}
      </PageHeader>

      <SearchBox label="Search experiments" value={typed} onChange={setTyped} />

      {error && <ErrorMessage error={error} title="The experiments could not be loaded" />}
      {!data && fetching && <Loading label="Loading experiments…" />}
      {connection && experiments.length === 0 && (
        <div className="card empty">
          {search ? (
            <p>No experiment matches “{search}”.</p>
          ) : (
            <p>
              No experiments yet. <Link to="/experiments/new">Create the first one</Link>.
            </p>
          )}
        </div>
      )}
      {experiments.length > 0 && <ExperimentsTable experiments={experiments} caption="Experiments" />}
      {connection && (
        <Pager
          label="Experiment pages"
          page={pages.page}
          hasPrevious={pages.page > 1}
          hasNext={connection.pageInfo.hasNextPage && connection.pageInfo.endCursor !== null}
          onPrevious={pages.previous}
          onNext={() => connection.pageInfo.endCursor && pages.next(connection.pageInfo.endCursor)}
        />
      )}
    </>
  );
}
