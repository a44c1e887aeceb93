/**
 * Test helpers that drive the real `clustersim` bin (cli/clustersim.mjs, which loads the
 * bundle in build/out/cli; `npm test` builds it first) as a subprocess, so tests see exactly
 * what a CI system sees: exit code, stdout, stderr and files.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The bin as installed by package.json. */
export const BIN = path.join(REPO_ROOT, "cli/clustersim.mjs");

/** What a finished subprocess produced. */
export interface CliOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options for a run of the bin. */
export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
}

function environment(options: CliOptions): NodeJS.ProcessEnv {
  // A clean environment: no shard variables or TTY hints leak in from the machine running tests.
  const { JOB_COMPLETION_INDEX: _a, CLUSTERSIM_SHARD_INDEX: _b, CLUSTERSIM_SHARD_COUNT: _c, ...rest } = process.env;
  return { ...rest, ...options.env };
}

function checkBuilt(): void {
  if (!existsSync(path.join(REPO_ROOT, "build/out/cli/main.mjs"))) throw new Error("the CLI bundle is missing: run npm run build:cli (npm test does)");
}

/** Runs `clustersim <args>` to completion. */
export function runCli(args: readonly string[], options: CliOptions = {}): CliOutcome {
  checkBuilt();
  const outcome = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO_ROOT, env: environment(options), encoding: "utf8", maxBuffer: 1 << 28 });
  if (outcome.error) throw outcome.error;
  return { code: outcome.status, signal: outcome.signal, stdout: outcome.stdout, stderr: outcome.stderr };
}

/** Runs `clustersim <args>` without blocking, so several can run at once. */
export function runCliAsync(args: readonly string[], options: CliOptions = {}): Promise<CliOutcome> {
  checkBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO_ROOT, env: environment(options) });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A fresh empty directory for a test's files. */
export function freshDir(prefix = "clustersim-cli-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Arguments that make three-tier short (2 simulated seconds, 0.5 s warm-up): fast tests. */
export const SHORT = ["--duration", "2s", "--set", "run.warmup=500ms"];
