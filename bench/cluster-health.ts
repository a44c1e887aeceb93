/**
 * The cluster-health model at scale (issue 4): N nodes each send a heartbeat every second to
 * a cluster manager over a network with uniform 1-5 ms latency; the manager runs a 3 s
 * fixed-timeout failure detector (engine/model/faults/failure-detector.ts), checked every 100 ms.
 * Nodes crash with MTTF 1 h and are repaired with MTTR 1 min (exponential); a crashed node
 * sends nothing, a repaired one sends again from its next turn. 600 simulated seconds.
 *
 * Written directly on the kernel with typed events and one switch: nothing is allocated per
 * heartbeat (the detector is struct-of-arrays). Crashes are one Poisson stream of candidates
 * at rate N / MTTF, each hitting a uniformly chosen node and ignored if that node is already
 * down: thinning, so every up node fails at rate 1 / MTTF exactly, with one pending event
 * instead of N.
 *
 * Heartbeat sends, two ways (same model, same number of events):
 * - "phase-ring" (the default): nodes are numbered in the order of their random phases, and
 *   one pending event walks them: node k sends at cycle start + phase k, then the event moves
 *   on to node k + 1. The event queue holds only that event, the heartbeats in flight (~400)
 *   and the pending repairs, and every per-node array is walked in order. A periodic process
 *   kept as a calendar, the classic DES trick for many identical timers.
 * - "per-node": every node has its own pending timer (carrying its incarnation, so a crash
 *   needs no cancel: the stale timer is dropped when it fires). The event heap then holds
 *   100,000 entries and each operation misses the cache about 17 times; measured to show it.
 *
 * Events counted: every kernel event (sends, arrivals, crash candidates, repairs, checks);
 * about 2 x N x 600 x 0.985 (the share of node-time up over the first 600 s from all up),
 * 118 million for 100,000 nodes.
 * Sanity: the detector's mean detection delay against its closed form. The last heartbeat
 * before a crash was sent U(0, H) earlier and arrives after d ~ U(1, 5) ms; the first check
 * at or after last + d + T finds it, a further U(0, C): E = T - H/2 + E[d] + C/2 = 2553 ms.
 * No heartbeat gap of a live node can exceed H + 4 ms, so false suspicions must be 0 (a node
 * down for less than the timeout may be suspected just after its repair: counted apart).
 * Memory: heap used after a full GC, sampled every 60 simulated seconds, must stay flat.
 */
import { Simulation } from "../engine/core/simulation";
import { FailureDetector } from "../engine/model/faults/failure-detector";
import type { BenchRecord } from "./record";

const K_SEND = 1;
const K_ARRIVE = 2;
const K_CRASH_CANDIDATE = 3;
const K_REPAIR = 4;
const K_CHECK = 5;

/** Parameters of one cluster-health run; times in ms. */
export interface ClusterHealthOptions {
  nodes: number;
  durationMs: number;
  heartbeatMs: number;
  latencyMinMs: number;
  latencyMaxMs: number;
  timeoutMs: number;
  checkMs: number;
  mttfMs: number;
  mttrMs: number;
  seed: number;
  /**
   * How heartbeat sends are scheduled: "phase-ring" (one event in the queue walks the nodes in
   * phase order) or "per-node" (one pending timer per node: a 100k-entry event heap).
   */
  sends: "phase-ring" | "per-node";
}

/** What a run measured. */
export interface ClusterHealthOutcome {
  events: number;
  heartbeatsSent: number;
  crashes: number;
  detections: number;
  falseSuspicions: number;
  /** Suspicions of a node that was down briefly and is up again (detected late, not false). */
  lateDetections: number;
  detectMsMean: number;
  /** Heap used (MB) sampled every 60 simulated seconds. */
  heapMb: number[];
}

export const CLUSTER_HEALTH_DEFAULTS: Omit<ClusterHealthOptions, "nodes"> = {
  durationMs: 600_000, heartbeatMs: 1000, latencyMinMs: 1, latencyMaxMs: 5, timeoutMs: 3000, checkMs: 100, mttfMs: 3_600_000, mttrMs: 60_000, seed: 1, sends: "phase-ring",
};

/** Runs the model; `sampleHeapMb` is called between 60-second slices. */
export function runClusterHealth(options: ClusterHealthOptions, sampleHeapMb: () => number = () => 0): ClusterHealthOutcome {
  const { nodes, heartbeatMs, timeoutMs, checkMs } = options;
  const ring = options.sends === "phase-ring";
  const sim = new Simulation({ seed: options.seed, queueCapacityInitial: ring ? 4096 : nodes * 2 + 1024 });
  const latency = sim.streams.get("bench/latency").next;
  const phaseStream = sim.streams.get("bench/phase").next;
  const failures = sim.streams.get("bench/failures").next;
  const repairs = sim.streams.get("bench/repairs").next;
  const up = new Uint8Array(nodes).fill(1);
  const incarnation = new Int32Array(nodes);
  const downSinceMs = new Float64Array(nodes).fill(-Infinity);
  const repairAtMs = new Float64Array(nodes);
  const phaseMs = new Float64Array(nodes);
  for (let node = 0; node < nodes; node++) phaseMs[node] = phaseStream() * heartbeatMs;
  // With the ring, nodes are numbered in phase order (labels are arbitrary): node k sends in
  // slot k, so the ring and the detector walk their arrays in order (cache friendly).
  if (ring) phaseMs.sort();
  const latencySpanMs = options.latencyMaxMs - options.latencyMinMs;
  const candidateMeanMs = options.mttfMs / nodes;
  let heartbeatsSent = 0, crashes = 0, detections = 0, falseSuspicions = 0, lateDetections = 0, detectSumMs = 0;
  // A node down for less than the timeout may be suspected just after its repair.
  const lateWindowMs = timeoutMs + heartbeatMs + options.latencyMaxMs + checkMs;
  const detector = new FailureDetector({ kind: "timeout", timeoutMs }, heartbeatMs, nodes, {
    suspect(node) {
      if (up[node] === 0) { detections++; detectSumMs += sim.nowMs - downSinceMs[node]!; }
      else if (sim.nowMs - downSinceMs[node]! < lateWindowMs) lateDetections++;
      else falseSuspicions++;
    },
    trust() {},
  });
  // Phase ring: node k sends at cycleStartMs + phaseMs[k], k = 0, 1, ..., N-1, then the next
  // cycle. A node keeps its phase across a crash: its repair time is independent of the phase,
  // so its first slot after the repair is uniform in (0, H], as with a fresh random phase.
  let slot = 0, cycleStartMs = 0;
  const send = (node: number): void => {
    heartbeatsSent++;
    sim.after(options.latencyMinMs + latency() * latencySpanMs, K_ARRIVE, node);
  };
  /** Schedules the ring's next slot, skipping nodes that will still be down at their turn. */
  const scheduleNextSlot = (): void => {
    for (let skipped = 0; skipped <= nodes; skipped++) {
      if (++slot === nodes) { slot = 0; cycleStartMs += heartbeatMs; }
      const atMs = cycleStartMs + phaseMs[slot]!;
      if (up[slot] === 1 || repairAtMs[slot]! <= atMs) { sim.at(atMs, K_SEND, slot); return; }
    }
    sim.at(cycleStartMs + phaseMs[slot]!, K_SEND, slot); // all down: tick idle, keep the ring going
  };
  sim.setDispatch((kind, node, data) => {
    switch (kind) {
      case K_SEND:
        if (ring) {
          if (up[node] === 1) send(node);
          scheduleNextSlot();
          return;
        }
        if (data !== incarnation[node] || up[node] === 0) return; // crashed since: the timer dies
        send(node);
        sim.after(heartbeatMs, K_SEND, node, data);
        return;
      case K_ARRIVE:
        detector.heartbeat(node, sim.nowMs);
        return;
      case K_CRASH_CANDIDATE: {
        sim.after(-candidateMeanMs * Math.log(1 - failures()), K_CRASH_CANDIDATE);
        const victim = Math.floor(failures() * nodes);
        if (up[victim] === 0) return; // thinning: a down node cannot fail again
        up[victim] = 0;
        incarnation[victim]!++;
        downSinceMs[victim] = sim.nowMs;
        crashes++;
        repairAtMs[victim] = sim.nowMs - options.mttrMs * Math.log(1 - repairs());
        sim.at(repairAtMs[victim]!, K_REPAIR, victim);
        return;
      }
      case K_REPAIR:
        up[node] = 1;
        if (!ring) sim.after(phaseStream() * heartbeatMs, K_SEND, node, incarnation[node]!);
        return;
      case K_CHECK:
        detector.check(sim.nowMs);
        sim.after(checkMs, K_CHECK);
        return;
    }
  });
  for (let node = 0; node < nodes; node++) {
    detector.watch(node, 0);
    if (!ring) sim.at(phaseMs[node]!, K_SEND, node, 0);
  }
  if (ring) sim.at(phaseMs[0]!, K_SEND, 0);
  sim.at(-candidateMeanMs * Math.log(1 - failures()), K_CRASH_CANDIDATE);
  sim.at(checkMs, K_CHECK);
  const heapMb: number[] = [];
  for (let untilMs = 60_000; untilMs <= options.durationMs; untilMs += 60_000) {
    sim.run({ untilMs });
    heapMb.push(sampleHeapMb());
  }
  return { events: sim.eventsProcessed, heartbeatsSent, crashes, detections, falseSuspicions, lateDetections, detectMsMean: detectSumMs / detections, heapMb };
}

/** Benchmark records for 1k, 10k and 100k nodes (600 simulated seconds each). */
export function benchClusterHealth(sizes = [1_000, 10_000, 100_000], sends: ClusterHealthOptions["sends"] = "phase-ring"): BenchRecord[] {
  // After a full collection (bench processes run with --expose-gc), heap used is live data only.
  const heapMb = () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  runClusterHealth({ ...CLUSTER_HEALTH_DEFAULTS, nodes: 1000, durationMs: 60_000, sends }); // warm the JIT
  const d = CLUSTER_HEALTH_DEFAULTS;
  const expectedDetectMs = d.timeoutMs - d.heartbeatMs / 2 + (d.latencyMinMs + d.latencyMaxMs) / 2 + d.checkMs / 2;
  return sizes.map((nodes) => {
    const startMs = performance.now();
    const cpuStart = process.cpuUsage();
    const outcome = runClusterHealth({ ...d, nodes, sends }, heapMb);
    const wallMs = performance.now() - startMs;
    const cpu = process.cpuUsage(cpuStart);
    const cpuS = (cpu.user + cpu.system) / 1e6; // differs from wall on a busy machine
    // Sampling error of the mean delay: sd of U(0, H) + U(0, C) over the detections.
    const se = Math.sqrt((d.heartbeatMs ** 2 + d.checkMs ** 2) / 12 / outcome.detections);
    const steady = outcome.heapMb.slice(1);
    return {
      name: `cluster-health-${nodes / 1000}k-nodes-600s${sends === "per-node" ? "-per-node-timers" : ""}`,
      modelEventsPerS: outcome.events / (wallMs / 1000),
      wallMs,
      sanity: {
        label: "mean detection delay (ms)",
        value: outcome.detectMsMean,
        expected: expectedDetectMs,
        ok: Math.abs(outcome.detectMsMean - expectedDetectMs) < 5 * se + 1 && outcome.falseSuspicions === 0,
      },
      notes: `cpu ${cpuS.toFixed(1)} s; ${(outcome.events / 1e6).toFixed(1)}M events, ${(outcome.heartbeatsSent / 1e6).toFixed(1)}M heartbeats, ${outcome.crashes} crashes, ${outcome.detections} detected (+${outcome.lateDetections} after a short outage), ${outcome.falseSuspicions} false; heap ${Math.min(...steady).toFixed(0)}-${Math.max(...steady).toFixed(0)} MB over minutes 2-10`,
    };
  });
}
