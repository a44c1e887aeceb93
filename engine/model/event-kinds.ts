/**
 * The kernel event kinds of the request core, and the assertion failures of the checks that
 * compare an event with the record it names.
 *
 * An event is `(kind, target, data)`: a small integer kind dispatched by one switch in
 * cluster-model.ts, and two integers, usually a record id and its generation (records.ts). The
 * model cancels or waits for every event before it frees a record, so an event that names a
 * freed record ("stale") is a bug, as is a live record in a phase the event cannot happen in.
 *
 * The hot path checks such invariants as `if (broken) staleEvent("response", jobId)`: the
 * functions below throw the AssertionError of engine/core/assert.ts with a formatted message.
 * A check costs a comparison, and no message is formatted unless it fails (the pattern of
 * `Simulation.callAt`). It also keeps the checking functions' bytecode small: V8 inlines a
 * callee within a per-function bytecode budget, cold code included, and a template-literal
 * message at each check pushed the server side's functions out of it (see caller.ts
 * startAttempt).
 */
import { AssertionError } from "../core/assert";
import { PHASE_NAMES } from "./records";

// Kind 0 is the kernel's callback kind (core/simulation.ts); the model's kinds start at 1.

/** The next open-loop arrival (no target). */
export const K_ARRIVAL = 1;
/** An attempt's request reaches its node or central queue: target job id, data its generation. */
export const K_JOB_ARRIVE = 2;
/** A node finishes serving a job: target job id, data its generation. */
export const K_SERVICE_DONE = 3;
/** A job's response reaches its caller: target job id, data its generation. */
export const K_RESPONSE = 4;
/** The earliest armed timeout of one hop is due: target the hop's TimeoutList id. */
export const K_TIMEOUT = 5;
/** A call's backoff is over; send the retry: target call id, data its generation. */
export const K_RETRY = 6;
/** A call's hedge delay is over; send a duplicate attempt: target call id, data its generation. */
export const K_HEDGE = 7;
/** A metrics window ends (no target). */
export const K_WINDOW = 8;
/** A closed-loop user sends its next request: target the user number. */
export const K_USER_SEND = 9;
/** A queued job's patience runs out; it leaves its queue: target job id, data its generation. */
export const K_ABANDON = 10;

/**
 * Throws the AssertionError for event (or notice) `what` naming record `id` after it was freed.
 * @throws AssertionError always
 */
export function staleEvent(what: string, id: number): never {
  throw new AssertionError(`${what} for record ${id} after it was freed (its generation changed)`);
}

/**
 * Throws the AssertionError for event `what` finding job `jobId` in `phase`, not `phaseExpected`.
 * @throws AssertionError always
 */
export function wrongPhase(what: string, jobId: number, phase: number, phaseExpected: number): never {
  throw new AssertionError(`${what} for job ${jobId} in phase ${PHASE_NAMES[phase] ?? phase}, expected ${PHASE_NAMES[phaseExpected] ?? phaseExpected}`);
}

/**
 * Throws the AssertionError for invariant `what` broken at record (or node, or member) `id`.
 * @throws AssertionError always
 */
export function brokenInvariant(what: string, id: number): never {
  throw new AssertionError(`${what} (id ${id})`);
}
