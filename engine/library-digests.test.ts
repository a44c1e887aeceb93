/**
 * Every library scenario, at its own seed and full length, gives the Result it gave before the
 * December 2026 restructuring (digests recorded at f841246, before the first file moved).
 * Refactoring must not change what the model computes; a deliberate model change re-pins the
 * affected digests in the same commit and says why. Issue 13 re-pinned the scenarios that gained
 * SLOs over their mechanisms: their Results gained SloOutcomes, every other byte is unchanged.
 * Issue 13's second part re-pinned every scenario: Results gained groups[].capacity (serving,
 * booting, draining, down shares) and series.replicated / series.rollingUpdates (leaders at once,
 * time at a node by version), new fields only; db-failover and region-dr-drill also time their
 * failovers from the injected fault (failedAtMs, detectionMs, rtoMs, failedSince, their RTO SLOs). `replay-last-black-friday` (24 h of
 * recorded traffic, minutes of CPU) is pinned over its first 30 simulated minutes.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario, requiredFiles, resultDigest, simulate } from "./index";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const CAPPED_MS: Readonly<Record<string, number>> = { "replay-last-black-friday.yaml": 30 * 60_000 };

const PINNED: Readonly<Record<string, string>> = {
  "black-friday.yaml": "0bb1ed4309b921f17a0793d503067f1d",
  "cache-stampede.yaml": "36f3a6488dfaef6e7f0a1e47d55de62a", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "cdn-launch.yaml": "cdaf9daabe958e1ea11ad203e81e6f11", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "db-failover.yaml": "3711e9cf6a53058ad43be2f17d229fe4", // issue 13: SLOs; first-write phase; failovers timed from the injected fault; capacity and series fields
  "gray-failure.yaml": "8066c2c6b8a2b10b43f298ecdddbaec1", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "heartbeat-tuning.yaml": "a4fdf2dcd84e3f4caebe0e770522688d", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "hpc-batch.yaml": "fd88ed7ee899f46b0be780fa118ac06a", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "lessons/01-utilisation.yaml": "024d06e5ba0b04ab4b2087ef1b5d9a9f",
  "lessons/02-more-or-faster.yaml": "e45731f966ee9b97834285163fcfcbf8",
  "lessons/03-balancing.yaml": "3ca811aac3bdefda94e58a0d70ef2c83",
  "lessons/04-tail-at-scale.yaml": "09ac21061712b7156ce7f1a990ee524e",
  "lessons/05-heartbeats.yaml": "41c6434aaec7b2e8ab3d5676c94912c8",
  "lessons/06-failover.yaml": "c97eb79a56015844712b9a5fdd9254d7",
  "lessons/07-quorum.yaml": "eab4fa69fb7052cb821d06696ebb7fa2",
  "lessons/08-retries.yaml": "592261a919197bbabb5c954008c4544f",
  "lessons/09-autoscaling.yaml": "c4f29d2dc6be2dccb1f4d7c1b96b5385",
  "lessons/10-black-friday.yaml": "81377a04143ce367d212387dff863484",
  "lessons/11-replication.yaml": "9bf9746897078287a17eebf4adb12688", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "lessons/12-fencing.yaml": "d9f30a58018ca3245f9ffb31ba6ed989", // issue 21: a new lesson scenario; issue 13: capacity and series fields; its failover timed from the injected fault
  "lessons/13-caching.yaml": "3b66a5655a612e0dda2d1bec760bc286", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "lessons/14-stampede.yaml": "e904c68ed455c06b3e14358c82e664c6", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "lessons/15-batch.yaml": "881e0373688f473e8b9527c89c929b93", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "lessons/16-dr-drill.yaml": "e029e11b8d9a18c31235fa847a8f98bb", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "lessons/17-gray-failure.yaml": "5f15f630f2ce585bbdb18e18747d2df4", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "lessons/18-rolling-update.yaml": "010f3bcdb91aa0c000aca325480b6bc9", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "network-partition.yaml": "79e1c922f5a9110333f236c4ae12a8b6", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "region-dr-drill.yaml": "7e1815963159ee653d69de55d3f21d62", // issue 13: SLOs; first-write phase; fail back cut at its first write; capacity and series fields
  "replay-last-black-friday.yaml": "3fca7747c728328ff59a25d6415dcd50",
  "retry-storm.yaml": "9d33ddf60f1c71ad58a3bc01544cf58b", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "rolling-update.yaml": "8a1b57803512f16518acb1112fc5d172",
  "three-tier.yaml": "75a746c8f41e4ed2f5ba92c86761e460",
  "validation/closed-loop.yaml": "cc79100b6e17f39986cea2625b4d7fc6",
  "validation/erlang-b.yaml": "6e1afc233c4bef23c1b1be6061abf7df",
  "validation/md1.yaml": "d5412acb7bbd5bfde98695524dc70a2d",
  "validation/mm1.yaml": "77fb6318ba0c7f7ae736e6cb4f5d57b2",
  "validation/mmc-erlang-c.yaml": "d1fdf428bae3cbfd831faec55c88b758",
  "validation/random-dispatch.yaml": "f218de7df11a2a2c24d212af73503d0e",
  "zone-outage-at-peak.yaml": "830306437a52dddc3c52e37d43a2fd70",
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
