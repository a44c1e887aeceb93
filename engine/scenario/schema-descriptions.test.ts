/**
 * Every property of the scenario's JSON Schema has a description, so an editor (through the
 * `# yaml-language-server: $schema=` line every shipped scenario carries) explains every key
 * on hover. A property whose schema is a `$ref` may carry it beside the reference or in the
 * referenced definition.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { scenarioJsonSchema } from "./json-schema";

type Schema = { [key: string]: unknown };

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

/** Paths of the properties without a description, walking every subschema. */
function undescribed(root: Schema): string[] {
  const defs = (root.$defs ?? {}) as Record<string, Schema>;
  const described = (node: unknown) => typeof (node as Schema | undefined)?.description === "string" && (node as Schema).description !== "";
  const missing: string[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${at}[${i}]`));
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node as Schema)) {
      if (key !== "properties") {
        walk(value, `${at}.${key}`);
        continue;
      }
      for (const [name, property] of Object.entries(value as Record<string, Schema>)) {
        const ref = typeof property.$ref === "string" ? defs[property.$ref.replace("#/$defs/", "")] : undefined;
        if (!described(property) && !described(ref)) missing.push(`${at}.properties.${name}`);
        walk(property, `${at}.properties.${name}`);
      }
    }
  };
  walk(root, "#");
  return missing;
}

describe("the scenario JSON Schema", () => {
  it("describes every property", () => {
    const schema = scenarioJsonSchema() as Schema;
    expect(undescribed(schema)).toEqual([]);
    // The walk does look: a property stripped of its description is found.
    const stripped = JSON.parse(JSON.stringify(schema)) as { properties: { name: Schema } };
    delete stripped.properties.name.description;
    expect(undescribed(stripped as unknown as Schema)).toEqual(["#.properties.name"]);
  });

  // yaml-language-server reads its modeline from any comment line of a document, so the line
  // closes each file: every line number users and tests quote (three-tier.yaml:18) stays put.
  it("is named by every shipped scenario's yaml-language-server line", () => {
    const files = readdirSync(path.join(ROOT, "scenarios"), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".yaml") && !file.endsWith(".lesson.yaml"));
    expect(files.length).toBeGreaterThan(25);
    const wrong = files.filter((file) => {
      const schemaPath = path.relative(path.dirname(path.join(ROOT, "scenarios", file)), path.join(ROOT, "scenarios/scenario.schema.json"));
      return !readFileSync(path.join(ROOT, "scenarios", file), "utf8").split("\n").includes(`# yaml-language-server: $schema=${schemaPath}`);
    });
    expect(wrong).toEqual([]);
  });
});
