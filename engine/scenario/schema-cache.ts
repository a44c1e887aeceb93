/**
 * Scenario schema for caches (issue 9): a service marked as a cache keeps, on each of its
 * nodes, a cache of objects in front of its downstream calls (engine/model/cache/cache-tier.ts).
 *
 * ```yaml
 * services:
 *   - name: edge
 *     groups: [edge]
 *     balancer: { policy: hash }          # each key lives on one node (rendezvous hashing)
 *     serviceTime: 0.5ms                   # a lookup; a hit answers after it
 *     cache:
 *       capacity: 100k                     # objects per node
 *       policy: lru                        # or lfu
 *       ttl: 5m                            # optional: objects expire 5 minutes after a fill
 *       ttlJitter: 20%                     # optional: each fill lives U[4m, 5m] instead
 *       coalesce: true                     # concurrent misses for a key share one fetch
 *       keys:
 *         zipf: 0.99                       # P(rank k) ∝ 1/k^0.99 ...
 *         count: 1M                        # ... over a catalogue of a million objects
 *         # table: [30, 20, 10, 5]         # or relative weights by rank
 *         hot:                             # a launch: new keys take a share of requests
 *           - { at: 10m, ramp: 1m, for: 20m, share: 30%, keys: 5 }
 * ```
 *
 * A miss runs the hop's downstream `calls` (the origin fetch); a hit skips them. Launch keys
 * and times are checked against the run in compile-cache.ts.
 */
import { s, type Infer, type JsonSchema, type ParseContext } from "../input/schema";
import { describeValue } from "../input/problems";

/** Objects a node may cache, at most: 36 to 80 bytes each (LRU to LFU), so 10M is 0.4 to 0.8 GB per node. */
export const CACHE_CAPACITY_MAX = 10_000_000;
/** Keys in a catalogue, at most (keys are int32, launch keys come after the catalogue). */
export const CATALOGUE_KEYS_MAX = 1_000_000_000;
/** Entries of a popularity table, at most. */
export const POPULARITY_TABLE_MAX = 100_000;

const COUNT_PATTERN = "^(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?[kMG]?$";
const COUNT_MULTIPLIERS: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9 };

/** Reads a count written as an integer or with a decimal multiplier: 5000, "100k", "1.5M". */
export function parseCount(value: unknown): { ok: true; value: number } | { ok: false; message: string } {
  const expected = `a count like 100000, "100k" or "1.5M"`;
  let count: number;
  if (typeof value === "number") {
    count = value;
  } else if (typeof value === "string" && new RegExp(COUNT_PATTERN).test(value.trim())) {
    const text = value.trim();
    const multiplier = COUNT_MULTIPLIERS[text.slice(-1)];
    // Scale by decimal digits to keep "1.1k" exact (1.1 * 1000 is 1100.0000000000002).
    count = multiplier === undefined ? Number(text) : Math.round(Number(text.slice(0, -1)) * multiplier * 1e6) / 1e6;
  } else {
    return { ok: false, message: `expected ${expected}, got ${describeValue(value)}` };
  }
  if (!Number.isFinite(count) || !Number.isInteger(count)) return { ok: false, message: `must be a whole number of objects, got ${describeValue(value)}` };
  return { ok: true, value: count };
}

/** A count of objects ("100k") between `min` and `max`. */
function countNode(description: string, bounds: { min: number; max: number }) {
  return s.custom<number, number | string>({
    description,
    expected: `a count like 100000 or "100k"`,
    accepts: (v) => typeof v === "number" || typeof v === "string",
    jsonSchema: { anyOf: [{ type: "integer", minimum: bounds.min, maximum: bounds.max }, { type: "string", pattern: COUNT_PATTERN }] } satisfies JsonSchema,
    parse(value: unknown, ctx: ParseContext): number | undefined {
      const parsed = parseCount(value);
      if (!parsed.ok) {
        ctx.addProblem(parsed.message);
        return undefined;
      }
      if (parsed.value < bounds.min || parsed.value > bounds.max) {
        ctx.addProblem(`must be between ${bounds.min} and ${bounds.max.toLocaleString("en-US")}, got ${parsed.value}`);
        return undefined;
      }
      return parsed.value;
    },
  });
}

/** A launch: from `at`, `share` of requests ask for `keys` new objects. */
const hotSchema = s.object({
  at: s.duration({ description: "When the launch starts." }),
  ramp: s.withDefault(s.duration({ description: "The share grows linearly from 0 over this long." }), "0s"),
  for: s.optional(s.duration({ exclusiveMin: 0, description: "How long the launch content stays hot (default: to the end of the run)." })),
  share: s.percent({ exclusiveMin: "0%", description: "Share of the service's requests that ask for the launch's keys, e.g. 30%." }),
  keys: s.withDefault(s.integer({ min: 1, max: 1_000_000, description: "New objects the launch adds (requested equally)." }), 1),
}, { description: "A popular-content spike: new keys, never requested before, take a share of the requests." });

const keysSchema = s.object({
  zipf: s.optional(s.number({ min: 0, max: 10, description: "Zipf exponent s: P(rank k) ∝ 1/k^s (0 is uniform; web caches see 0.6 to 1)." })),
  count: s.optional(countNode("Objects in the catalogue (with zipf), e.g. 1M.", { min: 1, max: CATALOGUE_KEYS_MAX })),
  table: s.optional(s.array(s.number({ min: 0 }), { minItems: 1, maxItems: POPULARITY_TABLE_MAX, description: "Relative request weights by rank, most popular first (instead of zipf and count)." })),
  hot: s.withDefault(s.array(hotSchema, { description: "Launches: from a time on, new keys take a share of requests." }), []),
}, { description: "Which object each request asks for: a popularity law over a catalogue, plus launches." }).refine((keys, ctx) => {
  if ((keys.zipf === undefined) === (keys.table === undefined)) {
    ctx.addProblem(keys.zipf === undefined ? "give zipf (with count) or table" : "give zipf or table, not both");
    return;
  }
  if (keys.zipf !== undefined && keys.count === undefined) ctx.addProblem("required with zipf: the number of objects, e.g. 1M", "count");
  if (keys.table !== undefined && keys.count !== undefined) ctx.addProblem("only with zipf (a table's length is its count)", "count");
  if (keys.table !== undefined && !keys.table.some((w) => w > 0)) ctx.addProblem("needs at least one weight > 0", "table");
});

/** `services[i].cache`: the service caches objects on each node in front of its calls. */
export const cacheSchema = s.object({
  capacity: countNode("Objects each node can hold, e.g. 100k.", { min: 1, max: CACHE_CAPACITY_MAX }),
  policy: s.withDefault(s.enumOf(["lru", "lfu"] as const, { description: "Eviction: least recently used, or least frequently used (counts kept while cached)." }), "lru"),
  ttl: s.optional(s.duration({ exclusiveMin: 0, description: "Objects expire this long after they are filled (default: never)." })),
  ttlJitter: s.optional(s.percent({ allowFraction: true, min: "0%", exclusiveMax: "100%", description: "Jittered expiry (needs ttl): each fill lives a random time drawn uniformly from [ttl·(1 − ttlJitter), ttl], e.g. 0.2 or 20%, so objects filled together do not all expire together (default: 0, every fill lives exactly ttl)." })),
  coalesce: s.withDefault(s.boolean({ description: "Concurrent misses for one key on one node wait for the single fetch in flight instead of each fetching." }), false),
  keys: keysSchema,
}, { description: "A cache on each node: a hit answers after the service time without the hop's calls; a miss runs them (the origin fetch) and fills the cache." }).refine((cache, ctx) => {
  if (cache.ttlJitter !== undefined && cache.ttl === undefined) ctx.addProblem("needs ttl: jitter shortens each fill's lifetime below ttl, and there is no ttl", "ttlJitter");
});

/** A validated `services[i].cache`. */
export type CacheValue = Infer<typeof cacheSchema>;
