/**
 * The compiled form of a replicated stateful service (Raft with PreVote and CheckQuorum, see
 * replicated-service.ts): indexes into the spec's services and zones, times in ms, rates per
 * second. engine/scenario/compile-operations.ts builds it; the operations mechanisms install it.
 */

/** A replicated stateful service: leader election and quorum writes (see replicated-service.ts). */
export interface ReplicatedSpec {
  serviceIndex: number;
  /** Majority votes and majority acknowledgements (true), or neither (split-brain possible). */
  quorum: boolean;
  electionTimeoutMinMs: number;
  electionTimeoutMaxMs: number;
  heartbeatIntervalMs: number;
  writes: {
    ratePerS: number;
    timeoutMs: number;
    /** Zones the writing clients sit in, spread evenly (indexes into zones). */
    clientZoneIndexes: number[];
    /** Pause before trying another replica when one answers without a leader hint, ms. */
    retryBackoffMs: number;
  };
}
