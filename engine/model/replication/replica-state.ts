/**
 * The state of the replicas of one replicated service, as parallel arrays indexed by replica
 * (see replicated-service.ts). Raft's persistent state (term, vote, log) survives a crash;
 * the volatile rest is reset by {@link ReplicaStateTable.resetVolatile}.
 */
import { RaftLog } from "./raft-log";

/** Replica roles. */
export const ROLE_FOLLOWER = 0;
export const ROLE_CANDIDATE = 1;
export const ROLE_LEADER = 2;

/** A write the leader appended and has not acknowledged yet (waiting for commit). */
export interface PendingWrite {
  index: number;
  write: number;
  gen: number;
}

/** Protocol state of `count` replicas, as parallel arrays indexed by replica. */
export class ReplicaStateTable {
  // Persistent (Raft's currentTerm, votedFor, log[]).
  readonly term: Int32Array;
  /** Replica voted for in the current term, or -1. */
  readonly votedFor: Int32Array;
  readonly log: RaftLog[];
  // Volatile.
  readonly role: Uint8Array;
  /** The replica believed to lead, or -1. */
  readonly leaderHint: Int32Array;
  readonly commitIndex: Int32Array;
  readonly electionDeadlineMs: Float64Array;
  /** Node incarnation last seen: a change means the replica crashed and came back. */
  readonly incarnation: Int32Array;
  /** Votes gathered as a candidate in the current term. */
  readonly votes: Int32Array;
  /** Reign of a leader (its time in office, numbered by the service), 0 otherwise. */
  readonly reign: Int32Array;
  /** Leader r's next and match index for follower f at [r * n + f]. */
  readonly nextIndex: Int32Array;
  readonly matchIndex: Int32Array;
  readonly pending: PendingWrite[][];
  /** Leader r's last reply from follower f at [r * n + f], ms (for CheckQuorum). */
  readonly lastReplyMs: Float64Array;
  /** When replica r became leader, ms. */
  readonly leaderSinceMs: Float64Array;
  /** When replica r last heard from a leader it accepted, ms (pre-votes are refused until it times out). */
  readonly leaderContactMs: Float64Array;
  /** Pre-vote round of replica r (to ignore late answers) and the grants it gathered. */
  readonly preVoteRound: Int32Array;
  readonly preVotes: Int32Array;

  constructor(readonly count: number) {
    const n = count;
    this.term = new Int32Array(n);
    this.votedFor = new Int32Array(n).fill(-1);
    this.log = Array.from({ length: n }, () => new RaftLog());
    this.role = new Uint8Array(n);
    this.leaderHint = new Int32Array(n).fill(-1);
    this.commitIndex = new Int32Array(n);
    this.electionDeadlineMs = new Float64Array(n);
    this.incarnation = new Int32Array(n);
    this.votes = new Int32Array(n);
    this.reign = new Int32Array(n);
    this.nextIndex = new Int32Array(n * n);
    this.matchIndex = new Int32Array(n * n);
    this.pending = Array.from({ length: n }, () => []);
    this.lastReplyMs = new Float64Array(n * n);
    this.leaderSinceMs = new Float64Array(n);
    this.leaderContactMs = new Float64Array(n).fill(-Infinity);
    this.preVoteRound = new Int32Array(n);
    this.preVotes = new Int32Array(n);
  }

  /** A replica back from a crash: a follower that knows no leader and no commit. */
  resetVolatile(r: number): void {
    this.role[r] = ROLE_FOLLOWER;
    this.leaderHint[r] = -1;
    this.commitIndex[r] = 0;
    this.votes[r] = 0;
    this.reign[r] = 0;
    this.pending[r]!.length = 0;
  }
}
