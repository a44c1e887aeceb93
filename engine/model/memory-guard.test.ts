/**
 * Issue 20, defect 3: a valid scenario that grows memory without bound ends with a
 * RunLimitError naming the cause and the fix, instead of V8 aborting; the limits are lowered
 * here so the guard trips in milliseconds. A run that does not trip it is unchanged (the
 * pinned digests in engine/index.test.ts and engine/library-digests.test.ts cover that).
 */
import { describe, expect, it } from "vitest";
import { ENGINE_VERSION, loadScenario, RunLimitError } from "../index";
import { ModelRun } from "./run";
import type { RunLimits } from "./memory-guard";

const flood = (extra: string) => `
version: 1
name: flood
seed: 1
run: { duration: 10m }
topology:
  groups:
    - { name: web, count: 2, cores: 1 }
services:
  - name: web
    groups: [web]
    serviceTime: { type: exponential, mean: 10ms }
workload:
  rate: { constant: 50k/s }
  classes:
    - name: all
      call: { service: web${extra} }
`;

function runWith(text: string, limits: RunLimits): () => void {
  const loaded = loadScenario(text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return () => new ModelRun(loaded.spec, { seed: 1, engineVersion: ENGINE_VERSION, limits }).advance();
}

describe("memory guard", () => {
  it("names the node whose unbounded queue grows, and the fix", () => {
    const run = runWith(flood(""), { liveAttempts: 20_000, liveCalls: 1e9, pendingEvents: 1e9 });
    expect(run).toThrow(RunLimitError);
    expect(run).toThrow(/^node web-[01] holds [\d,]+ queued requests at \d+ s simulated: the offered load exceeds its capacity; set `queue:` on group web/);
  });

  it("names requests in flight when retries keep them alive", () => {
    const run = runWith(flood(", timeout: 50ms, retries: { max: 100, backoff: 1ms }").replace("count: 2, cores: 1", "count: 2, cores: 1, queue: 10"), { liveAttempts: 1e9, liveCalls: 1e9, pendingEvents: 5_000 });
    expect(run).toThrow(RunLimitError);
    expect(run).toThrow(/events are pending .* lower the rate or bound queues, retries and timeouts/);
  });

  it("leaves a run under the limits alone", () => {
    const text = flood("").replace("50k/s", "50/s").replace("10m", "10s");
    const loaded = loadScenario(text);
    if (!loaded.ok) throw new Error("invalid");
    const run = new ModelRun(loaded.spec, { seed: 1, engineVersion: ENGINE_VERSION });
    expect(run.advance().done).toBe(true);
  });
});
