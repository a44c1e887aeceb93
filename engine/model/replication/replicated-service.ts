/**
 * A replicated stateful service (a database cluster): the nodes of a service's groups are
 * replicas running a Raft-like protocol (Ongaro & Ousterhout, "In Search of an Understandable
 * Consensus Algorithm", 2014), and a write workload of its own (replicated-clients.ts).
 *
 * With quorum on, this is Raft's core: randomized election timeouts, terms, one vote per term,
 * the election restriction (vote only for a log at least as up to date), AppendEntries with
 * consistency check and truncation, a no-op entry at the start of each leadership, and
 * commitment by majority match (only entries of the leader's own term count directly), and
 * the two extensions production systems (etcd, CockroachDB) run with: CheckQuorum (a leader
 * that has not heard from a majority for an election timeout steps down) and PreVote (a
 * replica asks before raising its term, so a cut-off replica cannot disrupt the cluster). A write is acknowledged once committed. During a partition only a side holding a
 * majority can elect a leader or commit; a stale leader on the minority side accepts writes
 * that never commit until CheckQuorum retires it, and its clients' writes time out.
 *
 * With quorum off ("async replication with naive failover"): a replica whose election timer
 * fires makes itself leader without votes, and a leader acknowledges a write as soon as it is
 * in its own log, replicating it afterwards. A partition then gives each side a leader that
 * accepts writes (split-brain); when it heals, the higher term wins and the loser's
 * acknowledged writes are overwritten: lost.
 *
 * Why a dedicated write workload rather than request classes calling the service: a write's
 * answer depends on the consensus round (commit after a quorum), which the request model's
 * hops cannot wait for, and a lost write is only visible when each acknowledgement is tied
 * to a log position. Here every acknowledgement is, so lost and conflicting writes are exact
 * counts, not estimates. The service can still take ordinary request traffic as well.
 *
 * Replicas keep term, vote and log across a crash and lose the rest (role, commit index,
 * pending writes). A crash is noticed when the replica's next timer or message finds its node
 * down or its incarnation changed (within one heartbeat interval for a leader). Messages are
 * kernel callbacks (a few per write; this is not the request model's hot path) sent over the
 * model's network with this service's own random streams, so partitions and node isolation
 * apply and requests draw the same numbers with or without it.
 */
import type { RandomStream } from "../../core/rng";
import type { ClusterModel } from "../cluster-model";
import { NODE_UP } from "../nodes";
import type { ReplicatedSpec } from "./replicated-spec";
import { RaftLog } from "./raft-log";
import { ReplicaStateTable, ROLE_CANDIDATE, ROLE_FOLLOWER, ROLE_LEADER } from "./replica-state";
import { WriteClients } from "./replicated-clients";

/** The handlers a replica message may name (see ReplicatedService.send). */
type MessageHandler = "onPreVote" | "onPreVoteReply" | "onRequestVote" | "onVoteReply" | "onAppend" | "onAppendReply";

/** A leader elected (or installed at the start): for the timeline and for safety checks. */
export interface Election {
  atMs: number;
  term: number;
  replica: number;
  reign: number;
  votes: number;
}

/** One replicated service: its replicas' protocol state, elections and the writes it acknowledged. */
export class ReplicatedService {
  readonly name: string;
  /** Node index of each replica. */
  readonly replicaNodes: number[];
  readonly majority: number;
  readonly state: ReplicaStateTable;
  readonly elections: Election[] = [];
  /** Per reign (index): term, first write index, highest acknowledged index. */
  readonly reignTerm: number[] = [0];
  readonly reignFirstWrite: number[] = [0];
  readonly reignAckedMax: number[] = [0];
  electionsStarted = 0;
  readonly clients: WriteClients;
  private leaders = 0;
  leadersMax = 0;
  /** Most leaders at once in the current metrics window (the series' point at its close). */
  private windowLeadersMax = 0;
  private multipleLeadersSinceMs = -1;
  multipleLeadersMs = 0;
  private readonly electionStreams: RandomStream[];
  private readonly net: { latency: RandomStream; loss: RandomStream };

  constructor(private readonly model: ClusterModel, readonly spec: ReplicatedSpec) {
    const service = model.spec.services[spec.serviceIndex]!;
    this.name = service.name;
    const nodes = model.nodes;
    this.replicaNodes = [];
    for (let node = 0; node < nodes.count; node++) if (service.groupIndexes.includes(nodes.group[node]!)) this.replicaNodes.push(node);
    const n = this.replicaNodes.length;
    this.majority = spec.quorum ? Math.floor(n / 2) + 1 : 1;
    this.state = new ReplicaStateTable(n);
    const streams = model.sim.streams;
    this.electionStreams = this.replicaNodes.map((node) => streams.get(`replicated/${this.name}/${nodes.names[node]}/election`));
    this.net = { latency: streams.get(`replicated/${this.name}/network/latency`), loss: streams.get(`replicated/${this.name}/network/loss`) };
    this.clients = new WriteClients(model, spec, {
      name: this.name,
      replicaNodes: this.replicaNodes,
      net: this.net,
      alive: (r) => this.alive(r),
      onWriteAtReplica: (r, id, gen) => this.onWriteAtReplica(r, id, gen),
    });
  }

  /** Installs replica 0 as leader of term 1 (a cluster already running), starts timers and writes, and its leaders series. */
  start(): void {
    const leaders = { name: this.name, leadersMax: [] as number[] };
    this.model.series.series.replicated.push(leaders);
    this.model.series.addContributor(() => {
      leaders.leadersMax.push(this.windowLeadersMax);
      this.windowLeadersMax = this.leaders;
    });
    const n = this.replicaNodes.length;
    if (n === 0) return;
    for (let r = 0; r < n; r++) {
      this.state.term[r] = 1;
      this.state.incarnation[r] = this.model.nodes.incarnation[this.replicaNodes[r]!]!;
      this.state.leaderHint[r] = 0;
      this.armElectionTimer(r);
    }
    this.becomeLeader(0, n);
    this.clients.start();
  }

  // ---------------------------------------------------------------- replicas and timers

  /** Whether replica `r` is up; resets its volatile state if it crashed since we last looked. */
  private alive(r: number): boolean {
    const node = this.replicaNodes[r]!;
    const nodes = this.model.nodes;
    if (nodes.state[node] !== NODE_UP) {
      if (this.state.role[r] === ROLE_LEADER) this.stepDown(r);
      return false;
    }
    if (nodes.incarnation[node] !== this.state.incarnation[r]) {
      this.state.incarnation[r] = nodes.incarnation[node]!;
      if (this.state.role[r] === ROLE_LEADER) this.stepDown(r);
      this.state.resetVolatile(r);
      this.resetElectionDeadline(r);
    }
    return true;
  }

  private randomTimeoutMs(r: number): number {
    const { electionTimeoutMinMs: min, electionTimeoutMaxMs: max } = this.spec;
    return min + (max - min) * this.electionStreams[r]!.next();
  }

  private resetElectionDeadline(r: number): void {
    this.state.electionDeadlineMs[r] = this.model.sim.nowMs + this.randomTimeoutMs(r);
  }

  /** One perpetual timer per replica, fired at its (lazily moved) election deadline. */
  private armElectionTimer(r: number): void {
    this.resetElectionDeadline(r);
    this.model.sim.callMethodAt(this.state.electionDeadlineMs[r]!, this, "electionTimerFires", r);
  }

  /** Replica `r`'s election timer fires (a kernel event; see armElectionTimer). */
  electionTimerFires(r: number): void {
    const nowMs = this.model.sim.nowMs;
    const deadline = this.state.electionDeadlineMs[r]!;
    if (nowMs < deadline) {
      this.model.sim.callMethodAt(deadline, this, "electionTimerFires", r);
      return;
    }
    if (this.alive(r) && this.state.role[r] !== ROLE_LEADER) this.startPreVote(r);
    this.resetElectionDeadline(r);
    this.model.sim.callMethodAt(this.state.electionDeadlineMs[r]!, this, "electionTimerFires", r);
  }

  /**
   * Sends a message from replica `from` to `to`: on arrival, if `to` is alive, its handler
   * `this[handler](...args)` runs. The message is plain data in the event queue (a snapshot
   * carries it; a closure it could not).
   */
  private send(from: number, to: number, handler: MessageHandler, args: unknown[]): void {
    const nodes = this.model.nodes;
    const fromNode = this.replicaNodes[from]!;
    const toNode = this.replicaNodes[to]!;
    const delayMs = this.model.network.delayWithStreamsMs(this.net, nodes.zone[fromNode]!, nodes.zone[toNode]!, toNode, fromNode);
    if (delayMs < 0) return;
    this.model.sim.callMethodAfter(delayMs, this, "deliver", { to, handler, args });
  }

  /** A message reaches replica `message.to` (a kernel event; see {@link send}). */
  deliver(message: { to: number; handler: MessageHandler; args: unknown[] }): void {
    if (this.alive(message.to)) (this[message.handler] as (...args: unknown[]) => void)(...message.args);
  }

  /** Adopts a newer term seen in a message: follower, no vote yet. */
  private observeTerm(r: number, term: number): void {
    const s = this.state;
    if (term <= s.term[r]!) return;
    s.term[r] = term;
    s.votedFor[r] = -1;
    s.preVoteRound[r]!++; // a pre-vote asked for the old term + 1: its answers no longer count
    if (s.role[r] === ROLE_LEADER) this.stepDown(r);
    s.role[r] = ROLE_FOLLOWER;
  }

  private stepDown(r: number): void {
    const s = this.state;
    if (s.role[r] === ROLE_LEADER) this.countLeaders(-1);
    s.role[r] = ROLE_FOLLOWER;
    s.reign[r] = 0;
    s.pending[r]!.length = 0;
  }

  private countLeaders(delta: number): void {
    const nowMs = this.model.sim.nowMs;
    if (this.leaders >= 2 && this.multipleLeadersSinceMs >= 0) this.multipleLeadersMs += nowMs - this.multipleLeadersSinceMs;
    this.leaders += delta;
    this.leadersMax = Math.max(this.leadersMax, this.leaders);
    this.windowLeadersMax = Math.max(this.windowLeadersMax, this.leaders);
    this.multipleLeadersSinceMs = this.leaders >= 2 ? nowMs : -1;
  }

  /** Time with two or more leaders up to `endMs` (closes an open stretch without ending it). */
  multipleLeadersUntil(endMs: number): number {
    return this.multipleLeadersMs + (this.leaders >= 2 && this.multipleLeadersSinceMs >= 0 ? endMs - this.multipleLeadersSinceMs : 0);
  }

  // ---------------------------------------------------------------- elections

  /**
   * Pre-vote (Raft thesis §9.6): before raising its term, a would-be candidate asks whether a
   * majority would vote for it. Replicas that still hear a leader refuse, so a replica cut off
   * on a minority side never inflates its term and never disrupts the leader when the
   * partition heals. With quorum off there is nobody to ask.
   */
  private startPreVote(c: number): void {
    if (!this.spec.quorum) return this.startElection(c);
    const s = this.state;
    const round = ++s.preVoteRound[c]!;
    s.preVotes[c] = 1;
    const term = s.term[c]! + 1;
    const lastIndex = s.log[c]!.lastIndex;
    const lastTerm = this.reignTerm[s.log[c]!.lastReign]!;
    for (let q = 0; q < this.replicaNodes.length; q++) {
      if (q !== c) this.send(c, q, "onPreVote", [q, c, term, lastIndex, lastTerm, round]);
    }
  }

  private onPreVote(q: number, c: number, term: number, lastIndex: number, lastTerm: number, round: number): void {
    const s = this.state;
    const hearsLeader = s.role[q] === ROLE_LEADER || this.model.sim.nowMs - s.leaderContactMs[q]! < this.spec.electionTimeoutMinMs;
    const granted = term > s.term[q]! && !hearsLeader && this.logUpToDate(q, lastIndex, lastTerm);
    this.send(q, c, "onPreVoteReply", [c, round, granted]);
  }

  private onPreVoteReply(c: number, round: number, granted: boolean): void {
    const s = this.state;
    if (!granted || s.preVoteRound[c] !== round || s.role[c] === ROLE_LEADER) return;
    s.preVotes[c]!++;
    if (s.preVotes[c] === this.majority) this.startElection(c);
  }

  /** Raft's election restriction: the candidate's log is at least as up to date as q's. */
  private logUpToDate(q: number, lastIndex: number, lastTerm: number): boolean {
    const log = this.state.log[q]!;
    const myLastTerm = this.reignTerm[log.lastReign]!;
    return lastTerm > myLastTerm || (lastTerm === myLastTerm && lastIndex >= log.lastIndex);
  }

  private startElection(c: number): void {
    const s = this.state;
    s.term[c]!++;
    s.role[c] = ROLE_CANDIDATE;
    s.votedFor[c] = c;
    s.votes[c] = 1;
    this.electionsStarted++;
    if (s.votes[c]! >= this.majority) return this.becomeLeader(c, 1);
    const term = s.term[c]!;
    const lastIndex = s.log[c]!.lastIndex;
    const lastTerm = this.reignTerm[s.log[c]!.lastReign]!;
    for (let q = 0; q < this.replicaNodes.length; q++) {
      if (q !== c) this.send(c, q, "onRequestVote", [q, c, term, lastIndex, lastTerm]);
    }
  }

  private onRequestVote(q: number, c: number, term: number, lastIndex: number, lastTerm: number): void {
    const s = this.state;
    this.observeTerm(q, term);
    const granted = term === s.term[q] && (s.votedFor[q] === -1 || s.votedFor[q] === c) && this.logUpToDate(q, lastIndex, lastTerm);
    if (granted) {
      s.votedFor[q] = c;
      s.preVoteRound[q]!++; // it backs another candidate now
      this.resetElectionDeadline(q);
    }
    const replyTerm = s.term[q]!;
    this.send(q, c, "onVoteReply", [c, replyTerm, granted]);
  }

  private onVoteReply(c: number, term: number, granted: boolean): void {
    const s = this.state;
    this.observeTerm(c, term);
    if (s.role[c] !== ROLE_CANDIDATE || s.term[c] !== term || !granted) return;
    s.votes[c]!++;
    if (s.votes[c] === this.majority) this.becomeLeader(c, s.votes[c]!);
  }

  private becomeLeader(r: number, votes: number): void {
    const s = this.state;
    const n = this.replicaNodes.length;
    const reign = this.reignTerm.length;
    s.role[r] = ROLE_LEADER;
    s.reign[r] = reign;
    s.leaderSinceMs[r] = this.model.sim.nowMs;
    s.leaderHint[r] = r;
    const log = s.log[r]!;
    for (let f = 0; f < n; f++) {
      s.nextIndex[r * n + f] = log.lastIndex + 1;
      s.matchIndex[r * n + f] = 0;
    }
    // A no-op entry of the new reign lets earlier entries commit (Raft §8).
    log.append(reign, 1);
    this.reignTerm.push(s.term[r]!);
    this.reignFirstWrite.push(log.lastIndex + 1);
    this.reignAckedMax.push(log.lastIndex);
    if (!this.spec.quorum) s.commitIndex[r] = log.lastIndex;
    this.countLeaders(+1);
    const nowMs = this.model.sim.nowMs;
    this.elections.push({ atMs: nowMs, term: s.term[r]!, replica: r, reign, votes });
    const nodeName = this.model.nodes.names[this.replicaNodes[r]!]!;
    if (reign > 1) this.model.note("leader-elected", this.name, `${nodeName}, term ${s.term[r]}, ${votes} of ${n} votes`);
    this.heartbeat(r, reign);
  }

  // ---------------------------------------------------------------- replication

  private heartbeat(r: number, reign: number): void {
    if (!this.alive(r) || this.state.reign[r] !== reign) return;
    if (this.spec.quorum && !this.hearsMajority(r)) {
      // CheckQuorum (Raft thesis §6.2): a leader cut off from a majority steps down, so its
      // clients are told to look elsewhere instead of waiting for commits that cannot come.
      this.stepDown(r);
      this.state.leaderHint[r] = -1;
      return;
    }
    this.replicateAll(r);
    this.model.sim.callMethodAfter(this.spec.heartbeatIntervalMs, this, "heartbeatDue", [r, reign]);
  }

  /** Leader `r`'s next heartbeat of reign `reign` (a kernel event). */
  heartbeatDue([r, reign]: readonly [number, number]): void {
    this.heartbeat(r, reign);
  }

  /** Whether a majority (itself included) answered within the last election timeout. */
  private hearsMajority(r: number): boolean {
    const s = this.state;
    const n = this.replicaNodes.length;
    const sinceMs = this.model.sim.nowMs - this.spec.electionTimeoutMaxMs;
    if (s.leaderSinceMs[r]! > sinceMs) return true;
    let heard = 1;
    for (let f = 0; f < n; f++) if (f !== r && s.lastReplyMs[r * n + f]! >= sinceMs) heard++;
    return heard >= this.majority;
  }

  private replicateAll(r: number): void {
    for (let f = 0; f < this.replicaNodes.length; f++) if (f !== r) this.sendAppend(r, f);
  }

  private sendAppend(r: number, f: number): void {
    const s = this.state;
    const n = this.replicaNodes.length;
    const log = s.log[r]!;
    const prevIndex = s.nextIndex[r * n + f]! - 1;
    const prevReign = log.reignAt(prevIndex);
    const segments = log.segmentsAfter(prevIndex);
    const term = s.term[r]!;
    const reign = s.reign[r]!;
    const leaderCommit = s.commitIndex[r]!;
    this.send(r, f, "onAppend", [f, r, { term, reign, prevIndex, prevReign, segments, leaderCommit }]);
  }

  private onAppend(f: number, r: number, m: AppendMessage): void {
    const s = this.state;
    this.observeTerm(f, m.term);
    if (m.term < s.term[f]!) {
      const replyTerm = s.term[f]!;
      return this.send(f, r, "onAppendReply", [r, f, m.reign, replyTerm, false, -1]);
    }
    // Same term: a candidate yields; with quorum off two leaders may share a term, and both yield.
    if (s.role[f] === ROLE_LEADER) this.stepDown(f);
    s.role[f] = ROLE_FOLLOWER;
    s.leaderHint[f] = r;
    s.leaderContactMs[f] = this.model.sim.nowMs;
    this.resetElectionDeadline(f);
    const log = s.log[f]!;
    const term = s.term[f]!;
    if (log.reignAt(m.prevIndex) !== m.prevReign) {
      const hint = m.prevIndex > log.lastIndex ? log.lastIndex + 1 : log.segmentStart(m.prevIndex);
      return this.send(f, r, "onAppendReply", [r, f, m.reign, term, false, hint]);
    }
    log.merge(m.prevIndex, m.segments);
    const ends = m.segments.ends;
    const matched = ends.length > 0 ? ends[ends.length - 1]! : m.prevIndex;
    s.commitIndex[f] = Math.max(s.commitIndex[f]!, Math.min(m.leaderCommit, matched));
    this.send(f, r, "onAppendReply", [r, f, m.reign, term, true, matched]);
  }

  /** `index`: the follower's match on success, or where to retry from (-1: none) on failure. */
  private onAppendReply(r: number, f: number, reign: number, term: number, success: boolean, index: number): void {
    const s = this.state;
    this.observeTerm(r, term);
    if (s.role[r] !== ROLE_LEADER || s.reign[r] !== reign) return;
    const n = this.replicaNodes.length;
    const at = r * n + f;
    s.lastReplyMs[at] = this.model.sim.nowMs;
    if (success) {
      if (index > s.matchIndex[at]!) s.matchIndex[at] = index;
      s.nextIndex[at] = Math.max(s.nextIndex[at]!, s.matchIndex[at]! + 1);
      this.advanceCommit(r);
    } else if (index >= 1) {
      s.nextIndex[at] = Math.max(1, Math.min(s.nextIndex[at]! - 1, index));
      this.sendAppend(r, f);
    }
  }

  /** Commits the highest index a majority holds, if it belongs to this leader's reign. */
  private advanceCommit(r: number): void {
    if (!this.spec.quorum) return;
    const s = this.state;
    const n = this.replicaNodes.length;
    const matches: number[] = [];
    for (let f = 0; f < n; f++) matches.push(f === r ? s.log[r]!.lastIndex : s.matchIndex[r * n + f]!);
    matches.sort((a, b) => b - a);
    const candidate = matches[this.majority - 1]!;
    if (candidate <= s.commitIndex[r]! || s.log[r]!.reignAt(candidate) !== s.reign[r]) return;
    s.commitIndex[r] = candidate;
    this.acknowledgeCommitted(r);
  }

  private acknowledgeCommitted(r: number): void {
    const s = this.state;
    const pending = s.pending[r]!;
    const commit = s.commitIndex[r]!;
    let k = 0;
    while (k < pending.length && pending[k]!.index <= commit) {
      const p = pending[k]!;
      this.acknowledge(r, p.index, p.write, p.gen);
      k++;
    }
    if (k > 0) pending.splice(0, k);
  }

  private acknowledge(r: number, index: number, write: number, gen: number): void {
    const reign = this.state.reign[r]!;
    if (index > this.reignAckedMax[reign]!) this.reignAckedMax[reign] = index;
    this.clients.reply(r, write, gen, true, -1);
  }

  // ---------------------------------------------------------------- writes

  /** A write reached replica `r` (up): a leader appends it, anyone else redirects. */
  private onWriteAtReplica(r: number, id: number, gen: number): void {
    const s = this.state;
    if (s.role[r] !== ROLE_LEADER) return this.clients.reply(r, id, gen, false, s.leaderHint[r]!);
    const log = s.log[r]!;
    const index = log.append(s.reign[r]!, 1);
    if (this.spec.quorum) s.pending[r]!.push({ index, write: id, gen });
    else {
      s.commitIndex[r] = index;
      this.acknowledge(r, index, id, gen);
    }
    this.replicateAll(r);
  }
}

/** An AppendEntries message (heartbeats carry no segments). */
interface AppendMessage {
  term: number;
  reign: number;
  prevIndex: number;
  prevReign: number;
  segments: { reigns: number[]; ends: number[] };
  leaderCommit: number;
}
