/**
 * `clustersim import`: realistic manifests (a shop with web, app and a PostgreSQL StatefulSet, an
 * HPA, a PodDisruptionBudget, an Ingress, Helm-rendered output) and a Compose file become
 * skeletons checked field by field; `validate` lists exactly the placeholders; once they are
 * filled the skeleton validates and runs.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BIN, REPO_ROOT, runCli } from "../test-support/run-cli";
import { readManifests } from "./k8s-objects";

const FIXTURES = path.join(REPO_ROOT, "cli/import/test-fixtures");

/** Fills every placeholder with a plausible value, as a user would. */
function fill(skeleton: string): string {
  return skeleton.replace(/"FILL ME: time per request[^"]*"/g, "{ type: lognormal, median: 8ms, p99: 60ms }").replace(/"FILL ME: requests per second[^"]*"/, "150/s");
}

describe("clustersim import k8s", () => {
  let dir = "";
  let text = "";
  let stderr = "";
  let scenario: Record<string, any>;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "clustersim-import-"));
    const outcome = runCli(["import", "k8s", "shop.yaml", "hpa.yaml", "helm-rendered.yaml", "-o", path.join(dir, "shop.yaml")], { cwd: FIXTURES });
    expect(outcome.code).toBe(0);
    stderr = outcome.stderr;
    text = readFileSync(path.join(dir, "shop.yaml"), "utf8");
    scenario = parse(text) as Record<string, any>;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads every fixture object through its Kubernetes model, valid against the API schema", () => {
    const files = ["shop.yaml", "hpa.yaml", "helm-rendered.yaml"].map((name) => ({ name, text: readFileSync(path.join(FIXTURES, name), "utf8") }));
    const read = readManifests(files);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const { deployments, statefulSets, services, hpas, pdbs, ingresses, skipped } = read.objects;
    expect([deployments.length, statefulSets.length, services.length, hpas.length, pdbs.length, ingresses.length]).toEqual([3, 1, 3, 1, 1, 1]);
    expect(skipped.map((s) => s.why)).toEqual(["not part of the simulation model", "not part of the simulation model"]);
  });

  it("points editors at the committed schema and says where it came from", () => {
    expect(text.split("\n").slice(0, 2)).toEqual([`# yaml-language-server: $schema=${path.relative(dir, path.join(REPO_ROOT, "scenarios/scenario.schema.json"))}`, "# clustersim import k8s shop.yaml hpa.yaml helm-rendered.yaml"]);
    expect(scenario.name).toBe("shop");
  });

  it("makes a node group of each Deployment and StatefulSet: pods, CPU requests rounded up, memory, zones", () => {
    expect(scenario.topology.regions).toEqual([{ name: "region", zones: ["eu-west-1a", "eu-west-1b"] }]);
    expect(scenario.topology.groups).toEqual([
      { name: "web", count: 3, cores: 1, memory: "256MiB" },
      { name: "app", count: 4, cores: 2, zones: ["eu-west-1a", "eu-west-1b"], memory: "1GiB" },
      { name: "worker", count: 2, cores: 1 },
      { name: "db", count: 3, cores: 2, memory: "4GiB" },
    ]);
    expect(text).toContain("# CPU requests 1.5 cores -> 2 (requests served in parallel per node, rounded up).");
    expect(text).toContain("# Spread over all zones (topology spread constraint).");
  });

  it("makes a balanced service of each Service, with the readiness probe as health check and a service-time placeholder", () => {
    expect(scenario.services.map((s: any) => [s.name, s.groups, s.balancer])).toEqual([
      ["web", ["web"], { policy: "random", healthCheck: { interval: "5s", timeout: "2s", unhealthyThreshold: 3, healthyThreshold: 1 } }],
      ["app", ["app"], { policy: "random", healthCheck: { interval: "10s", timeout: "1s", unhealthyThreshold: 3, healthyThreshold: 1 } }],
      ["db", ["db"], { policy: "random", healthCheck: { interval: "10s", timeout: "1s", unhealthyThreshold: 3, healthyThreshold: 1 } }],
    ]);
    for (const service of scenario.services) expect(service.serviceTime).toMatch(/^FILL ME: time per request at /);
  });

  it("enters through the Ingress's Service and sketches calls from the containers' environment", () => {
    expect(scenario.workload.rate).toEqual({ constant: "FILL ME: requests per second arriving, e.g. 200/s" });
    expect(scenario.workload.classes).toEqual([{ name: "via-web", weight: 1, call: { service: "web", calls: [{ service: "app", calls: [{ service: "db" }] }] } }]);
  });

  it("turns the HPA into an autoscaler and the strategies and the PodDisruptionBudget into rolling updates", () => {
    expect(scenario.autoscaling).toEqual([{ group: "app", min: 4, max: 12, target: { utilisation: "65%" }, stabilisation: { up: "30s", down: "600s" } }]);
    expect(scenario.rollingUpdates).toEqual([
      { group: "web", at: "30m", maxUnavailable: 0, maxSurge: 1 },
      { group: "app", at: "30m", maxUnavailable: "25%", maxSurge: "25%" },
      { group: "worker", at: "30m", maxUnavailable: "25%", maxSurge: "25%" },
      // minAvailable 2 of 3 pods: one at a time, and a StatefulSet never surges.
      { group: "db", at: "30m", maxUnavailable: 1, maxSurge: 0 },
    ]);
  });

  it("reports what it skipped with the manifest and the field path", () => {
    expect(stderr).toContain("shop.yaml (document 1, ConfigMap/shop-config): not part of the simulation model");
    expect(stderr).toContain("hpa.yaml (document 1, HorizontalPodAutoscaler/app): spec.metrics[1]: only a CPU utilisation target is modelled, not Resource memory");
    expect(stderr).toContain("hpa.yaml (document 1, HorizontalPodAutoscaler/app): spec.behavior.scaleUp.policies: rate limits on scaling steps are not modelled");
    expect(stderr).toContain("shop.yaml (document 4, Deployment/app): spec.template.spec.containers[0].resources.limits: limits are not modelled");
    expect(stderr).toContain("helm-rendered.yaml (document 2, Deployment/worker): no Service selects its pods");
  });

  it("fails validate on exactly the placeholders, then validates and runs once they are filled", () => {
    const unfilled = runCli(["validate", path.join(dir, "shop.yaml")]);
    expect(unfilled.code).toBe(2);
    const paths = unfilled.stderr.split("\n").filter((line) => line.includes(": ")).map((line) => line.split(": ")[1]);
    expect(paths).toEqual(["services[0].serviceTime", "services[1].serviceTime", "services[2].serviceTime", "workload.rate.constant"]);
    writeFileSync(path.join(dir, "filled.yaml"), fill(text));
    expect(runCli(["validate", path.join(dir, "filled.yaml")]).code).toBe(0);
    const run = runCli(["run", path.join(dir, "filled.yaml"), "-d", "35m", "--json", "-q"]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { requests: { completed: number }; rollingUpdates: unknown[]; autoscaling: unknown[] };
    expect(result.requests.completed).toBeGreaterThan(100_000);
    expect(result.rollingUpdates).toHaveLength(4);
    expect(result.autoscaling).toHaveLength(1);
  });

  it("reads Helm output from stdin and reports an object that breaks the Kubernetes schema", () => {
    const broken = `${readFileSync(path.join(FIXTURES, "helm-rendered.yaml"), "utf8")}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: bad }\nspec: { replicas: three, selector: {}, template: {} }\n`;
    const outcome = spawnSync(process.execPath, [BIN, "import", "k8s", "-"], { input: broken, encoding: "utf8" });
    expect(outcome.status).toBe(0);
    expect(outcome.stderr).toMatch(/- \(document 4, Deployment\/bad\): does not match the Kubernetes schema: .*replicas/);
    expect((parse(outcome.stdout) as any).topology.groups).toEqual([{ name: "worker", count: 2, cores: 1 }]);
  });
});

describe("clustersim import compose", () => {
  it("makes groups, services, health checks, a rolling update and a depends_on call sketch that run once filled", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "clustersim-compose-"));
    try {
      const outcome = runCli(["import", "compose", "compose.yaml", "-o", path.join(dir, "shop.yaml")], { cwd: FIXTURES });
      expect(outcome.code).toBe(0);
      const text = readFileSync(path.join(dir, "shop.yaml"), "utf8");
      const scenario = parse(text) as Record<string, any>;
      expect(scenario.topology.groups).toEqual([
        { name: "web", count: 2, cores: 1, memory: "256MiB" },
        { name: "app", count: 3, cores: 2, memory: "1GiB" },
        { name: "db", count: 1, cores: 1 },
        { name: "cache", count: 1, cores: 1 },
      ]);
      expect(scenario.services.map((s: any) => [s.name, s.balancer])).toEqual([
        ["web", { policy: "round-robin", healthCheck: { interval: "10s", timeout: "2s", unhealthyThreshold: 3, healthyThreshold: 1 } }],
        ["app", { policy: "round-robin" }],
        ["db", { policy: "round-robin", healthCheck: { interval: "5s", timeout: "1s", unhealthyThreshold: 3, healthyThreshold: 1 } }],
        ["cache", { policy: "round-robin" }],
      ]);
      expect(scenario.workload.classes).toEqual([{ name: "via-web", weight: 1, call: { service: "web", calls: [{ service: "app", calls: [{ service: "db" }, { service: "cache" }] }] } }]);
      expect(scenario.rollingUpdates).toEqual([{ group: "app", at: "30m", maxUnavailable: 0, maxSurge: 1 }]);
      expect(outcome.stderr).toContain("compose.yaml (service app): deploy.update_config.delay: the pause between batches is not modelled");
      expect(outcome.stderr).toContain("compose.yaml: x-logging: not part of the simulation model");
      writeFileSync(path.join(dir, "filled.yaml"), fill(text));
      expect(runCli(["run", path.join(dir, "filled.yaml"), "-d", "5m", "-q"]).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says when a file is not a Compose file", () => {
    const outcome = runCli(["import", "compose", "hpa.yaml"], { cwd: FIXTURES });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain("hpa.yaml: services: expected a map of Compose services (is this a Compose file?)");
  });
});
