/**
 * The simulation kernel: a clock, the pending-event queue, named random streams and a run loop.
 *
 * Time is simulated milliseconds (float64) everywhere. The loop pops the earliest event,
 * advances the clock to it and dispatches it; nothing else. Two ways to handle an event:
 *
 * - typed records: `sim.at(timeMs, kind, target, data)`; the model installs one `dispatch`
 *   function that switches on the small integer `kind`. No closure or object per event; this
 *   is what the cluster model's hot paths use.
 * - callbacks: `sim.callAt(timeMs, () => ...)`; kind 0 is reserved for them. Convenient for
 *   rare events (a fault at a fixed time, a health-check round) and for tests.
 *
 * `npm run bench` measures both on the same M/M/c model (see bench/mmc-kernel.ts): they run at
 * about the same speed once neither formats a message per call; typed records avoid a
 * closure per request in models that carry ids.
 *
 * A run proceeds in slices: `run({ untilMs, eventsMax })` returns when the next event lies past
 * `untilMs`, after `eventsMax` events, when the queue empties, or when a handler calls `stop()`,
 * and says which. A caller reports progress and checks for cancellation between slices.
 *
 * @example
 * const ARRIVAL = 1;
 * const sim = new Simulation({ seed: 7 });
 * const arrivals = sim.streams.get("arrivals");
 * sim.setDispatch((kind, target) => {
 *   if (kind === ARRIVAL) sim.after(-1000 * Math.log(1 - arrivals.next()), ARRIVAL, target + 1);
 * });
 * sim.at(0, ARRIVAL, 0);
 * const outcome = sim.run({ untilMs: 60_000 }); // { stoppedBy: "until", events: ~60 }
 */
import { AssertionError, assert } from "./assert";
import { EventQueue, type EventHandle } from "./event-queue";
import { RandomStreams } from "./rng";
import { registerSnapshotClass } from "./snapshot-codec";

/** The event kind reserved for callbacks scheduled with `callAt`/`callAfter`. */
export const KIND_CALLBACK = 0;

/** The event kind reserved for method calls scheduled with `callMethodAt`/`callMethodAfter`. */
export const KIND_METHOD = -1;

/**
 * A method call waiting in the queue: `target[method](argument)`. Plain data (an object, a
 * name and a value), so a snapshot can carry it where it could not carry a closure.
 */
export class MethodCall {
  /** `argument` may be replaced before the call fires (a fork retargets a pending fault). */
  constructor(readonly target: object, readonly method: string, public argument: unknown) {}

  /** Calls the method. */
  invoke(): void {
    (this.target as Record<string, (argument: unknown) => void>)[this.method]!(this.argument);
  }
}

/** Handles a typed event record. `ref` is null unless the event was scheduled with one. */
export type Dispatch = (kind: number, target: number, data: number, ref: unknown) => void;

/** Limits for one call of {@link Simulation.run}; omitted limits do not apply. */
export interface RunLimits {
  /** Process events with time ≤ untilMs, then set the clock to untilMs. */
  untilMs?: number;
  /** Process at most this many events in this call. */
  eventsMax?: number;
}

/** Which limit ended a call of {@link Simulation.run}. */
export type StopReason = "until" | "events-max" | "empty" | "stopped";

/** What a call of {@link Simulation.run} did. */
export interface RunOutcome {
  stoppedBy: StopReason;
  /** Events processed during this call. */
  events: number;
}

/** Options for a new {@link Simulation}. */
export interface SimulationOptions {
  /** Root seed for every random stream of the run; a non-negative safe integer. */
  seed: number;
  /** Initial capacity of the event queue (it grows as needed). */
  queueCapacityInitial?: number;
}

function noMethodError(target: object, method: string): AssertionError {
  return new AssertionError(`${target.constructor.name} has no method ${method} to schedule`);
}

// Hot-path checks build their message only when they fail (a template literal passed to
// `assert` would be formatted on every call).
function pastError(timeMs: number, nowMs: number): AssertionError {
  return new AssertionError(`cannot schedule in the past: ${timeMs} < now ${nowMs}`);
}

const noDispatch: Dispatch = (kind) => {
  assert(false, `no dispatcher installed for event kind ${kind}`);
};

/** One discrete-event simulation run. */
export class Simulation {
  /** The current simulated time, ms. Never decreases. */
  nowMs = 0;
  /** Events dispatched since the simulation was created. */
  eventsProcessed = 0;
  /** The named random streams of this run. */
  readonly streams: RandomStreams;
  /** The pending events. Exposed for inspection; schedule through the methods below. */
  readonly queue: EventQueue;
  private dispatch: Dispatch = noDispatch;
  private stopRequested = false;
  /** The delay of each FIFO lane of the queue, by lane index (addFixedDelayLane). */
  private readonly laneDelaysMs: number[] = [];

  constructor(options: SimulationOptions) {
    this.streams = new RandomStreams(options.seed);
    this.queue = new EventQueue(options.queueCapacityInitial);
  }

  /** Installs the function that handles typed event records (every kind except 0). */
  setDispatch(dispatch: Dispatch): void {
    this.dispatch = dispatch;
  }

  /**
   * Schedules a typed event at absolute time `timeMs` (≥ now).
   * @throws AssertionError if `timeMs` is before the current time or not finite.
   */
  at(timeMs: number, kind: number, target = 0, data = 0, ref: unknown = null): EventHandle {
    if (!(timeMs >= this.nowMs)) throw pastError(timeMs, this.nowMs);
    return this.queue.push(timeMs, kind, target, data, ref);
  }

  /** Schedules a typed event `delayMs` (≥ 0) from now. */
  after(delayMs: number, kind: number, target = 0, data = 0, ref: unknown = null): EventHandle {
    if (!(delayMs >= 0)) throw new AssertionError(`delay must be >= 0, got ${delayMs}`);
    return this.queue.push(this.nowMs + delayMs, kind, target, data, ref);
  }

  /**
   * Gives events scheduled exactly `delayMs` after now with {@link afterUncancellable} a FIFO
   * lane of their own (engine/core/event-lane.ts): they arrive in time order, so they skip the
   * heap. Changes no firing order, only the cost; for delays that recur (a constant network
   * latency). Registering a delay twice adds nothing.
   */
  addFixedDelayLane(delayMs: number): void {
    if (!(delayMs >= 0 && delayMs < Infinity)) throw new AssertionError(`a lane's delay must be finite and >= 0, got ${delayMs}`);
    if (this.laneDelaysMs.includes(delayMs)) return;
    this.laneDelaysMs.push(delayMs);
    this.queue.addLane();
  }

  /**
   * Schedules a typed event `delayMs` (≥ 0) from now that will never be cancelled, so it
   * needs no handle: into the lane of its delay if {@link addFixedDelayLane} made one, else
   * into the heap. Fires exactly where {@link after} would have made it fire.
   */
  afterUncancellable(delayMs: number, kind: number, target = 0, data = 0): void {
    if (!(delayMs >= 0)) throw new AssertionError(`delay must be >= 0, got ${delayMs}`);
    const delays = this.laneDelaysMs;
    for (let lane = 0; lane < delays.length; lane++) {
      if (delays[lane] === delayMs) return this.queue.pushToLane(lane, this.nowMs + delayMs, kind, target, data);
    }
    this.queue.push(this.nowMs + delayMs, kind, target, data, null);
  }

  /** Schedules `callback` at absolute time `timeMs` (≥ now). */
  callAt(timeMs: number, callback: () => void): EventHandle {
    if (!(timeMs >= this.nowMs)) throw pastError(timeMs, this.nowMs);
    return this.queue.push(timeMs, KIND_CALLBACK, 0, 0, callback);
  }

  /** Schedules `callback` `delayMs` (≥ 0) from now. */
  callAfter(delayMs: number, callback: () => void): EventHandle {
    if (!(delayMs >= 0)) throw new AssertionError(`delay must be >= 0, got ${delayMs}`);
    return this.queue.push(this.nowMs + delayMs, KIND_CALLBACK, 0, 0, callback);
  }

  /**
   * Schedules `target[method](argument)` at absolute time `timeMs` (≥ now). Unlike a callback,
   * a method call survives a snapshot (engine/core/snapshot-codec.ts): use it for events a
   * mechanism schedules while the run goes on.
   */
  callMethodAt(timeMs: number, target: object, method: string, argument: unknown = null): EventHandle {
    if (!(timeMs >= this.nowMs)) throw pastError(timeMs, this.nowMs);
    if (typeof (target as Record<string, unknown>)[method] !== "function") throw noMethodError(target, method);
    return this.queue.push(timeMs, KIND_METHOD, 0, 0, new MethodCall(target, method, argument));
  }

  /** Schedules `target[method](argument)` `delayMs` (≥ 0) from now (see {@link callMethodAt}). */
  callMethodAfter(delayMs: number, target: object, method: string, argument: unknown = null): EventHandle {
    if (!(delayMs >= 0)) throw new AssertionError(`delay must be >= 0, got ${delayMs}`);
    if (typeof (target as Record<string, unknown>)[method] !== "function") throw noMethodError(target, method);
    return this.queue.push(this.nowMs + delayMs, KIND_METHOD, 0, 0, new MethodCall(target, method, argument));
  }

  /** Cancels a pending event; false (and no effect) if it already fired or was cancelled. */
  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  /** Asks the current `run` call to return after the event being handled. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Time of the next pending event, ms; Infinity when none. */
  nextEventTimeMs(): number {
    return this.queue.peekTimeMs();
  }

  /**
   * Runs events in order until a limit is reached (see {@link RunLimits}).
   * With `untilMs`, the clock ends exactly at `untilMs` unless another limit stopped it first.
   */
  run(limits: RunLimits = {}): RunOutcome {
    const untilMs = limits.untilMs ?? Infinity;
    const eventsMax = limits.eventsMax ?? Infinity;
    assert(untilMs >= this.nowMs, `run until ${untilMs} is before now ${this.nowMs}`);
    assert(eventsMax >= 0, `eventsMax must be >= 0, got ${eventsMax}`);
    const queue = this.queue;
    const dispatch = this.dispatch;
    this.stopRequested = false;
    let events = 0;
    let stoppedBy: StopReason;
    for (;;) {
      if (events >= eventsMax) { stoppedBy = "events-max"; break; }
      // peekTimeMs is Infinity exactly when the queue is empty (event times are finite).
      const nextMs = queue.peekTimeMs();
      if (nextMs > untilMs || nextMs === Infinity) {
        if (untilMs === Infinity) { stoppedBy = "empty"; break; }
        this.nowMs = untilMs;
        stoppedBy = "until";
        break;
      }
      queue.pop();
      const timeMs = queue.poppedTimeMs;
      if (timeMs < this.nowMs) throw new AssertionError("simulated time must not go back");
      this.nowMs = timeMs;
      events++;
      const kind = queue.poppedKind;
      if (kind === KIND_CALLBACK) (queue.poppedRef as () => void)();
      else if (kind === KIND_METHOD) (queue.poppedRef as MethodCall).invoke();
      else dispatch(kind, queue.poppedTarget, queue.poppedData, queue.poppedRef);
      if (this.stopRequested) { stoppedBy = "stopped"; break; }
    }
    this.eventsProcessed += events;
    return { stoppedBy, events };
  }
}

registerSnapshotClass("Simulation", Simulation);
registerSnapshotClass("MethodCall", MethodCall, { create: () => new MethodCall(MethodCall.prototype, "invoke", null) });
