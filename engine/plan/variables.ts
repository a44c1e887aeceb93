/**
 * Decision variables: the scenario fields the planner may change, each with its candidate values
 * listed in order of increasing capacity (the order the search relies on).
 *
 * Syntax (the CLI's `--vary`, also accepted by the web planner):
 *
 * | written                                               | values                               |
 * |-------------------------------------------------------|--------------------------------------|
 * | `topology.groups.web.count=4..128`                    | 4, 5, ..., 128                       |
 * | `topology.groups.db.count=3..9 step 2`                | 3, 5, 7, 9                           |
 * | `topology.groups.web.speed=1..2 step 0.25`            | 1, 1.25, 1.5, 1.75, 2                |
 * | `topology.groups.web.cores=2,4,8`                     | 2, 4, 8 (in the order written)       |
 * | `topology.groups.web.cores=2@0.096/h,4@0.192/h,8@0.384/h` | node types: each choice also sets the group's `price`; sorted by price |
 *
 * The path is an override path (see engine/input/overrides.ts). A range's ends are included;
 * its values are min + i * step (computed by multiplication, so no rounding drift). A choice
 * with `@price` must be a field of a node group (`topology.groups.<name>.<field>`), and then
 * every choice needs a price. Whether the values fit the field (`cores` is an integer >= 1) is
 * checked by the planner against the scenario, at every value of a choice list and at both ends
 * and the middle of a range.
 */
import { formatPath, parsePath, type Problem } from "../input/problems";
import { parseMoneyPerHour } from "../input/units";
import type { PlanOverride } from "./types";

/** Most values one variable may have (a range of a million steps is a typo, not a plan). */
export const VARIABLE_VALUES_MAX = 100_000;

/** A field the planner varies, with its candidate values in increasing-capacity order. */
export interface DecisionVariable {
  /** As written by the user, for messages. */
  text: string;
  /** The override path, normalised (`topology.groups.web.count`). */
  path: string;
  /** Short name for tables: the path without `topology.groups.` (`web.count`). */
  label: string;
  kind: "range" | "choice";
  /** Candidate values, smallest capacity first. */
  values: Array<number | string>;
  /** Node-type choices: price text per value (`0.192/h`) and in $/h; null otherwise. */
  prices: { texts: string[]; perHour: number[]; path: string } | null;
}

/** The result of {@link parseVariable}. */
export type ParseVariableResult = { ok: true; variable: DecisionVariable } | { ok: false; problem: Problem };

const NUMBER = String.raw`-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`;
const RANGE = new RegExp(String.raw`^\s*(${NUMBER})\s*\.\.\s*(${NUMBER})\s*(?:(?:step|/)\s*(${NUMBER})\s*)?$`);

/**
 * Reads one `path=values` decision variable (syntax in the file comment). Problems carry the
 * path as written, e.g. `--vary topology.groups.web.count: empty range 8..4; write min..max`.
 * Never throws.
 */
export function parseVariable(text: string): ParseVariableResult {
  const equals = text.indexOf("=");
  if (equals === -1) return fail("", `missing "=" in ${JSON.stringify(text)}; write path=min..max, e.g. topology.groups.web.count=4..64`);
  const pathText = text.slice(0, equals).trim();
  const valuesText = text.slice(equals + 1).trim();
  const path = parsePath(pathText);
  if (!path.ok) return fail(pathText, path.message);
  if (valuesText === "") return fail(pathText, "missing values after \"=\"; write min..max, min..max step k, or a list a,b,c");
  const normalised = formatPath(path.segments);
  const range = RANGE.exec(valuesText);
  if (range !== null) return parseRange({ text, path: normalised, min: Number(range[1]), max: Number(range[2]), step: range[3] === undefined ? 1 : Number(range[3]) });
  if (valuesText.includes("..")) return fail(normalised, `cannot read the range ${JSON.stringify(valuesText)}; write min..max or min..max step k, e.g. 3..9 step 2`);
  return parseChoices({ text, path: normalised, segments: path.segments, valuesText });
}

function fail(path: string, message: string): ParseVariableResult {
  return { ok: false, problem: { path, message } };
}

/** `web.count` for `topology.groups.web.count`; other paths unchanged. */
function labelOf(path: string): string {
  return path.startsWith("topology.groups.") ? path.slice("topology.groups.".length) : path;
}

function parseRange(range: { text: string; path: string; min: number; max: number; step: number }): ParseVariableResult {
  const { path, min, max, step } = range;
  if (!(step > 0)) return fail(path, `step must be > 0, got ${step}`);
  if (!(min <= max)) return fail(path, `empty range ${min}..${max}; write min..max with min <= max`);
  // A tiny slack so that 1..2 step 0.1 includes 2 despite 10 * 0.1 rounding.
  const count = Math.floor((max - min) / step + 1e-9) + 1;
  if (count > VARIABLE_VALUES_MAX) return fail(path, `${count} values in ${min}..${max} step ${step}; at most ${VARIABLE_VALUES_MAX}; use a coarser step`);
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push(Number((min + i * step).toPrecision(12)));
  return { ok: true, variable: { text: range.text, path, label: labelOf(path), kind: "range", values, prices: null } };
}

/** A list item: a number if it reads as one, otherwise the text. */
function choiceValue(text: string): number | string {
  return new RegExp(`^${NUMBER}$`).test(text) ? Number(text) : text;
}

function parseChoices(choices: { text: string; path: string; segments: ReadonlyArray<string | number>; valuesText: string }): ParseVariableResult {
  const { path } = choices;
  const items = choices.valuesText.split(",").map((item) => item.trim());
  if (items.some((item) => item === "")) return fail(path, `empty choice in ${JSON.stringify(choices.valuesText)}; write a,b,c`);
  const priced = items.filter((item) => item.includes("@")).length;
  if (priced === 0) {
    const values = items.map(choiceValue);
    const duplicate = values.find((value, i) => values.indexOf(value) !== i);
    if (duplicate !== undefined) return fail(path, `${JSON.stringify(duplicate)} is listed twice`);
    return { ok: true, variable: { text: choices.text, path, label: labelOf(path), kind: "choice", values, prices: null } };
  }
  if (priced !== items.length) return fail(path, "give a price for every choice (value@price, e.g. 4@0.192/h) or for none");
  const { segments } = choices;
  if (!(segments.length === 4 && segments[0] === "topology" && segments[1] === "groups")) {
    return fail(path, `a price per choice belongs to a node group's field (topology.groups.<name>.<field>), got ${path}`);
  }
  const parsed: Array<{ value: number | string; priceText: string; perHour: number; order: number }> = [];
  for (const [order, item] of items.entries()) {
    const at = item.indexOf("@");
    const priceText = item.slice(at + 1).trim();
    const price = parseMoneyPerHour(priceText);
    if (!price.ok) return fail(path, `price of choice ${JSON.stringify(item.slice(0, at).trim())}: ${price.message}`);
    const value = choiceValue(item.slice(0, at).trim());
    if (parsed.some((p) => p.value === value)) return fail(path, `${JSON.stringify(value)} is listed twice`);
    parsed.push({ value, priceText, perHour: price.value, order });
  }
  // Node types are ordered by price: the search assumes a dearer type has more capacity.
  parsed.sort((a, b) => a.perHour - b.perHour || a.order - b.order);
  const pricePath = formatPath([...segments.slice(0, 3), "price"]);
  const prices = { texts: parsed.map((p) => p.priceText), perHour: parsed.map((p) => p.perHour), path: pricePath };
  return { ok: true, variable: { text: choices.text, path, label: labelOf(path), kind: "choice", values: parsed.map((p) => p.value), prices } };
}

/** The overrides that set `variable` to its value at `index` (and the group's price for a node type). */
export function variableOverrides(variable: DecisionVariable, index: number): PlanOverride[] {
  const overrides: PlanOverride[] = [{ path: variable.path, value: variable.values[index] }];
  if (variable.prices !== null) overrides.push({ path: variable.prices.path, value: variable.prices.texts[index] });
  return overrides;
}

/** `web.count=12` or, for a node type, `web.cores=4 (0.192/h)`. */
export function formatAssignment(variable: DecisionVariable, index: number): string {
  const price = variable.prices === null ? "" : ` (${variable.prices.texts[index]})`;
  return `${variable.label}=${variable.values[index]}${price}`;
}
