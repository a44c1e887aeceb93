/**
 * The package the way a user gets it: `npm pack` in this repository (which runs the `prepare`
 * and `prepack` builds, as `npm publish` would), then `npm install <tarball>` into a fresh
 * project in a temporary directory outside the repository. Installs work offline from npm's
 * cache (the tarball bundles its dependencies; @types/node is the version this repository's
 * lock file already put in the cache), and with `--ignore-scripts`, as nothing needs to run.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "./readme";

const run = promisify(execFile);

/** What `npm pack --json` reports about the tarball. */
export interface PackedPackage {
  /** Absolute path of the .tgz. */
  tarball: string;
  /** Compressed size, bytes. */
  sizeBytes: number;
  /** Unpacked size, bytes. */
  unpackedSizeBytes: number;
  /** Paths inside the package. */
  files: string[];
}

/** Packs this repository into `dir` (lifecycle output goes to stderr, the JSON to stdout). */
export async function packRepository(dir: string): Promise<PackedPackage> {
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", dir], { cwd: REPO_ROOT, maxBuffer: 1 << 26 });
  const [report] = JSON.parse(stdout) as Array<{ filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> }>;
  return { tarball: path.join(dir, report.filename), sizeBytes: report.size, unpackedSizeBytes: report.unpackedSize, files: report.files.map((file) => file.path) };
}

/** npm install flags for a quiet install that needs no network when the cache has everything. */
export const OFFLINE_INSTALL = ["install", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"];

/** Creates an empty ES-module project in a fresh temporary directory and installs `specs` into it. */
export async function freshProject(specs: readonly string[]): Promise<string> {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "clustersim-user-")), "project");
  mkdirSync(dir);
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "capacity-checks", private: true, type: "module" }, null, 2)}\n`);
  await run("npm", [...OFFLINE_INSTALL, ...specs], { cwd: dir, maxBuffer: 1 << 26 });
  return dir;
}

/** The @types/node version this repository installed (so the install is a cache hit). */
export function typesNodeSpec(): string {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "node_modules/@types/node/package.json"), "utf8")) as { version: string };
  return `@types/node@${manifest.version}`;
}

/** Runs a command, resolving with its exit code and output whatever the code. */
export async function runCommand(file: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd: options.cwd, env: options.env ?? process.env, maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/** This repository's tsc (TypeScript 7), run with node. */
export const TSC = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");
/** This repository's Vite CLI. */
export const VITE = path.join(REPO_ROOT, "node_modules/vite/bin/vite.js");

/** three-tier, shortened to 5 simulated seconds so every run here takes about a second. */
export function shortScenario(): string {
  const text = readFileSync(path.join(REPO_ROOT, "scenarios/three-tier.yaml"), "utf8");
  const short = text.replace(/^ {2}duration: 10m$/m, "  duration: 5s").replace(/^ {2}warmup: 1m$/m, "  warmup: 1s");
  if (!short.includes("duration: 5s") || !short.includes("warmup: 1s")) throw new Error("scenarios/three-tier.yaml changed: update shortScenario()");
  return short;
}
