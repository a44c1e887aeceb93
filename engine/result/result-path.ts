/**
 * Any number in a Result, by path: `databases.orders-async.writesLost`,
 * `batch.policies.fifo.makespanMs`, `faults.detectors.phi-8.detectMs.max`. Paths are written the
 * way `--set` writes scenario paths, and list elements are found by name (their `name`, `group`,
 * `service` or, here, `policy`) or index, by engine/input/data-paths.ts — the one walker lessons,
 * `sweep --metric` and `compare --metric` share. The series are not addressable (they are lists
 * of windows, not figures).
 */
import { resolveDataPath } from "../input/data-paths";
import { didYouMean, parsePath, type PathSegment } from "../input/problems";
import type { Result } from "./result";

/**
 * The sections of a Result a metric path may start with (series are not judged). Type-checked
 * against the Result, so a renamed section fails to compile; a new section is readable once it
 * is listed here.
 */
export const RESULT_SECTIONS: ReadonlySet<string> = new Set([
  "resultVersion", "engineVersion", "scenario", "seed", "durationMs", "warmupMs", "windowMs", "events", "requests",
  "classes", "littlesLaw", "services", "groups", "nodes", "slos", "slosPassed", "cost", "timeline", "faults",
  "autoscaling", "rollingUpdates", "placement", "replicated", "batch", "caches", "databases", "multiRegion",
] satisfies ReadonlyArray<Exclude<keyof Result, "series">>);

/** A checked Result path: its text and segments. */
export interface ResultPath {
  path: string;
  segments: PathSegment[];
}

/** Parses a Result path and checks its first segment names a section (with a did-you-mean); never throws. */
export function parseResultPath(text: string): { ok: true; path: ResultPath } | { ok: false; message: string } {
  const parsed = parsePath(text);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  const head = String(parsed.segments[0]);
  if (!RESULT_SECTIONS.has(head)) {
    const suggestion = didYouMean(head, RESULT_SECTIONS);
    return { ok: false, message: `the Result has no section ${JSON.stringify(head)}${suggestion === undefined ? "" : ` (did you mean ${JSON.stringify(suggestion)}?)`}` };
  }
  return { ok: true, path: { path: text, segments: parsed.segments } };
}

/**
 * The number at `path` in `result`: a number, or null where the Result has no value (a
 * percentile of nothing); a message when the path leads nowhere or to something else (a list,
 * a name). Never throws.
 */
export function readResultNumber(result: unknown, path: ResultPath): { ok: true; value: number | null } | { ok: false; message: string } {
  const found = resolveDataPath(result, path.segments);
  if (!found.ok) return { ok: false, message: `${path.path}: ${found.message}` };
  if (found.value === null || typeof found.value === "number") return { ok: true, value: found.value };
  return { ok: false, message: `${path.path} is not a number in the Result` };
}
