#!/usr/bin/env node
// Lists the file-level import cycles in engine/: the strongly connected components of the
// graph of relative imports between its non-test .ts files, `import type` and `export ... from`
// included (a type cycle still ties the files together for a reader). With --values, type-only
// imports are left out. Exits 1 when there is a cycle, so it can guard a CI step until
// engine/layers.test.ts does. Usage: node build/import-cycles.mjs [--values]
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const valuesOnly = process.argv.includes("--values");

const files = [];
(function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && !entry.name.endsWith(".d.ts")) files.push(file);
  }
})(path.join(root, "engine"));
files.sort();
const known = new Set(files);

function resolve(from, specifier) {
  if (!specifier.startsWith(".")) return null;
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts")]) if (known.has(candidate)) return candidate;
  return null;
}

/** True for `import type {…}` and for `{ type a, type b }` lists with no value name. */
function typeOnly(typeKeyword, clause) {
  if (typeKeyword) return true;
  const list = clause.trim().match(/^\{([^}]*)\}$/s);
  if (!list) return false;
  const names = list[1].split(",").map((name) => name.trim()).filter(Boolean);
  return names.length > 0 && names.every((name) => name.startsWith("type "));
}

const statement = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
const graph = new Map();
for (const file of files) {
  const source = readFileSync(file, "utf8");
  const targets = new Set();
  for (const match of source.matchAll(statement)) {
    if (match[3] !== undefined && valuesOnly && typeOnly(match[1], match[2])) continue;
    const target = resolve(file, match[3] ?? match[4] ?? match[5]);
    if (target !== null) targets.add(target);
  }
  graph.set(file, [...targets].sort());
}

// Tarjan's strongly connected components (recursive: the engine's import depth is small).
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
function visit(file) {
  index.set(file, counter);
  low.set(file, counter);
  counter++;
  stack.push(file);
  onStack.add(file);
  for (const target of graph.get(file)) {
    if (!index.has(target)) {
      visit(target);
      low.set(file, Math.min(low.get(file), low.get(target)));
    } else if (onStack.has(target)) low.set(file, Math.min(low.get(file), index.get(target)));
  }
  if (low.get(file) !== index.get(file)) return;
  const component = [];
  let member;
  do {
    member = stack.pop();
    onStack.delete(member);
    component.push(member);
  } while (member !== file);
  if (component.length > 1) cycles.push(component.sort());
}
for (const file of files) if (!index.has(file)) visit(file);

const relative = (file) => path.relative(root, file);
const fileCount = cycles.reduce((sum, component) => sum + component.length, 0);
console.log(`${cycles.length} import cycles in engine/ (${valuesOnly ? "value imports only" : "type imports included"}), ${fileCount} files`);
for (const component of cycles) {
  console.log(`- ${component.length} files:`);
  for (const file of component) {
    const inside = graph.get(file).filter((target) => component.includes(target)).map(relative);
    console.log(`    ${relative(file)} -> ${inside.join(", ")}`);
  }
}
process.exitCode = cycles.length > 0 ? 1 : 0;
