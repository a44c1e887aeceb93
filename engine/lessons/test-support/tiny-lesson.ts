/**
 * A tiny lesson for tests: two single-core servers behind a balancer, four knobs (a rate with
 * a range, a count, a choice of policy, an optional hedge), a comparison run and a check.
 * Tests break one thing at a time; line numbers in their expectations count from the
 * template's first (empty) line.
 *
 * The other tiny fixtures build other things: engine/plan/test-support/synthetic.ts a
 * scenario the planner only validates (two priced tiers in three zones, two SLOs) and a fake
 * evaluator; engine/model/test-support/specs.ts ModelSpecs without the scenario language.
 */
import { loadLesson, type Lesson } from "../index";

/** The starting scenario, read as the sibling file "tiny.yaml". */
export const SCENARIO = `
version: 1
name: tiny
seed: 3
run: { duration: 20s }
topology:
  groups: [{ name: server, count: 2, cores: 1 }]
services:
  - { name: api, groups: [server], balancer: { policy: random }, serviceTime: { type: exponential, mean: 10ms } }
workload:
  rate: { constant: 20/s }
  classes: [{ name: request, call: { service: api } }]
`;

/** The lesson file. */
export const LESSON = `
version: 1
id: tiny
order: 1
title: A tiny lesson
goal: Keep p99 low.
explanation: |
  First paragraph,
  wrapped.

  Second paragraph.
hints: [Try things.]
scenario: tiny.yaml
knobs:
  - { path: workload.rate.constant, label: Rate, min: 1/s, max: 90/s }
  - { path: topology.groups.server.count, label: Servers, min: 1, max: 4 }
  - path: services.api.balancer.policy
    label: Policy
    options:
      - { label: Random, value: random }
      - { label: Two choices, value: power-of-choices }
  - { path: workload.classes.request.call.hedgeAfter, label: Hedge after, min: 1ms, max: 1s, optional: true }
runs:
  light: { label: the light run, set: { workload.rate.constant: 2/s } }
check:
  - { label: p99 latency, metric: requests.latencyMs.p99, unit: ms, below: 80ms }
  - { label: p99 latency, metric: requests.latencyMs.p99, unit: ms, atMost: { metric: requests.latencyMs.p99, run: light, times: 3 } }
watch:
  - { label: Utilisation, metric: groups.server.utilisation, unit: percent }
answer:
  set: { workload.rate.constant: 10/s }
`;

/** The tiny lesson, loaded (throws on problems). */
export function tinyLesson(text = LESSON): Lesson {
  const result = loadLesson(text, { fileName: "tiny.lesson.yaml", files: { "tiny.yaml": SCENARIO } });
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.line}: ${p.path}: ${p.message}`).join("\n"));
  return result.lesson;
}
