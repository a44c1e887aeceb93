/**
 * Command-line argument combinations through the CLI's main() in this process (issue 20):
 * real commands and options mixed with wrong ones, odd values and odd files. Whatever the
 * combination, the exit code is 0, 1, 2 or 141 (never 3, an internal error) and stderr holds
 * no stack trace.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fc } from "@fast-check/vitest";
import { main } from "../cli/main";
import { freshDir, REPO_ROOT } from "../cli/test-support/run-cli";
import { checkProperty, PROPERTY_TIMEOUT_MS } from "./budget";

const dir = freshDir("clustersim-fuzz-");
mkdirSync(path.join(dir, "adir"));
writeFileSync(path.join(dir, "partial.json"), '{"resultVersion":1,"requests":{},"slos":[]}');
writeFileSync(path.join(dir, "bad.yaml"), "version: 1\nname: [\n");
writeFileSync(path.join(dir, "lines.jsonl"), '{"sweep":"x","job":0,"jobs":4}\n');

const file = fc.constantFrom("three-tier", "retry-storm", "scenarios/three-tier.yaml", "nope.yaml", "adir", "", "/dev/null", "partial.json", "bad.yaml", "lines.jsonl", "out.json", "adir/x.json");
const value = fc.oneof(file, fc.constantFrom("0", "-1", "1e9", "abc", "2s", "0.5", "1/0", "topology.groups.web.count=2", "run.duration=100ms", "json", "csv", "table", "x=", "=1"), fc.string({ maxLength: 10 }));
const option = fc.constantFrom("--out", "-o", "--report", "--junit", "--seed", "--duration", "--set", "--format", "--json", "-r", "--workers", "--quiet", "-q", "--grid", "--vary", "--shard", "--bogus", "--help", "--debug");
const command = fc.constantFrom("run", "validate", "list", "compare", "merge", "sweep", "lesson", "help", "--version", "frobnicate", "");

const argv = fc.tuple(command, fc.array(fc.oneof(file, option, value), { maxLength: 6 })).map(([cmd, rest]) => {
  const args = cmd === "" ? rest : [cmd, ...rest];
  // Keep runs short and on this thread: a tiny duration, one worker, no replications.
  if (cmd === "run" || cmd === "sweep") args.push("--duration", "200ms", "--set", "run.warmup=0s", "--set", "run.window=100ms", "--workers", "1", "-r", "1");
  if (cmd === "sweep") args.push("--grid", "seed=1");
  return args;
});

describe("CLI arguments (fuzz)", () => {
  it("never exit 3 and never print a stack trace", { timeout: PROPERTY_TIMEOUT_MS }, async () => {
    await checkProperty("CLI arguments", fc.asyncProperty(argv, async (args) => {
      let stderr = "";
      const sink = { write: (text: string) => void (stderr += text), isTTY: false, columns: 80 };
      const code = await main(args, { packageRoot: REPO_ROOT, cwd: dir, env: {}, stdout: { ...sink, write: () => undefined }, stderr: sink });
      expect([0, 1, 2, 141], `exit ${code} for ${JSON.stringify(args)}: ${stderr}`).toContain(code);
      expect(stderr, `a stack trace for ${JSON.stringify(args)}`).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    }), 25);
  });
});
