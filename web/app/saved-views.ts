/**
 * What the page keeps of comparisons and plans (in IndexedDB through saved-list.ts), so they
 * come back on reload and from their URL (`#/compare?cmp=KEY`, `#/planner?plan=KEY`).
 *
 * A comparison keeps both sides' labels, summaries (one per replication), digests and
 * overrides (each side's identity block comes back from them) and the first run's series, which is all the comparison screen draws; the series are dropped when the
 * entry would pass {@link SAVED_ENTRY_BYTES_MAX}. A plan keeps the form's inputs and the
 * engine's PlanReport.
 */
import type { PlanReport } from "../../engine/index";
import type { ResultSummary, SeriesColumns } from "../worker/run-protocol";
import { seriesBytes } from "./idb";
import type { SavedEntry } from "./saved-list";

/** Comparisons kept at most (oldest dropped first). */
export const COMPARISONS_MAX = 24;
/** Plans kept at most (oldest dropped first). */
export const PLANS_MAX = 24;
/** Bytes (estimated) of series a kept comparison may hold; past it only the summaries are kept. */
export const SAVED_ENTRY_BYTES_MAX = 8 * 1024 * 1024;

/** One side of a kept comparison. */
export interface SavedSide {
  label: string;
  summaries: ResultSummary[];
  series?: SeriesColumns;
  /** The run's digest (one run a side), for the signature and the identity block. */
  digest?: string;
  /** The `path=value` overrides the side ran with (its identity block shows them). */
  overrides?: string[];
}

/** A kept comparison. */
export interface SavedComparison extends SavedEntry {
  sides: [SavedSide, SavedSide];
}

/** A kept plan: the planner form's inputs and the engine's report. */
export interface SavedPlan extends SavedEntry {
  /** The scenario's name. */
  scenario: string;
  /** The varied path. */
  path: string;
  /** `fidelity`: absent in plans kept before the planner had the choice (exact). */
  form: { from: string; to: string; step: string; seedsMin: string; seedsMax: string; extra: string; fidelity?: "exact" | "hybrid" };
  report: PlanReport;
}

/** The entry for a comparison of two sides (series dropped past the size bound). */
export function savedComparison(a: SavedSide, b: SavedSide, savedAtMs: number): SavedComparison {
  const keepSeries = seriesBytes(a.series) + seriesBytes(b.series) <= SAVED_ENTRY_BYTES_MAX;
  const side = (s: SavedSide): SavedSide => ({
    label: s.label, summaries: s.summaries,
    ...(keepSeries && s.series ? { series: s.series } : {}),
    ...(s.digest !== undefined ? { digest: s.digest } : {}),
    ...(s.overrides !== undefined ? { overrides: s.overrides } : {}),
  });
  const sign = (s: SavedSide) => [s.label, s.digest ?? "", (s.overrides ?? []).join(" "), s.summaries.length, ...s.summaries.map((m) => `${m.seed}:${m.events}`)].join("|");
  return { savedAtMs, label: `${a.label} vs ${b.label}`, signature: `${sign(a)}#${sign(b)}`, sides: [side(a), side(b)] };
}

/** The entry for a finished plan. */
export function savedPlan(fields: Omit<SavedPlan, "key" | "savedAtMs" | "label" | "signature">, savedAtMs: number): SavedPlan {
  const f = fields.form;
  const survive = fields.report.survive;
  return {
    ...fields, savedAtMs,
    label: `${fields.scenario}: ${fields.path} ${f.from}..${f.to}${f.extra.trim() !== "" ? ` (${f.extra.trim()})` : ""}${survive.length > 0 ? `, surviving ${survive.join(" and ")}` : ""}${f.fidelity === "hybrid" ? ", hybrid" : ""}`,
    signature: JSON.stringify([fields.scenario, fields.path, f, survive, fields.report.runs, fields.report.recommendation?.label ?? null]),
  };
}
