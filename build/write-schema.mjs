#!/usr/bin/env node
// `npm run schema`: regenerates scenarios/scenario.schema.json from the scenario schema
// declared in engine/scenario/schema.ts (engine/scenario/json-schema.test.ts fails when the
// committed file is stale).
import { build } from "esbuild";
import { writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outfile = path.join(root, "build/out/json-schema.mjs");
await build({
  stdin: { contents: 'export { scenarioJsonSchema } from "./engine/scenario/json-schema";', resolveDir: root, loader: "ts" },
  bundle: true, platform: "neutral", format: "esm", outfile, logLevel: "warning", mainFields: ["module", "main"],
});
const { scenarioJsonSchema } = await import(pathToFileURL(outfile).href);
const file = path.join(root, "scenarios/scenario.schema.json");
writeFileSync(file, JSON.stringify(scenarioJsonSchema(), null, 2) + "\n");
console.log(`wrote ${path.relative(root, file)}`);
