/**
 * Each library scenario that declares the SLOs carrying its lesson (issue 13) passes and fails
 * exactly the ones its header names, so `clustersim run <scenario>` exits as the header says
 * (the CLI exits 1 when `slosPassed` is false). Long scenarios are shortened with overrides,
 * keeping the fault, peak or drill they are about inside the run; the header's "Try" variant is
 * checked where it flips the verdict (quorum on, coalescing on).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { simulate } from "../index";

const DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../scenarios");

interface Case {
  file: string;
  overrides?: Array<{ path: string; value: unknown }>;
  /** The SLOs that must fail; every other SLO must pass. */
  failing: string[];
}

const CASES: Case[] = [
  // The partition (moved to 0:40, for 3 min) heals inside a 4-minute run: the async side's writes are thrown away then.
  { file: "network-partition.yaml", overrides: [{ path: "run.duration", value: "4m" }, { path: "faults[0].at", value: "40s" }], failing: ["orders-async-no-lost-writes"] },
  {
    file: "network-partition.yaml",
    overrides: [{ path: "run.duration", value: "4m" }, { path: "faults[0].at", value: "40s" }, { path: "services.orders-async.replicated.quorum", value: true }],
    failing: [],
  },
  // The 2:00 partition and its failover (healed at 3:30) fit in 4 minutes.
  { file: "db-failover.yaml", overrides: [{ path: "run.duration", value: "4m" }], failing: ["orders-semi-rpo", "orders-async-rpo"] },
  { file: "hpc-batch.yaml", failing: ["fifo-makespan", "fifo-mean-wait"] },
  {
    file: "heartbeat-tuning.yaml",
    failing: ["timeout-1500ms-false-alarms", "timeout-5s-detection", "phi-1-false-alarms", "phi-3-false-alarms", "phi-12-detection"],
  },
  { file: "gray-failure.yaml", failing: ["rr-availability"] },
  { file: "retry-storm.yaml", failing: ["naive-availability"] },
  // The launch at 6:00 and three minutes of it.
  { file: "cdn-launch.yaml", overrides: [{ path: "run.duration", value: "9m" }], failing: [] },
  // The expiry at 1:00 and the crash at 3:00.
  { file: "cache-stampede.yaml", overrides: [{ path: "run.duration", value: "4m" }], failing: ["page-p99", "availability", "origin-peak"] },
  { file: "cache-stampede.yaml", overrides: [{ path: "run.duration", value: "4m" }, { path: "services.cache.cache.coalesce", value: true }], failing: [] },
  // The region outage at 5:00 and the failover; fail back is left out.
  { file: "region-dr-drill.yaml", overrides: [{ path: "run.duration", value: "9m" }], failing: ["availability"] },
];

describe("library scenarios pass and fail the SLOs their headers name", () => {
  for (const c of CASES) {
    const variant = c.overrides === undefined ? "" : ` (${c.overrides.map((o) => `${o.path}=${String(o.value)}`).join(", ")})`;
    it(`${c.file}${variant}`, () => {
      const text = readFileSync(path.join(DIR, c.file), "utf8");
      const result = simulate(text, { overrides: c.overrides ?? [], fileName: c.file });
      expect(result.slos.filter((slo) => !slo.passed).map((slo) => slo.name)).toEqual(c.failing);
      expect(result.slosPassed).toBe(c.failing.length === 0);
    });
  }
});
