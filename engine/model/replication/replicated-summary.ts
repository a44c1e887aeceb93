/**
 * The Result section of a replicated service, including the safety accounting: which
 * acknowledged writes survived.
 *
 * Each leadership ("reign") acknowledges writes in log order, so what it acknowledged is the
 * index range [first write of the reign, highest acknowledged index]. The surviving history
 * is the log of the leader with the highest term at the end of the run (or, with no leader,
 * the most up-to-date log, which holds every committed entry by Raft's election restriction).
 * A write is lost when its position in the surviving history holds another reign's entry or
 * nothing; a position is conflicting when two reigns acknowledged different writes there.
 * With quorum on both are zero (Raft's Leader Completeness); tests check that.
 */
import type { ReplicatedSummary } from "../../result/operations-result";
import type { RaftLog } from "./raft-log";
import { ROLE_LEADER } from "./replica-state";
import type { ReplicatedService } from "./replicated-service";
import { writesSummary } from "./writes-summary";

/** Builds the service's Result section at `endMs`. */
export function replicatedSummary(service: ReplicatedService, endMs: number): ReplicatedSummary {
  const outcomes = service.clients.outcomes;
  const history = survivingHistory(service);
  const { lost, conflicting } = lostAndConflicting(service, history);
  let termMax = 0;
  for (let r = 0; r < service.state.count; r++) termMax = Math.max(termMax, service.state.term[r]!);
  return {
    service: service.name,
    quorum: service.spec.quorum,
    replicas: service.replicaNodes.length,
    writes: writesSummary(outcomes),
    electionsStarted: service.electionsStarted,
    electionsWon: Math.max(0, service.elections.length - 1),
    termMax,
    multipleLeadersMs: service.multipleLeadersUntil(endMs),
    leadersMax: service.leadersMax,
    writesLost: lost,
    writesConflicting: conflicting,
    unavailability: outcomes.windows,
    unavailabilityWindowsOmitted: outcomes.windowsOmitted,
  };
}

/** The log that the cluster's history converges to (see the file comment). */
export function survivingHistory(service: ReplicatedService): RaftLog | null {
  const s = service.state;
  let best = -1;
  for (let r = 0; r < s.count; r++) {
    if (s.role[r] !== ROLE_LEADER) continue;
    if (best < 0 || s.term[r]! > s.term[best]!) best = r;
  }
  if (best >= 0) return s.log[best]!;
  for (let r = 0; r < s.count; r++) {
    const log = s.log[r]!;
    if (best < 0) { best = r; continue; }
    const other = s.log[best]!;
    const term = service.reignTerm[log.lastReign]!;
    const otherTerm = service.reignTerm[other.lastReign]!;
    if (term > otherTerm || (term === otherTerm && log.lastIndex > other.lastIndex)) best = r;
  }
  return best >= 0 ? s.log[best]! : null;
}

/** Acknowledged writes missing from `history`, and positions acknowledged by two reigns. */
export function lostAndConflicting(service: ReplicatedService, history: RaftLog | null): { lost: number; conflicting: number } {
  let lost = 0;
  const ranges: Array<[number, number]> = [];
  for (let reign = 1; reign < service.reignTerm.length; reign++) {
    const first = service.reignFirstWrite[reign]!;
    const last = service.reignAckedMax[reign]!;
    if (last < first) continue;
    ranges.push([first, last]);
    const kept = history?.rangeOf(reign) ?? null;
    const overlap = kept === null ? 0 : Math.max(0, Math.min(last, kept[1]) - Math.max(first, kept[0]) + 1);
    lost += last - first + 1 - overlap;
  }
  return { lost, conflicting: positionsCoveredTwice(ranges) };
}

/** Integer positions covered by at least two of the closed ranges (a sweep over endpoints). */
export function positionsCoveredTwice(ranges: Array<[number, number]>): number {
  const points: Array<[number, number]> = [];
  for (const [a, b] of ranges) points.push([a, +1], [b + 1, -1]);
  points.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let depth = 0;
  let lastAt = 0;
  let covered = 0;
  for (const [at, delta] of points) {
    if (depth >= 2) covered += at - lastAt;
    depth += delta;
    lastAt = at;
  }
  return covered;
}
