#!/usr/bin/env bash
# The follow-up of deploy/kubernetes/sweep-job.yaml: waits until the Job is complete, fetches
# the log of each index's succeeded pod (the shard it wrote to stdout; a retried or evicted
# pod's partial log is never used), and merges them with `clustersim merge` into the file one
# machine running the whole sweep would have written.
#
#   deploy/kubernetes/merge.sh [--job NAME] [--namespace NS] [--out FILE] [--timeout SECONDS]
#
# Defaults: --job clustersim-sweep, the current namespace, --out sweep.jsonl, --timeout 7200.
# Needs kubectl with read access to jobs, pods and pods/log, and clustersim: $CLUSTERSIM is the
# command that runs it (default: npx --yes clustersim@0.1.0, the version of the Job's image).
# Exit codes: 0 merged; 1 the Job failed or did not finish in time; 2 a shard's log is missing,
# cut short or of another sweep (clustersim merge says which).
set -euo pipefail

job=clustersim-sweep
out=sweep.jsonl
timeout_s=7200
namespace=()
while [ $# -gt 0 ]; do
  case "$1" in
    --job) job="$2"; shift 2 ;;
    --namespace|-n) namespace=(--namespace "$2"); shift 2 ;;
    --out|-o) out="$2"; shift 2 ;;
    --timeout) timeout_s="$2"; shift 2 ;;
    *) echo "merge.sh: unknown argument $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
read -r -a clustersim <<< "${CLUSTERSIM:-npx --yes clustersim@0.1.0}"

# Wait for Complete or Failed (kubectl wait can watch for only one of them).
deadline=$((SECONDS + timeout_s))
while :; do
  conditions="$(kubectl get job "$job" "${namespace[@]}" -o 'jsonpath={.status.conditions[?(@.status=="True")].type}')"
  case " $conditions " in
    *" Complete "*) break ;;
    *" Failed "*) echo "merge.sh: job/$job failed; kubectl describe job/$job says why" >&2; exit 1 ;;
  esac
  if [ "$SECONDS" -ge "$deadline" ]; then echo "merge.sh: job/$job not complete after ${timeout_s}s" >&2; exit 1; fi
  sleep 10
done

completions="$(kubectl get job "$job" "${namespace[@]}" -o 'jsonpath={.spec.completions}')"
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
for ((index = 0; index < completions; index++)); do
  pods="$(kubectl get pods "${namespace[@]}" \
    -l "batch.kubernetes.io/job-name=$job,batch.kubernetes.io/job-completion-index=$index" \
    --field-selector=status.phase=Succeeded -o 'jsonpath={.items[*].metadata.name}')"
  read -r pod _ <<< "$pods" || true
  if [ -z "${pod:-}" ]; then echo "merge.sh: no succeeded pod for index $index of job/$job" >&2; exit 2; fi
  kubectl logs "pod/$pod" "${namespace[@]}" --container shard > "$logs/shard-$index.log"
done
"${clustersim[@]}" merge "$logs"/shard-*.log --out "$out"
