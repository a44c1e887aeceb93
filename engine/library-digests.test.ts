/**
 * Every library scenario, at its own seed and full length, gives the Result it gave before the
 * December 2026 restructuring (digests recorded at f841246, before the first file moved).
 * Refactoring must not change what the model computes; a deliberate model change re-pins the
 * affected digests in the same commit and says why. Issue 13 re-pinned the scenarios that gained
 * SLOs over their mechanisms: their Results gained SloOutcomes, every other byte is unchanged.
 * Issue 14 re-pinned every scenario: the Result gained queue waits, offered/goodput/failed rates,
 * more failure causes and the measured-period cost, per-service counters leave out warm-up
 * requests, a repaired node's heartbeats resume at once, and percentiles are interpolated inside
 * their histogram bucket (moving each by up to a bucket, 1 %).
 * Issue 13's second part re-pinned every scenario: Results gained groups[].capacity (serving,
 * booting, draining, down shares) and series.replicated / series.rollingUpdates (leaders at once,
 * time at a node by version), new fields only; db-failover and region-dr-drill also time their
 * failovers from the injected fault (failedAtMs, detectionMs, rtoMs, failedSince, their RTO SLOs). `replay-last-black-friday` (24 h of
 * recorded traffic, minutes of CPU) is pinned over its first 30 simulated minutes, and `black-friday-24h` over its first 20.
 * The two rolling-update scenarios were re-pinned when a rolling update's time at a node by
 * version gained percentiles (series.rollingUpdates[].oldVersionP99Ms/newVersionP99Ms and
 * rollingUpdates[].timeAtNode), new fields only.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario, requiredFiles, resultDigest, simulate } from "./index";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const CAPPED_MS: Readonly<Record<string, number>> = { "replay-last-black-friday.yaml": 30 * 60_000, "black-friday-24h.yaml": 20 * 60_000 };

const PINNED: Readonly<Record<string, string>> = {
  "black-friday-24h.yaml": "a0e1fe61fabe05eec83f1ab58fd20209", // issue 15: new, pinned over its first 20 simulated minutes
  "black-friday.yaml": "9eda9523f443a80a4105805416c06614",
  "cache-stampede.yaml": "6bdff8f88a2e7205404fbbf1c40e7c58", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "cdn-launch.yaml": "4ce516b8e8543b4faedadbbc8de2a609", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "db-failover.yaml": "abf4003af6398edc62be4b581c14994b", // issue 13: SLOs; first-write phase; failovers timed from the injected fault; capacity and series fields
  "gray-failure.yaml": "97acdba87bc4d65b77cf94aabd15f60c", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "heartbeat-tuning.yaml": "0d6a863c32514386727c56b92664bfbc", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "hpc-batch.yaml": "34275870e67dfe10c48107b40c734e85", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "lessons/01-utilisation.yaml": "b550e8976ea60ed86af7e3becb72d4fe",
  "lessons/02-more-or-faster.yaml": "25a9ce8b68d966b61b75894963fa3210",
  "lessons/03-balancing.yaml": "1368a3c12d42be39573db569ee4d0a74",
  "lessons/04-tail-at-scale.yaml": "527a895fa63707a9eea73e9172a052f0",
  "lessons/05-heartbeats.yaml": "8eb1d1eea1e5badaaaa20f2a36cb9537",
  "lessons/06-failover.yaml": "2dffaba42dcf14c8eada3f4de511446a",
  "lessons/07-quorum.yaml": "1af967fa795bb20a1bc19156e2500cb5",
  "lessons/08-retries.yaml": "53cee3883bf953c26c6acefedc26a6da",
  "lessons/09-autoscaling.yaml": "60cc43b2bb88014c72539aba030b110d",
  "lessons/10-black-friday.yaml": "a2adbafa5838220504528eee99f84673",
  "lessons/11-replication.yaml": "923592ce3c74503b820b82f229b474b4", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "lessons/12-fencing.yaml": "3c293ae6a38609436fd4325988706536", // issue 21: a new lesson scenario; issue 13: capacity and series fields; its failover timed from the injected fault
  "lessons/13-caching.yaml": "6ebec86a6421b615c7ceb7fc17a2ce2e", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "lessons/14-stampede.yaml": "43130f3e9a2cd2533e1e8847ec28cfcc", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "lessons/15-batch.yaml": "718070e136c50ad636114c45975fa719", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "lessons/16-dr-drill.yaml": "2fb99ce2d89b3c47c1b3b7b2c856504e", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "lessons/17-gray-failure.yaml": "e1672ea22eb2d859a563bd4b29c502bb", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "lessons/18-rolling-update.yaml": "451b63ac7c86a102cc88d03ce3f47358", // issue 21: a new lesson scenario; issue 13: capacity and series fields; time at a node by version gained percentiles (new fields only)
  "network-partition.yaml": "b5e92a209371b14f22cb301a3a76ac3d", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "region-dr-drill.yaml": "b1449009f58a80eaea17c9723d8ff52b", // issue 13: SLOs; first-write phase; fail back cut at its first write; capacity and series fields
  "replay-last-black-friday.yaml": "ef3895dbe3460509aa1a516962b0056c",
  "retry-storm.yaml": "5605fccf105e5cc95d71320585d3a9fe", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "rolling-update.yaml": "0500167eb9d8550708ea35685cb2d6db", // time at a node by version gained percentiles (new fields only)
  "three-tier.yaml": "a8f4d0abb99b43e0c4e65f9a078a0532",
  "validation/closed-loop.yaml": "dbcd94a83c8d7a537b5e9fea66b36410",
  "validation/erlang-b.yaml": "c5dd9faa73bb7a518269a5db08e38481",
  "validation/md1.yaml": "2e61d172f4af2ec86f2da21a6b365330",
  "validation/mm1.yaml": "014b6c79bc8afcac34441dba308e7a6b",
  "validation/mmc-erlang-c.yaml": "707cc0c73f1453b27f3146208097678a",
  "validation/random-dispatch.yaml": "a79a11874e04833f4c2e4ba8d0affdf7",
  "zone-outage-at-peak.yaml": "a9b1907f0fcddca117e541d1d67279f5",
  "validation/erlang-a.yaml": "8eb1857984f18dbeeadbddbacdfcc20c", // issue 14: new validation scenario
  "validation/loss-offered-vs-served.yaml": "f7cdd631bafd3aa1c018bd3f90fac20c", // issue 14: new validation scenario
  "validation/mm1-deterministic-patience.yaml": "10ab0da123883a9457bfa402634ebe7a", // issue 14: new validation scenario
  "validation/power-of-two.yaml": "0c0751a96f2a584cbdc771fa0cc8f4ec", // issue 14: new validation scenario
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
