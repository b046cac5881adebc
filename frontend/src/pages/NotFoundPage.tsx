import { Link } from "react-router";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

/** Any path the app does not know, or a resource that does not exist. */
export function NotFoundPage({ what = "page" }: { what?: string }) {
  useDocumentTitle("Not found");
  return (
    <div className="card empty">
      <h1>Not found</h1>
      <p>
        This {what} does not exist. <Link to="/">Back to the experiments</Link>.
      </p>
    </div>
  );
}
