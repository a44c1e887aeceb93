/**
 * "What happened" sentences about the mechanisms a run used, read off its Result sections:
 * acknowledged writes lost by a replicated service, each database's worst failover (RTO, RPO),
 * each batch policy's utilisation and makespan, each cache's hit ratio and origin peak. One
 * sentence per cluster, database, policy or cache, so designs side by side stay side by side.
 */
import { formatMetric } from "../engine/index";
import type { Insight } from "./insights";
import type { ResultSummary } from "./worker/run-protocol";

/** The mechanisms' sentences, in the order of the run view's tables. */
export function mechanismInsights(summary: ResultSummary): Insight[] {
  const out: Insight[] = [];
  const sentence = (text: string, tone: Insight["tone"]): void => void out.push({ text, atMs: null, tone });
  for (const r of summary.replicated) {
    const leaders = r.leadersMax > 1 ? ` (${r.leadersMax} leaders at once for ${formatMetric(r.multipleLeadersMs, "ms")})` : "";
    if (r.writesLost > 0) sentence(`${r.service} lost ${formatMetric(r.writesLost, "count")} acknowledged writes${leaders}.`, "bad");
    else sentence(`${r.service} lost no acknowledged write; ${formatMetric(r.writes.failed, "count")} writes failed${leaders}.`, r.writes.failed > 0 ? "neutral" : "good");
  }
  for (const d of summary.databases) {
    if (d.failovers.length === 0) continue;
    const rto = Math.max(...d.failovers.map((f) => f.rtoMs ?? 0));
    sentence(`${d.service} (${d.mode}): ${d.failovers.length} failover${d.failovers.length === 1 ? "" : "s"}, RTO up to ${formatMetric(rto, "ms")}, ${formatMetric(d.writesLost, "count")} acknowledged writes lost (RPO).`, d.writesLost > 0 ? "bad" : "neutral");
  }
  for (const p of summary.batch?.policies ?? []) {
    sentence(`Batch policy ${p.policy}: ${formatMetric(p.utilisation, "percent")} utilisation, makespan ${formatMetric(p.makespanMs, "ms")}, mean wait ${formatMetric(p.queueWaitMs.mean, "ms")}.`, "neutral");
  }
  for (const c of summary.caches) {
    sentence(`Cache ${c.service}: hit ratio ${formatMetric(c.hitRatio, "percent")}, origin peak ${formatMetric(c.fetchesPerSPeak, "per-second")}.`, "neutral");
  }
  return out;
}
