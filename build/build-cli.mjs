#!/usr/bin/env node
// Bundles the command line (cli/main.ts and the replication worker) with esbuild into
// build/out/, so `npx clustersim` starts in plain Node without a TypeScript loader (start-up
// time matters in CI) and worker_threads can load the same bundle. Runs on `npm ci`
// (the `prepare` script) and before `npm test` and `npm run bench`.
import { build } from "esbuild";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entries = ["cli/main.ts", "cli/worker.ts"].filter((entry) => existsSync(path.join(root, entry)));
if (entries.length > 0) {
  await build({
    entryPoints: entries.map((entry) => path.join(root, entry)),
    outdir: path.join(root, "build/out/cli"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    splitting: true,
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
    sourcemap: "linked",
    define: { __CLUSTERSIM_VERSION__: JSON.stringify(process.env.npm_package_version ?? "0.1.0") },
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
}
