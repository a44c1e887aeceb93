/**
 * The engine runs unchanged in Node and in a Web Worker and is deterministic: this test scans
 * every non-test source file under engine/ for names that would break either promise and
 * fails with file:line for each hit. (engine/tsconfig.json, with no DOM or Node types, is the
 * first line of defence; this catches what a type check cannot, such as `Math.random`.)
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ENGINE_DIR = path.dirname(new URL(import.meta.url).pathname);

const BANNED: Array<{ pattern: RegExp; why: string; exempt?: RegExp }> = [
  { pattern: /\bMath\.random\b/, why: "all randomness comes from engine/core/rng.ts streams" },
  { pattern: /\bDate\.now\b|\bnew Date\b/, why: "no wall clock in the engine" },
  { pattern: /\bperformance\.now\b/, why: "no wall clock in the engine" },
  { pattern: /\bcrypto\./, why: "no platform randomness or crypto in the engine" },
  { pattern: /\bset(Timeout|Interval|Immediate)\b/, why: "the engine never schedules real time" },
  { pattern: /\bprocess\./, why: "no Node globals in the engine" },
  { pattern: /(?<![\w.])(window|document|self|globalThis)\./, why: "no DOM or worker globals in the engine" },
  { pattern: /from\s+["'](node:|fs|path|os|child_process|worker_threads)/, why: "no Node modules in the engine" },
  { pattern: /from\s+["'](d3|comlink)/, why: "d3 and comlink belong to web/ and cli/" },
  { pattern: /from\s+["'][./]*\/(web|cli)\//, why: "imports point one way: engine never imports web/ or cli/" },
  {
    pattern: /\bMath\.(exp|expm1|log|log1p|log2|log10|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|cbrt|hypot)\b/,
    why: "use engine/core/det-math.ts: Math.* transcendental functions differ in the last bit between JS engines",
    exempt: /^core\/det-math(\.ts$|\/)/,
  },
  {
    pattern: /[A-Za-z_$)\]]\s*\*\*/,
    why: "** with a variable base is Math.pow, which differs between JS engines: multiply, or use dmath.pow",
    exempt: /^core\/det-math(\.ts$|\/)/,
  },
];

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && !entry.name.endsWith(".d.ts")) files.push(full);
  }
  return files.sort();
}

describe("engine purity", () => {
  it("uses no wall clock, platform randomness, Node or DOM API anywhere in engine/", () => {
    const hits: string[] = [];
    for (const file of sourceFiles(ENGINE_DIR)) {
      const lines = readFileSync(file, "utf8").split("\n");
      lines.forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, "");
        if (/^\s*(\*|\/\*)/.test(code)) return; // doc comments may mention the names
        for (const { pattern, why, exempt } of BANNED) {
          if (exempt?.test(path.relative(ENGINE_DIR, file).split(path.sep).join("/"))) continue;
          if (pattern.test(code)) hits.push(`${path.relative(process.cwd(), file)}:${i + 1}: ${line.trim()}  (${why})`);
        }
      });
    }
    expect(hits).toEqual([]);
  });

  it("imports seedrandom only in engine/core/rng.ts", () => {
    const importers = sourceFiles(ENGINE_DIR).filter((file) => /from\s+["']seedrandom/.test(readFileSync(file, "utf8")));
    expect(importers.map((f) => path.relative(ENGINE_DIR, f))).toEqual(["core/rng.ts"]);
  });
});
