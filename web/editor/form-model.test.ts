import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatPath, parseScenario, scenarioJsonSchema } from "../../engine/index";
import { buildForm, faultTemplate, faultVariants, isScalarSchema, schemaAt, scalarFields } from "./form-model";
import { parseScenarioDocument, setFieldText } from "./yaml-edit";
import { wholeForm } from "./schema-sections";

const threeTier = readFileSync(new URL("../../scenarios/three-tier.yaml", import.meta.url), "utf8");
const schema = scenarioJsonSchema();

function data(text: string): unknown {
  const parsed = parseScenarioDocument(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.doc.toJSON();
}

describe("the editor's form", () => {
  it("offers the common knobs of a scenario, each at its scenario path", () => {
    const sections = wholeForm(data(threeTier), schema);
    expect(sections.map((s) => s.id)).toEqual(["run", "groups", "traffic", "services", "faults", "autoscaling", "rolling-updates", "slos"]);
    const paths = sections.flatMap((s) => s.rows.flatMap((r) => r.fields.map((f) => formatPath(f.path))));
    expect(paths).toContain("topology.groups[0].count");
    expect(paths).toContain("topology.groups[2].cores");
    expect(paths).toContain("workload.rate.constant");
    expect(paths).toContain("services[1].balancer.policy");
    expect(paths).toContain("services[1].balancer.choices"); // app uses power-of-choices
    expect(paths).toContain("slos[0].latency.below");
  });

  it("lists the balancer policies the schema allows", () => {
    const policy = buildForm(data(threeTier), schema).find((s) => s.id === "services")!.rows[0]!.fields[0]!;
    expect(policy.kind).toBe("select");
    expect(policy.options).toContain("least-outstanding");
  });

  it("builds fields from the schema, so new engine settings appear without web changes", () => {
    const fake = { properties: { services: { items: { properties: { balancer: { properties: { healthCheck: { type: "object", properties: {
      interval: { anyOf: [{ type: "string" }, { const: 0 }], default: "5s", description: "between probes" },
      nested: { type: "object", properties: {} },
    } } } } } } } } };
    const fields = scalarFields(schemaAt(fake, ["services", "*", "balancer", "healthCheck"]), ["services", 0, "balancer", "healthCheck"]);
    expect(fields).toEqual([{ path: ["services", 0, "balancer", "healthCheck", "interval"], label: "interval", kind: "text", placeholder: "5s", hint: "between probes" }]);
    expect(isScalarSchema({ type: "object" })).toBe(false);
    expect(isScalarSchema({ enum: ["a"] })).toBe(true);
  });

  it("makes fault templates that the engine accepts for this scenario", () => {
    const variants = faultVariants(schema);
    const d = data(threeTier) as Record<string, unknown>;
    for (const [type, variant] of variants) {
      const text = threeTier + `faults:\n  - ${JSON.stringify(faultTemplate(type, d, variant))}\n`;
      const parsed = parseScenario(text);
      expect(parsed.ok ? [] : parsed.problems.map((p) => `${p.path}: ${p.message}`), type).toEqual([]);
    }
  });

  it("writes a form change where the engine reports problems for it (paths agree)", () => {
    const text = setFieldText(threeTier, ["topology", "groups", 1, "cores"], "0");
    const parsed = parseScenario(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.path)).toContain("topology.groups[1].cores");
  });

  it("generates every section from the schema: autoscaling with its nested target, caches, databases, detector, any SLO field", () => {
    const blackFriday = readFileSync(new URL("../../scenarios/black-friday.yaml", import.meta.url), "utf8");
    const paths = wholeForm(data(blackFriday), schema).flatMap((s) => s.rows.flatMap((r) => r.fields.map((f) => formatPath(f.path))));
    expect(paths).toEqual(expect.arrayContaining(["autoscaling[0].min", "autoscaling[0].max", "autoscaling[0].target.utilisation", "autoscaling[0].cooldown", "slos[0].latency.windows", "slos[1].availability"]));
    const dbFailover = readFileSync(new URL("../../scenarios/db-failover.yaml", import.meta.url), "utf8");
    const tier = wholeForm(data(dbFailover), schema).find((s) => s.id === "data-tier")!;
    expect(tier.rows.length).toBeGreaterThan(0);
    expect(tier.rows.flatMap((r) => r.fields.map((f) => formatPath(f.path))).some((p) => /^services\[\d+\]\.database\.failover\./.test(p))).toBe(true);
    const cache = wholeForm(data(readFileSync(new URL("../../scenarios/cache-stampede.yaml", import.meta.url), "utf8")), schema).find((s) => s.id === "data-tier")!;
    expect(cache.rows.flatMap((r) => r.fields.map((f) => formatPath(f.path))).some((p) => /\.cache\.coalesce$/.test(p))).toBe(true);
    const heartbeat = wholeForm(data(readFileSync(new URL("../../scenarios/heartbeat-tuning.yaml", import.meta.url), "utf8")), schema).find((s) => s.id === "detector")!;
    expect(heartbeat.rows[0]!.fields.map((f) => formatPath(f.path))).toContain("detector.heartbeatInterval");
  });

  it("adds an autoscaler with its required keys, so the engine's own messages say what each needs", () => {
    const add = wholeForm(data(threeTier), schema).find((s) => s.id === "autoscaling")!.add![0]!;
    const text = threeTier.replace(/\n*$/, "\n") + "autoscaling:\n  - " + JSON.stringify(add.item) + "\n";
    const parsed = parseScenario(text);
    expect(parsed.ok).toBe(true);
  });
});
