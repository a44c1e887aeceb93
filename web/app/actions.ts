/**
 * What buttons do: open a built-in or shared scenario, run the draft, make a share link.
 */
import { ENGINE_VERSION } from "../../engine/index";
import { builtinFiles, filesForScenario, findBuiltin } from "../scenario-catalog";
import { scenarioFacts } from "../scenario-facts";
import { encodeShareLink, type SharedScenario } from "../share-link";
import { startRun, type AppContext } from "./runner";
import type { Draft, RunRecord } from "./store";

/** The scenario language version this app reads (the `version:` key). */
export const SCHEMA_VERSION = 1;

/** Data files for a draft: those it came with, else the built-in ones it names. */
export function draftFiles(draft: Draft): Record<string, string> {
  return { ...filesForScenario(draft.text), ...(draft.files ?? {}) };
}

/**
 * Opens a built-in scenario as the draft: the user's saved edits of it when there are some
 * (nothing typed is lost), else the file as shipped.
 */
export function openBuiltin(context: AppContext, id: string, options: { fresh?: boolean } = {}): Draft | null {
  const entry = findBuiltin(id);
  if (!entry) return null;
  const saved = options.fresh ? null : context.store.savedEdits(id);
  if (options.fresh) context.store.forgetEdits(id);
  const draft: Draft = { sourceId: id, text: saved ?? entry.text, seed: null };
  context.store.setDraft(draft);
  return draft;
}

/** A label for a run: scenario name, seed, and the overrides that make it a variant. */
export function runLabel(text: string, seed: number | null, overrides: string[] = []): string {
  const facts = scenarioFacts(text, overrides);
  const name = facts.ok ? facts.facts.name : "scenario";
  const seedText = seed ?? (facts.ok ? facts.facts.seed : "?");
  return `${name} · seed ${seedText}${overrides.length > 0 ? ` · ${overrides.join(", ")}` : ""}`;
}

/** Runs the current draft in the main worker (live charts). */
export function runDraft(context: AppContext, extra: { overrides?: string[]; marks?: Array<{ atMs: number; label: string }>; textOverride?: string; label?: string } = {}): Promise<RunRecord> {
  const draft = context.store.draft;
  const text = extra.textOverride ?? draft.text;
  const overrides = extra.overrides ?? draft.overrides ?? [];
  return startRun(context, {
    label: extra.label ?? runLabel(text, draft.seed, overrides),
    scenarioText: text,
    files: draftFiles(draft),
    seed: draft.seed,
    overrides,
    expectedDigest: draft.expectedDigest ?? null,
    sourceId: extra.textOverride === undefined && overrides.length === 0 ? draft.sourceId : null,
    ...(extra.marks ? { marks: extra.marks } : {}),
  });
}

/** A share link (full URL) for a scenario text, seed and, if run, its digest. */
export function shareUrl(input: { text: string; seed: number | null; files: Record<string, string>; overrides?: string[]; digest?: string | null }): string {
  const facts = scenarioFacts(input.text);
  const shared: SharedScenario = {
    schemaVersion: SCHEMA_VERSION,
    engineVersion: ENGINE_VERSION,
    seed: input.seed ?? (facts.ok ? facts.facts.seed : 1),
    scenarioText: input.text,
    files: input.files,
    overrides: input.overrides ?? [],
    digest: input.digest ?? null,
  };
  const base = typeof location !== "undefined" ? location.href.replace(/#.*$/, "") : "";
  return `${base}#${encodeShareLink(shared)}`;
}

/**
 * Opens a decoded share link as the draft (its files and the sender's digest kept). The
 * user's own draft is kept for restoring; returns whether there was a different one.
 */
export function openShared(context: AppContext, shared: SharedScenario): boolean {
  const builtin = Object.keys(shared.files).every((name) => builtinFiles[name] === shared.files[name]);
  return context.store.replaceDraftKeepingPrevious({
    sourceId: null,
    text: shared.scenarioText,
    seed: shared.seed,
    ...(builtin ? {} : { files: shared.files }),
    ...(shared.overrides.length > 0 ? { overrides: shared.overrides } : {}),
    expectedDigest: shared.digest,
  });
}
