/**
 * The hybrid engine: a ModelExtension that, window by window, lets a fluid model stand in for
 * most arrivals of a calm window and leaves everything else to the discrete engine.
 *
 * At each window's end it decides how the next window runs. A window runs **discrete** (all
 * arrivals simulated, nothing changed) during warm-up, near a scheduled disturbance
 * (calm-plan.ts), when the window just measured was stressed (a group above the utilisation
 * bound, errors above the bound) and this one is not steady (decideStressed), when a group's
 * utilisation predicted from the rate profile and the current nodes would pass the bound,
 * when the rate changes fast, or when the window holds too few arrivals to gain anything.
 * Otherwise it runs **fluid**:
 *
 *   [window start | sample warm-up | sample (measured) | pause: fluid | discrete tail ]
 *
 * The discrete engine keeps running from the window's start (so the state handed over from the
 * previous window, queues, in-flight requests, node states, the autoscaler's clocks, goes on
 * exactly); the recorder's figures are captured at the sample's start and end; then arrivals
 * are paused (ClusterModel.pauseArrivals) until the stretch's end, and the requests in flight
 * drain discretely. During the pause the nodes carry fluid levels (NodeTable.fluidBusy and
 * fluidQueue): the arrival rate times the sample's busy core-ms and queued job-ms per arrival,
 * spread over each group's up nodes and refreshed every tick, so node integrals, series and the
 * autoscaler see the load. At the window's end the sample's figures are added again, scaled by
 * k = expected arrivals in the pause / arrivals in the sample (tally-snapshot.ts), and the
 * window's error estimate is recorded. Handing back is free: when arrivals resume, the discrete
 * engine is in the state the sample's requests left it in.
 *
 * A sample may serve the next windows too (at most `reuseMax` in a row): a window whose load
 * per up core, predicted for every group at its rates, stays within `reuseLoadChangeMax` of
 * the sample's pauses its arrivals from its start and is credited from the same sample,
 * scaled by its own expected arrivals. Queueing delay follows the load per core, so the
 * sample's latency distribution still describes it; its error estimate is the sample's.
 * Autoscalers on utilisation keep the load per core near their target, which is why whole
 * calm hours of a day reuse samples.
 *
 * A steady stressed window runs fluid the same way; a saturated one is credited by a fluid
 * queue model instead of one scale factor (saturatedScales: successes at the sample's
 * throughput, the rest of the arrivals failing).
 *
 * Determinism: the hybrid engine draws only from its own stream ("hybrid/rounding") and its
 * decisions read simulated figures only; the discrete engine's streams keep their own
 * sequences (a paused Poisson process is memoryless: the next arrival is drawn from the
 * pause's end).
 */
import type { RandomStream } from "../core/rng";
import { registerSnapshotClass } from "../core/snapshot-codec";
import { formatDurationMs } from "../input/units/format";
import { LatencyHistogram } from "../metrics/histogram";
import type { ClusterModel } from "../model/cluster-model";
import type { ExtensionSections, ModelExtension } from "../model/extension";
import { NODE_BOOTING, NODE_UP } from "../model/nodes";
import { ForkError } from "../model/run-fork";
import { FAILURE_CAUSES } from "../model/records";
import type { RunSpec } from "../model/run-spec";
import type { HybridSummary, HybridWindows } from "../result/hybrid-result";
import { arrivalOracle, type ArrivalOracle } from "../model/arrival-oracle";
import { calmStretch, DEFAULT_HYBRID_SETTINGS, nearDisturbance, planCalm, type CalmPlan, type HybridSettings } from "./calm-plan";
import { HybridWork } from "./hybrid-work";
import { creditScaled, CreditWork, roundCount, sampleFigures, sampleHistogram, TallySnapshot, type CreditScales } from "./tally-snapshot";
import { WindowLoad } from "./window-load";

/** How the current window runs. */
interface WindowPlan {
  /** Fluid as decided; a sample that stays too noisy turns it discrete. */
  fluid: boolean;
  reason: string;
  /** Sample start and end, and the end of the pause (fluid windows). */
  sampleFromMs: number;
  sampleToMs: number;
  pauseToMs: number;
  /** 0: the window measures its own sample; n > 0: it reuses the sample measured n windows ago. */
  reuse: number;
  /** Fluid although the last window was stressed; `saturated`: credited at the sample's throughput. */
  stressed?: boolean;
  saturated?: boolean;
}

/** The first window's plan (a function: a run's plan is its own object, which a restore fills in place). */
const discreteFirst = (): WindowPlan => ({ fluid: false, reason: "first window", sampleFromMs: 0, sampleToMs: 0, pauseToMs: 0, reuse: 0 });

/** The hybrid engine of one run (see the file comment). */
export class HybridController implements ModelExtension {
  private model!: ClusterModel;
  private plan!: CalmPlan;
  private oracle: ArrivalOracle | null = null;
  private stream!: RandomStream;
  private sampleStart!: TallySnapshot;
  private sampleEnd!: TallySnapshot;
  private creditWork!: CreditWork;
  private readonly sampleLatency = new LatencyHistogram();
  private load!: WindowLoad;
  private current: WindowPlan = discreteFirst();
  /** Core-ms and queued job-ms per arrival, per group, measured in the current sample. */
  private busyPerArrival = new Float64Array(0);
  private queuePerArrival = new Float64Array(0);
  private servedAtSampleStart = new Float64Array(0);
  private fluidActive = false;
  /** Counts fluid stretches, so a superseded stretch's pending ticks do nothing. */
  private stretch = 0;
  /** Utilisation per group while the last sample ran (its load per up core), and its index. */
  private sampleLoad = new Float64Array(0);
  private sampleWindow = -1;
  /** Successes per group in the last sample (fluid windows that reuse it spread k times these over the up nodes). */
  private sampleServedByGroup = new Float64Array(0);
  private readonly windows: HybridWindows = { mode: [], sampleMs: [], fluidShare: [], p99RelativeError: [], errorRateHalfWidth: [], reason: [] };
  private fluidRequests = 0;
  private discreteRequests = 0;
  /** What the run's work is, window by window (null until installed on a hybrid-capable run). */
  private work: HybridWork | null = null;

  constructor(private readonly spec: Partial<RunSpec> & Pick<RunSpec, "model">, private readonly settings: HybridSettings = DEFAULT_HYBRID_SETTINGS) {}

  install(model: ClusterModel): void {
    this.model = model;
    this.plan = planCalm(this.spec, this.settings);
    if (!this.plan.ok) return;
    this.oracle = arrivalOracle(model.spec.workload);
    this.stream = model.sim.streams.get("hybrid/rounding");
    this.sampleStart = new TallySnapshot(model.recorder, FAILURE_CAUSES.length);
    this.sampleEnd = new TallySnapshot(model.recorder, FAILURE_CAUSES.length);
    this.creditWork = new CreditWork(model.recorder, FAILURE_CAUSES.length);
    this.load = new WindowLoad(model.spec.groups.length);
    this.busyPerArrival = new Float64Array(model.spec.groups.length);
    this.queuePerArrival = new Float64Array(model.spec.groups.length);
    this.sampleLoad = new Float64Array(model.spec.groups.length);
    this.sampleServedByGroup = new Float64Array(model.spec.groups.length);
    this.load.start(model.nodes, 0);
    this.work = new HybridWork(this.oracle!, this.plan.spans, model.spec, this.settings);
    model.series.beforeClose((startMs, endMs) => this.onWindowEnd(startMs, endMs));
  }

  /**
   * The share of the run's work done at `nowMs` (ModelExtension.workShare): fluid windows cost
   * the requests they did not pause, discrete ones all of theirs (hybrid-work.ts). Undefined
   * when the scenario runs exactly: then its work is its requests.
   */
  workShare(nowMs: number): number | undefined {
    if (this.work === null) return undefined;
    const plan = this.current;
    const paused = plan.fluid ? { fromMs: plan.reuse > 0 ? plan.sampleFromMs : plan.sampleToMs, toMs: plan.pauseToMs } : null;
    return this.work.shareAt(nowMs, this.windows, paused);
  }

  /**
   * A fork of a hybrid run (ModelExtension.checkFork): this controller was built from the
   * fork's spec, so windows it decides from now on see the fork's faults. The window under way
   * was decided by the saved run from its own faults: the fork is refused when the discrete
   * spans around its faults differ from the saved run's anywhere before that window's end (the
   * run from time 0 could have planned the window otherwise), and when its faults make the
   * scenario one the hybrid engine runs exactly.
   */
  checkFork(saved: Partial<RunSpec> & Pick<RunSpec, "model">): void {
    const before = planCalm(saved, this.settings);
    if (!before.ok && !this.plan.ok) return; // both run exactly: the hybrid engine planned nothing
    if (!this.plan.ok) throw new ForkError(`the fork runs exactly (${this.plan.reasons.join("; ")}), the saved run hybrid: run it from the start`);
    if (!before.ok) throw new ForkError("the saved run ran exactly, the fork hybrid: run it from the start");
    // The window under way is the one after those closed so far (its plan was decided at the last close).
    const windowEndMs = (this.windows.mode.length + 1) * this.model.spec.windowMs;
    const key = (span: readonly [number, number]) => `${span[0]}:${span[1]}`;
    const savedSpans = new Set(before.spans.map(key));
    const forkSpans = new Set(this.plan.spans.map(key));
    const changed = [...before.spans.filter((span) => !forkSpans.has(key(span))), ...this.plan.spans.filter((span) => !savedSpans.has(key(span)))];
    const early = changed.find(([fromMs]) => fromMs < windowEndMs);
    if (early !== undefined) {
      throw new ForkError(`the fork's fault needs the hybrid engine to run discrete from ${formatDurationMs(early[0])}, before the end of the window it had already planned (${formatDurationMs(windowEndMs)}): fork from an earlier moment or run it from the start`, true);
    }
  }

  result(): Partial<ExtensionSections> {
    if (!this.plan.ok) {
      return { hybrid: { ran: "exact", fallbackReasons: this.plan.reasons, fluidWindows: 0, fluidRequests: 0, discreteRequests: 0, p99RelativeErrorMax: null, windows: { mode: [], sampleMs: [], fluidShare: [], p99RelativeError: [], errorRateHalfWidth: [], reason: [] } } };
    }
    let errorMax: number | null = null;
    for (const e of this.windows.p99RelativeError) if (e !== null && (errorMax === null || e > errorMax)) errorMax = e;
    const summary: HybridSummary = {
      ran: "hybrid",
      fallbackReasons: [],
      fluidWindows: this.windows.mode.filter((m) => m === "fluid").length,
      fluidRequests: this.fluidRequests,
      discreteRequests: this.discreteRequests,
      p99RelativeErrorMax: errorMax,
      windows: this.windows,
    };
    return { hybrid: summary };
  }

  // ---------------------------------------------------------------- window ends

  private onWindowEnd(startMs: number, endMs: number): void {
    const model = this.model;
    const recorder = model.recorder;
    const plan = this.current;
    if (this.fluidActive) this.endFluid(endMs);
    this.discreteRequests += recorder.window.offered;
    if (plan.fluid) this.closeFluidWindow(startMs, endMs);
    else this.recordWindow("discrete", 0, 0, null, null, plan.reason);
    const measured = this.load.finish(model.nodes, endMs, recorder.window.offered);
    const completed = recorder.window.succeeded + recorder.window.failed;
    const errorRate = completed > 0 ? recorder.window.failed / completed : 0;
    const p99Ms = recorder.window.latency.count > 0 ? recorder.window.latency.quantile(0.99) : 0;
    this.load.start(model.nodes, endMs);
    const nextEndMs = Math.min(endMs + model.spec.windowMs, model.spec.durationMs);
    if (endMs >= model.spec.durationMs) return;
    const reusedSoFar = plan.fluid && plan.stressed !== true ? plan.reuse : -1;
    this.current = this.decide(endMs, nextEndMs, measured.utilisationMax, measured.busiestGroup, errorRate, p99Ms, reusedSoFar);
    if (this.current.fluid && this.current.reuse > 0) this.scheduleReuse(this.current);
    else if (this.current.fluid) this.scheduleFluid(this.current);
  }

  private closeFluidWindow(startMs: number, endMs: number): void {
    const plan = this.current;
    const model = this.model;
    const sample = sampleFigures(this.sampleStart, this.sampleEnd);
    // A window with its own sample stands in from the sample's end; one that reuses an earlier
    // sample, from the start of its calm stretch (sampleToMs = sampleFromMs = that start).
    const expected = this.oracle!.expected(plan.sampleToMs, plan.pauseToMs);
    const k = sample.offered > 0 ? expected / sample.offered : 0;
    const uniform = () => this.stream.next();
    const round = (x: number) => roundCount(x, uniform);
    const scales = plan.saturated === true ? this.saturatedScales(plan, k, expected, startMs, endMs) : k;
    const credited = creditScaled(model.recorder, this.sampleStart, this.sampleEnd, scales, uniform, this.creditWork);
    const ks = typeof scales === "number" ? scales : scales.success;
    model.recorder.addInSystemArea(credited * sample.meanTimeInSystemMs);
    const nodes = model.nodes;
    if (plan.reuse > 0) this.creditServedByGroup(k, round);
    else for (let node = 0; node < this.servedAtSampleStart.length && node < nodes.count; node++) {
      nodes.served[node]! += round(ks * (this.servedAtSampleEndOf(node) - this.servedAtSampleStart[node]!));
    }
    this.fluidRequests += credited;
    const windowExpected = this.oracle!.expected(startMs, endMs);
    sampleHistogram(this.sampleStart, this.sampleEnd, this.sampleLatency);
    this.recordWindow("fluid", plan.sampleToMs - plan.sampleFromMs, windowExpected > 0 ? Math.min(1, expected / windowExpected) : 0,
      p99RelativeError(this.sampleLatency), errorRateHalfWidth(sample.failed, sample.succeeded + sample.failed), plan.reason);
  }

  /**
   * The credit of a saturated window. A steady saturated group completes requests at its
   * throughput whatever arrives, and its queue stays full, so in an exact run the window's
   * successes are the sample's throughput times the window and its completions equal its
   * arrivals. The credit makes up the difference to what the discrete engine produced in the
   * window: successes to the throughput's count, failures (by the sample's causes) to the rest
   * of the arrivals. This also absorbs what a pause distorts: the requests drained after the
   * sample (served where an exact run holds them in its full queue) and the arrivals let into
   * the system the previous pause left empty (turned away in an exact run). Arrivals scale by
   * `k` as in any window.
   */
  private saturatedScales(plan: WindowPlan, k: number, expected: number, startMs: number, endMs: number): CreditScales {
    const sample = sampleFigures(this.sampleStart, this.sampleEnd);
    const real = this.model.recorder.window;
    const sampleMs = plan.sampleToMs - plan.sampleFromMs;
    const served = sampleMs > 0 ? (sample.succeeded * (endMs - startMs)) / sampleMs : 0;
    const successes = Math.max(0, served - real.succeeded);
    const failures = Math.max(0, real.offered + expected - served - real.failed);
    return {
      offered: k,
      success: sample.succeeded > 0 ? successes / sample.succeeded : k,
      failure: sample.failed > 0 ? failures / sample.failed : k,
    };
  }

  /** Spreads k times the sample's successes per group evenly over each group's up nodes (nodes may have come and gone since the sample). */
  private creditServedByGroup(k: number, round: (x: number) => number): void {
    const nodes = this.model.nodes;
    const up = new Int32Array(this.sampleServedByGroup.length);
    for (let node = 0; node < nodes.count; node++) if (nodes.state[node] === NODE_UP) up[nodes.group[node]!]!++;
    for (let node = 0; node < nodes.count; node++) {
      const g = nodes.group[node]!;
      if (nodes.state[node] === NODE_UP) nodes.served[node]! += round((k * this.sampleServedByGroup[g]!) / up[g]!);
    }
  }

  private servedAtSampleEnd = new Float64Array(0);

  private servedAtSampleEndOf(node: number): number {
    return node < this.servedAtSampleEnd.length ? this.servedAtSampleEnd[node]! : this.servedAtSampleStart[node]!;
  }

  private recordWindow(mode: "discrete" | "fluid", sampleMs: number, fluidShare: number, p99Error: number | null, errorHalfWidth: number | null, reason: string): void {
    const w = this.windows;
    w.mode.push(mode);
    w.sampleMs.push(sampleMs);
    w.fluidShare.push(fluidShare);
    w.p99RelativeError.push(p99Error);
    w.errorRateHalfWidth.push(errorHalfWidth);
    w.reason.push(reason);
  }

  // ---------------------------------------------------------------- deciding

  /**
   * How the window [fromMs, toMs) runs. `reusedSoFar` is -1 when the window before was not
   * fluid, else how many windows in a row have reused its sample (0: it measured its own).
   */
  private decide(fromMs: number, toMs: number, utilisationMax: number, busiestGroup: number, errorRate: number, p99Ms: number, reusedSoFar: number): WindowPlan {
    const s = this.settings;
    const spec = this.model.spec;
    const discrete = (reason: string): WindowPlan => ({ fluid: false, reason, sampleFromMs: 0, sampleToMs: 0, pauseToMs: 0, reuse: 0 });
    if (fromMs < spec.warmupMs) return discrete("warm-up");
    const stress = utilisationMax > s.utilisationMax ? `${spec.groups[busiestGroup]!.name} at ${percent(utilisationMax)} in the last window`
      : errorRate > s.errorRateMax ? `error rate ${percent(errorRate)} in the last window` : null;
    const spans = (this.plan as { spans: Array<[number, number]> }).spans;
    if (stress !== null) return this.decideStressed(fromMs, toMs, stress, utilisationMax, errorRate > s.errorRateMax, p99Ms, spans);
    if (nearDisturbance(spans, fromMs, toMs, spec.windowMs)) return discrete("a scheduled disturbance is near");
    const [calmFromMs, calmToMs] = calmStretch(spans, fromMs, toMs);
    const oracle = this.oracle!;
    const edgeMs = Math.max(1, (calmToMs - calmFromMs) / 10);
    const rateFrom = oracle.ratePerS(calmFromMs, calmFromMs + edgeMs);
    const rateTo = oracle.ratePerS(calmToMs - edgeMs, calmToMs);
    const rateMax = Math.max(rateFrom, rateTo);
    if (rateMax <= 0) return discrete("no arrivals");
    if (Math.abs(rateTo - rateFrom) / rateMax > s.rateChangeMax) return discrete("the arrival rate changes fast");
    const predicted = this.load.predictedUtilisation(this.model.nodes, rateMax);
    if (predicted.utilisation > s.utilisationMax) return discrete(`${spec.groups[predicted.group]!.name} predicted at ${percent(predicted.utilisation)}`);
    if (reusedSoFar >= 0 && reusedSoFar < s.reuseMax && this.loadAlike(rateFrom, rateTo)) {
      const reuse = reusedSoFar + 1;
      return { fluid: true, reason: `reuses the sample of window ${this.sampleWindow}`, sampleFromMs: calmFromMs, sampleToMs: calmFromMs, pauseToMs: calmToMs, reuse };
    }
    const warmMs = Math.min(s.warmMaxMs, Math.max(s.warmMinMs, 2 * p99Ms));
    const sampleFromMs = calmFromMs + warmMs;
    const sampleToMs = sampleFromMs + Math.max(s.sampleMinMs, (s.sampleRequests * 1000) / rateFrom);
    if (sampleToMs >= calmToMs || oracle.expected(sampleToMs, calmToMs) < s.sampleRequests) return discrete("too few arrivals to gain from a fluid model");
    return { fluid: true, reason: "", sampleFromMs, sampleToMs, pauseToMs: calmToMs, reuse: 0 };
  }

  /**
   * A window after a stressed one: discrete (for `stress`) unless it is steady (see
   * HybridSettings.steadyRateChangeMax); then fluid with a longer warm-up (four times the last
   * p99, so a queue the pause before drained fills again), saturated or not.
   */
  private decideStressed(fromMs: number, toMs: number, stress: string, utilisationMax: number, errors: boolean, p99Ms: number, spans: Array<[number, number]>): WindowPlan {
    const s = this.settings;
    const saturated = errors && utilisationMax >= s.saturatedUtilisation;
    // Between the two, the queue is long and slow to settle: no sample stands for the window.
    if (!saturated && utilisationMax > s.stressedUtilisationMax) return { fluid: false, reason: stress, sampleFromMs: 0, sampleToMs: 0, pauseToMs: 0, reuse: 0 };
    const discrete = (reason: string): WindowPlan => ({ fluid: false, reason, sampleFromMs: 0, sampleToMs: 0, pauseToMs: 0, reuse: 0 });
    const lastFromMs = fromMs - this.model.spec.windowMs;
    const [lastCalmFromMs, lastCalmToMs] = calmStretch(spans, lastFromMs, fromMs);
    const [calmFromMs, calmToMs] = calmStretch(spans, fromMs, toMs);
    if (lastCalmFromMs !== lastFromMs || lastCalmToMs !== fromMs || calmFromMs !== fromMs || calmToMs !== toMs) return discrete(stress);
    const nodes = this.model.nodes;
    for (let node = 0; node < nodes.count; node++) if (nodes.state[node] === NODE_BOOTING) return discrete(stress);
    const oracle = this.oracle!;
    const edgeMs = Math.max(1, (toMs - fromMs) / 10);
    const rateFrom = oracle.ratePerS(fromMs, fromMs + edgeMs);
    const rateTo = oracle.ratePerS(toMs - edgeMs, toMs);
    const rateLast = oracle.ratePerS(lastFromMs, fromMs);
    const rateMax = Math.max(rateFrom, rateTo);
    if (!(rateMax > 0) || Math.abs(rateTo - rateFrom) / rateMax > s.steadyRateChangeMax || Math.abs(rateMax / rateLast - 1) > s.steadyRateChangeMax) return discrete(stress);
    if (saturated) {
      // The pause leaves the system empty where an exact run holds a full queue; that only
      // washes out (refill.saturatedScales) if the next window is saturated too.
      const goodputPerS = (this.model.recorder.window.succeeded * 1000) / this.model.spec.windowMs;
      const nextRate = oracle.ratePerS(toMs, Math.min(toMs + edgeMs, this.model.spec.durationMs));
      if (toMs < this.model.spec.durationMs && !(nextRate > goodputPerS * (1 + s.steadyRateChangeMax / 2))) return discrete(`${stress}; the saturation ends after it`);
    }
    const warmMs = Math.min(s.warmMaxMs, Math.max(s.warmMinMs, 4 * p99Ms));
    const sampleFromMs = fromMs + warmMs;
    const wantedMs = Math.max(s.sampleMinMs, ((saturated ? s.saturatedSampleRequests : s.sampleRequests) * 1000) / rateFrom);
    const sampleToMs = sampleFromMs + (saturated ? Math.min(wantedMs, (toMs - sampleFromMs) / 2) : wantedMs);
    if (sampleToMs >= toMs || oracle.expected(sampleToMs, toMs) < s.sampleRequests) return discrete(stress);
    return { fluid: true, reason: `steady ${saturated ? "saturation" : "stress"}: ${stress}`, sampleFromMs, sampleToMs, pauseToMs: toMs, reuse: 0, stressed: true, saturated };
  }

  /**
   * Whether the last sample still describes a window whose rate runs from `rateFrom` to
   * `rateTo` per second: at both rates every group's utilisation on the nodes up now (the
   * sample's core-ms per arrival) is within `reuseLoadChangeMax` of the sample's, relative.
   * Queueing delay, and so the latency distribution, follows the load per core; with the
   * same load per core the sample's distribution stands.
   */
  private loadAlike(rateFrom: number, rateTo: number): boolean {
    const nodes = this.model.nodes;
    const upCores = new Float64Array(this.sampleLoad.length);
    for (let node = 0; node < nodes.count; node++) if (nodes.state[node] === NODE_UP) upCores[nodes.group[node]!]! += nodes.cores[node]!;
    for (let g = 0; g < this.sampleLoad.length; g++) {
      const then = this.sampleLoad[g]!;
      if (this.busyPerArrival[g]! <= 0) continue;
      if (!(upCores[g]! > 0) || !(then > 0)) return false;
      for (const rate of [rateFrom, rateTo]) {
        const now = ((rate / 1000) * this.busyPerArrival[g]!) / upCores[g]!;
        if (Math.abs(now / then - 1) > this.settings.reuseLoadChangeMax) return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- fluid spans

  /** A window that reuses the last sample: the arrivals of its calm stretch are paused throughout. */
  private scheduleReuse(plan: WindowPlan): void {
    const sim = this.model.sim;
    this.model.pauseArrivals(plan.sampleFromMs, plan.pauseToMs);
    if (plan.sampleFromMs <= sim.nowMs) this.startFluid(sim.nowMs, plan.pauseToMs);
    else sim.callMethodAt(plan.sampleFromMs, this, "startFluidUntil", plan.pauseToMs);
  }

  /** Starts the fluid stretch of a reusing window, which runs until `untilMs` (a method call). */
  private startFluidUntil(untilMs: number): void {
    this.startFluid(this.model.sim.nowMs, untilMs);
  }

  private scheduleFluid(plan: WindowPlan): void {
    const sim = this.model.sim;
    sim.callMethodAt(plan.sampleFromMs, this, "startSample");
    sim.callMethodAt(plan.sampleToMs, this, "endSample", plan);
  }

  /** Captures the figures at the sample's start (a method call, so a snapshot can hold it pending). */
  private startSample(): void {
    const now = this.model.sim.nowMs;
    this.sampleStart.capture(this.model.recorder, now);
    this.load.captureSample(this.model.nodes, now, true);
    this.servedAtSampleStart = this.model.nodes.served.slice(0, this.model.nodes.count);
  }

  /**
   * Ends the sample, or extends it (doubling) while its own p99 error estimate is above
   * `p99ErrorTarget` and the calm stretch leaves room for a pause worth having.
   */
  private endSample(plan: WindowPlan): void {
    const sim = this.model.sim;
    const now = sim.nowMs;
    this.sampleEnd.capture(this.model.recorder, now);
    sampleHistogram(this.sampleStart, this.sampleEnd, this.sampleLatency);
    const error = p99RelativeError(this.sampleLatency);
    const extendMs = now - plan.sampleFromMs;
    if (error === null || error > this.settings.p99ErrorTarget) {
      if (now + extendMs < plan.pauseToMs && this.oracle!.expected(now + extendMs, plan.pauseToMs) >= this.settings.sampleRequests) {
        plan.sampleToMs = now + extendMs;
        sim.callMethodAt(plan.sampleToMs, this, "endSample", plan);
      } else {
        // The window cannot hold a sample good enough: it runs discrete to its end.
        plan.fluid = false;
        plan.reason = `a sample's p99 error estimate stayed above ${percent(this.settings.p99ErrorTarget)}`;
      }
      return;
    }
    const nodes = this.model.nodes;
    this.load.captureSample(nodes, now, false);
    this.servedAtSampleEnd = nodes.served.slice(0, nodes.count);
    const offered = sampleFigures(this.sampleStart, this.sampleEnd).offered;
    this.load.perArrival(offered, this.busyPerArrival, this.queuePerArrival);
    this.noteSampleLoad(offered, now - plan.sampleFromMs);
    this.model.pauseArrivals(now, plan.pauseToMs);
    this.startFluid(now, plan.pauseToMs);
  }

  /** Keeps what windows reusing this sample need: its utilisation and successes per group. */
  private noteSampleLoad(offered: number, sampleMs: number): void {
    const nodes = this.model.nodes;
    const ratePerMs = sampleMs > 0 ? offered / sampleMs : 0;
    const upCores = new Float64Array(this.sampleLoad.length);
    this.sampleServedByGroup.fill(0);
    for (let node = 0; node < nodes.count; node++) {
      const g = nodes.group[node]!;
      if (nodes.state[node] === NODE_UP) upCores[g]! += nodes.cores[node]!;
      this.sampleServedByGroup[g]! += this.servedAtSampleEndOf(node) - (node < this.servedAtSampleStart.length ? this.servedAtSampleStart[node]! : 0);
    }
    for (let g = 0; g < this.sampleLoad.length; g++) this.sampleLoad[g] = upCores[g]! > 0 ? (ratePerMs * this.busyPerArrival[g]!) / upCores[g]! : 0;
    this.sampleWindow = this.windows.mode.length;
  }

  private startFluid(nowMs: number, untilMs: number): void {
    this.stretch++;
    this.fluidActive = true;
    this.tick(nowMs, untilMs, this.stretch);
  }

  /** Sets the fluid levels for [fromMs, next tick) and schedules the next tick. */
  private tick(fromMs: number, untilMs: number, stretch: number): void {
    if (!this.fluidActive || stretch !== this.stretch) return;
    const toMs = Math.min(untilMs, fromMs + this.settings.tickMs);
    const ratePerMs = this.oracle!.ratePerS(fromMs, toMs) / 1000;
    this.load.setFluidLevels(this.model.nodes, fromMs, ratePerMs, this.busyPerArrival, this.queuePerArrival);
    if (toMs < untilMs) this.model.sim.callMethodAt(toMs, this, "nextTick", [toMs, untilMs, stretch]);
    else this.model.sim.callMethodAt(toMs, this, "stretchEnds", [toMs, stretch]);
  }

  /** The next tick of stretch `stretch` (a method call: its arguments are plain data). */
  private nextTick([fromMs, untilMs, stretch]: [number, number, number]): void {
    this.tick(fromMs, untilMs, stretch);
  }

  /** The end of stretch `stretch`, unless a later stretch superseded it. */
  private stretchEnds([nowMs, stretch]: [number, number]): void {
    if (stretch === this.stretch) this.endFluid(nowMs);
  }

  private endFluid(nowMs: number): void {
    if (!this.fluidActive) return;
    this.fluidActive = false;
    this.load.clearFluidLevels(this.model.nodes, nowMs);
  }
}

/** 95% relative half-width of the p99 from the order statistics of `sample`; null below 100 values. */
function p99RelativeError(sample: LatencyHistogram): number | null {
  const n = sample.count;
  if (n < 100) return null;
  const q = sample.quantile(0.99);
  if (!(q > 0)) return null;
  const spread = 1.96 * Math.sqrt(n * 0.99 * 0.01);
  const lo = sample.quantile(Math.max(0, (n * 0.99 - spread) / n));
  const hi = sample.quantile(Math.min(1, (n * 0.99 + spread) / n));
  return (hi - lo) / (2 * q);
}

/** 95% half-width of an error rate of `failed` in `completed` (Agresti-Coull); null when none completed. */
function errorRateHalfWidth(failed: number, completed: number): number | null {
  if (completed <= 0) return null;
  const p = (failed + 2) / (completed + 4);
  return 1.96 * Math.sqrt((p * (1 - p)) / (completed + 4));
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/**
 * Snapshots (engine/core/snapshot-codec.ts): a hybrid run saves its windows so far, the sample
 * figures and the fluid stretch under way; its pending steps are method calls. What it derives
 * from the spec (the calm plan, the arrival oracle, the work model) is rebuilt, not saved: a
 * restored run gets it from the rebuilt controller, a fork from the spec it forks into (and
 * {@link HybridController.checkFork} refuses a fork the window under way was not planned for).
 */
registerSnapshotClass("HybridController", HybridController, { transient: ["spec", "settings", "plan", "oracle", "work"] });
registerSnapshotClass("TallySnapshot", TallySnapshot);
registerSnapshotClass("CreditWork", CreditWork);
registerSnapshotClass("WindowLoad", WindowLoad);
