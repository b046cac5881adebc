import { Route, Routes } from "react-router";
import { Layout } from "./components/Layout";
import { TokenGate } from "./components/TokenGate";
import { ComparePage } from "./pages/ComparePage";
import { ExperimentPage } from "./pages/ExperimentPage";
import { ExperimentsPage } from "./pages/ExperimentsPage";
import { NewExperimentPage } from "./pages/NewExperimentPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { EditExperimentPage } from "./pages/EditExperimentPage";
import { RunItemPage } from "./pages/RunItemPage";
import { RunPage } from "./pages/RunPage";

/** The routes of the web app, behind the token form while the server asks for one; the server answers every route with index.html. */
export function App() {
  return (
    <Layout>
      <TokenGate>
        <Routes>
          <Route path="/" element={<ExperimentsPage />} />
          <Route path="/experiments/new" element={<NewExperimentPage />} />
          <Route path="/experiments/:id" element={<ExperimentPage />} />
          <Route path="/experiments/:id/edit" element={<EditExperimentPage />} />
          <Route path="/runs/:id" element={<RunPage />} />
          <Route path="/runs/:id/items/:index" element={<RunItemPage />} />
          <Route path="/compare" element={<ComparePage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </TokenGate>
    </Layout>
  );
}
