/**
 * Library scenarios as prepared runs for snapshot tests: the scenario and the files it refers
 * to come through `read` (the tests pass a reader of scenarios/; the engine reads no files),
 * optionally shortened (`run.duration`) so a test stays small.
 */
import type { OverrideSpec } from "../../input/overrides";
import { prepareRun, type PreparedRun } from "../../simulate";
import { parseScenario, requiredFiles } from "../../scenario/load";

/** Reads a file of scenarios/ by its path there. */
export type ScenarioReader = (pathInScenarios: string) => string;

/** Options for {@link libraryRun}. */
export interface LibraryRunOptions {
  /** Run length, ms (the scenario's own when omitted). */
  durationMs?: number;
  seed?: number;
  overrides?: ReadonlyArray<string | OverrideSpec>;
}

/** A library scenario's run. */
export function libraryRun(read: ScenarioReader, file: string, options: LibraryRunOptions = {}): PreparedRun {
  const text = read(file);
  const parsed = parseScenario(text, { fileName: file });
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  const folder = file.includes("/") ? file.slice(0, file.lastIndexOf("/") + 1) : "";
  const files: Record<string, string> = {};
  for (const ref of requiredFiles(parsed.scenario)) files[ref] = read(`${folder}${ref}`);
  const overrides = [...(options.overrides ?? []), ...(options.durationMs === undefined ? [] : [`run.duration=${options.durationMs}ms`])];
  const prepared = prepareRun(text, { files, overrides, fileName: file, ...(options.seed === undefined ? {} : { seed: options.seed }) });
  if (!prepared.ok) throw new Error(prepared.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  return prepared;
}
