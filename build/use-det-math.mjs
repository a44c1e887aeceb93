#!/usr/bin/env node
// Rewrites the engine's transcendental Math calls to engine/core/det-math.ts, whose results
// are the same bits in every JavaScript engine (Math.exp/log/pow/sin/... differ in the last
// bit between V8 versions and libms, which breaks Node-vs-browser determinism).
//
// For every engine/**/*.ts except tests (*.test.ts), *.d.ts, test-support/ and det-math itself:
//   Math.log(  ->  dmath.log(     (and exp, expm1, log1p, log2, log10, pow, sin, cos, tan,
//                                  atan, atan2, cbrt)
// and, in each file it changed, adds `import { dmath } from "<relative>/core/det-math";` after
// the last import. Comment lines are left alone. Idempotent: a second run changes nothing.
//
// It cannot rewrite what has no dmath equivalent or is not a call, so it lists those for a
// human: other transcendental Math functions (asin, hypot, sinh, ...) and `a ** b` with a
// non-literal operand (the operator is Math.pow; `x ** 2` is exact everywhere, `x ** 3` is not).
//
// Usage: node build/use-det-math.mjs [--check]
//   --check  change nothing; list what would change and exit 1 if anything would.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const engineDir = path.join(root, "engine");
const detMathModule = path.join(engineDir, "core", "det-math"); // extensionless import target
const REPLACED = ["atan2", "atan", "cbrt", "cos", "expm1", "exp", "log10", "log1p", "log2", "log", "pow", "sin", "tan"];
const NOT_REPLACED = ["acos", "acosh", "asin", "asinh", "atanh", "cosh", "sinh", "tanh", "hypot", "fround"];
const CALL = new RegExp(`\\bMath\\.(${REPLACED.join("|")})\\(`, "g");
const UNSUPPORTED = new RegExp(`\\bMath\\.(${NOT_REPLACED.filter((n) => n !== "fround").join("|")})\\b`);
const check = process.argv.includes("--check");

function engineSources(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "test-support" || full === detMathModule) continue;
      files.push(...engineSources(full));
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && !entry.name.endsWith(".d.ts") && full !== `${detMathModule}.ts`) {
      files.push(full);
    }
  }
  return files.sort();
}

const isCommentLine = (line) => /^\s*(\*|\/\*|\/\/)/.test(line);

/** Index of the line after the last top-level import statement (0 if none). */
function afterLastImport(lines) {
  let after = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!/^import\b/.test(lines[i])) continue;
    let end = i;
    while (end < lines.length && !/(from\s+["'][^"']+["']|^import\s+["'][^"']+["'])\s*;?\s*$/.test(lines[end])) end++;
    after = end + 1;
    i = end;
  }
  return after;
}

function importSpecifier(file) {
  let relative = path.relative(path.dirname(file), detMathModule).split(path.sep).join("/");
  if (!relative.startsWith(".")) relative = `./${relative}`;
  return relative;
}

const counts = Object.fromEntries(REPLACED.map((name) => [name, 0]));
const changedFiles = [];
const review = [];
for (const file of engineSources(engineDir)) {
  const relativeFile = path.relative(root, file);
  const original = readFileSync(file, "utf8");
  const lines = original.split("\n");
  let changed = false;
  lines.forEach((line, i) => {
    if (isCommentLine(line)) return;
    const code = line.replace(/\/\/.*$/, "");
    if (UNSUPPORTED.test(code)) review.push(`${relativeFile}:${i + 1}: ${line.trim()}  (no dmath equivalent: add one to det-math first)`);
    // `**` is Math.pow. Literal ** literal (2 ** 26, 1024 ** 3) and x ** 2 are exact in every
    // engine; anything else may differ in the last bit.
    const powers = code.replace(/\b\d[\d_.]*\s*\*\*\s*-?\d[\d_.]*/g, "").replace(/\*\*\s*2\b(?![.\d])/g, "");
    if (/\*\*/.test(powers)) review.push(`${relativeFile}:${i + 1}: ${line.trim()}  (** is Math.pow: use dmath.pow)`);
    const rewritten = line.replace(CALL, (_match, name) => {
      counts[name]++;
      return `dmath.${name}(`;
    });
    if (rewritten !== line) {
      lines[i] = rewritten;
      changed = true;
    }
  });
  if (!changed) continue;
  changedFiles.push(relativeFile);
  const alreadyImported = /import\s*\{[^}]*\bdmath\b[^}]*\}\s*from\s*["'][^"']*det-math["']/.test(original);
  if (!alreadyImported) lines.splice(afterLastImport(lines), 0, `import { dmath } from "${importSpecifier(file)}";`);
  if (!check) writeFileSync(file, lines.join("\n"));
}

const total = Object.values(counts).reduce((a, b) => a + b, 0);
console.log(`${check ? "would rewrite" : "rewrote"} ${total} calls in ${changedFiles.length} files`);
for (const [name, n] of Object.entries(counts)) if (n > 0) console.log(`  Math.${name}( -> dmath.${name}(: ${n}`);
for (const file of changedFiles) console.log(`  ${file}`);
if (review.length > 0) {
  console.log(`\nnot rewritten, review by hand (${review.length}):`);
  for (const line of review) console.log(`  ${line}`);
}
if (!check && total > 0) console.log("\nnext: enable the det-math rule in engine/purity.test.ts, run the tests, re-pin digests");
process.exit(check && total > 0 ? 1 : 0);
