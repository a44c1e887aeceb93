/**
 * Named random streams.
 *
 * One root seed per run; every consumer of randomness asks for a stream by a stable name
 * (`streams.get("node/web-3/service")`). A stream's sequence depends on the root seed and its
 * name only, never on which streams were created before it, so adding a component to a model
 * does not shift the numbers any other component draws (the property SimGrid and TigerBeetle's
 * VOPR rely on for reproducible runs).
 *
 * The generator is seedrandom's Alea (Baagøe): small state, fast, and defined by IEEE-754
 * double arithmetic only, so it produces the same bits in V8, SpiderMonkey and JavaScriptCore.
 * It is always given an explicit seed string `"<root>/<name>"`; seedrandom's global mode and
 * auto-seeding are never used. This is the only file in the project that imports seedrandom.
 */
import alea from "seedrandom/lib/alea";
import { assert } from "./assert";
import { registerSnapshotClass } from "./snapshot-codec";

/** A source of uniform numbers in [0, 1). Cheap to call; not shared between components. */
export interface RandomStream {
  /** The stream's name, as passed to {@link RandomStreams.get}. */
  readonly name: string;
  /** The next uniform number in [0, 1) (32 bits of randomness). */
  next(): number;
}

/** Alea's internal state; four numbers, enough to resume a stream exactly. */
export interface StreamState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

interface AleaPrng {
  (): number;
  state(): StreamState;
}

class AleaStream implements RandomStream {
  name: string;
  next: () => number;
  private seed: string;
  private prng: AleaPrng;
  constructor(name: string, seed: string, state?: StreamState) {
    this.name = name;
    this.seed = seed;
    this.prng = alea(seed, { state: state ?? true }) as unknown as AleaPrng;
    // Bind once so the hot path calls a plain closure, not a method lookup plus bind.
    this.next = this.prng;
  }
  state(): StreamState {
    return this.prng.state();
  }
  /** Continues from `state` (a snapshot's); the stream keeps its identity. */
  resume(name: string, seed: string, state: StreamState): void {
    this.name = name;
    this.seed = seed;
    this.prng = alea(seed, { state }) as unknown as AleaPrng;
    this.next = this.prng;
  }
  /** What {@link resume} needs. */
  saved(): { name: string; seed: string; state: StreamState } {
    return { name: this.name, seed: this.seed, state: this.state() };
  }
}

// Alea keeps its state in a closure the snapshot walker cannot see: save it explicitly.
registerSnapshotClass("AleaStream", AleaStream, {
  custom: {
    save: (stream) => stream.saved(),
    load: (stream, data) => {
      const { name, seed, state } = data as ReturnType<AleaStream["saved"]>;
      stream.resume(name, seed, state);
    },
  },
});

/**
 * The family of named streams for one simulation run.
 *
 * @example
 * const streams = new RandomStreams(42);
 * const arrivals = streams.get("workload/checkout/arrivals");
 * const u = arrivals.next();
 */
export class RandomStreams {
  /** The run's root seed (a non-negative safe integer). */
  readonly rootSeed: number;
  private readonly byName = new Map<string, AleaStream>();

  /** @throws AssertionError if `rootSeed` is not a non-negative safe integer. */
  constructor(rootSeed: number) {
    assert(Number.isSafeInteger(rootSeed) && rootSeed >= 0, `root seed must be a non-negative safe integer, got ${rootSeed}`);
    this.rootSeed = rootSeed;
  }

  /**
   * The stream called `name`, created on first use. Asking twice for the same name returns the
   * same stream object (so two components must not share a name by accident: give each its own).
   */
  get(name: string): RandomStream {
    let stream = this.byName.get(name);
    if (stream === undefined) {
      stream = new AleaStream(name, `${this.rootSeed}/${name}`);
      this.byName.set(name, stream);
    }
    return stream;
  }

  /** The states of all streams created so far, sorted by name: enough to fork a run. */
  snapshot(): Array<{ name: string; state: StreamState }> {
    const names = [...this.byName.keys()].sort();
    return names.map((name) => ({ name, state: this.byName.get(name)!.state() }));
  }

  /** Restores streams from {@link snapshot}; later `get(name)` calls continue from there. */
  restore(snapshot: ReadonlyArray<{ name: string; state: StreamState }>): void {
    for (const { name, state } of snapshot) {
      this.byName.set(name, new AleaStream(name, `${this.rootSeed}/${name}`, state));
    }
  }
}

registerSnapshotClass("RandomStreams", RandomStreams);
