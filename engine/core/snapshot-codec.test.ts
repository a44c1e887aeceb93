/**
 * The snapshot codec on small graphs: shared references and cycles, Maps, Sets, typed arrays
 * (bytes exact, NaN and -0 included), special numbers, registered classes by name, decoding
 * in place onto a fresh graph (functions taken from it), and the errors that name a path.
 */
import { describe, expect, it } from "vitest";
import { decodeGraph, encodeGraph, registerSnapshotClass } from "./snapshot-codec";
import { Simulation } from "./simulation";

class Point {
  constructor(public x: number, public y: number) {}
  norm1(): number {
    return Math.abs(this.x) + Math.abs(this.y);
  }
}
registerSnapshotClass("test/Point", Point);
class Unregistered {
  value = 1;
}
class Holder {
  readonly onTick: () => number;
  ticks = 0;
  constructor() {
    this.onTick = () => ++this.ticks;
  }
}
registerSnapshotClass("test/Holder", Holder);

function roundTrip(root: object, fresh?: unknown): unknown {
  return decodeGraph(JSON.parse(JSON.stringify(encodeGraph(root))), fresh);
}

describe("snapshot codec", () => {
  it("keeps shared references, cycles, collections and special numbers", () => {
    const shared = new Point(1, -2);
    const root: Record<string, unknown> = {
      a: shared, b: shared, list: [shared, undefined, null, "s", true],
      map: new Map<unknown, unknown>([["k", shared], [3, -0]]), set: new Set([shared, 7]),
      nan: NaN, inf: Infinity, ninf: -Infinity, negZero: -0,
      floats: new Float64Array([1.5, NaN, -0, 1e-300]), ints: new Int32Array([-1, 2 ** 31 - 1]),
    };
    root.self = root;
    const back = roundTrip(root) as typeof root;
    expect(back.a).toBeInstanceOf(Point);
    expect(back.a).toBe(back.b);
    expect(back.self).toBe(back);
    expect((back.list as unknown[])[0]).toBe(back.a);
    expect((back.list as unknown[]).slice(1)).toEqual([undefined, null, "s", true]);
    expect((back.map as Map<unknown, unknown>).get("k")).toBe(back.a);
    expect(Object.is((back.map as Map<unknown, unknown>).get(3), -0)).toBe(true);
    expect([...(back.set as Set<unknown>)]).toEqual([back.a, 7]);
    expect(Number.isNaN(back.nan)).toBe(true);
    expect([back.inf, back.ninf]).toEqual([Infinity, -Infinity]);
    expect(Object.is(back.negZero, -0)).toBe(true);
    const floats = back.floats as Float64Array;
    expect(new Uint8Array(floats.buffer)).toEqual(new Uint8Array((root.floats as Float64Array).buffer));
    expect(back.ints).toEqual(new Int32Array([-1, 2 ** 31 - 1]));
    expect((back.a as Point).norm1()).toBe(3);
  });

  it("decodes in place onto a fresh graph and takes its functions", () => {
    const saved = new Holder();
    saved.onTick();
    saved.onTick();
    const fresh = new Holder();
    const back = roundTrip({ holder: saved }, { holder: fresh }) as { holder: Holder };
    expect(back.holder).toBe(fresh);
    expect(fresh.ticks).toBe(2);
    expect(fresh.onTick()).toBe(3);
  });

  it("refuses a function it cannot find in the fresh graph, naming the path", () => {
    const graph = encodeGraph({ later: { callback: () => 1 } });
    expect(() => decodeGraph(graph, {})).toThrow(/cannot restore the function at root\.later\.callback/);
  });

  it("makes an instance with no fresh counterpart by its constructor, with the functions that made", () => {
    const saved = new Holder();
    saved.onTick();
    const back = roundTrip({ holder: saved }, {}) as { holder: Holder };
    expect(back.holder).not.toBe(saved);
    expect(back.holder.ticks).toBe(1);
    expect(back.holder.onTick()).toBe(2);
  });

  it("refuses an unregistered class, naming it and the path", () => {
    expect(() => encodeGraph({ deep: [{ thing: new Unregistered() }] })).toThrow(/class Unregistered at root\.deep\[0\]\.thing is not registered/);
  });

  it("refuses a closure that exists only in the event queue, at save time", () => {
    const sim = new Simulation({ seed: 1 });
    sim.callAt(5, () => undefined);
    expect(() => encodeGraph(sim)).toThrow(/cannot save the function at root\.queue\.slotRef\[0\]/);
  });

  it("carries a method call in the event queue and a stream's position", () => {
    const sim = new Simulation({ seed: 3 });
    const stream = sim.streams.get("s");
    stream.next();
    const target = new Point(1, 1);
    sim.callMethodAt(10, target, "norm1");
    const fresh = new Simulation({ seed: 3 });
    fresh.streams.get("s");
    const back = roundTrip({ sim, target }, { sim: fresh, target: new Point(0, 0) }) as { sim: Simulation };
    expect(back.sim).toBe(fresh);
    expect(back.sim.streams.get("s").next()).toBe(stream.next());
    expect(back.sim.run({ untilMs: 20 })).toEqual({ stoppedBy: "until", events: 1 });
  });
});
