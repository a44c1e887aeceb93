/**
 * The resource limits of a scenario: the largest values the schema accepts for the fields that
 * size a run (nodes, users, rates, duration, windows). They are part of the contract, listed in
 * the README: a value beyond one is refused at validation with a message naming the maximum,
 * instead of building a model that cannot fit in memory or finish. What a run does at run time
 * with load it cannot keep up with is bounded separately (model/memory-guard.ts).
 */

/** Most nodes in one group at the start, and most an autoscaler may grow a group to. */
export const MAX_GROUP_NODES = 100_000;
/** Most nodes in all groups together at the start. */
export const MAX_TOTAL_NODES = 200_000;
/** Most users of a closed workload, instances of a placed service, or batch nodes. */
export const MAX_POPULATION = 1_000_000;
/** Highest arrival or write rate, per second (10 million/s). */
export const MAX_RATE = "10M/s";
/** Longest simulated duration (one year). */
export const MAX_DURATION = "365d";
/** Most metrics windows in one run (duration / window). */
export const MAX_WINDOWS = 100_000;
/** Most retries, fan-out calls, or phases where a count multiplies work per request. */
export const MAX_FANOUT = 10_000;
