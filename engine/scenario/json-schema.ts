/**
 * The JSON Schema of the scenario language, generated from the schema declaration in
 * schema.ts. `scenarios/scenario.schema.json` is this document, committed for editors; a test
 * fails if the two differ (regenerate with `npm run schema`).
 */
import { jsonSchemaOf, type JsonSchema } from "./schema-dsl";
import { callJsonSchema, scenarioSchema } from "./schema";

/** The scenario JSON Schema (draft 2020-12). */
export function scenarioJsonSchema(): JsonSchema {
  return {
    ...jsonSchemaOf(scenarioSchema, { title: "clustersim scenario", $id: "https://clustersim.dev/scenario.schema.json" }),
    $defs: { call: callJsonSchema() },
  };
}
