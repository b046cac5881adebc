import type { CombinedError } from "urql";
import { describeError } from "../api/errors";

/** An error announced to assistive technology as soon as it appears. */
export function ErrorMessage({ error, title = "Something went wrong" }: { error: CombinedError | Error | string; title?: string }) {
  return (
    <div className="notice notice--error" role="alert">
      <strong>{title}.</strong> {describeError(error)}
    </div>
  );
}
