/**
 * Every library scenario, at its own seed and full length, gives the Result it gave before the
 * December 2026 restructuring (digests recorded at f841246, before the first file moved).
 * Refactoring must not change what the model computes; a deliberate model change re-pins the
 * affected digests in the same commit and says why. Issue 13 re-pinned the scenarios that gained
 * SLOs over their mechanisms: their Results gained SloOutcomes, every other byte is unchanged.
 * Issue 14 re-pinned every scenario: the Result gained queue waits, offered/goodput/failed rates,
 * more failure causes and the measured-period cost (throughputPerS went), and per-service
 * counters now leave out warm-up requests; scenarios marked below also changed because a
 * repaired node's heartbeats resume at once, or because crash losses left `timeout`. Percentiles
 * are interpolated inside their histogram bucket instead of snapped to one point per bucket
 * (engine/metrics/histogram.ts), which moved every percentile by up to a bucket (1 %). `replay-last-black-friday` (24 h of
 * recorded traffic, minutes of CPU) is pinned over its first 30 simulated minutes.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario, requiredFiles, resultDigest, simulate } from "./index";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const CAPPED_MS: Readonly<Record<string, number>> = { "replay-last-black-friday.yaml": 30 * 60_000 };

const PINNED: Readonly<Record<string, string>> = {
  "black-friday.yaml": "6404b38f9186a39d157a9e5adbcfaf93",
  "cache-stampede.yaml": "758d1f9ddb650602ed0a569bc46d827b", // crash causes split
  "cdn-launch.yaml": "a4da58920fdbe7223551b3f0361e22d9",
  "db-failover.yaml": "b9b2ffe1588eb7344542106ab62410fb", // heartbeats resume at repair; crash causes split
  "gray-failure.yaml": "ea35271d5924861cf65e77a535fa924b",
  "heartbeat-tuning.yaml": "9558e7ae9edede7206788bdf3fd9a4c7", // heartbeats resume at repair; crash causes split
  "hpc-batch.yaml": "9b72715cd9e6e7a6d4d74e404e75d6e8",
  "lessons/01-utilisation.yaml": "08a46bc8210fe1cc56d6f0c17873ad6f",
  "lessons/02-more-or-faster.yaml": "5e7b9d336bdd0750ee805c0a1a9ce321",
  "lessons/03-balancing.yaml": "36ff63528a9dc2150c5b7430fe0be356",
  "lessons/04-tail-at-scale.yaml": "455af60a89e76e688daee11bfa8c15e9",
  "lessons/05-heartbeats.yaml": "a04e48152aeea10f08615ea9b0e3ce39", // heartbeats resume at repair; crash causes split
  "lessons/06-failover.yaml": "2c00f80b231a2bf2fcad3b1bbabef25e", // crash causes split
  "lessons/07-quorum.yaml": "6a72185e9d0a8b829db7684b04353009",
  "lessons/08-retries.yaml": "5ede9d141966c9238d20596d228cfc45",
  "lessons/09-autoscaling.yaml": "dcf4fa6986d43903a450f084dda02d1e",
  "lessons/10-black-friday.yaml": "2d60b9e53839e50e9f4c7043710dc0fd",
  "lessons/11-replication.yaml": "ac2f9f24c222bc459bea75bde80839cb", // issue 21: a new lesson scenario; issue 14 re-pin
  "lessons/12-fencing.yaml": "98afb7302cbb73f10abbdd4b95516129", // issue 21: a new lesson scenario; issue 14 re-pin
  "lessons/13-caching.yaml": "e4a67051729c243e19c14c87f1703f2c", // issue 21: a new lesson scenario; issue 14 re-pin
  "lessons/14-stampede.yaml": "203f4fa9d8a7550b5277fb73ba6a4863", // issue 21: a new lesson scenario; issue 14 re-pin
  "lessons/15-batch.yaml": "36878cda76172fccf8a492b6f47b5c66", // issue 21: a new lesson scenario; issue 14 re-pin
  "lessons/16-dr-drill.yaml": "d416948bd742147ee6ba4894612b8fbf", // issue 21: a new lesson scenario; issue 14 re-pin
  "lessons/17-gray-failure.yaml": "57084b3b8c9f4dbbf49b7cc0bc649116", // issue 21: a new lesson scenario; issue 14 re-pin
  "lessons/18-rolling-update.yaml": "42922b25db25ff95dbf6d61249e60dd6", // issue 21: a new lesson scenario; issue 14 re-pin
  "network-partition.yaml": "7264c0d5b330d95848fbec3c2e0e93ae",
  "region-dr-drill.yaml": "c2481c668de007c6fce0dcc7aa6f55c7", // heartbeats resume at repair
  "replay-last-black-friday.yaml": "a4c25aeebff6982a68d961ec25938f24",
  "retry-storm.yaml": "309595f3d2c7c7ed7e9d1e61bb9dc33b",
  "rolling-update.yaml": "24f2c213ff46b62f030fb5ca73085c5d",
  "three-tier.yaml": "5962cb62ec5c20cc624721c8c38414d0",
  "validation/closed-loop.yaml": "cb12be4b0cc55346d459b3842051da9d",
  "validation/erlang-a.yaml": "4c65722f104e7ee749d09afacdfcf87b", // issue 14: new validation scenario
  "validation/erlang-b.yaml": "66c2cd1bf13b4d7533217a315184a6e8",
  "validation/loss-offered-vs-served.yaml": "24a839fa562dc10d31da4e826b032127", // issue 14: new validation scenario
  "validation/md1.yaml": "2f1826b3d33e8e0080e38c078468e2d4",
  "validation/mm1-deterministic-patience.yaml": "970c7ccae44318bcca361b70bf82784c", // issue 14: new validation scenario
  "validation/mm1.yaml": "0fa11ae4f0bf537e1af7d234b1ff46f4",
  "validation/mmc-erlang-c.yaml": "b7ec518e23864c0e7e4183e845811595",
  "validation/power-of-two.yaml": "f20a2b4b7cb4e32df5b0b5216b1d1b95", // issue 14: new validation scenario
  "validation/random-dispatch.yaml": "32bcc2c237c85a4878f73176e8c4ecd2",
  "zone-outage-at-peak.yaml": "5f01cd1082941afcf940332f9c20049d", // heartbeats resume at repair; crash causes split
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
