/**
 * Splits page work into small tasks so the main thread never blocks for long: each job runs
 * in its own macrotask (a zero-delay timer), so input, painting and worker messages get in
 * between. Jobs have keys (a chart's id): setting a key that is still pending replaces its
 * job in place (the newest data wins, nothing is drawn twice), and a key that already ran
 * goes to the back, so with updates arriving faster than they can be drawn every chart still
 * gets its turn.
 */
export class TaskQueue {
  private readonly jobs = new Map<string, () => void>();
  private scheduled = false;

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
    setTimeout(() => this.runOne(), 0);
  }

  private runOne(): void {
    this.scheduled = false;
    const first = this.jobs.entries().next();
    if (first.done) return;
    const [key, job] = first.value;
    this.jobs.delete(key);
    try {
      job();
    } finally {
      this.schedule();
    }
  }
}
