/**
 * The real Prometheus for tests (Debian's `prometheus` package: `promtool` and the server; CI
 * installs it in .ci/run): lint an export with `promtool check metrics`, turn it into TSDB
 * blocks with `promtool tsdb create-blocks-from openmetrics`, serve the blocks from a server
 * on 127.0.0.1 and a free port, and ask it range queries over HTTP.
 *
 * Nothing here sleeps or polls: the server is ready when it logs so, and every wait has a
 * bound after which the test fails with the server's own log.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/** Whether `promtool` and `prometheus` are on the PATH (a message saying what is missing, or null). */
export function prometheusMissing(): string | null {
  const missing = ["promtool", "prometheus"].filter((name) => spawnSync(name, ["--version"], { encoding: "utf8" }).error !== undefined);
  return missing.length === 0 ? null : `${missing.join(" and ")} not found: install Debian's prometheus package (apt-get install prometheus; .ci/run does)`;
}

/**
 * An OpenMetrics export rewritten in the Prometheus text format `promtool check metrics`
 * reads (0.0.4): the same samples, with timestamps in integer ms instead of float seconds, a
 * counter's HELP and TYPE under its sample name (`x_total`), and no `# UNIT` or `# EOF` lines
 * (OpenMetrics only). Nothing else changes, so promtool lints every sample of the file.
 */
export function openMetricsAsPrometheusText(openMetrics: string): string {
  const counters = new Set([...openMetrics.matchAll(/^# TYPE (\S+) counter$/gm)].map((match) => match[1]!));
  const lines: string[] = [];
  for (const line of openMetrics.split("\n")) {
    if (line === "" || line === "# EOF" || line.startsWith("# UNIT ")) continue;
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta !== null) {
      lines.push(`# ${meta[1]} ${counters.has(meta[2]!) ? `${meta[2]}_total` : meta[2]} ${meta[3]}`);
      continue;
    }
    const sample = /^(.*) (\d+)\.(\d{3})$/.exec(line);
    lines.push(sample === null ? line : `${sample[1]} ${sample[2]}${sample[3]}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Runs promtool; returns its exit code and output. */
export function promtool(args: readonly string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const outcome = spawnSync("promtool", args, { encoding: "utf8", input, maxBuffer: 1 << 28, timeout: 60_000 });
  return { code: outcome.status, stdout: outcome.stdout ?? "", stderr: outcome.stderr ?? "" };
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A running server: its base URL, and stop(). */
export interface PrometheusServer {
  url: string;
  stop(): Promise<void>;
}

/** Longest wait for the server to become ready, or to exit after stop(), ms. */
const SERVER_WAIT_MS = 30_000;

/**
 * Starts `prometheus` on 127.0.0.1 serving the TSDB at `dataDir` (blocks from promtool), with
 * no scrape targets and a retention of 100 years: retention drops blocks by their age, and
 * backfilled blocks are as old as the --start of the export.
 */
export async function startPrometheus(dataDir: string): Promise<PrometheusServer> {
  const port = await freePort();
  const config = path.join(dataDir, "..", "prometheus.yml");
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(config, "global:\n  scrape_interval: 1m\nscrape_configs: []\n");
  const args = [`--config.file=${config}`, `--storage.tsdb.path=${dataDir}`, `--storage.tsdb.retention.time=100y`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=info"];
  const child = spawn("prometheus", args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(`not ready within ${SERVER_WAIT_MS / 1000} s`), SERVER_WAIT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`prometheus ${why}; its log:\n${log}`));
    };
    const onData = (chunk: Buffer) => {
      log += chunk.toString("utf8");
      if (log.includes("Server is ready to receive web requests")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("error", (error) => fail(`did not start: ${error.message}`));
    child.once("exit", (code) => fail(`exited with code ${code}`));
  });
  child.removeAllListeners("exit");
  return { url: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

/** SIGTERM, then SIGKILL if it has not exited within the bound. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), SERVER_WAIT_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** A matrix series as Prometheus returns it. */
export interface MatrixSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

/** Runs a range query (times in epoch ms, step in ms); throws with Prometheus's error text. */
export async function queryRange(url: string, query: string, range: { startMs: number; endMs: number; stepMs: number }): Promise<MatrixSeries[]> {
  const params = new URLSearchParams({ query, start: String(range.startMs / 1000), end: String(range.endMs / 1000), step: String(range.stepMs / 1000) });
  const response = await fetch(`${url}/api/v1/query_range?${params}`, { signal: AbortSignal.timeout(30_000) });
  const body = (await response.json()) as { status: string; error?: string; data?: { result: MatrixSeries[] } };
  if (body.status !== "success") throw new Error(`query ${query} failed: ${body.error}`);
  return body.data!.result;
}
