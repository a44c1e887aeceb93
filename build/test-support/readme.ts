/**
 * README code blocks as test inputs: the sections "Use it from your repository" and "Run a
 * sweep on Kubernetes" are what the tests run, so a test takes a block out of README.md by the
 * comment on its first line (`// check-capacity.ts`, `# .gitlab-ci.yml`) and runs it. A block
 * that is renamed, duplicated or removed fails the test instead of drifting from it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The body of the one fenced block of README.md whose first line is `firstLine`, first line
 * included, ending with a newline.
 * @throws Error when no block or more than one starts with that line.
 */
export function readmeBlock(firstLine: string): string {
  const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
  const found = blocks.filter((body) => body.split("\n")[0].trim() === firstLine);
  if (found.length !== 1) throw new Error(`README.md has ${found.length} code blocks starting with ${JSON.stringify(firstLine)}, expected 1`);
  return found[0];
}

/** The package's version, as package.json gives it. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
}
