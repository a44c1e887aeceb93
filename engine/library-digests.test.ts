/**
 * Every library scenario, at its own seed and full length, gives the Result it gave before the
 * December 2026 restructuring (digests recorded at f841246, before the first file moved).
 * Refactoring must not change what the model computes; a deliberate model change re-pins the
 * affected digests in the same commit and says why. `replay-last-black-friday` (24 h of
 * recorded traffic, minutes of CPU) is pinned over its first 30 simulated minutes.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario, requiredFiles, resultDigest, simulate } from "./index";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const CAPPED_MS: Readonly<Record<string, number>> = { "replay-last-black-friday.yaml": 30 * 60_000 };

const PINNED: Readonly<Record<string, string>> = {
  "black-friday.yaml": "881b2bd9fed1eea6b7fc14b6fe4ba5fc",
  "cache-stampede.yaml": "e3041822e19112edfba72ca0d417184c",
  "cdn-launch.yaml": "37beadfc33af29a8ab151b67033d028c",
  "db-failover.yaml": "a23e97196b40637ec0290785e525c334",
  "gray-failure.yaml": "115e2910d7278a65b067893dad82aa8f",
  "heartbeat-tuning.yaml": "9e1fffdd3cacc5b9aec822f8d5b32dbd",
  "hpc-batch.yaml": "361405b1f11605918d659b7d9ae9ad3f",
  "lessons/01-utilisation.yaml": "ebf9b3a8385fc78fa2142fc932055b8a",
  "lessons/02-more-or-faster.yaml": "487b174feaa058467bdc6672328902dd",
  "lessons/03-balancing.yaml": "4bdc38a399eb914bb365d3d6f997b1ae",
  "lessons/04-tail-at-scale.yaml": "2acc73a4096b26194e867223578c136f",
  "lessons/05-heartbeats.yaml": "0d9204b8de01a3474493b4d5c9a053a7",
  "lessons/06-failover.yaml": "1d0e9d400cb572989f4b11a59a554972",
  "lessons/07-quorum.yaml": "fcf3f17582fcc401892c495d3c8c3579",
  "lessons/08-retries.yaml": "1a122161ba0af47c38c140bd3a8c0e5e",
  "lessons/09-autoscaling.yaml": "e5daf6dd2a0e5a4f0e26199a8622a879",
  "lessons/10-black-friday.yaml": "f510b75846d3fb519b658b04c37271cd",
  "network-partition.yaml": "d76d4fe5a5492b13787ed1653ee168b9",
  "region-dr-drill.yaml": "b11ca2a7ece9f01a357be9f54d740762",
  "replay-last-black-friday.yaml": "0dd2b6fba8c70df8f2cefd8c17d4e2de",
  "retry-storm.yaml": "53e6c9f25be2a728abec38a17d65b0ee",
  "rolling-update.yaml": "e9095acef671f4ea227ef3b431d7c636",
  "three-tier.yaml": "fad1953bc3828a9c862a7420a7ab3ee8",
  "validation/closed-loop.yaml": "cf48b6f85ae13663bdcd60db9964c119",
  "validation/erlang-b.yaml": "966d42a00a5ad50efe782a5c00001666",
  "validation/md1.yaml": "15064ee74b0a9406b7af5095bd0d028a",
  "validation/mm1.yaml": "ff103b54d748e00c976e4b643aa685a9",
  "validation/mmc-erlang-c.yaml": "2c70d9025eda260410d8d87bb2d3390a",
  "validation/random-dispatch.yaml": "6953a114d6596c751516eac8111eb966",
  "zone-outage-at-peak.yaml": "d80434623c40e7dc481311f538ca07eb",
};

describe("library scenarios at their own seeds", () => {
  const files = readdirSync(path.join(ROOT, "scenarios"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".yaml") && !f.endsWith(".lesson.yaml"))
    .sort();

  it("are all pinned", () => {
    expect(files).toEqual(Object.keys(PINNED).sort());
  });

  for (const file of files) {
    it(`${file} gives its pinned digest`, () => {
      const text = readFileSync(path.join(ROOT, "scenarios", file), "utf8");
      const parsed = parseScenario(text, { fileName: file });
      if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
      const files: Record<string, string> = {};
      for (const ref of requiredFiles(parsed.scenario)) files[ref] = readFileSync(path.join(ROOT, "scenarios", path.dirname(file), ref), "utf8");
      const cap = CAPPED_MS[file];
      const overrides = cap === undefined ? [] : [`run.duration=${cap}ms`];
      expect(resultDigest(simulate(text, { files, overrides }))).toBe(PINNED[file]);
    });
  }
});
