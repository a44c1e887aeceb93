import { describe, expect, it } from "vitest";
import { ARCHIVE_ENTRY_BYTES_MAX, ARCHIVE_RUNS_MAX, keysToEvict, metaOf, toArchived, type ArchivableRun } from "./run-archive";
import type { ResultSummary, SeriesColumns } from "../worker/run-protocol";

const summary = { seed: 11, slos: [{ passed: true }, { passed: false }] } as unknown as ResultSummary;
const series = (windows: number): SeriesColumns => ({ windowMs: 1000, length: windows, names: ["startMs", "offeredPerS"], columns: { startMs: new Float64Array(windows), offeredPerS: new Float64Array(windows) } });
const run = (over: Partial<ArchivableRun> = {}): ArchivableRun => ({ label: "black-friday · seed 11", scenarioText: "version: 1", files: {}, seed: null, overrides: [], status: "done", summary, digest: "abc", resultJson: "{}", series: series(10), ...over });

describe("the run archive's rules", () => {
  it("keeps finished runs only, with their series while they fit", () => {
    expect(toArchived(run({ status: "cancelled" }), { sourceId: null, savedAtMs: 0 })).toBeNull();
    const kept = toArchived(run(), { sourceId: "black-friday", savedAtMs: 5 })!;
    expect(kept.series?.length).toBe(10);
    expect(kept.seriesDropped).toBe(false);
    // Two columns x 8 bytes: one window over the bound drops the series, keeps the summary.
    const big = toArchived(run({ series: series(ARCHIVE_ENTRY_BYTES_MAX / 16 + 1) }), { sourceId: null, savedAtMs: 5 })!;
    expect(big.series).toBeUndefined();
    expect(big.seriesDropped).toBe(true);
    expect(big.summary).toBe(summary);
  });

  it("lists a run with its SLO outcome and the seed it ran with", () => {
    const meta = metaOf({ ...toArchived(run(), { sourceId: "black-friday", savedAtMs: 5 })!, key: 3 });
    expect(meta).toEqual({ key: 3, savedAtMs: 5, label: "black-friday · seed 11", sourceId: "black-friday", seed: 11, digest: "abc", seriesDropped: false, slosPassed: 1, slosTotal: 2 });
  });

  it("drops the oldest runs so that one more fits the bound", () => {
    expect(keysToEvict([3, 1, 2], 4)).toEqual([]);
    expect(keysToEvict([3, 1, 2, 4], 4)).toEqual([1]);
    expect(keysToEvict(Array.from({ length: ARCHIVE_RUNS_MAX + 2 }, (_, i) => i + 1))).toEqual([1, 2, 3]);
  });
});
