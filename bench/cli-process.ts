/**
 * Helpers for the CLI benchmarks: run the real `clustersim` bin as a subprocess and time it
 * with the wall clock of this (parent) process, so the figures include everything a user
 * waits for: Node's own start, loading the bundle, parsing the scenario, worker start-up.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is bundled into build/out/bench.mjs). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(REPO_ROOT, "cli/clustersim.mjs");

/** A finished run of the bin: exit code, output and wall time. */
export interface TimedRun {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Wall ms from spawn until stderr first contained `waitFor` (when given and seen). */
  markMs: number | null;
}

/** Runs `clustersim <args>` and times it; `waitFor` marks when a stderr line first appears. */
export function timeCli(args: readonly string[], options: { env?: Record<string, string>; waitFor?: string } = {}): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const startMs = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...options.env } });
    let stdout = "";
    let stderr = "";
    let markMs: number | null = null;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      if (markMs === null && options.waitFor !== undefined && stderr.includes(options.waitFor)) markMs = performance.now() - startMs;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, wallMs: performance.now() - startMs, markMs }));
  });
}

/** The median of numbers (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
