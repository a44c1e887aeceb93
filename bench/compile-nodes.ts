/**
 * Compiling and building a very large cluster (issue 20): the three-tier scenario with its web
 * group at 100,000 nodes, loaded, compiled and built into a ModelRun (no event is simulated).
 * Building a group must be linear in its node count; the balancer once rescanned every member
 * on each member added, so 100k nodes took minutes. Sanity: the web service's balancer holds
 * every node.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { prepareRun } from "../engine/index";
import type { BenchRecord } from "./record";

const ROOT = process.cwd();

/** Loads, compiles and builds three-tier with `nodes` web nodes; one record. */
export function benchCompileNodes(nodes: number): BenchRecord[] {
  const text = readFileSync(path.join(ROOT, "scenarios/three-tier.yaml"), "utf8");
  const overrides = [`topology.groups.web.count=${nodes}`, "run.duration=1s", "run.window=1s", "run.warmup=0s"];
  const startMs = performance.now();
  const prepared = prepareRun(text, { overrides });
  const wallMs = performance.now() - startMs;
  if (!prepared.ok) throw new Error(prepared.problems.map((p) => p.message).join("; "));
  const total = prepared.spec.model.groups.reduce((sum, group) => sum + group.count, 0);
  return [{
    name: `compile-${nodes / 1000}k-nodes`,
    wallMs,
    sanity: { label: "nodes built", value: total, expected: nodes + 14, ok: total === nodes + 14 },
    notes: "load + compile + build the model, no events",
  }];
}
