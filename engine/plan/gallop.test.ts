import { describe, expect, it } from "vitest";
import { firstTrue } from "./gallop";

/** A monotone predicate "index >= boundary" that counts its probes. */
function threshold(boundary: number) {
  const probed: number[] = [];
  return { probed, probe: async (index: number) => (probed.push(index), index >= boundary) };
}

describe("galloping then bisection", () => {
  it("finds every boundary exactly from every start, probing each index at most once", async () => {
    const size = 40;
    for (let boundary = 0; boundary <= size; boundary++) {
      for (const start of [0, 7, 20, 39]) {
        const predicate = threshold(boundary);
        const found = await firstTrue({ size, start, probe: predicate.probe });
        expect(found.first, `boundary ${boundary}, start ${start}`).toBe(boundary === size ? null : boundary);
        expect(new Set(predicate.probed).size).toBe(predicate.probed.length);
        expect(found.violations).toEqual([]);
      }
    }
  });

  it("needs about 2 log2(distance) probes, far fewer than a linear scan", async () => {
    // Start 100 below the boundary in a range of 10,000: the start, 7 gallops up (5001, 5003,
    // 5007, ..., 5127, each step twice the last), 6 bisections of the last gap of 64; the
    // confirm probe (5101) was already probed: 14 in all, against 101 for a scan from the start.
    const predicate = threshold(5100);
    const found = await firstTrue({ size: 10_000, start: 5000, probe: predicate.probe });
    expect(found.first).toBe(5100);
    expect(predicate.probed.length).toBe(14);
  });

  it("uses known values without probing them again", async () => {
    const predicate = threshold(3);
    const found = await firstTrue({ size: 10, start: 0, probe: predicate.probe, known: new Map([[0, false], [1, false]]) });
    expect(found.first).toBe(3);
    expect(predicate.probed).not.toContain(0);
    expect(predicate.probed).not.toContain(1);
  });

  it("reports a failure just above a pass and searches again above it", async () => {
    // Passes at 5, fails at 6 and 7 (a metastable band), passes from 8 on.
    const truth = (i: number) => i === 5 || i >= 8;
    const found = await firstTrue({ size: 20, start: 5, probe: async (i) => truth(i) });
    expect(found.violations).toEqual([{ trueAt: 5, falseAt: 6 }]);
    expect(found.first).toBe(8);
    expect(found.steps.map((s) => `${s.index}${s.value ? "+" : "-"}:${s.phase}`)).toEqual([
      "5+:guess", "4-:gallop-down", "6-:confirm", "7-:gallop-up", "8+:gallop-up", "9+:confirm",
    ]);
  });

  it("two at a time: finds the same boundaries, each index evaluated once, in batches of at most two", async () => {
    const size = 40;
    let batchesPaired = 0;
    let probesSingle = 0;
    for (let boundary = 0; boundary <= size; boundary++) {
      for (const start of [0, 7, 20, 39]) {
        const evaluated = new Map<number, boolean>();
        const batches: number[][] = [];
        const prefetch = async (indexes: number[]) => {
          batches.push(indexes);
          for (const index of indexes) {
            expect(evaluated.has(index), `index ${index} evaluated twice`).toBe(false);
            evaluated.set(index, index >= boundary);
          }
        };
        const probe = async (index: number) => {
          if (!evaluated.has(index)) await prefetch([index]);
          return evaluated.get(index)!;
        };
        const found = await firstTrue({ size, start, probe, prefetch });
        expect(found.first, `boundary ${boundary}, start ${start}`).toBe(boundary === size ? null : boundary);
        expect(batches.every((batch) => batch.length >= 1 && batch.length <= 2)).toBe(true);
        batchesPaired += batches.length;
        probesSingle += (await firstTrue({ size, start, probe: threshold(boundary).probe })).steps.length;
      }
    }
    // Fewer rounds overall than one probe per round (measured: 1,054 batches of two against 1,363 single probes over these 164 searches).
    expect(batchesPaired).toBeLessThan(probesSingle);
  });

  it("two at a time: reads a step fetched with the one before before it fetches more", async () => {
    // black-friday's zone-loss plan: the guess (index 4) and its lower neighbour fail, the
    // gallop fetches 5 with the next step 7; 5 fails and 7 passes, so the gap 5..7 is narrowed
    // at 6, paired with the probe above it. Fetching 11 and 19 (the steps after 7) before
    // reading 7 would have cost a batch of sizes the search never reads.
    const batches: number[][] = [];
    const evaluated = new Map<number, boolean>();
    const prefetch = async (indexes: number[]) => {
      batches.push(indexes);
      for (const index of indexes) evaluated.set(index, index >= 6);
    };
    const probe = async (index: number) => {
      if (!evaluated.has(index)) await prefetch([index]);
      return evaluated.get(index)!;
    };
    const found = await firstTrue({ size: 39, start: 4, probe, prefetch });
    expect(found.first).toBe(6);
    expect(batches).toEqual([[4, 3], [5, 7], [6, 8]]);
  });

  it("returns null when nothing in range is true, and when the range is empty", async () => {
    expect((await firstTrue({ size: 12, start: 3, probe: async () => false })).first).toBeNull();
    expect((await firstTrue({ size: 0, start: 0, probe: async () => true })).first).toBeNull();
  });
});
