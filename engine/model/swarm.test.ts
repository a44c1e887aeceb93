/**
 * A swarm of random small models (TigerBeetle's VOPR idea, at our scale): each seed draws a
 * model from the engine's own named streams (1-3 services, random balancer policies, fan-outs,
 * timeouts, retries, hedges, breakers, network latency and loss, open or closed workloads, one
 * or two request classes, a crash and a recovery), runs it, and checks that no request is lost
 * or duplicated:
 *
 * - at every window end, the request records themselves agree with the counters: the live root
 *   calls are the requests in the system, every live call's attempts are live jobs that point
 *   back at it, no finished job is left unfreed, and the per-service levels (in flight, queued,
 *   busy) and each node's busy cores equal the jobs in those states;
 * - per window and cumulatively, the Result's series balance (see {@link checkWindowBalance});
 * - at the end, the summary counters agree with the series and with each other.
 *
 * The model's own assertions (caller.ts, server.ts, records.ts) run throughout. Seeds 1..12 by
 * default; CLUSTERSIM_SWARM_SEEDS=n runs 1..n, CLUSTERSIM_SWARM_SEED=s runs only seed s. Every
 * failure message starts with the seed that reproduces it.
 */
import { describe, expect, it } from "vitest";
import { RandomStreams, type RandomStream } from "../core/rng";
import type { ClusterModel } from "./cluster-model";
import { RateProfile } from "./rate-profile";
import { hook } from "./test-support/hook";
import { PHASE_DONE, PHASE_NAMES, PHASE_QUEUED, PHASE_SERVING } from "./records";
import { LEVEL_BUSY, LEVEL_IN_FLIGHT, LEVEL_QUEUED } from "./recorder";
import { ModelRun } from "./run";
import type { ModelSpec, RetrySpec, StepSpec } from "./spec";
import type { Result } from "../result/result";
import { NO_RETRY, singleTier, step } from "./test-support/specs";

const ENGINE = "test";

describe("swarm", () => {
  it("never loses or duplicates a request in random small models, window by window", () => {
    for (const seed of swarmSeeds()) runSwarmModel(seed);
  });
});

function swarmSeeds(): number[] {
  const one = process.env.CLUSTERSIM_SWARM_SEED;
  if (one !== undefined) return [Number(one)];
  const count = Number(process.env.CLUSTERSIM_SWARM_SEEDS ?? 12);
  return Array.from({ length: count }, (_, i) => i + 1);
}

/** What the records and counters said at one window end. */
interface Snapshot {
  atMs: number;
  /** Requests in the system by the recorder's count (all requests, measured or not). */
  inSystem: number;
}

function runSwarmModel(seed: number): void {
  const label = `seed ${seed}`;
  const draw = new RandomStreams(seed);
  const spec = randomSpec(draw);
  const faults = draw.get("swarm/faults");
  const snapshots: Snapshot[] = [];
  let result: Result;
  try {
    const run = new ModelRun({ model: spec }, { seed, engineVersion: ENGINE, extensions: [
      hook((model) => installCrash(model, spec, faults)),
      // Scheduled before the run starts, each window-end callback sorts before the window's
      // close at the same instant (scheduled during the run, one window earlier), so it sees
      // the counts the window closes with, unless another event lands on that exact instant
      // in between. The swarm's event times are continuous random numbers: none does.
      hook((model) => observeWindowEnds(model, spec, snapshots, label)),
    ] });
    run.advance();
    result = run.result();
  } catch (error) {
    // An engine assertion (or a record check, whose message already starts with the seed).
    const message = error instanceof Error ? error.message : String(error);
    if (message.startsWith(label)) throw error;
    throw new Error(`${label}: ${message}`, { cause: error });
  }
  checkWindowBalance(result, snapshots, label);
  const r = result.requests;
  expect(r.completed + r.inFlightAtEnd, `${label}: offered = completed + in flight at the end`).toBe(r.offered);
  expect(r.succeeded + r.failed, `${label}: completed = succeeded + failed`).toBe(r.completed);
  const causes = Object.values(r.failedByCause).reduce((a, b) => a + b, 0);
  expect(causes, `${label}: failures by cause add up`).toBe(r.failed);
  expect(r.inFlightAtEnd, `${label}: in flight at the end = the records' count`).toBe(snapshots[snapshots.length - 1]!.inSystem);
}

/** Crashes one node at a random time in the first half and recovers it some time later. */
function installCrash(model: ClusterModel, spec: ModelSpec, faults: RandomStream): void {
  const node = Math.floor(faults.next() * model.nodes.count);
  const crashMs = (0.1 + 0.4 * faults.next()) * spec.durationMs;
  const recoverMs = crashMs + (0.05 + 0.3 * faults.next()) * spec.durationMs;
  model.sim.callAt(crashMs, () => model.crashNode(node));
  model.sim.callAt(recoverMs, () => model.recoverNode(node));
}

/** At each window end (and the run's end), checks the records and takes a {@link Snapshot}. */
function observeWindowEnds(model: ClusterModel, spec: ModelSpec, snapshots: Snapshot[], label: string): void {
  const ends: number[] = [];
  for (let t = spec.windowMs; t < spec.durationMs; t += spec.windowMs) ends.push(t);
  ends.push(spec.durationMs);
  for (const atMs of ends) {
    model.sim.callAt(atMs, () => {
      checkRecords(model, `${label} at ${atMs} ms`);
      snapshots.push({ atMs, inSystem: model.recorder.inSystem });
    });
  }
}

/**
 * The state checker: the pooled records against each other and against the counters kept
 * beside them. A lost request shows as a count without a record, a duplicated or leaked one
 * as a record without a count.
 */
function checkRecords(model: ClusterModel, at: string): void {
  const calls = model.calls;
  const jobs = model.jobs;
  let liveCalls = 0;
  let liveRoots = 0;
  for (let id = 0; id < calls.items.length; id++) {
    if (!calls.isAllocated(id)) continue;
    const call = calls.items[id]!;
    liveCalls++;
    if (call.isRoot) liveRoots++;
    expect(call.done, `${at}: live call ${id} is not done`).toBe(false);
    expect(call.outstanding, `${at}: call ${id} outstanding = its attempts`).toBe(call.attemptCount);
    Array.from({ length: call.attemptCount }, (_, i) => call.attemptId(i)).forEach((jobId, i) => {
      const job = jobs.items[jobId]!;
      const ok = jobs.isAllocated(jobId) && job.gen === call.attemptGen(i) && job.callId === id && job.callGen === call.gen && job.callerWaiting;
      expect(ok, `${at}: attempt ${jobId} of call ${id} is a live job waited for by that call`).toBe(true);
    });
  }
  expect(liveCalls, `${at}: call pool's live count`).toBe(calls.live);
  expect(liveRoots, `${at}: requests in the system = live root calls`).toBe(model.recorder.inSystem);

  const services = model.services.length;
  const inFlight = new Array<number>(services).fill(0);
  const queued = new Array<number>(services).fill(0);
  const serving = new Array<number>(services).fill(0);
  const busyOfNode = new Array<number>(model.nodes.count).fill(0);
  let liveJobs = 0;
  for (let id = 0; id < jobs.items.length; id++) {
    if (!jobs.isAllocated(id)) continue;
    const job = jobs.items[id]!;
    liveJobs++;
    const service = job.step.serviceIndex;
    if (job.callerWaiting) {
      inFlight[service]!++;
      const call = calls.items[job.callId]!;
      expect(calls.isAllocated(job.callId) && call.gen === job.callGen, `${at}: job ${id} waited for by a live call`).toBe(true);
    }
    if (job.phase === PHASE_QUEUED) queued[service]!++;
    if (job.phase === PHASE_SERVING) {
      serving[service]!++;
      busyOfNode[job.node]!++;
    }
    if (job.phase === PHASE_DONE) {
      const needed = job.callerWaiting || job.responsePending || job.arrivalPending;
      expect(needed, `${at}: finished job ${id} (${PHASE_NAMES[job.phase]}) still allocated though nothing needs it`).toBe(true);
    }
  }
  expect(liveJobs, `${at}: job pool's live count`).toBe(jobs.live);
  const levels = model.recorder.serviceLevels.value;
  for (let s = 0; s < services; s++) {
    expect(levels[s * 3 + LEVEL_IN_FLIGHT], `${at}: service ${s} attempts in flight`).toBe(inFlight[s]);
    expect(levels[s * 3 + LEVEL_QUEUED], `${at}: service ${s} jobs queued`).toBe(queued[s]);
    expect(levels[s * 3 + LEVEL_BUSY], `${at}: service ${s} jobs in service`).toBe(serving[s]);
  }
  for (let node = 0; node < model.nodes.count; node++) {
    expect(model.nodes.busy[node], `${at}: node ${node} busy cores = jobs in service on it`).toBe(busyOfNode[node]);
  }
}

/**
 * The balance of requests the model's counters support, per window and cumulatively.
 *
 * A window's series counts every request, measured or not: `offered` arrived in it, and
 * `succeeded` + `failed` finished in it, whenever they arrived (recorder.ts WindowTally,
 * window-series.ts). The recorder's `inSystem` is arrivals minus finishes so far. So for window
 * k ending at t_k:
 *
 *   offered_k = succeeded_k + failed_k + inSystem(t_k) - inSystem(t_{k-1})     (inSystem(0) = 0)
 *
 * and, summed, offered over windows 1..k = completed over windows 1..k + inSystem(t_k). The
 * classes' series split each window's completions. With no warm-up every request is measured,
 * so the sums over all windows are the summary's offered and completed. The series holds
 * rates per second; count = rate * span / 1000 must come out a whole number.
 */
function checkWindowBalance(result: Result, snapshots: Snapshot[], label: string): void {
  const series = result.series;
  const windows = series.startMs.length;
  expect(windows, `${label}: one snapshot per window`).toBe(snapshots.length);
  let offeredSum = 0;
  let completedSum = 0;
  let inSystemBefore = 0;
  for (let k = 0; k < windows; k++) {
    const endMs = k + 1 < windows ? series.startMs[k + 1]! : result.durationMs;
    const at = `${label}, window ${k} ending at ${endMs} ms`;
    expect(snapshots[k]!.atMs, `${at}: snapshot time`).toBe(endMs);
    const count = (perS: number) => {
      const n = (perS * (endMs - series.startMs[k]!)) / 1000;
      expect(Math.abs(n - Math.round(n)), `${at}: ${perS}/s over the window is a whole count`).toBeLessThan(1e-6);
      return Math.round(n);
    };
    const offered = count(series.offeredPerS[k]!);
    const succeeded = count(series.succeededPerS[k]!);
    const failed = count(series.failedPerS[k]!);
    const inSystem = snapshots[k]!.inSystem;
    expect(offered, `${at}: offered = succeeded + failed + change in the system`).toBe(succeeded + failed + inSystem - inSystemBefore);
    offeredSum += offered;
    completedSum += succeeded + failed;
    expect(offeredSum, `${at}: cumulative offered = completed + in the system`).toBe(completedSum + inSystem);
    const classSucceeded = series.classes.reduce((sum, c) => sum + count(c.succeededPerS[k]!), 0);
    const classFailed = series.classes.reduce((sum, c) => sum + count(c.failedPerS[k]!), 0);
    expect([classSucceeded, classFailed], `${at}: classes split the window's completions`).toEqual([succeeded, failed]);
    inSystemBefore = inSystem;
  }
  expect([offeredSum, completedSum], `${label}: windows add up to the summary`).toEqual([result.requests.offered, result.requests.completed]);
}

/**
 * A random small model, drawn from named streams of `draw` (so a new knob in one part does not
 * shift the others): 1-3 services, random policies, fan-outs, timeouts, retries, hedges,
 * breakers, network latency and loss, open or closed workload, one or two classes.
 */
function randomSpec(draw: RandomStreams): ModelSpec {
  const topology = draw.get("swarm/topology");
  const hops = draw.get("swarm/hops");
  const load = draw.get("swarm/workload");
  const between = (s: RandomStream, min: number, max: number) => min + s.next() * (max - min);
  const int = (s: RandomStream, min: number, max: number) => min + Math.floor(s.next() * (max - min + 1));
  const pick = <T>(s: RandomStream, items: readonly T[]): T => items[Math.floor(s.next() * items.length)]!;

  const services = int(topology, 1, 3);
  const spec = singleTier({
    nodes: int(topology, 1, 4), cores: int(topology, 1, 3), queueCapacity: pick(topology, [0, 2, 10, Infinity]),
    ratePerS: 5, serviceTime: { type: "exponential", mean: between(topology, 5, 55) }, durationMs: 60_000,
    windowMs: pick(topology, [1000, 2500, 7000]),
  });
  for (let s = 1; s < services; s++) {
    spec.groups.push({ name: `g${s}`, count: int(topology, 1, 4), cores: int(topology, 1, 2), speed: between(topology, 0.5, 1.5), queueCapacity: pick(topology, [1, 5, Infinity]), zoneIndexes: [0], pricePerHour: 1 });
    spec.services.push({ name: `s${s}`, groupIndexes: [s], policy: pick(topology, ["round-robin", "random", "least-outstanding", "power-of-choices", "central-queue"] as const), choices: 2, weights: [1], serviceTime: { type: "exponential", mean: between(topology, 5, 35) }, deadlineAware: topology.next() < 0.3, patience: topology.next() < 0.3 ? { type: "exponential", mean: between(topology, 5, 100) } : null });
  }
  if (topology.next() < 0.5) {
    const latency = { type: "exponential" as const, mean: between(topology, 0.1, 3) };
    spec.network = { ...spec.network, sameZone: latency, client: latency };
  }
  spec.network.lossProbability = topology.next() < 0.3 ? 0.01 : 0;

  const hop = (service: number): StepSpec => {
    const timeoutMs = hops.next() < 0.7 ? between(hops, 50, 550) : Infinity;
    const retry: RetrySpec = hops.next() < 0.5 ? { ...NO_RETRY, attemptsMax: int(hops, 1, 2), backoffMs: 10, multiplier: 2, backoffMaxMs: 100, jitter: "full", budgetRatio: pick(hops, [Infinity, 0.2]) } : NO_RETRY;
    const stages = service + 1 < services ? [{ step: hop(service + 1), count: int(hops, 1, 2), waitFor: 1 }] : [];
    for (const stage of stages) stage.waitFor = int(hops, 1, stage.count);
    return step(service, { timeoutMs, retry, stages, hedgeAfterMs: hops.next() < 0.2 ? 30 : Infinity, breaker: hops.next() < 0.2 ? { failuresToOpen: 3, openMs: 500 } : undefined });
  };
  spec.classes[0]!.root = hop(0);
  if (hops.next() < 0.4) spec.classes.push({ name: "other", weight: between(hops, 0.2, 2), root: hop(0) });

  if (load.next() < 0.7) {
    spec.workload = { kind: "open", arrivals: "poisson", profile: RateProfile.fromPoints([{ atMs: 0, ratePerS: between(load, 5, 45) }]) };
  } else {
    spec.workload = { kind: "closed", users: int(load, 1, 20), thinkTime: { type: "exponential", mean: between(load, 50, 500) }, rampMs: between(load, 0, 5000) };
  }
  return spec;
}
