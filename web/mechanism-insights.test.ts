/**
 * The run view's mechanism sentences: batch policies side by side on a library scenario, and a
 * replicated service that lost acknowledged writes told apart from one that did not.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { simulate } from "../engine/index";
import { mechanismInsights } from "./mechanism-insights";

describe("mechanism sentences", () => {
  it("name each batch policy's utilisation and makespan (hpc-batch), side by side", () => {
    const result = simulate(readFileSync(new URL("../scenarios/hpc-batch.yaml", import.meta.url), "utf8"));
    const texts = mechanismInsights(result).map((i) => i.text);
    expect(texts).toEqual([
      expect.stringMatching(/^Batch policy fifo: 71\.4% utilisation, makespan 24\.9 h/),
      expect.stringMatching(/^Batch policy easy-backfill: 87\.5% utilisation, makespan 20\.3 h/),
    ]);
  });

  it("say which replicated service lost acknowledged writes", () => {
    const base = { quorum: false, replicas: 3, writes: { sent: 10, acknowledged: 10, failed: 0, timedOut: 0, inFlightAtEnd: 0, latencyMs: { mean: 1, p50: 1, p90: 1, p99: 1, p999: 1, min: 1, max: 1 } }, electionsStarted: 1, electionsWon: 1, termMax: 2, writesConflicting: 0, unavailability: [], unavailabilityWindowsOmitted: 0 };
    const summary = { replicated: [{ ...base, service: "a", writesLost: 0, leadersMax: 1, multipleLeadersMs: 0 }, { ...base, service: "b", writesLost: 42, leadersMax: 2, multipleLeadersMs: 60_000 }], databases: [], batch: null, caches: [] };
    const insights = mechanismInsights(summary as never);
    expect(insights.map((i) => [i.text, i.tone])).toEqual([
      ["a lost no acknowledged write; 0 writes failed.", "good"],
      ["b lost 42 acknowledged writes (2 leaders at once for 1.0 min).", "bad"],
    ]);
  });
});
