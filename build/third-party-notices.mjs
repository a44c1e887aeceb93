// The licence notices of the third-party code inside a bundle. The library (dist/index.js) and
// the CLI (build/out/cli/) bundle their dependencies (yaml, seedrandom's Alea, d3 modules), and
// MIT/ISC licences ask that the copyright notice travel with every copy. esbuild's metafile
// names every input file that put bytes into an output (tree-shaken modules do not count); each
// one under node_modules/ belongs to a package whose LICENSE file
// (or, where a package ships none, its README's licence section) goes into one text file, and a
// bundled file's own leading comment is added when it carries a copyright line of its own
// (seedrandom's Alea port credits the algorithm's author there).
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

/**
 * The notice text for the node_modules inputs of an esbuild metafile.
 * @param {string} root the directory esbuild ran in (input paths are relative to it)
 * @param {{ outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> }} metafile
 * @param {string} title the first line: what the notices are for
 * @returns {string}
 */
export function thirdPartyNotices(root, metafile, title) {
  const packages = new Map();
  const used = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) if (bytesInOutput > 0) used.add(input);
  }
  for (const input of [...used].sort()) {
    const match = /^(.*node_modules\/)((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match === null) continue;
    const dir = path.join(root, match[1], match[2]);
    const entry = packages.get(dir) ?? { dir, headers: new Set() };
    const header = copyrightHeader(readFileSync(path.join(root, input), "utf8"));
    if (header !== null) entry.headers.add(header);
    packages.set(dir, entry);
  }
  const sections = [...packages.values()]
    .map((entry) => ({ ...entry, manifest: JSON.parse(readFileSync(path.join(entry.dir, "package.json"), "utf8")) }))
    .sort((a, b) => (a.manifest.name < b.manifest.name ? -1 : a.manifest.name > b.manifest.name ? 1 : 0))
    .map(({ dir, headers, manifest }) => {
      const heading = `${manifest.name}@${manifest.version} (${manifest.license ?? "see below"})`;
      return [heading, "-".repeat(heading.length), ...headers, licenceText(dir)].join("\n\n");
    });
  return `${title}\n\n${sections.join("\n\n\n")}\n`;
}

/** A package's LICENSE/LICENCE/COPYING file, else the licence section at the end of its README. */
function licenceText(dir) {
  const names = readdirSync(dir);
  const file = names.find((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name));
  if (file !== undefined) return readFileSync(path.join(dir, file), "utf8").trim();
  const readme = names.find((name) => /^readme(\.md)?$/i.test(name));
  if (readme !== undefined) {
    const text = readFileSync(path.join(dir, readme), "utf8");
    const start = text.search(/^#*\s*licen[cs]e\b.*$/im);
    if (start >= 0) return text.slice(start).trim();
  }
  throw new Error(`${dir}: no licence text found; add the package's licence to build/third-party-notices.mjs`);
}

/** The leading `//` or `/* *\/` comment of a source file when it holds a copyright line. */
function copyrightHeader(source) {
  const block = /^\s*(\/\*[\s\S]*?\*\/|(?:\/\/[^\n]*\n|\s*\n)+)/.exec(source);
  if (block === null || !/copyright/i.test(block[1])) return null;
  return block[1].trim();
}

