/**
 * Splits page work into small tasks so the main thread never blocks for long: each job runs
 * on its own, either in its own macrotask (a zero-delay timer) or in its own animation frame
 * (`{ perFrame: true }`: the job's DOM changes are laid out and painted in that frame, so the
 * layout a job causes is paid beside the job, not summed with its neighbours' in one frame).
 * Input, painting and worker messages get in between. Jobs have keys (a chart's id): setting a
 * key that is still pending replaces its job in place (the newest data wins, nothing is drawn
 * twice), and a key that already ran goes to the back, so with updates arriving faster than
 * they can be drawn every job still gets its turn.
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
    // A hidden page gets no animation frames: its jobs run as tasks instead.
    if (this.perFrame && typeof requestAnimationFrame === "function" && document.visibilityState !== "hidden") requestAnimationFrame(() => this.runOne());
    else setTimeout(() => this.runOne(), 0);
  }

  private runOne(): void {
    this.scheduled = false;
    const first = this.jobs.entries().next();
    if (first.done) return;
    const [key, job] = first.value;
    this.jobs.delete(key);
    this.ran++;
    const startMs = this.name === null ? 0 : performance.now();
    try {
      job();
    } finally {
      if (this.name !== null) {
        const label = `clustersim:${this.name}:${key}`;
        performance.measure(label, { start: startMs, end: performance.now() });
        performance.clearMeasures(label); // traces keep it; the page's timeline stays bounded
      }
      this.schedule();
    }
  }
}
