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
 * Per-frame queues share the page's frames: at most one per-frame job runs in an animation
 * frame, whichever queue it belongs to (the queues take turns), so two views building at once
 * (the run view's sections and its charts) never stack their jobs, and their layout, into one
 * frame.
 */
export class TaskQueue {
  private readonly jobs = new Map<string, () => void>();
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

  /** Runs the oldest pending job (called by the timer or by the page's frame turns). */
  runOne(): void {
    this.scheduled = false;
    const first = this.jobs.entries().next();
    if (first.done) return;
    const [key, job] = first.value;
    this.jobs.delete(key);
    this.ran++;
    try {
      if (this.name === null) job();
      else measured(`${this.name}:${key}`, job);
    } finally {
      this.schedule();
    }
  }
}

/**
 * The page's animation-frame turns: queues waiting for a frame, first come first served; each
 * frame runs one job of the first and, if it has more, puts it at the back.
 */
class FrameTurns {
  private readonly waiting: TaskQueue[] = [];
  private requested = false;

  request(queue: TaskQueue): void {
    if (!this.waiting.includes(queue)) this.waiting.push(queue);
    this.requestFrame();
  }

  private requestFrame(): void {
    if (this.requested || this.waiting.length === 0) return;
    this.requested = true;
    // A hidden page gets no animation frames: its jobs run as tasks instead.
    if (typeof requestAnimationFrame === "function" && document.visibilityState !== "hidden") requestAnimationFrame(() => this.turn());
    else setTimeout(() => this.turn(), 0);
  }

  private turn(): void {
    this.requested = false;
    // Its next job (if any) asks again, behind the queues already waiting.
    this.waiting.shift()?.runOne();
    this.requestFrame();
  }
}

const frames = new FrameTurns();

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
