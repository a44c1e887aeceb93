/**
 * What `compare` accepts: checks, field by field, that a parsed JSON file has every value the
 * comparison reads, so a partial or hand-edited Result is a one-line error with the path of the
 * first wrong field (exit 2), never a crash deep inside the table code.
 */
import { CliError, ExitCode } from "../exit-codes";

type Check = (value: unknown, at: string) => string | null;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const describe = (value: unknown): string => (value === undefined ? "nothing" : Array.isArray(value) ? "a list" : value === null ? "null" : typeof value === "object" ? "an object" : JSON.stringify(value).slice(0, 40));
const expected = (what: string, value: unknown, at: string): string => `${at}: expected ${what}, got ${describe(value)}`;

const number: Check = (v, at) => (typeof v === "number" && Number.isFinite(v) ? null : expected("a number", v, at));
const numberOrNull: Check = (v, at) => (v === null || (typeof v === "number" && Number.isFinite(v)) ? null : expected("a number or null", v, at));
const string: Check = (v, at) => (typeof v === "string" ? null : expected("a string", v, at));
const boolean: Check = (v, at) => (typeof v === "boolean" ? null : expected("true or false", v, at));
const kind: Check = (v, at) => (v === "latency" || v === "availability" ? null : expected('"latency" or "availability"', v, at));

/** An object whose listed fields pass their checks (other fields are ignored). */
const object = (fields: Record<string, Check>): Check => (v, at) => {
  if (!isObject(v)) return expected("an object", v, at);
  for (const [key, check] of Object.entries(fields)) {
    const problem = check(v[key], `${at}.${key}`);
    if (problem !== null) return problem;
  }
  return null;
};
const list = (item: Check, min = 0): Check => (v, at) => {
  if (!Array.isArray(v)) return expected("a list", v, at);
  if (v.length < min) return `${at}: expected at least ${min} item${min === 1 ? "" : "s"}, got ${v.length}`;
  for (let i = 0; i < v.length; i++) {
    const problem = item(v[i], `${at}[${i}]`);
    if (problem !== null) return problem;
  }
  return null;
};
const optional = (check: Check): Check => (v, at) => (v === undefined ? null : check(v, at));
/** null, or a value that passes `check`. */
const orNull = (check: Check): Check => (v, at) => (v === null ? null : check(v, at));

/** The fields of a Result that compare reads (headline metrics, SLOs, the label). */
const resultCheck = object({
  scenario: string,
  seed: number,
  requests: object({
    offered: numberOrNull, offeredPerS: numberOrNull, goodputPerS: numberOrNull, failedPerS: numberOrNull, successRate: numberOrNull,
    latencyMs: object({ mean: numberOrNull, p50: numberOrNull, p90: numberOrNull, p99: numberOrNull, p999: numberOrNull }),
  }),
  groups: list(object({ capacity: orNull(object({ servingShare: number, bootingShare: number, drainingShare: number, downShare: number, provisionedNodeHours: number })) })),
  cost: object({ total: numberOrNull }),
  slos: list(object({ name: string, kind, passed: boolean, measured: numberOrNull })),
});

/** The fields of a replication set that compare reads. */
const setCheck = object({
  scenario: string,
  seedFirst: number,
  replications: number,
  results: list(resultCheck, 1),
  slos: list(object({ name: string, kind, passed: optional(boolean), measured: object({ mean: numberOrNull }) })),
});

/**
 * Checks a parsed Result (`set` false) or replication set (`set` true) from `file`.
 * @throws CliError (exit 2): `a.json: requests.latencyMs: expected an object, got nothing; …`.
 */
export function checkCompareInput(value: unknown, file: string, set: boolean): void {
  const problem = (set ? setCheck : resultCheck)(value, "$");
  if (problem === null) return;
  const where = problem.replace(/^\$\.?/, "");
  throw new CliError(`${file}: ${where.startsWith(":") ? `the top level${where}` : where}; not a complete clustersim ${set ? "replication set" : "Result"} (write it with clustersim run --json)`, ExitCode.usage);
}
