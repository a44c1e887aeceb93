/**
 * The library scenarios as the CLI tests run them: every top-level scenario of scenarios/, and
 * the shorter durations that keep each one's interesting part (its fault, launch or ramp).
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./run-cli";

/** Shorter runs that keep each scenario's interesting part; scenarios not listed run whole. */
export const LIBRARY_DURATION: Readonly<Record<string, string>> = {
  "cdn-launch": "7m", "cache-stampede": "4m", "region-dr-drill": "8m", "black-friday": "70m", "three-tier": "2m",
  "replay-last-black-friday": "30m", "db-failover": "6m", "zone-outage-at-peak": "4m", "black-friday-24h": "20m",
};

/** Names of the top-level library scenarios (`scenarios/<name>.yaml`), sorted. */
export function libraryScenarios(): string[] {
  return readdirSync(path.join(REPO_ROOT, "scenarios")).filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -".yaml".length)).sort();
}
