/**
 * Every library scenario, at its own seed and full length, gives the Result it gave before the
 * December 2026 restructuring (digests recorded at f841246, before the first file moved).
 * Refactoring must not change what the model computes; a deliberate model change re-pins the
 * affected digests in the same commit and says why. Issue 13 re-pinned the scenarios that gained
 * SLOs over their mechanisms: their Results gained SloOutcomes, every other byte is unchanged. Issue
 * 14 re-pinned every scenario: percentiles are interpolated inside their histogram bucket instead
 * of snapped to one point per bucket (engine/metrics/histogram.ts), so every percentile in every
 * Result moved by up to a bucket (1 %); counts, means and events are unchanged. `replay-last-black-friday` (24 h of
 * recorded traffic, minutes of CPU) is pinned over its first 30 simulated minutes.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario, requiredFiles, resultDigest, simulate } from "./index";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const CAPPED_MS: Readonly<Record<string, number>> = { "replay-last-black-friday.yaml": 30 * 60_000 };

const PINNED: Readonly<Record<string, string>> = {
  "black-friday.yaml": "673b2273e80c5cb0a59a30bc38cffa7a",
  "cache-stampede.yaml": "831929399a3a8d2534260492173c5446", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "cdn-launch.yaml": "eb98100eb4314773110a19d0bc317727", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "db-failover.yaml": "9ffb028d930623eb9f246bc09919e6e9", // issue 13: its SLOs; failovers list the first-write phase (phases sum to the RTO)
  "gray-failure.yaml": "b44829ab36baa075871d7746a6d0071e", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "heartbeat-tuning.yaml": "a03b7c9275e9128c4b068b962422f3ce", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "hpc-batch.yaml": "f6253b614deaeda272f66b4cea76bfab", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "lessons/01-utilisation.yaml": "6e0b4c97abca5ec46d8fb279450280a5",
  "lessons/02-more-or-faster.yaml": "c8da9cf60ec0666bdd6bdf9b23a88764",
  "lessons/03-balancing.yaml": "15ddd43dfe15a64dea1be46effecc7fa",
  "lessons/04-tail-at-scale.yaml": "89f8acb26ea74b78fe7839189bdadf7d",
  "lessons/05-heartbeats.yaml": "babb7442a6af965ceb4658e3fc0648f3",
  "lessons/06-failover.yaml": "b92fe239053fa9ec6d89ef8d03efbabf",
  "lessons/07-quorum.yaml": "ad8205f6073f12e5b15b84906ed170cd",
  "lessons/08-retries.yaml": "c80da5e903759a79a0774e616cb4b9ca",
  "lessons/09-autoscaling.yaml": "60fa3e1e5f23f2d27d008b07d0060d5f",
  "lessons/10-black-friday.yaml": "749374a23b0050ab5b770ab2463da400",
  "lessons/11-replication.yaml": "6763c3a318c5f422ba7a463e99e135e1", // issue 21: a new lesson scenario
  "lessons/12-fencing.yaml": "5c9a898cf1044dc2cb8cc48e5098c1fe", // issue 21: a new lesson scenario
  "lessons/13-caching.yaml": "4eb7da1bbb09910c5c62502c0309e67c", // issue 21: a new lesson scenario
  "lessons/14-stampede.yaml": "7fb7986f03b1d0848a38e13e5db54fb3", // issue 21: a new lesson scenario
  "lessons/15-batch.yaml": "e9195d0cfc35ef3f829b28b479b996a7", // issue 21: a new lesson scenario
  "lessons/16-dr-drill.yaml": "eeb8e21f7b9824f221bc8580af623694", // issue 21: a new lesson scenario
  "lessons/17-gray-failure.yaml": "d0e965c4f04759730a49223bf77467f3", // issue 21: a new lesson scenario
  "lessons/18-rolling-update.yaml": "e63652a48f6bffc83613074aa47d3c9a", // issue 21: a new lesson scenario
  "network-partition.yaml": "18bb3a88d92551c261948e41fe26bbd8", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "region-dr-drill.yaml": "2268a4ca1eb024b26e2a22df1e587656", // issue 13: its SLOs; failovers list the first-write phase; fail back's phases cut at its first write
  "replay-last-black-friday.yaml": "68a691d2d2193ecc62d5e625b856710e",
  "retry-storm.yaml": "fd339967406fcf619a406af5a429c789", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "rolling-update.yaml": "0f1a000be561abf1a16305f34291a2db",
  "three-tier.yaml": "f6068d02f6dbe31ffad4124e97970da3",
  "validation/closed-loop.yaml": "4adc631116a890a5e2f8b667bf70bf27",
  "validation/erlang-b.yaml": "c048029ddb52bd6d302f4732e52d5151",
  "validation/md1.yaml": "97f8d7a2c32164949cbb00acd32b6214",
  "validation/mm1.yaml": "e9cfa015f6686bf0093c5300e5ea3e1e",
  "validation/mmc-erlang-c.yaml": "8c3ad56d848cfe9aad1991bfb1fa118c",
  "validation/random-dispatch.yaml": "02aadc596e9dbec5796de7f8d44dac60",
  "zone-outage-at-peak.yaml": "639ceb032666e8d39d2d313e6b81d0ed",
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
