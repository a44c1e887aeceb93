/**
 * scenarios/scenario.schema.json is generated from the schema declared in TypeScript; this
 * test fails when the committed file is stale (fix: `npm run schema`), so editors, the web UI
 * and the validator can never disagree.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { scenarioJsonSchema } from "./json-schema";

const FILE = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../scenarios/scenario.schema.json");

describe("scenario JSON Schema", () => {
  it("matches the committed scenarios/scenario.schema.json (run `npm run schema` if not)", () => {
    const committed = JSON.parse(readFileSync(FILE, "utf8"));
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });

  it("describes the top-level sections and forbids unknown keys", () => {
    const schema = scenarioJsonSchema() as { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean; $defs: Record<string, unknown> };
    for (const key of ["version", "name", "run", "topology", "services", "workload", "slos"]) expect(schema.properties).toHaveProperty(key);
    expect(schema.required).toEqual(expect.arrayContaining(["version", "name", "run"]));
    // topology, services and workload are required unless the scenario is batch-only.
    expect(schema).toMatchObject({ if: { not: { required: ["batch"] } }, then: { required: ["topology", "services", "workload"] } });
    expect(schema.additionalProperties).toBe(false);
    expect(schema.$defs).toHaveProperty("call");
  });
});
