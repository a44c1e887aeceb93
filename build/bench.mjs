#!/usr/bin/env node
// `npm run bench`: bundles bench/main.ts with esbuild, runs each benchmark in its own Node
// process (so peak RSS is per benchmark), prints a table and writes bench/results.json.
// Usage: npm run bench [-- name ...]   (default list: `node build/out/bench.mjs --list`; every
// name, including those run only when named such as hybrid-gate: `--list-all`)
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outfile = path.join(root, "build/out/bench.mjs");
// Chunks carry content hashes: drop the previous build's so they do not pile up.
try { for (const f of readdirSync(path.dirname(outfile))) if (f.startsWith("bench-")) rmSync(path.join(path.dirname(outfile), f)); } catch { /* no build yet */ }
await build({
  entryPoints: [path.join(root, "bench/main.ts")],
  bundle: true, platform: "node", format: "esm", target: "node20",
  outdir: path.dirname(outfile), entryNames: "bench", chunkNames: "bench-[name]-[hash]",
  logLevel: "warning",
  // The browser benchmark drives Chromium through playwright-core, loaded from node_modules
  // (and shares web/e2e/support.ts, whose test fixture imports vitest). Splitting keeps its
  // dynamic import a chunk of its own, so those two load only when it runs: bundled into one
  // file their imports are hoisted and every benchmark would load them (+84 MB peak RSS).
  splitting: true, outExtension: { ".js": ".mjs" },
  external: ["playwright-core", "vitest"],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
const defaults = execFileSync(process.execPath, [outfile, "--list"], { encoding: "utf8" }).trim().split("\n");
const known = execFileSync(process.execPath, [outfile, "--list-all"], { encoding: "utf8" }).trim().split("\n");
// Options are not taken: a flag such as `--list` or `--help` must not fall through to "no names",
// which runs the whole default list (minutes of CPU on a shared machine).
const options = process.argv.slice(2).filter((a) => a.startsWith("-"));
if (options.length > 0) {
  process.stderr.write(`bench: no options are taken (got ${options.join(" ")}); usage: npm run bench [-- name ...]\ndefault list: ${defaults.join(", ")}\nevery name: ${known.join(", ")}\n`);
  process.exit(2);
}
const wanted = process.argv.slice(2);
for (const name of wanted) if (!known.includes(name)) throw new Error(`unknown benchmark ${name}; known: ${known.join(", ")}`);
const names = wanted.length > 0 ? wanted : defaults;
const records = [];
for (const name of names) {
  process.stderr.write(`running ${name} ...\n`);
  const out = execFileSync(process.execPath, ["--max-old-space-size=8192", "--expose-gc", outfile, name], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 26 });
  for (const line of out.trim().split("\n")) if (line.startsWith("{")) records.push(JSON.parse(line));
}
const fmt = (n, d = 0) => (n === undefined ? "" : Number(n).toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }));
console.log(["benchmark".padEnd(44), "events/s".padStart(14), "events/cpu-s".padStart(14), "wall ms".padStart(10), "peak MB".padStart(8), "  sanity"].join(""));
for (const r of records) {
  const s = r.sanity ? `  ${r.sanity.label} ${fmt(r.sanity.value, 4)}${r.sanity.expected !== undefined ? ` (expected ${fmt(r.sanity.expected, 4)})` : ""} ${r.sanity.ok ? "ok" : "WRONG"}` : "";
  console.log([r.name.padEnd(44), fmt(r.modelEventsPerS).padStart(14), fmt(r.modelEventsPerCpuS).padStart(14), fmt(r.wallMs).padStart(10), fmt(r.peakRssMb).padStart(8), s].join(""));
  if (r.notes) console.log(`${"".padEnd(46)}${r.notes}`);
}
// Merge by benchmark name: a partial run (`npm run bench -- name`) updates its own records and
// keeps the others, each stamped with the date and Node version it was measured with.
const file = path.join(root, "bench/results.json");
const date = new Date().toISOString().slice(0, 10);
let previous = [];
try { previous = JSON.parse(readFileSync(file, "utf8")).records ?? []; } catch { previous = []; }
const fresh = new Map(records.map((r) => [r.name, { ...r, date, node: process.version }]));
const merged = previous.filter((r) => !fresh.has(r.name)).map((r) => ({ date: r.date ?? "unknown", node: r.node ?? "unknown", ...r }));
const payload = { records: [...merged, ...fresh.values()].sort((a, b) => a.name.localeCompare(b.name)) };
writeFileSync(file, JSON.stringify(payload, null, 2) + "\n");
console.log(`\nwrote ${path.relative(root, file)}`);
