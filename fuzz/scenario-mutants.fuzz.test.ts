/**
 * Mutants of every library scenario through validation and a bounded run (issue 20): a field
 * deleted, replaced by a value of another kind or an extreme one, a key added. Validation
 * never throws, and every problem names a line or a path; a mutant that validates runs a
 * slice of events without any error but the memory guard's RunLimitError.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fc } from "@fast-check/vitest";
import { parseDocument, stringify } from "yaml";
import { ENGINE_VERSION, loadScenario, ModelRun, RunLimitError } from "../engine/index";
import { checkProperty, PROPERTY_TIMEOUT_MS } from "./budget";

const DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../scenarios");
const LIBRARY = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).map((f) => ({ name: f, data: parseDocument(readFileSync(path.join(DIR, f), "utf8")).toJS() as unknown }));

/** Every path to a value in `data` (objects and arrays walked). */
function pathsOf(data: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (prefix.length > 0) out.push(prefix);
  if (Array.isArray(data)) data.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (data !== null && typeof data === "object") for (const [k, v] of Object.entries(data)) pathsOf(v, [...prefix, k], out);
  return out;
}

const extreme = fc.oneof(
  fc.constantFrom(0, -1, 1e12, 1e308, -0.5, 2 ** 53, "", "none", "1e9/s", "0ms", "1e13ms", "-5s", "NaN", "__proto__", "100%", "250%", null, true, [], {}),
  fc.integer(), fc.double({ noNaN: false }), fc.string({ maxLength: 20 }), fc.array(fc.integer(), { maxLength: 3 }),
);
const mutation = fc.record({ scenario: fc.nat(), path: fc.nat(), kind: fc.constantFrom("delete", "replace", "add"), value: extreme, key: fc.constantFrom("extra", "count", "rate", "__proto__", "max") });

function mutate(data: unknown, m: { path: number; kind: string; value: unknown; key: string }): unknown {
  const copy = structuredClone(data);
  const paths = pathsOf(copy);
  const at = paths[m.path % paths.length]!;
  let parent = copy as Record<string | number, unknown>;
  for (const seg of at.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
  const last = at[at.length - 1]!;
  if (m.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (m.kind === "replace") parent[last] = m.value;
  else if (parent[last] !== null && typeof parent[last] === "object" && !Array.isArray(parent[last])) Object.defineProperty(parent[last], m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  return copy;
}

describe("library scenario mutants (fuzz)", () => {
  it("validate with located problems and run without errors", { timeout: PROPERTY_TIMEOUT_MS }, async () => {
    await checkProperty("scenario mutants", fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
      const base = LIBRARY[mutations[0]!.scenario % LIBRARY.length]!;
      let data = base.data;
      for (const m of mutations) data = mutate(data, m);
      const text = stringify(data);
      const loaded = loadScenario(text, { fileName: base.name, overrides: [] });
      if (!loaded.ok) {
        for (const problem of loaded.problems) expect(problem.line !== undefined || problem.path !== "", `${problem.message} names no line or path`).toBe(true);
        return;
      }
      try {
        const run = new ModelRun(loaded.spec, { seed: loaded.scenario.seed, engineVersion: ENGINE_VERSION });
        run.advance({ eventsMax: 20_000 });
      } catch (error) {
        if (!(error instanceof RunLimitError)) throw error;
      }
    }), 60);
  });
});

describe("arbitrary scenario text (fuzz)", () => {
  it("never throws, and every problem names a line or a path", { timeout: PROPERTY_TIMEOUT_MS }, async () => {
    const fragments = fc.constantFrom("version: 1\n", "name: x\n", "run: { duration: 1s }\n", "&a [*a]\n", "- ", ": ", "{", "[", "\r", "\t", "\u0000", "'", '"', "#", "!!binary", "<<: *a\n", "  ", "\n");
    const text = fc.oneof(fc.string({ maxLength: 200 }), fc.array(fragments, { maxLength: 40 }).map((a) => a.join("")));
    await checkProperty("scenario text", fc.property(text, (t) => {
      const loaded = loadScenario(t, { fileName: "fuzz.yaml" });
      if (!loaded.ok) for (const problem of loaded.problems) expect(problem.line !== undefined || problem.path !== "" || /empty|expected an object|no scenario/i.test(problem.message), problem.message).toBe(true);
    }), 200);
  });
});
