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
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario, requiredFiles, resultDigest, simulate } from "./index";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const CAPPED_MS: Readonly<Record<string, number>> = { "replay-last-black-friday.yaml": 30 * 60_000, "black-friday-24h.yaml": 20 * 60_000 };

const PINNED: Readonly<Record<string, string>> = {
  "black-friday-24h.yaml": "0", // issue 15: new, pinned over its first 20 simulated minutes
  "black-friday.yaml": "0ec181cd9ad80ef8db8f0a771333db7b",
  "cache-stampede.yaml": "f926b4be7215619388e71e3b5f1bfcc7", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "cdn-launch.yaml": "e74ff38cdbc7542ac2e62c95d442455f", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "db-failover.yaml": "30afcaec436edeb660713f93f4f47d5c", // issue 13: SLOs; first-write phase; failovers timed from the injected fault; capacity and series fields
  "gray-failure.yaml": "602a178917994a3effaf370422fb302e", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "heartbeat-tuning.yaml": "fa648995f51274c413b2fb43b96eae2b", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "hpc-batch.yaml": "b56ad31e2bc5727b6a503edeeb04c478", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "lessons/01-utilisation.yaml": "d679063782fdb3b4e58c509c46076ec1",
  "lessons/02-more-or-faster.yaml": "c54d7395662974d401d39c06a038c596",
  "lessons/03-balancing.yaml": "541c5b114d93cf2bea03716f53be58dc",
  "lessons/04-tail-at-scale.yaml": "65cfb87d7589c333877ffbda4baad8fd",
  "lessons/05-heartbeats.yaml": "0e1c4ac17e571e5841efb752db6498dd",
  "lessons/06-failover.yaml": "c40a73a8d88782abd1953989bb42e55c",
  "lessons/07-quorum.yaml": "a425db58e0989b58e970d92b6d634980",
  "lessons/08-retries.yaml": "bdebe432782ae47c19bb1e9c19ef61c0",
  "lessons/09-autoscaling.yaml": "41c5d27eca2c2c008d8ed9e2baa98c31",
  "lessons/10-black-friday.yaml": "9976da8a30158a34ca7625b59149c67f",
  "lessons/11-replication.yaml": "6cce561c0e7a4b306b566357265408d8", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "lessons/12-fencing.yaml": "173256b962ad512ec86ae45eeb25f6ab", // issue 21: a new lesson scenario; issue 13: capacity and series fields; its failover timed from the injected fault
  "lessons/13-caching.yaml": "5d7aeeef1a573b98e785175b452338f6", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "lessons/14-stampede.yaml": "da24685eb4345a780bec8bc79e0bd714", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "lessons/15-batch.yaml": "6687778a058c960d3341b85ec930bff1", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "lessons/16-dr-drill.yaml": "c570c67dbf38d9963187cdb8ad300fdb", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "lessons/17-gray-failure.yaml": "0980ffb98d62bf320839b1c4726ac379", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "lessons/18-rolling-update.yaml": "900dad2b1317bb1a166e35cce67d776e", // issue 21: a new lesson scenario; issue 13: capacity and series fields
  "network-partition.yaml": "9b58ef6cdb033fe5ad4479bd066c9e90", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "region-dr-drill.yaml": "34aaba5a6772100c14132a5941323c40", // issue 13: SLOs; first-write phase; fail back cut at its first write; capacity and series fields
  "replay-last-black-friday.yaml": "88811b9b642c9788adfc1d92b096f4ef",
  "retry-storm.yaml": "b7adc12076c0d9a20d43c8e57df74ca8", // issue 13: declares the SLOs of its lesson (new SloOutcomes only; the model is unchanged)
  "rolling-update.yaml": "8650575a4afb1b53748a0e7930da8c14",
  "three-tier.yaml": "0c880302b1e92574bb7ef25f150cb19e",
  "validation/closed-loop.yaml": "284c8740713966ca5abeadcb202517b6",
  "validation/erlang-b.yaml": "809ea92a0adc7280ed5298307a8baf56",
  "validation/md1.yaml": "f5c0a934d4a6f01e0d0eb5bce4d40888",
  "validation/mm1.yaml": "7929328003eac217707d3f52011cc6eb",
  "validation/mmc-erlang-c.yaml": "4a6946e1eb42601365794594dbc6e7af",
  "validation/random-dispatch.yaml": "b327f552ebf414bbf92eb95105c616f1",
  "zone-outage-at-peak.yaml": "9cfd99c1f4a3bb40428d2390a989b84b",
  "validation/erlang-a.yaml": "4c65722f104e7ee749d09afacdfcf87b", // issue 14: new validation scenario
  "validation/loss-offered-vs-served.yaml": "24a839fa562dc10d31da4e826b032127", // issue 14: new validation scenario
  "validation/mm1-deterministic-patience.yaml": "970c7ccae44318bcca361b70bf82784c", // issue 14: new validation scenario
  "validation/power-of-two.yaml": "f20a2b4b7cb4e32df5b0b5216b1d1b95", // issue 14: new validation scenario
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
