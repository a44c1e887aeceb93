/**
 * Crash-at-peak cases forked from a shared pre-crash snapshot give the summaries of the same
 * cases run from time 0, and the second and third cases of a candidate do fork.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { serializeResult, simulate } from "../simulate";
import { peakCrashMs, SharedPrefixRuns } from "./shared-prefix";
import type { RunRequest } from "./types";

const text = readFileSync(new URL("../../scenarios/black-friday.yaml", import.meta.url), "utf8");
const PEAK_MS = 44 * 60_000;

function request(zone: string): RunRequest {
  return { seed: 3, overrides: [{ path: "run.duration", value: "50m" }, { path: "faults", value: [{ type: "crash", zone, at: `${PEAK_MS}ms` }] }] };
}

describe("shared pre-crash prefixes", () => {
  it("recognises a crash-at-peak case by its last override", () => {
    expect(peakCrashMs(request("us-east-1a").overrides)).toBe(PEAK_MS);
    expect(peakCrashMs([{ path: "faults", value: [] }])).toBeNull();
    expect(peakCrashMs([])).toBeNull();
  });

  it("forks the later cases of a candidate and gives the Results of runs from zero", () => {
    const shared = new SharedPrefixRuns();
    for (const zone of ["us-east-1a", "us-east-1b", "us-east-1c"]) {
      const r = request(zone);
      const forked = shared.result({ text }, r);
      expect(forked).not.toBeNull();
      expect(serializeResult(forked!)).toBe(serializeResult(simulate(text, { seed: r.seed, overrides: r.overrides })));
    }
    expect({ prefixed: shared.prefixed, forked: shared.forked }).toEqual({ prefixed: 1, forked: 2 });
  });
});
