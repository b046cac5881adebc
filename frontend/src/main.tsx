import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { ApiTokenStore } from "./api/apiToken";
import { AuthenticatedConnection } from "./api/AuthenticatedConnection";
import { App } from "./App";
import "./styles/tokens.css";
import "./styles/base.css";
import "./styles/components.css";

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <AuthenticatedConnection tokens={new ApiTokenStore()}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </AuthenticatedConnection>
  </StrictMode>,
);
