/**
 * Splits page work into small tasks so the main thread never blocks for long: each job runs
 * on its own, either in its own macrotask (a zero-delay timer) or in its own animation frame
 * (`{ perFrame: true }`: the job's DOM changes are laid out and painted in that frame, so the
 * layout a job causes is paid beside the job, not summed with its neighbours' in one frame).
 * Input, painting and worker messages get in between. Jobs have keys (a chart's id): setting a
 * key that is still pending replaces its job in place (the newest data wins, nothing is drawn
 * twice), and a key that already ran goes to the back, so with updates arriving faster than
 * they can be drawn every job still gets its turn.
 *
 * Per-frame queues share the page's frames: the queues take turns, so two views building at
 * once (the run view's sections and its charts) never stack their jobs, and their layout, into
 * one frame. A frame runs one job, and more only while the jobs known to be small fit in
 * {@link FRAME_BUDGET_MS} (each key's longest run so far predicts its next): a stream of tiny
 * updates takes a few frames, not one frame each. While a frame's jobs run and it is rendered,
 * and shortly before a frame with jobs is due, the page is busy for the engine worker
 * (page-busy.ts), which holds its run meanwhile; between frames the worker runs.
 */
import { PAGE_AWAITING_FRAME, PAGE_DRAWING, PAGE_IDLE } from "../worker/run-protocol";
import { setPageState } from "./page-busy";

/** Script time a frame's jobs may take together, ms (a first job runs whatever it costs). */
export const FRAME_BUDGET_MS = 2;
/** Only a job whose key never took longer than this joins another in a frame, ms. */
export const SMALL_JOB_MS = 1;

/** Keyed jobs run one at a time, each in its own task or animation frame (see above). */
export class TaskQueue {
  private readonly jobs = new Map<string, () => void>();
  /** Each key's longest run time, ms: predicts whether its next run fits a frame's budget. */
  private readonly costMs = new Map<string, number>();
  private scheduled = false;
  private readonly perFrame: boolean;
  /** Jobs run so far: a job's sequence number, which pages stamp on what it built (for tests). */
  ran = 0;

  private readonly name: string | null;

  /**
   * With `name`, each job is also a User Timing measure `clustersim:<name>:<key>`, seen in a
   * Chromium trace (and cleared from the page's timeline at once, so it does not grow), so a
   * long task can be traced to its job.
   */
  constructor(options: { perFrame?: boolean; name?: string } = {}) {
    this.perFrame = options.perFrame ?? false;
    this.name = options.name ?? null;
  }

  /** Queues `job` under `key`, replacing that key's pending job if any. */
  set(key: string, job: () => void): void {
    this.jobs.set(key, job);
    this.schedule();
  }

  /** Queues `job` under `key` behind every pending job (a pending job of that key is dropped first). */
  setLast(key: string, job: () => void): void {
    this.jobs.delete(key);
    this.set(key, job);
  }

  /** Drops every pending job (the view that queued them is gone). */
  clear(): void {
    this.jobs.clear();
  }

  /** Jobs waiting to run. */
  get pending(): number {
    return this.jobs.size;
  }

  private schedule(): void {
    if (this.scheduled || this.jobs.size === 0) return;
    this.scheduled = true;
    if (this.perFrame) frames.request(this);
    else setTimeout(() => this.runOne(), 0);
  }

  /**
   * What the next job may take, ms: its key's longest run so far, or Infinity when the key has
   * not run yet or once took longer than {@link SMALL_JOB_MS} (such a job gets a frame of its own).
   */
  nextCostMs(): number {
    const first = this.jobs.keys().next();
    if (first.done) return 0;
    const costMs = this.costMs.get(first.value) ?? Infinity;
    return costMs <= SMALL_JOB_MS ? costMs : Infinity;
  }

  /** Runs the oldest pending job (called by the timer or by the page's frame turns). */
  runOne(): void {
    this.scheduled = false;
    const first = this.jobs.entries().next();
    if (first.done) return;
    const [key, job] = first.value;
    this.jobs.delete(key);
    this.ran++;
    const startMs = performance.now();
    try {
      if (this.name === null) job();
      else measured(`${this.name}:${key}`, job);
    } finally {
      this.costMs.set(key, Math.max(this.costMs.get(key) ?? 0, performance.now() - startMs));
      this.schedule();
    }
  }
}

/** Time between two animation frames the page expects, ms (60 Hz). */
export const FRAME_INTERVAL_MS = 1000 / 60;

/**
 * The page's animation-frame turns: queues waiting for a frame, first come first served; each
 * frame runs one job of the first and, if it has more, puts it at the back; then the next
 * queue's job too if its expected cost still fits the frame's budget, and so on.
 *
 * The page-busy state follows the frames: drawing from a frame's start until its layout and
 * paint are done (a zero-delay task queued in the frame runs after them), then awaiting the next
 * frame (with the time it is due) while jobs wait, or idle.
 */
class FrameTurns {
  private readonly waiting: TaskQueue[] = [];
  private requested = false;
  /** From a frame's start until its rendering is done. */
  private drawing = false;
  /** The last animation frame's start (performance.now), or null before the first. */
  private lastFrameMs: number | null = null;

  request(queue: TaskQueue): void {
    if (!this.waiting.includes(queue)) this.waiting.push(queue);
    if (!this.drawing) setPageState(PAGE_AWAITING_FRAME, this.nextFrameDueMs());
    this.requestFrame();
  }

  /** When the next frame is due, epoch ms: the last one's start plus whole intervals (now, before any). */
  private nextFrameDueMs(): number {
    const nowMs = performance.now();
    let dueMs = nowMs;
    if (this.lastFrameMs !== null && visible()) {
      dueMs = this.lastFrameMs + FRAME_INTERVAL_MS;
      if (dueMs < nowMs) dueMs += Math.ceil((nowMs - dueMs) / FRAME_INTERVAL_MS) * FRAME_INTERVAL_MS;
    }
    return performance.timeOrigin + dueMs;
  }

  private requestFrame(): void {
    if (this.requested || this.waiting.length === 0) return;
    this.requested = true;
    // A hidden page gets no animation frames: its jobs run as tasks instead.
    if (typeof requestAnimationFrame === "function" && visible()) requestAnimationFrame((frameMs) => this.turn(frameMs));
    else setTimeout(() => this.turn(null), 0);
  }

  private turn(frameMs: number | null): void {
    this.requested = false;
    this.drawing = true;
    if (frameMs !== null) this.lastFrameMs = frameMs;
    setPageState(PAGE_DRAWING);
    const startMs = performance.now();
    // A queue's next job (if any) asks again, behind the queues already waiting.
    for (let queue = this.waiting.shift(); queue !== undefined; queue = this.waiting.shift()) {
      queue.runOne();
      const next = this.waiting[0];
      if (next === undefined || performance.now() - startMs + next.nextCostMs() > FRAME_BUDGET_MS) break;
    }
    this.requestFrame();
    // Queued in the frame, this task runs once the frame is laid out and painted.
    setTimeout(() => {
      this.drawing = false;
      if (this.waiting.length > 0) setPageState(PAGE_AWAITING_FRAME, this.nextFrameDueMs());
      else setPageState(PAGE_IDLE);
    }, 0);
  }
}

const frames = new FrameTurns();

/** True unless the page is hidden (then it gets no animation frames). */
function visible(): boolean {
  return typeof document === "undefined" || document.visibilityState !== "hidden";
}

/**
 * Runs `job` as a User Timing measure `clustersim:<label>` (seen in a Chromium trace, cleared
 * from the page's timeline at once so it does not grow), so a long task can be traced to it.
 */
export function measured(label: string, job: () => void): void {
  const startMs = performance.now();
  try {
    job();
  } finally {
    const name = `clustersim:${label}`;
    performance.measure(name, { start: startMs, end: performance.now() });
    performance.clearMeasures(name);
  }
}
