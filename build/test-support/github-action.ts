/**
 * Runs a composite GitHub Action's steps the way the runner does, so the action is tested as
 * written: inputs take their defaults from action.yml, `${{ … }}` expressions in env,
 * working-directory and the action's outputs are filled in, each `run:` step is written to a
 * script and run with `bash --noprofile --norc -eo pipefail` (the runner's `shell: bash`) with
 * GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE and RUNNER_TEMP set,
 * and the step's GITHUB_OUTPUT file becomes `steps.<id>.outputs`. A failing step stops the
 * action. Only the expressions this repository's action.yml uses are understood; any other one
 * fails the test rather than being guessed at.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { runCommand } from "./package-fixture";
import { REPO_ROOT } from "./readme";

interface ActionInput {
  required?: boolean;
  default?: string;
}

interface ActionStep {
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  "working-directory"?: string;
}

interface ActionFile {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

/** What the action did, as a workflow sees it. */
export interface ActionOutcome {
  /** The exit code of the last step that ran (0 when every step passed). */
  code: number;
  /** The action's outputs (`outputs.<name>.value` filled in). */
  outputs: Record<string, string>;
  /** Everything the steps printed on stdout (the log, with workflow commands such as ::error::). */
  log: string;
  /** The job summary the steps wrote. */
  summary: string;
}

/** The action's inputs as action.yml declares them. */
export function actionInputs(): Record<string, ActionInput> {
  return readAction().inputs;
}

function readAction(): ActionFile {
  return parse(readFileSync(path.join(REPO_ROOT, "action.yml"), "utf8")) as ActionFile;
}

/**
 * Runs action.yml with `inputs` (as a workflow's `with:` gives them) in `workspace`.
 * @throws Error for an unknown input, a missing required one, or an expression it cannot evaluate.
 */
export async function runAction(inputs: Record<string, string | number | boolean>, options: { workspace: string; runnerTemp: string }): Promise<ActionOutcome> {
  const action = readAction();
  if (action.runs.using !== "composite") throw new Error(`action.yml: runs.using is ${action.runs.using}, expected composite`);
  const values: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) values[name] = input.default ?? "";
  for (const [name, value] of Object.entries(inputs)) {
    if (!(name in action.inputs)) throw new Error(`action.yml has no input ${name}`);
    values[name] = String(value);
  }
  for (const [name, input] of Object.entries(action.inputs)) if (input.required && values[name] === "") throw new Error(`input ${name} is required`);

  const steps: Record<string, Record<string, string>> = {};
  const scratch = mkdtempSync(path.join(options.runnerTemp, "step-"));
  const summaryFile = path.join(scratch, "summary.md");
  writeFileSync(summaryFile, "");
  let log = "";
  let code = 0;
  for (const [index, step] of action.runs.steps.entries()) {
    if (step.run === undefined || step.shell !== "bash") throw new Error(`action.yml step ${index}: only 'run' steps with shell: bash are emulated`);
    const expand = (text: string): string => evaluate(text, { inputs: values, steps });
    const outputFile = path.join(scratch, `output-${index}`);
    const scriptFile = path.join(scratch, `step-${index}.sh`);
    writeFileSync(outputFile, "");
    writeFileSync(scriptFile, expand(step.run));
    const env: NodeJS.ProcessEnv = { ...cleanEnvironment(), GITHUB_ACTIONS: "true", GITHUB_ACTION_PATH: REPO_ROOT, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_WORKSPACE: options.workspace, RUNNER_TEMP: options.runnerTemp };
    for (const [name, value] of Object.entries(step.env ?? {})) env[name] = expand(String(value));
    const cwd = path.resolve(options.workspace, expand(step["working-directory"] ?? "."));
    const outcome = await runCommand("bash", ["--noprofile", "--norc", "-eo", "pipefail", scriptFile], { cwd, env });
    log += outcome.stdout + outcome.stderr;
    if (step.id !== undefined) steps[step.id] = readOutputFile(outputFile);
    code = outcome.code;
    if (code !== 0) break;
  }
  const outputs: Record<string, string> = {};
  for (const [name, output] of Object.entries(action.outputs)) outputs[name] = evaluate(output.value, { inputs: values, steps });
  return { code, outputs, log, summary: readFileSync(summaryFile, "utf8") };
}

/** Fills `${{ inputs.x }}`, `${{ github.action_path }}` and `${{ steps.id.outputs.x }}`. */
function evaluate(text: string, context: { inputs: Record<string, string>; steps: Record<string, Record<string, string>> }): string {
  return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_all, expression: string) => {
    let match = /^inputs\.([\w-]+)$/.exec(expression);
    if (match !== null) return context.inputs[match[1]] ?? "";
    if (expression === "github.action_path") return REPO_ROOT;
    match = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
    if (match !== null) return context.steps[match[1]]?.[match[2]] ?? "";
    throw new Error(`action.yml: the test's runner does not evaluate \${{ ${expression} }}`);
  });
}

/** `name=value` lines and `name<<DELIMITER` blocks, as the runner reads GITHUB_OUTPUT. */
function readOutputFile(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = readFileSync(file, "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]);
    if (heredoc !== null) {
      const end = lines.indexOf(heredoc[2], i + 1);
      outputs[heredoc[1]] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (lines[i].includes("=")) {
      outputs[lines[i].slice(0, lines[i].indexOf("="))] = lines[i].slice(lines[i].indexOf("=") + 1);
    }
  }
  return outputs;
}

/** The test process's environment without variables of an enclosing GitHub or npm run. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(GITHUB_|RUNNER_|INPUT_|npm_)/.test(name)));
}
