#!/usr/bin/env node
// Bundles the command line (cli/main.ts and the replication worker) with esbuild into
// build/out/cli/, so `npx clustersim` starts in plain Node without a TypeScript loader (start-up
// time matters in CI) and worker_threads can load the same bundle. Runs on `npm ci`
// (the `prepare` script), on `npm pack` (prepare and prepack) and before `npm test` and
// `npm run bench`. The bundle holds its dependencies (d3 for the HTML report, yaml,
// seedrandom), so an installed package needs nothing else; their notices go beside it.
//
// Each output file is written to a temporary name and renamed into place: `npm pack` rebuilds
// the bundle while other tests may be starting the bin from it, and a reader must never see a
// half-written file (the bytes are the same, so the rename is all they can notice). Files of an
// earlier build are removed afterwards.
import { build } from "esbuild";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { thirdPartyNotices } from "./third-party-notices.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "build/out/cli");
const entries = ["cli/main.ts", "cli/worker.ts"].filter((entry) => existsSync(path.join(root, entry)));
if (entries.length > 0) {
  const result = await build({
    entryPoints: entries.map((entry) => path.join(root, entry)),
    outdir,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    splitting: true,
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
    sourcemap: "linked",
    metafile: true,
    write: false,
    define: { __CLUSTERSIM_VERSION__: JSON.stringify(process.env.npm_package_version ?? "0.1.0") },
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  mkdirSync(outdir, { recursive: true });
  const outputs = [...result.outputFiles.map((file) => ({ path: file.path, contents: file.contents })),
    { path: path.join(outdir, "THIRD-PARTY-LICENSES.txt"), contents: thirdPartyNotices(root, result.metafile, "Third-party code bundled in build/out/cli/ (the clustersim command line):") }];
  for (const output of outputs) {
    const temporary = `${output.path}.${process.pid}.tmp`;
    writeFileSync(temporary, output.contents);
    renameSync(temporary, output.path);
  }
  // Chunks of an earlier build (their names hash their contents) would ship in the package.
  const current = new Set(outputs.map((output) => path.basename(output.path)));
  for (const name of readdirSync(outdir)) if (!current.has(name) && !name.endsWith(".tmp")) rmSync(path.join(outdir, name), { force: true });
}
