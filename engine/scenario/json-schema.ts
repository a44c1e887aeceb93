/**
 * The JSON Schema of the scenario language, generated from the schema declaration in
 * schema.ts. `scenarios/scenario.schema.json` is this document, committed for editors; a test
 * fails if the two differ (regenerate with `npm run schema`).
 *
 * The schema DSL inlines every node, so a distribution used in twenty places would appear
 * twenty times; `hoistRepeats` moves every repeated subtree of some size into `$defs` and
 * refers to it with `$ref`, named after its description. Deterministic: the same schema
 * always gives the same names and bytes.
 */
import { jsonSchemaOf, type JsonSchema } from "../input/schema";
import { callJsonSchema, scenarioSchema } from "./schema";

/** Subtrees whose JSON is at least this long are worth a $defs entry when repeated. */
const HOIST_CHARS_MIN = 400;

/** The scenario JSON Schema (draft 2020-12). */
export function scenarioJsonSchema(): JsonSchema {
  const root = {
    ...jsonSchemaOf(scenarioSchema, { title: "clustersim scenario", $id: "https://clustersim.dev/scenario.schema.json" }),
    $defs: { call: callJsonSchema() } as Record<string, unknown>,
  };
  return hoistRepeats(root);
}

function hoistRepeats(root: JsonSchema): JsonSchema {
  // Objects under these keys are maps from names to schemas, not schemas themselves.
  const MAP_KEYS = new Set(["properties", "$defs", "patternProperties", "dependentSchemas"]);
  const counts = new Map<string, number>();
  const visit = (value: unknown, parentKey: string): void => {
    if (value === null || typeof value !== "object") return;
    if (!Array.isArray(value) && !MAP_KEYS.has(parentKey)) {
      const text = JSON.stringify(value);
      if (text.length >= HOIST_CHARS_MIN) counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    for (const [key, child] of Object.entries(value)) visit(child, Array.isArray(value) ? "" : key);
  };
  visit(root, "");
  const names = new Map<string, string>();
  const used = new Set<string>(Object.keys(root.$defs as object));
  const nameFor = (text: string, value: Record<string, unknown>): string => {
    const existing = names.get(text);
    if (existing) return existing;
    const description = typeof value.description === "string" ? value.description : "schema";
    const base = description.toLowerCase().replace(/[^a-z0-9]+/g, "-").split("-").filter(Boolean).slice(0, 4).join("-") || "schema";
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
    used.add(name);
    names.set(text, name);
    return name;
  };
  const defs: Record<string, unknown> = {};
  const replace = (value: unknown, isRoot: boolean, parentKey = ""): unknown => {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((v) => replace(v, false));
    const text = JSON.stringify(value);
    if (!isRoot && !MAP_KEYS.has(parentKey) && (counts.get(text) ?? 0) > 1) {
      const name = nameFor(text, value as Record<string, unknown>);
      if (!(name in defs)) {
        defs[name] = null; // reserve before recursing (keeps the order of first use)
        defs[name] = replaceChildren(value as Record<string, unknown>);
      }
      return { $ref: `#/$defs/${name}` };
    }
    return replaceChildren(value as Record<string, unknown>);
  };
  const replaceChildren = (value: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v, false, k)]));
  const { $defs, ...rest } = root as { $defs: Record<string, unknown> };
  const body = replace(rest, true) as JsonSchema;
  const ownDefs = replaceChildren($defs);
  return { ...body, $defs: { ...ownDefs, ...defs } };
}
