import { describe, expect, it } from "vitest";
import { AssertionError } from "./assert";
import { grownFloat64, grownInt32, grownUint32, grownUint8, unwrappedRing } from "./typed-arrays";

describe("typed-array growth", () => {
  it("copies the old contents to the front and zeroes the new slots", () => {
    expect([...grownInt32(Int32Array.of(3, -1), 4)]).toEqual([3, -1, 0, 0]);
    expect([...grownFloat64(Float64Array.of(0.5), 3)]).toEqual([0.5, 0, 0]);
    expect([...grownUint8(Uint8Array.of(7), 2)]).toEqual([7, 0]);
    expect([...grownUint32(Uint32Array.of(2 ** 32 - 1), 2)]).toEqual([2 ** 32 - 1, 0]);
  });

  it("fills only the new slots when given a fill value", () => {
    expect([...grownInt32(Int32Array.of(0, 5), 4, -1)]).toEqual([0, 5, -1, -1]);
    expect([...grownFloat64(Float64Array.of(0), 3, NaN)]).toEqual([0, NaN, NaN]);
    expect([...grownUint8(Uint8Array.of(0), 3, 1)]).toEqual([0, 1, 1]);
  });

  it("grows from empty and keeps the length when asked for the same", () => {
    expect(grownInt32(new Int32Array(0), 16).length).toBe(16);
    const same = grownFloat64(Float64Array.of(1, 2), 2);
    expect([...same]).toEqual([1, 2]);
  });

  it("refuses to shrink or to take a fractional length", () => {
    expect(() => grownInt32(new Int32Array(4), 3)).toThrow(AssertionError);
    expect(() => grownUint8(new Uint8Array(1), 2.5)).toThrow(AssertionError);
  });

  it("grows a full ring oldest first: a ring holding 1..4 from slot 2 becomes 1, 2, 3, 4, then empty slots", () => {
    const doubles = unwrappedRing(new Float64Array([3, 4, 1, 2]), 2);
    expect(Array.from(doubles)).toEqual([1, 2, 3, 4, 0, 0, 0, 0]);
    expect(doubles).toBeInstanceOf(Float64Array);
    const ints = unwrappedRing(new Int32Array([7, 8]), 0);
    expect(Array.from(ints)).toEqual([7, 8, 0, 0]);
    expect(ints).toBeInstanceOf(Int32Array);
    expect(() => unwrappedRing(new Int32Array(4), 4)).toThrow(/one of its 4 slots, got 4/);
  });
});
