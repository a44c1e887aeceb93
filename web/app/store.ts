/**
 * The app's state: the scenario being edited (the draft) and the runs made in this tab.
 *
 * The draft is saved to localStorage on every change, so nothing typed is lost on reload or
 * on a bad edit (an invalid draft is kept as typed, never replaced). Edits of a built-in
 * scenario are also kept per scenario, so reopening it from the gallery shows them. Views
 * subscribe to changes and redraw; run updates arrive a few times per second.
 *
 * Finished runs also go to the run archive (IndexedDB, run-archive.ts) when one is attached:
 * the store keeps its list for the screens (the saved-runs list, the gallery's last outcome)
 * and brings a saved run back as a run record. Comparisons and plans are kept the same way
 * (saved-list.ts, saved-views.ts), each with its list.
 */
import type { Problem } from "../../engine/index";
import type { Heatmap, NodeStates, ResultSummary, RunProgressReport, SeriesColumns } from "../worker/run-protocol";
import { toArchived, type ArchivedRun, type ArchivedRunMeta, type RunArchive } from "./run-archive";
import type { SavedList, SavedMeta } from "./saved-list";
import type { SavedComparison, SavedPlan } from "./saved-views";

/** The scenario being edited. */
export interface Draft {
  /** Built-in scenario it started from (its id), or null for a pasted/shared one. */
  sourceId: string | null;
  text: string;
  /** Seed for runs; null = the scenario's own `seed:`. */
  seed: number | null;
  /** Data files that came with a shared link (built-in files are found by path). */
  files?: Record<string, string>;
  /** `path=value` overrides applied to runs (from a shared link). */
  overrides?: string[];
  /** Digest the sender of a share link saw (cleared on the first edit). */
  expectedDigest?: string | null;
}

/** The lifecycle of a run in the page. */
export type RunStatus = "running" | "done" | "cancelled" | "invalid" | "error";

/** One run made in this tab: its inputs, its live state and, once done, its outcome. */
export interface RunRecord {
  id: number;
  label: string;
  scenarioText: string;
  files: Record<string, string>;
  seed: number | null;
  overrides: string[];
  status: RunStatus;
  progress: RunProgressReport | null;
  series?: SeriesColumns;
  heatmap?: Heatmap;
  nodes?: NodeStates;
  summary?: ResultSummary;
  digest?: string;
  resultJson?: string;
  problems?: Problem[];
  message?: string;
  wallMs?: number;
  /** Digest the sender of a share link saw; the page shows whether this run reproduced it. */
  expectedDigest?: string | null;
  /** Marks drawn on every time axis besides the Result's timeline (e.g. a fork point). */
  marks?: Array<{ atMs: number; label: string }>;
  /** The run this one forks, if any. */
  forkOf?: number;
  /** Simulated time a fork was restored at from the original's snapshot (null: re-run from 0). */
  resumedFromMs?: number | null;
  /** Wall time to restore that snapshot, ms. */
  restoreMs?: number;
  /** Why a fork re-ran from time 0. */
  resumeNote?: string;
  /** Kernel events the worker simulated for a fork (fewer than the Result's when restored). */
  eventsSimulated?: number;
  /** The run this one is an experiment on (same scenario and seed, other overrides), if any. */
  variantOf?: number;
  /** The built-in scenario it came from, if any. */
  sourceId?: string | null;
  /** Its key in the run archive, once saved (or when it was brought back from there). */
  archiveKey?: number;
}

const DRAFT_KEY = "clustersim:draft:v1";
/** The draft a share link replaced, kept so the user can restore it. */
const PREVIOUS_DRAFT_KEY = "clustersim:previous-draft:v1";
const EDITS_KEY_PREFIX = "clustersim:edits:v1:";
/** Runs kept in memory for compare; older ones are dropped (their series can be large). */
export const RUNS_KEPT_MAX = 8;

type Listener = () => void;

/** Reads JSON from localStorage, or null (private mode, quota, corrupt value). */
function readStorage<T>(key: string): T | null {
  try {
    const text = globalThis.localStorage?.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

/** A saved draft with every field it may hold checked and restored; null when unusable. */
function readDraft(saved: Partial<Draft> | null): Draft | null {
  if (saved === null || typeof saved !== "object" || typeof saved.text !== "string") return null;
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");
  const files = saved.files !== null && typeof saved.files === "object" && Object.values(saved.files).every((v) => typeof v === "string") ? saved.files : undefined;
  return {
    sourceId: typeof saved.sourceId === "string" ? saved.sourceId : null,
    text: saved.text,
    seed: typeof saved.seed === "number" ? saved.seed : null,
    ...(files ? { files } : {}),
    ...(strings(saved.overrides) && saved.overrides.length > 0 ? { overrides: saved.overrides } : {}),
    ...(typeof saved.expectedDigest === "string" ? { expectedDigest: saved.expectedDigest } : {}),
  };
}

/** Whether two drafts would run the same scenario the same way. */
function sameDraft(a: Draft, b: Draft): boolean {
  const key = (d: Draft) => JSON.stringify([d.text, d.seed, d.files ?? {}, d.overrides ?? []]);
  return key(a) === key(b);
}

function writeStorage(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the draft still lives in memory for this tab.
  }
}

export class AppStore {
  draft: Draft;
  readonly runs: RunRecord[] = [];
  private nextRunId = 1;
  private readonly listeners = new Set<Listener>();
  /** The run archive, when the page has one (IndexedDB). */
  archive: RunArchive | null = null;
  /** The archive's list, newest first (refreshed after every save and delete). */
  archived: ArchivedRunMeta[] = [];
  /** Kept comparisons and plans, when the page has IndexedDB. */
  kept: { comparisons: SavedList<SavedComparison>; plans: SavedList<SavedPlan> } | null = null;
  /** Their lists, newest first (refreshed after every save and delete). */
  keptComparisons: SavedMeta[] = [];
  keptPlans: SavedMeta[] = [];

  constructor(fallback: Draft) {
    // Every saved field comes back: a reload must run the same scenario (overrides, files, seed)
    // and still check the sender's digest.
    this.draft = readDraft(readStorage<Draft>(DRAFT_KEY)) ?? fallback;
  }

  /**
   * Replaces the draft with one that did not come from the user (a share link), keeping the
   * current draft so it can be restored. Returns whether a different draft was kept.
   */
  replaceDraftKeepingPrevious(draft: Draft): boolean {
    const kept = !sameDraft(this.draft, draft);
    if (kept) writeStorage(PREVIOUS_DRAFT_KEY, this.draft);
    this.setDraft(draft);
    return kept;
  }

  /** The draft a share link replaced, if it is still kept. */
  previousDraft(): Draft | null {
    return readDraft(readStorage<Draft>(PREVIOUS_DRAFT_KEY));
  }

  /**
   * Makes the kept previous draft the draft again; the draft it replaces is kept in its place,
   * so restoring twice goes back. Returns false when there is none.
   */
  restorePreviousDraft(): boolean {
    const previous = this.previousDraft();
    if (previous === null) return false;
    writeStorage(PREVIOUS_DRAFT_KEY, this.draft);
    this.setDraft(previous);
    return true;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Notifies subscribers (after a run record was updated in place). */
  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Replaces the draft and saves it. */
  setDraft(draft: Draft): void {
    this.draft = draft;
    writeStorage(DRAFT_KEY, draft);
    if (draft.sourceId !== null) writeStorage(EDITS_KEY_PREFIX + draft.sourceId, draft.text);
    this.changed();
  }

  /** The saved edits of a built-in scenario, if any. */
  savedEdits(sourceId: string): string | null {
    return readStorage<string>(EDITS_KEY_PREFIX + sourceId);
  }

  /** Forgets the saved edits of a built-in scenario. */
  forgetEdits(sourceId: string): void {
    try {
      globalThis.localStorage?.removeItem(EDITS_KEY_PREFIX + sourceId);
    } catch {
      // Nothing to forget.
    }
  }

  /** Adds a run record (status running) and returns it. */
  addRun(fields: Omit<RunRecord, "id" | "status" | "progress">): RunRecord {
    const record: RunRecord = { ...fields, id: this.nextRunId++, status: "running", progress: null };
    this.runs.push(record);
    while (this.runs.length > RUNS_KEPT_MAX) this.runs.shift();
    this.changed();
    return record;
  }

  /** Attaches the archive and loads its list. */
  async attachArchive(archive: RunArchive): Promise<void> {
    this.archive = archive;
    await this.refreshArchive();
  }

  private async refreshArchive(): Promise<void> {
    if (!this.archive) return;
    this.archived = await this.archive.list();
    this.changed();
  }

  /** Attaches the kept comparisons and plans and loads their lists. */
  async attachKept(kept: { comparisons: SavedList<SavedComparison>; plans: SavedList<SavedPlan> }): Promise<void> {
    this.kept = kept;
    await this.refreshKept();
  }

  private async refreshKept(): Promise<void> {
    if (!this.kept) return;
    [this.keptComparisons, this.keptPlans] = await Promise.all([this.kept.comparisons.list(), this.kept.plans.list()]);
    this.changed();
  }

  /** Keeps a comparison or a plan; returns its key (null when nothing is kept). */
  async keep(kind: "comparisons", entry: SavedComparison): Promise<number | null>;
  async keep(kind: "plans", entry: SavedPlan): Promise<number | null>;
  async keep(kind: "comparisons" | "plans", entry: SavedComparison | SavedPlan): Promise<number | null> {
    if (!this.kept) return null;
    const key = kind === "comparisons" ? await this.kept.comparisons.save(entry as SavedComparison) : await this.kept.plans.save(entry as SavedPlan);
    await this.refreshKept();
    return key;
  }

  /** Deletes a kept comparison or plan. */
  async forget(kind: "comparisons" | "plans", key: number): Promise<void> {
    await this.kept?.[kind].delete(key);
    await this.refreshKept();
  }

  /** Saves a finished run to the archive (no-op for others, or without an archive). */
  async archiveRun(record: RunRecord): Promise<void> {
    if (!this.archive || record.archiveKey !== undefined) return;
    const forkOfKey = record.forkOf !== undefined ? this.run(record.forkOf)?.archiveKey : undefined;
    const entry = toArchived(record, { sourceId: record.sourceId ?? null, savedAtMs: Date.now(), ...(forkOfKey !== undefined ? { forkOfKey } : {}) });
    if (!entry) return;
    const key = await this.archive.save(entry);
    if (key !== null) record.archiveKey = key;
    await this.refreshArchive();
  }

  /** Deletes a saved run from the archive. */
  async deleteArchived(key: number): Promise<void> {
    await this.archive?.delete(key);
    await this.refreshArchive();
  }

  /** Brings a saved run back as the latest run record (already there: made latest again). */
  restoreArchived(run: ArchivedRun): RunRecord {
    const existing = this.runs.find((r) => r.archiveKey === run.key);
    if (existing) {
      this.runs.splice(this.runs.indexOf(existing), 1);
      this.runs.push(existing);
      this.changed();
      return existing;
    }
    const record: RunRecord = {
      id: this.nextRunId++, label: run.label, scenarioText: run.scenarioText, files: run.files, seed: run.seed, overrides: run.overrides,
      status: "done", progress: null, summary: run.summary, digest: run.digest, sourceId: run.sourceId,
      ...(run.key !== undefined ? { archiveKey: run.key } : {}),
      ...(run.series ? { series: run.series } : {}), ...(run.heatmap ? { heatmap: run.heatmap } : {}), ...(run.nodes ? { nodes: run.nodes } : {}),
      ...(run.resultJson !== undefined ? { resultJson: run.resultJson } : {}), ...(run.marks ? { marks: run.marks } : {}),
      ...(run.wallMs !== undefined ? { wallMs: run.wallMs } : {}),
    };
    if (run.forkOfKey !== undefined) {
      const parent = this.runs.find((r) => r.archiveKey === run.forkOfKey);
      if (parent) record.forkOf = parent.id;
    }
    this.runs.push(record);
    while (this.runs.length > RUNS_KEPT_MAX) this.runs.shift();
    this.changed();
    return record;
  }

  /** The outcome of the last saved run of a built-in scenario, for its gallery card. */
  lastOutcome(sourceId: string): { passed: boolean; text: string } | null {
    const last = this.archived.find((r) => r.sourceId === sourceId);
    if (!last) return null;
    const seed = last.seed === null ? "" : ` (seed ${last.seed})`;
    return last.slosTotal === 0
      ? { passed: true, text: `Last run${seed}: no SLOs to judge.` }
      : { passed: last.slosPassed === last.slosTotal, text: `Last run${seed}: ${last.slosPassed} of ${last.slosTotal} SLOs met.` };
  }

  /** The run with this id, if still kept. */
  run(id: number): RunRecord | undefined {
    return this.runs.find((r) => r.id === id);
  }

  /** The most recent run, if any. */
  get latestRun(): RunRecord | undefined {
    return this.runs[this.runs.length - 1];
  }
}
