#!/usr/bin/env bash
# The GitHub Action's step (action.yml at the repository root passes its inputs as CLUSTERSIM_*
# variables): installs the clustersim package — by default the version of the action's own
# tag — into the runner's temp directory, runs the scenario with replications and reports,
# writes the step outputs (junit, report, exit-code, verdict) and a job summary, and sets the
# step's result by the SLO gate. Needs Node 20.19+ on the runner (GitHub's Ubuntu images have
# it; otherwise run actions/setup-node first).
set -euo pipefail

scenario="${CLUSTERSIM_SCENARIO:?the scenario input is required}"
replications="${CLUSTERSIM_REPLICATIONS:-8}"
junit="${CLUSTERSIM_JUNIT:-clustersim-junit.xml}"
report="${CLUSTERSIM_REPORT:-clustersim-report.html}"
gate="${CLUSTERSIM_FAIL_ON_SLO:-true}"
case "$gate" in
  true|false) ;;
  *) echo "::error title=clustersim::fail-on-slo must be true or false, got '$gate'"; exit 2 ;;
esac

# What to install: the input, else clustersim at the version of this action's checkout.
spec="${CLUSTERSIM_PACKAGE:-}"
if [ -z "$spec" ]; then
  spec="clustersim@$(node -p 'require(process.argv[1]).version' "$GITHUB_ACTION_PATH/package.json")"
elif [ -e "$spec" ]; then
  spec="$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")"   # npm resolves paths from --prefix
fi
prefix="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/clustersim-action"
echo "::group::Install $spec"
npm install --prefix "$prefix" --no-save --no-package-lock --ignore-scripts --no-audit --no-fund "$spec"
echo "::endgroup::"
clustersim="$prefix/node_modules/.bin/clustersim"

args=(run "$scenario" --replications "$replications" --junit "$junit" --report "$report")
if [ -n "${CLUSTERSIM_SEED:-}" ]; then args+=(--seed "$CLUSTERSIM_SEED"); fi
while IFS= read -r line; do
  read -r -a words <<< "$line"
  if [ "${#words[@]}" -gt 0 ]; then args+=("${words[@]}"); fi
done <<< "${CLUSTERSIM_ARGS:-}"

table="$(mktemp)"
set +e
"$clustersim" "${args[@]}" | tee "$table"
code="${PIPESTATUS[0]}"
set -e

case "$code" in
  0) verdict=pass ;;
  1) verdict=fail ;;
  *) verdict=error ;;
esac
# The reports' absolute paths, only when this run wrote them (exit 0 or 1).
absolute() { if [ "$verdict" != error ]; then case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; fi; }
{
  echo "junit=$(absolute "$junit")"
  echo "report=$(absolute "$report")"
  echo "exit-code=$code"
  echo "verdict=$verdict"
} >> "${GITHUB_OUTPUT:-/dev/null}"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  { echo "### clustersim: $scenario — $verdict"; echo '```'; cat "$table"; echo '```'; } >> "$GITHUB_STEP_SUMMARY"
fi
rm -f "$table"

case "$verdict" in
  pass) exit 0 ;;
  fail)
    if [ "$gate" = true ]; then
      echo "::error title=SLO not met::$scenario: an SLO is not met (JUnit report: $junit)"
      exit 1
    fi
    echo "::warning title=SLO not met::$scenario: an SLO is not met (fail-on-slo is false; JUnit report: $junit)"
    exit 0 ;;
  *)
    echo "::error title=clustersim could not run::$scenario: exit code $code (2: invalid input or usage, 3: internal error); see the log above"
    exit "$code" ;;
esac
