import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { createRuncastConnection } from "./api/client";
import { RuncastProvider } from "./api/RuncastProvider";
import { App } from "./App";
import "./styles/tokens.css";
import "./styles/base.css";
import "./styles/components.css";

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <RuncastProvider connection={createRuncastConnection()}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </RuncastProvider>
  </StrictMode>,
);
