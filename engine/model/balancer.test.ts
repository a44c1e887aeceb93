import { describe, expect, it } from "vitest";
import { RandomStreams } from "../core/rng";
import { Balancer } from "./balancer";

describe("Balancer least-outstanding", () => {
  it("picks what a full scan picks while requests come and go and members leave and return", () => {
    // Reference: scan every eligible member from the rotating start, the first least one wins
    // (the rule before the level counts). Fixed seeds; few members, so ties are frequent.
    for (let seed = 1; seed <= 10; seed++) {
      const random = new RandomStreams(seed).get("fuzz/balancer");
      const balancer = new Balancer(0, "least-outstanding", 2, new RandomStreams(seed).get("balancer/x"));
      const members = 2 + Math.floor(random.next() * 6);
      for (let m = 0; m < members; m++) balancer.addMember(m, 1);
      const eligible = new Array<boolean>(members).fill(true);
      const load = new Array<number>(members).fill(0);
      let cursor = 0;
      for (let step = 0; step < 4000; step++) {
        const u = random.next();
        if (u < 0.45) {
          const picked = balancer.pick();
          const list = [...Array(members).keys()].filter((m) => eligible[m]);
          if (list.length === 0) {
            expect(picked).toBe(-1);
            continue;
          }
          const start = cursor++ % list.length;
          let expected = list[start]!;
          for (let k = 0; k < list.length; k++) {
            const m = list[(start + k) % list.length]!;
            if (load[m]! < load[expected]!) expected = m;
          }
          expect(picked, `seed ${seed} step ${step}`).toBe(expected);
          balancer.sent(picked);
          load[picked]!++;
        } else if (u < 0.85) {
          const m = Math.floor(random.next() * members);
          if (load[m]! > 0) {
            expect(balancer.answered(m)).toBe(--load[m]!);
          } else {
            expect(balancer.answered(m)).toBe(-1); // nothing outstanding: refused, count unchanged
          }
        } else if (u < 0.95) {
          const m = Math.floor(random.next() * members);
          eligible[m] = !eligible[m];
          balancer.setEligible(m, eligible[m]!);
        } else {
          // A request to an ineligible member (a pinned retry, say) counts for it all the same.
          const m = Math.floor(random.next() * members);
          balancer.sent(m);
          load[m]!++;
        }
        expect(Array.from(balancer.outstanding.subarray(0, members))).toEqual(load);
        if (eligible.some((e) => e)) expect(balancer.checkLevels()).toBe(Math.min(...load.filter((_, m) => eligible[m])));
      }
    }
  });
});
