#!/usr/bin/env node
// The `clustersim` bin: starts the bundled command line (build/out/cli/main.mjs, built by
// `npm run build:cli`, which `npm ci` and `npm test` run for you).
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bundle = path.join(packageRoot, "build/out/cli/main.mjs");
if (!existsSync(bundle)) {
  process.stderr.write(`clustersim: the CLI is not built (${path.relative(process.cwd(), bundle)} is missing); run npm run build:cli\n`);
  process.exit(3);
}
const { main } = await import("../build/out/cli/main.mjs");
process.exitCode = await main(process.argv.slice(2), { packageRoot, handleSignals: true });
