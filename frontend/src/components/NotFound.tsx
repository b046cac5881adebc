import { Link } from "react-router";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

/** In place of a page or a resource that does not exist: why, and the way back. */
export function NotFound({ message }: { message: string }) {
  useDocumentTitle("Not found");
  return (
    <div className="card empty">
      <h1>Not found</h1>
      <p>
        {message} <Link to="/">Back to the experiments</Link>.
      </p>
    </div>
  );
}
