import { describe, expect, it } from "vitest";
import { RaftLog } from "./raft-log";
import { positionsCoveredTwice } from "./replicated-summary";

/** The simple model: one reign per entry, index i at position i - 1. */
function flat(log: RaftLog): number[] {
  const out: number[] = [];
  for (let i = 1; i <= log.lastIndex; i++) out.push(log.reignAt(i));
  return out;
}

function fromFlat(entries: number[]): RaftLog {
  const log = new RaftLog();
  for (const reign of entries) log.append(reign, 1);
  return log;
}

describe("RaftLog", () => {
  it("stores runs of one reign as one segment", () => {
    const log = new RaftLog();
    log.append(1, 3);
    log.append(1, 2);
    log.append(4, 1);
    expect(log.segmentCount).toBe(2);
    expect(flat(log)).toEqual([1, 1, 1, 1, 1, 4]);
    expect(log.reignAt(0)).toBe(0);
    expect(log.reignAt(7)).toBe(-1);
    expect(log.rangeOf(1)).toEqual([1, 5]);
    expect(log.segmentStart(4)).toBe(1);
    expect(log.segmentsAfter(3)).toEqual({ reigns: [1, 4], ends: [5, 6] });
  });

  it("merges a leader's entries like Raft's AppendEntries, against a flat array (seeded fuzz)", () => {
    for (let seed = 1; seed <= 300; seed++) {
      let x = seed;
      const next = (n: number) => Math.floor(((x = (x * 48271) % 2147483647) / 2147483647) * n);
      // A follower and a leader sharing a prefix, then diverging.
      const prefix = Array.from({ length: next(6) }, () => 1 + next(2)).sort((a, b) => a - b);
      const follower = [...prefix, ...Array.from({ length: next(5) }, () => 3)];
      const leader = [...prefix, ...Array.from({ length: next(5) }, () => 4)];
      const prevIndex = next(prefix.length + 1);
      const log = fromFlat(follower);
      const removedFrom = log.merge(prevIndex, fromFlat(leader).segmentsAfter(prevIndex));
      // Expected: keep the follower's entries while they agree with the leader's, then take the
      // leader's; follower entries beyond the leader's are kept only if nothing disagreed.
      let firstConflict = -1;
      for (let i = prevIndex; i < leader.length; i++) {
        if (i < follower.length && follower[i] !== leader[i]) { firstConflict = i; break; }
      }
      const expected = firstConflict >= 0 || follower.length <= leader.length ? leader.slice() : follower.slice();
      if (firstConflict < 0 && follower.length > leader.length) expected.splice(0, leader.length, ...leader);
      expect(flat(log), `seed ${seed}: follower ${follower} leader ${leader} prev ${prevIndex}`).toEqual(expected);
      expect(removedFrom, `seed ${seed}`).toBe(firstConflict >= 0 ? firstConflict + 1 : -1);
    }
  });

  it("truncates across segment boundaries", () => {
    const log = fromFlat([1, 1, 2, 2, 3]);
    log.truncateAfter(3);
    expect(flat(log)).toEqual([1, 1, 2]);
    log.truncateAfter(0);
    expect(log.lastIndex).toBe(0);
    expect(log.lastReign).toBe(0);
  });
});

describe("positionsCoveredTwice", () => {
  it("counts integer positions inside two or more closed ranges", () => {
    expect(positionsCoveredTwice([[1, 10], [5, 12]])).toBe(6);
    expect(positionsCoveredTwice([[1, 3], [4, 6]])).toBe(0);
    expect(positionsCoveredTwice([[1, 10], [2, 3], [3, 4]])).toBe(3);
    expect(positionsCoveredTwice([])).toBe(0);
  });
});
