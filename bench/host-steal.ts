/**
 * Host steal while a benchmark runs in a virtual machine: time the hypervisor kept one of the
 * guest's virtual CPUs off its physical CPU, so whatever thread that virtual CPU ran (the page's
 * main thread, say) stood still, though the guest thought it was running. Linux counts it per
 * CPU in /proc/stat (the 8th number of each `cpuN` line, in USER_HZ ticks of 10 ms, added when
 * the virtual CPU runs again). Sampling the counters every 10 ms dates each stall to within a
 * sample, so a browser benchmark can tell which of its long tasks overlapped one.
 * Elsewhere (no /proc/stat) the sampler reports nothing.
 */
import { readFileSync } from "node:fs";

/** One stall: when the counter moved (epoch ms), on which CPU, and how much time was stolen, ms. */
export interface StealEvent {
  atMs: number;
  cpu: string;
  stolenMs: number;
}

/** /proc/stat's tick, ms (USER_HZ = 100 on Linux). */
const TICK_MS = 10;
/** Time between two samples, ms. */
const SAMPLE_MS = 10;

/** Per-CPU steal counters (ticks) from /proc/stat's text. */
export function parseSteal(procStat: string): Map<string, number> {
  const steal = new Map<string, number>();
  for (const line of procStat.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (!/^cpu\d+$/.test(fields[0] ?? "") || fields.length < 9) continue;
    steal.set(fields[0]!, Number(fields[8]));
  }
  return steal;
}

/** Samples host steal every {@link SAMPLE_MS} until stopped; null where /proc/stat is missing. */
export function startStealSampler(): { stop: () => StealEvent[] } | null {
  const read = () => parseSteal(readFileSync("/proc/stat", "utf8"));
  let last: Map<string, number>;
  try {
    last = read();
  } catch {
    return null;
  }
  const events: StealEvent[] = [];
  const timer = setInterval(() => {
    const now = read();
    for (const [cpu, ticks] of now) {
      const before = last.get(cpu) ?? ticks;
      if (ticks > before) events.push({ atMs: Date.now(), cpu, stolenMs: (ticks - before) * TICK_MS });
    }
    last = now;
  }, SAMPLE_MS);
  return { stop: () => { clearInterval(timer); return events; } };
}

/**
 * How many of `tasks` (start epoch ms, duration ms) overlap a stall of at least `minStolenMs`:
 * a stall counted at `atMs` covered about [atMs - stolenMs - one sample, atMs].
 */
export function tasksDuringSteal(tasks: Array<{ startMs: number; durationMs: number }>, events: StealEvent[], minStolenMs = 20): number {
  const stalls = events.filter((e) => e.stolenMs >= minStolenMs).map((e) => [e.atMs - e.stolenMs - SAMPLE_MS, e.atMs] as const);
  return tasks.filter((t) => stalls.some(([from, to]) => from < t.startMs + t.durationMs && to > t.startMs)).length;
}
