/**
 * A batch (HPC) cluster: jobs asking for a number of cores and running for a while wait in a
 * queue for a scheduler. A small model of its own on the kernel, beside (not inside) the
 * request model: the cluster is a pool of nodes x cores, allocated by the core (fragmentation
 * across nodes is not modelled).
 *
 * One job stream (submission times, sizes, runtimes, requested walltimes from named random
 * streams) is fed to one queue per policy at once, each with its own copy of the cluster, so
 * the policies are compared on exactly the same jobs:
 *
 * - fifo: start jobs strictly in submission order; the head waits until it fits and blocks
 *   everything behind it.
 * - easy-backfill: EASY backfilling (Lifka 1995; Mu'alem & Feitelson, IEEE TPDS 12(6), 2001).
 *   The head gets a reservation: the "shadow time" when, by the requested walltimes of the
 *   running jobs, enough cores will be free for it, and the "extra" cores left over then. A
 *   later job may jump ahead if it fits now and either ends (by its walltime) before the
 *   shadow time or uses no more than the extra cores. So backfilling never delays the head.
 *
 * Runtimes never exceed the requested walltime (walltime = runtime x estimateFactor), so a
 * reservation is a promise: the head starts at or before it. Each policy counts the times it
 * did not (`headReservationMisses`, asserted to stay 0).
 */
import { assert } from "../../core/assert";
import { createDistribution, type Distribution } from "../../core/distributions";
import type { RandomStream } from "../../core/rng";
import type { Simulation } from "../../core/simulation";
import { LatencyHistogram } from "../../metrics/histogram";
import type { BatchPolicySummary, BatchSummary } from "../../result/operations-result";
import type { BatchPolicy, BatchSpec } from "./operations-spec";
import { latencySummary } from "../../result/latency-summary";

/** A submitted job; shared (read-only) by every policy's queue. */
export interface BatchJob {
  id: number;
  submitMs: number;
  cores: number;
  runtimeMs: number;
  /** Requested walltime, ms (≥ runtimeMs). */
  walltimeMs: number;
}

/** Bounded slowdown's floor on the runtime (Feitelson's 10 s), ms. */
export const SLOWDOWN_RUNTIME_FLOOR_MS = 10_000;

/** One policy's queue and its copy of the cluster. */
export class BatchQueue {
  readonly waiting: BatchJob[] = [];
  /** Running jobs with their planned (walltime) ends, ms. */
  readonly running: Array<{ job: BatchJob; startMs: number; plannedEndMs: number }> = [];
  freeCores: number;
  submitted = 0;
  completed = 0;
  backfilled = 0;
  headReservationMisses = 0;
  readonly wait = new LatencyHistogram();
  private slowdownSum = 0;
  private busyCoreMs = 0;
  private busyCores = 0;
  private lastChangeMs = 0;
  private firstSubmitMs = Infinity;
  private lastEndMs = 0;
  /** The head job's reservation (shadow time) when it was first computed, ms. */
  private reservedHeadId = -1;
  private reservedAtMs = Infinity;
  /** Observer for tests: called at every start. */
  onStart: ((job: BatchJob, startMs: number, backfilled: boolean) => void) | null = null;

  constructor(readonly policy: BatchPolicy, readonly cores: number, private readonly sim: Simulation) {
    this.freeCores = cores;
  }

  submit(job: BatchJob): void {
    this.submitted++;
    this.firstSubmitMs = Math.min(this.firstSubmitMs, job.submitMs);
    this.waiting.push(job);
  }

  /** Starts what the policy allows now. */
  schedule(): void {
    const nowMs = this.sim.nowMs;
    while (this.waiting.length > 0 && this.waiting[0]!.cores <= this.freeCores) this.start(0, false);
    if (this.waiting.length === 0) return;
    const head = this.waiting[0]!;
    const { shadowMs, extraCores } = this.reservation(head);
    if (this.reservedHeadId !== head.id) {
      this.reservedHeadId = head.id;
      this.reservedAtMs = shadowMs;
    }
    if (this.policy !== "easy-backfill") return;
    let extra = extraCores;
    for (let k = 1; k < this.waiting.length && this.freeCores > 0; k++) {
      const job = this.waiting[k]!;
      if (job.cores > this.freeCores) continue;
      const endsBeforeShadow = nowMs + job.walltimeMs <= shadowMs;
      if (!endsBeforeShadow && job.cores > extra) continue;
      if (!endsBeforeShadow) extra -= job.cores;
      this.start(k, true);
      k--;
    }
  }

  /** When the head can start by the running jobs' walltimes, and the cores to spare then. */
  reservation(head: BatchJob): { shadowMs: number; extraCores: number } {
    const ends = [...this.running].sort((a, b) => a.plannedEndMs - b.plannedEndMs || a.job.id - b.job.id);
    let available = this.freeCores;
    for (const r of ends) {
      available += r.job.cores;
      if (available >= head.cores) return { shadowMs: r.plannedEndMs, extraCores: available - head.cores };
    }
    // Unreachable when every job fits the cluster (checked at compile time).
    assert(false, `job ${head.id} needs ${head.cores} cores; the cluster has ${this.cores}`);
    return { shadowMs: Infinity, extraCores: 0 };
  }

  private start(k: number, backfilled: boolean): void {
    const job = this.waiting.splice(k, 1)[0]!;
    const nowMs = this.sim.nowMs;
    if (k === 0 && job.id === this.reservedHeadId) {
      // EASY's promise: the head never starts later than its first reservation.
      if (nowMs > this.reservedAtMs + 1e-6) this.headReservationMisses++;
      this.reservedHeadId = -1;
    }
    this.account(nowMs);
    this.freeCores -= job.cores;
    this.busyCores += job.cores;
    if (backfilled) this.backfilled++;
    this.wait.record(nowMs - job.submitMs);
    const entry = { job, startMs: nowMs, plannedEndMs: nowMs + job.walltimeMs };
    this.running.push(entry);
    this.onStart?.(job, nowMs, backfilled);
    this.sim.callMethodAfter(job.runtimeMs, this, "finish", entry);
  }

  /** A job ends (a kernel method event). */
  finish(entry: { job: BatchJob; startMs: number }): void {
    const nowMs = this.sim.nowMs;
    this.account(nowMs);
    const job = entry.job;
    this.running.splice(this.running.indexOf(entry as never), 1);
    this.freeCores += job.cores;
    this.busyCores -= job.cores;
    this.completed++;
    this.lastEndMs = nowMs;
    const waitMs = entry.startMs - job.submitMs;
    this.slowdownSum += Math.max(1, (waitMs + job.runtimeMs) / Math.max(job.runtimeMs, SLOWDOWN_RUNTIME_FLOOR_MS));
    this.schedule();
  }

  private account(nowMs: number): void {
    this.busyCoreMs += this.busyCores * (nowMs - this.lastChangeMs);
    this.lastChangeMs = nowMs;
  }

  /** This policy's part of the Result; `allSubmitted` when the job stream has ended. */
  summary(endMs: number, allSubmitted: boolean): BatchPolicySummary {
    this.account(this.sim.nowMs);
    const done = allSubmitted && this.completed === this.submitted && this.submitted > 0;
    const spanEndMs = done ? this.lastEndMs : endMs;
    const spanMs = spanEndMs - (this.firstSubmitMs === Infinity ? 0 : this.firstSubmitMs);
    return {
      policy: this.policy,
      jobsSubmitted: this.submitted,
      jobsCompleted: this.completed,
      jobsBackfilled: this.backfilled,
      // After the last completion nothing is busy, so the integral to now equals the one to spanEndMs.
      utilisation: spanMs > 0 ? this.busyCoreMs / (this.cores * spanMs) : null,
      queueWaitMs: latencySummary(this.wait),
      boundedSlowdownMean: this.completed > 0 ? this.slowdownSum / this.completed : null,
      makespanMs: done ? this.lastEndMs - this.firstSubmitMs : null,
      headReservationMisses: this.headReservationMisses,
    };
  }
}

/** The batch cluster: one job stream fed to a queue per policy (see the file comment). */
export class BatchCluster {
  readonly queues: BatchQueue[];
  private readonly interarrival: Distribution;
  private readonly runtime: Distribution;
  private readonly streams: { arrivals: RandomStream; sizes: RandomStream; runtime: RandomStream };
  private readonly sizesCumulative: number[] = [];
  private nextId = 0;
  private nextSubmitMs = 0;

  constructor(private readonly sim: Simulation, readonly spec: BatchSpec, private readonly durationMs: number) {
    const cores = spec.nodes * spec.coresPerNode;
    this.queues = spec.policies.map((policy) => new BatchQueue(policy, cores, sim));
    this.interarrival = createDistribution(spec.jobs.interarrival);
    this.runtime = createDistribution(spec.jobs.runtime);
    this.streams = { arrivals: sim.streams.get("batch/arrivals"), sizes: sim.streams.get("batch/sizes"), runtime: sim.streams.get("batch/runtime") };
    let total = 0;
    for (const size of spec.jobs.sizes) this.sizesCumulative.push((total += size.weight));
  }

  /** Schedules the first submission; call once before the run starts. */
  start(): void {
    if (this.spec.jobs.count === 0) return;
    this.nextSubmitMs = this.sim.nowMs;
    this.sim.callMethodAt(this.nextSubmitMs, this, "submitDue");
  }

  /** Submits every job due now (a burst at one instant is one scheduling pass), then the next. */
  submitDue(): void {
    const nowMs = this.sim.nowMs;
    while (this.nextId < this.spec.jobs.count && this.nextSubmitMs <= nowMs) {
      const job = this.newJob(nowMs);
      for (const queue of this.queues) queue.submit(job);
      this.nextSubmitMs = nowMs + this.interarrival.sample(this.streams.arrivals);
    }
    for (const queue of this.queues) queue.schedule();
    if (this.nextId < this.spec.jobs.count && this.nextSubmitMs < this.durationMs) this.sim.callMethodAt(this.nextSubmitMs, this, "submitDue");
  }

  private newJob(nowMs: number): BatchJob {
    const u = this.streams.sizes.next() * this.sizesCumulative[this.sizesCumulative.length - 1]!;
    let k = 0;
    while (k < this.sizesCumulative.length - 1 && u >= this.sizesCumulative[k]!) k++;
    const runtimeMs = Math.max(1, this.runtime.sample(this.streams.runtime));
    return { id: this.nextId++, submitMs: nowMs, cores: this.spec.jobs.sizes[k]!.cores, runtimeMs, walltimeMs: runtimeMs * this.spec.jobs.estimateFactor };
  }

  /** The batch cluster's part of the Result. */
  summary(): BatchSummary {
    const allSubmitted = this.nextId >= this.spec.jobs.count;
    return {
      nodes: this.spec.nodes,
      coresPerNode: this.spec.coresPerNode,
      cores: this.spec.nodes * this.spec.coresPerNode,
      policies: this.queues.map((q) => q.summary(this.durationMs, allSubmitted)),
    };
  }
}
