import { NotFound } from "../components/NotFound";

/** Any path the app does not know. */
export function NotFoundPage() {
  return <NotFound message="This page does not exist." />;
}
