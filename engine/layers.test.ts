/**
 * Keeps the picture in README's "Layout" section true: imports point down the engine's layers,
 * no file-level import cycle anywhere (type imports included: a type cycle is still two files
 * that cannot be read apart), and `web/` and `cli/` reach the engine only through its door,
 * `engine/index.ts`.
 *
 * The graph is read from the source text (every `import … from`, `export … from` and `import()`
 * with a relative specifier), so the test needs no compiler and names the offending line.
 * The checks themselves are tested on small planted graphs first: a guard that cannot fail is
 * no guard.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

/**
 * What each room of `engine/` may import besides itself. A room is a folder under `engine/`
 * (`model/cache` etc. are rooms of their own) or one of the top-level files.
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  "core": [],
  "input": ["core"],
  "metrics": ["core"],
  "theory": ["core", "metrics"],
  // The contract names its units with the input toolkit's (MetricUnit, formatMetric).
  "result": ["core", "metrics", "input"],
  // The request core knows nothing of the mechanisms that extend it.
  "model": ["core", "metrics", "result", "theory"],
  "model/replication": ["model", "core", "metrics", "result", "theory"],
  "model/faults": ["model", "core", "metrics", "result", "theory"],
  "model/cache": ["model", "core", "metrics", "result", "theory"],
  "model/operations": ["model", "model/replication", "model/faults", "core", "metrics", "result", "theory"],
  "model/data-tier": ["model", "model/replication", "model/faults", "core", "metrics", "result", "theory"],
  // The assembly: the run installs the mechanisms the RunSpec asks for.
  "model/run": ["model", "model/cache", "model/faults", "model/operations", "model/replication", "model/data-tier", "core", "metrics", "result", "theory"],
  "scenario": ["model", "model/cache", "model/faults", "model/operations", "model/replication", "model/data-tier", "model/run", "input", "core", "metrics", "result", "theory"],
  // The hybrid engine drives the model through its hooks (pauseArrivals, fluid levels, beforeClose).
  // Its fork refusals name times with the input toolkit's formatter (formatDurationMs).
  "hybrid": ["model", "model/run", "core", "metrics", "result", "theory", "input"],
  "simulate": ["scenario", "hybrid", "model/run", "model", "input", "core", "metrics", "result", "theory"],
  "plan": ["simulate", "scenario", "input", "core", "metrics", "result", "theory"],
  "lessons": ["simulate", "scenario", "input", "core", "metrics", "result", "theory"],
  "index": ["*"],
};

/**
 * Rooms a room may import types from (and only types): the planner's analytic first guess reads
 * the compiled spec's shapes, never the model's code.
 */
const ALLOWED_TYPES: Readonly<Record<string, readonly string[]>> = {
  "plan": ["model"],
};

/** Files of `engine/model/` that assemble a run from the mechanisms (room `model/run`). */
const ASSEMBLY_FILES = new Set(["engine/model/run.ts", "engine/model/run-spec.ts", "engine/model/run-snapshot.ts", "engine/model/run-fork.ts", "engine/model/snapshot-classes.ts"]);

interface Edge {
  from: string;
  to: string;
  line: number;
  /** `import type` / `export type`: erased at compile time. */
  typeOnly: boolean;
}

const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

/**
 * Tests in web/ and cli/ that reach engine internals on purpose, and why. Nothing else may.
 */
const WHITE_BOX_TESTS: Readonly<Record<string, string>> = {
  "cli/run-once.test.ts": "wraps the engine's parse, compile and model constructor with vi.mock to count their calls in one CLI run",
};

/** The text with comment lines blanked (line numbers kept), so an example in a TSDoc block is no import. */
function withoutCommentLines(text: string): string {
  let inBlock = false;
  return text.split("\n").map((line) => {
    const trimmed = line.trimStart();
    if (inBlock) {
      if (trimmed.includes("*/")) inBlock = false;
      return "";
    }
    if (trimmed.startsWith("/*")) {
      inBlock = !trimmed.includes("*/");
      return "";
    }
    return trimmed.startsWith("//") ? "" : line;
  }).join("\n");
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) continue;
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|mts)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

function resolve(from: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    try {
      if (statSync(path.join(ROOT, candidate)).isFile()) return candidate;
    } catch {
      // not this candidate
    }
  }
  return null;
}

/** Every relative import of the given files, with its line number. */
function importEdges(files: readonly string[]): Edge[] {
  const edges: Edge[] = [];
  for (const file of files) {
    const text = withoutCommentLines(readFileSync(path.join(ROOT, file), "utf8"));
    for (const match of text.matchAll(IMPORT_RE)) {
      const specifier = match[1] ?? match[2] ?? match[3]!;
      const to = resolve(file, specifier);
      if (to === null) continue;
      const line = text.slice(0, match.index).split("\n").length + (match[0].startsWith("\n") ? 1 : 0);
      const typeOnly = /^\s*(?:import|export)\s+type\s/.test(match[0].trimStart());
      edges.push({ from: file, to, line, typeOnly });
    }
  }
  return edges;
}

/** The strongly connected components with more than one file (or a file importing itself). */
function importCycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, []);
    if (!next.has(to)) next.set(to, []);
    next.get(from)!.push(to);
  }
  // Tarjan's algorithm, iterative so a deep graph cannot overflow the stack.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  for (const start of [...next.keys()].sort()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; child: number }> = [{ node: start, child: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const children = next.get(frame.node)!;
      if (frame.child < children.length) {
        const child = children[frame.child++]!;
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, child: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = children.includes(frame.node);
        if (component.length > 1 || selfLoop) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}

/** The room of an engine file: `core`, `model`, `model/cache`, `simulate`, `index`, … */
function roomOf(file: string): string {
  const rest = file.slice("engine/".length);
  if (ASSEMBLY_FILES.has(file)) return "model/run";
  if (!rest.includes("/")) return rest.replace(/\.(test\.)?ts$/, "").replace(/\.test$/, "");
  const parts = rest.split("/");
  if (parts[0] === "model" && parts.length > 2 && parts[1] !== "test-support") return `model/${parts[1]}`;
  return parts[0]!;
}

/** Imports that break the layer rules, as readable lines. */
function layerViolations(edges: readonly Edge[]): string[] {
  const problems: string[] = [];
  for (const { from, to, line, typeOnly } of edges) {
    const fromEngine = from.startsWith("engine/");
    const toEngine = to.startsWith("engine/");
    if (!fromEngine) {
      if (from in WHITE_BOX_TESTS) continue;
      if (toEngine && to !== "engine/index.ts") problems.push(`${from}:${line}: imports engine internals (${to}); use engine/index.ts`);
      continue;
    }
    if (!toEngine) {
      problems.push(`${from}:${line}: the engine imports ${to} outside engine/`);
      continue;
    }
    const a = roomOf(from);
    const b = roomOf(to);
    if (a === b || from.includes(".test.") || from.includes("/test-support/")) continue;
    const allowed = ALLOWED[a];
    if (allowed === undefined) problems.push(`${from}:${line}: room "${a}" is not in the layer table (engine/layers.test.ts)`);
    else if (allowed.includes("*") || allowed.includes(b)) continue;
    else if (typeOnly && (ALLOWED_TYPES[a] ?? []).includes(b)) continue;
    else problems.push(`${from}:${line}: ${a} must not import ${b} (${to})`);
  }
  return problems;
}

describe("the checks themselves", () => {
  it("find a planted cycle, and none in a tree", () => {
    const edge = (from: string, to: string): Edge => ({ from, to, line: 1, typeOnly: false });
    expect(importCycles([edge("a", "b"), edge("b", "c"), edge("c", "a"), edge("c", "d")])).toEqual([["a", "b", "c"]]);
    expect(importCycles([edge("a", "b"), edge("a", "c"), edge("b", "c")])).toEqual([]);
    expect(importCycles([edge("a", "a")])).toEqual([["a"]]);
  });

  it("find an import up a layer and a front end reaching past the door", () => {
    const e = (from: string, to: string, line: number, typeOnly = false): Edge => ({ from, to, line, typeOnly });
    expect(layerViolations([
      e("engine/core/rng.ts", "engine/model/nodes.ts", 3), // up
      e("web/main.ts", "engine/model/run.ts", 9), // past the door
      e("engine/model/nodes.ts", "engine/core/rng.ts", 2), // down
      e("cli/main.ts", "engine/index.ts", 1), // the door
      e("engine/plan/analytic.ts", "engine/model/spec.ts", 4, true), // a spec's type
      e("engine/plan/analytic.ts", "engine/model/spec.ts", 5), // a spec's code
    ])).toEqual([
      "engine/core/rng.ts:3: core must not import model (engine/model/nodes.ts)",
      "web/main.ts:9: imports engine internals (engine/model/run.ts); use engine/index.ts",
      "engine/plan/analytic.ts:5: plan must not import model (engine/model/spec.ts)",
    ]);
  });

  it("read real imports, type-only ones included", () => {
    const edges = importEdges(["engine/index.ts"]);
    expect(edges.length).toBeGreaterThan(10);
    expect(edges.some((e) => e.to === "engine/core/hash.ts")).toBe(true);
  });
});

describe("the repository", () => {
  const files = [...sourceFiles("engine"), ...sourceFiles("cli"), ...sourceFiles("web"), ...sourceFiles("bench")];
  const edges = importEdges(files);

  it("has no import cycle", () => {
    expect(importCycles(edges).map((c) => c.join(" -> "))).toEqual([]);
  });

  it("imports down the engine's layers, and web/ and cli/ only through engine/index.ts", () => {
    // bench/ measures internals on purpose (the kernel, cache structures): it may reach in.
    expect(layerViolations(edges.filter((e) => !e.from.startsWith("bench/")))).toEqual([]);
  });
});
