/**
 * The built-in lessons, bundled from scenarios/lessons/ at build time: every `*.lesson.yaml`
 * with the scenario it names beside it. Each is loaded by the engine exactly as the CLI loads
 * it, so a lesson that fails to load shows its problems here instead of vanishing.
 */
import { loadLesson, lessonScenarioFile, type Lesson, type Problem } from "../../engine/index";

/** One bundled lesson file: loaded, or with the problems that stop it loading. */
export type CatalogLesson =
  | { ok: true; file: string; lesson: Lesson }
  | { ok: false; file: string; problems: Problem[] };

const lessonTexts = import.meta.glob("../../scenarios/lessons/*.lesson.yaml", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const scenarioTexts = import.meta.glob(["../../scenarios/lessons/*.yaml", "!../../scenarios/lessons/*.lesson.yaml"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;

/** File name without folders: "../../scenarios/lessons/01-x.yaml" -> "01-x.yaml". */
function baseName(path: string): string {
  return path.replace(/^.*\//, "");
}

/** Loads one lesson text with the bundled scenarios as its sibling files. */
export function catalogLesson(file: string, text: string, scenarios: Readonly<Record<string, string>>): CatalogLesson {
  const scenarioFile = lessonScenarioFile(text);
  const files = scenarioFile !== null && scenarios[scenarioFile] !== undefined ? { [scenarioFile]: scenarios[scenarioFile]! } : {};
  const loaded = loadLesson(text, { fileName: file, files });
  return loaded.ok ? { ok: true, file, lesson: loaded.lesson } : { ok: false, file, problems: loaded.problems };
}

const bundledScenarios: Record<string, string> = Object.fromEntries(Object.entries(scenarioTexts).map(([path, text]) => [baseName(path), text]));

/** Every bundled lesson, in file order (which is lesson order: files start with the number). */
export const builtinLessons: readonly CatalogLesson[] = Object.keys(lessonTexts)
  .sort()
  .map((path) => catalogLesson(`scenarios/lessons/${baseName(path)}`, lessonTexts[path]!, bundledScenarios));

/** The bundled scenario texts by file name (for "open in the run view"). */
export const lessonScenarioTexts: Readonly<Record<string, string>> = bundledScenarios;

/** The loaded lessons, in order. */
export function loadedLessons(): Lesson[] {
  return builtinLessons.flatMap((entry) => (entry.ok ? [entry.lesson] : [])).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}
