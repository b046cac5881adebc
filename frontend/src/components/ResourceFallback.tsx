import type { CombinedError } from "urql";
import { ErrorMessage } from "./ErrorMessage";
import { Loading } from "./Loading";
import { NotFound } from "./NotFound";

interface ResourceFallbackProps {
  /** What the page shows, as in "the run". */
  what: string;
  /** Why it could not be loaded, if the request failed. */
  error?: CombinedError | undefined;
  /** The API answered that it does not exist; a string says so in the API's words. */
  notFound?: boolean | string;
}

/**
 * What a page shows while its resource is not there: that it does not
 * exist, the error that kept it from loading, or that it is loading.
 */
export function ResourceFallback({ what, error, notFound = false }: ResourceFallbackProps) {
  if (notFound !== false) return <NotFound message={notFound === true ? `This ${what} does not exist.` : notFound} />;
  if (error) return <ErrorMessage error={error} title={`The ${what} could not be loaded`} />;
  return <Loading label={`Loading the ${what}…`} />;
}
