/**
 * The built-in scenarios, bundled from scenarios/*.yaml at build time.
 *
 * Vite's `import.meta.glob` picks up every scenario file and every data file under
 * scenarios/data/, so a new example appears in the gallery without touching this code. A
 * card's text comes from the scenario's `description:` and its header comment: the block of
 * `#` lines before the first key, read as paragraphs ("What it teaches: ...", "Look at: ...").
 */
import { parseScenarioText, requiredFiles } from "../engine/index";
import { scenarioFacts } from "./scenario-facts";

/** One built-in scenario. */
export interface CatalogEntry {
  /** File name without extension, e.g. "three-tier"; stable id for URLs and storage. */
  id: string;
  /** Path as the CLI would take it, e.g. "scenarios/three-tier.yaml". */
  path: string;
  text: string;
  /** The scenario's `name:` (the id when missing). */
  name: string;
  /** The scenario's `description:` ("" when missing). */
  description: string;
  /** The header comment: a title line and paragraphs (see {@link parseHeaderComment}). */
  header: HeaderComment;
}

/** A scenario's opening comment, split into a title and labelled paragraphs. */
export interface HeaderComment {
  /** The first paragraph without its `name:` prefix, e.g. "a web -> app -> db shop...". */
  title: string;
  /** Later paragraphs, with a label when they start with "Label: ". */
  paragraphs: Array<{ label: string | null; text: string }>;
}

/** A paragraph label: "What it teaches: ...", "Look at: ...". */
const LABEL = /^([A-Z][A-Za-z ]{1,30}):\s+(.*)$/;

/**
 * Reads the comment block at the top of a scenario: `#` lines up to the first line that is
 * neither a comment nor blank. Blank `#` lines and lines starting with a label ("Look at: ") begin paragraphs;
 * wrapped lines are joined. The editor's `# yaml-language-server: $schema=...` line is not text.
 */
export function parseHeaderComment(text: string, name = ""): HeaderComment {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    if (!line.startsWith("#")) break;
    if (/^#\s*yaml-language-server:/.test(line)) continue;
    const content = line.replace(/^#\s?/, "").trimEnd();
    const startsLabel = LABEL.test(content.trim());
    if (content.trim() === "" || startsLabel) {
      if (current.length > 0) paragraphs.push(current.join(" "));
      current = [];
    }
    if (content.trim() !== "") current.push(content.trim());
  }
  if (current.length > 0) paragraphs.push(current.join(" "));
  const [first = "", ...rest] = paragraphs;
  const title = name !== "" && first.startsWith(`${name}:`) ? first.slice(name.length + 1).trim() : first;
  return {
    title,
    paragraphs: rest.map((paragraph) => {
      const match = LABEL.exec(paragraph);
      return match ? { label: match[1]!, text: match[2]! } : { label: null, text: paragraph };
    }),
  };
}

/** Builds a catalog entry from a file path and its text. */
export function catalogEntry(path: string, text: string): CatalogEntry {
  const id = path.replace(/^.*\//, "").replace(/\.(ya?ml|json)$/, "");
  const parsed = parseScenarioText(text);
  const data = parsed.ok && typeof parsed.data === "object" && parsed.data !== null ? (parsed.data as Record<string, unknown>) : {};
  const name = typeof data.name === "string" ? data.name : id;
  const description = typeof data.description === "string" ? data.description : "";
  return { id, path: `scenarios/${path.replace(/^.*\//, "")}`, text, name, description, header: parseHeaderComment(text, name) };
}

const scenarioTexts = import.meta.glob("../scenarios/*.yaml", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const dataTexts = import.meta.glob("../scenarios/data/**/*", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

/** Every built-in scenario, by id. */
export const builtinScenarios: CatalogEntry[] = Object.entries(scenarioTexts)
  .map(([path, text]) => catalogEntry(path, text))
  .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/**
 * The data files, keyed as a scenario refers to them (relative to scenarios/, e.g.
 * "data/black-friday-2025.prom.json").
 */
export const builtinFiles: Record<string, string> = Object.fromEntries(
  Object.entries(dataTexts).map(([path, text]) => [path.replace(/^\.\.\/scenarios\//, ""), text] as const).sort(([a], [b]) => (a < b ? -1 : 1)),
);

/** The built-in scenario with this id, if any. */
export function findBuiltin(id: string): CatalogEntry | undefined {
  return builtinScenarios.find((entry) => entry.id === id);
}

/**
 * The data files a scenario refers to, from the built-in ones (paths relative to scenarios/,
 * as for the CLI run from the repository). Missing files are left out: the engine then
 * reports them at the field that names them.
 */
export function filesForScenario(text: string): Record<string, string> {
  // Through scenarioFacts' cache: starting a run reads the scenario for its label too.
  const parsed = scenarioFacts(text);
  if (!parsed.ok) return {};
  const files: Record<string, string> = {};
  for (const path of requiredFiles(parsed.facts.scenario)) {
    const key = path.replace(/^\.\//, "");
    if (builtinFiles[key] !== undefined) files[path] = builtinFiles[key];
  }
  return files;
}
