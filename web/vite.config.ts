/**
 * Vite configuration of the browser app. The root is web/; `npm start` serves it and
 * `npm run build` writes a static site to web/dist/ (the top-level dist/ is the library
 * package) with relative asset URLs, so any static host (or a sub-folder of one) serves it. The engine runs in a module worker (web/worker/worker.ts).
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const webRoot = fileURLToPath(new URL(".", import.meta.url));
/**
 * Cross-origin isolation, so the page can share memory with the engine worker (the page-busy
 * flag, web/app/page-busy.ts). A static host serving web/dist/ should send the same two.
 */
const ISOLATION_HEADERS = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };

export default defineConfig({
  root: webRoot,
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: "es" },
  // The gallery imports ../scenarios/*.yaml, outside the Vite root.
  server: { fs: { allow: [".."] }, headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
});
