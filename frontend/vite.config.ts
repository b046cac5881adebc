/// <reference types="vitest/config" />
import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The Runcast server the dev server forwards /graphql (HTTP and WebSocket) to.
const backend = process.env.RUNCAST_DEV_BACKEND ?? "http://127.0.0.1:8010";

export default defineConfig({
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    assetsDir: "assets",
    emptyOutDir: true,
    // Monaco (inside GraphiQL) is large; it is only loaded by graphiql.html.
    chunkSizeWarningLimit: 6000,
    rolldownOptions: {
      input: {
        app: resolve(import.meta.dirname, "index.html"),
        graphiql: resolve(import.meta.dirname, "graphiql.html"),
      },
      onwarn(warning, warn) {
        // GraphiQL's packages carry React Compiler directives that bundling drops harmlessly.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  worker: {
    format: "es",
  },
  optimizeDeps: {
    // These modules import Monaco's web workers with `?worker`, which only
    // Vite's own pipeline understands, not the dependency pre-bundler.
    exclude: ["graphiql/setup-workers/vite", "@graphiql/react/setup-workers/vite"],
  },
  server: {
    host: "127.0.0.1",
    proxy: {
      "/graphql": { target: backend, ws: true, changeOrigin: false },
      "/healthz": { target: backend },
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    restoreMocks: true,
  },
});
