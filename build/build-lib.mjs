#!/usr/bin/env node
// Builds the library that `import … from "clustersim"` loads (package.json "exports"):
//   dist/index.js      the engine's public API (engine/index.ts) as one ES module, with its
//                      runtime dependencies (yaml, seedrandom's Alea) inside: a Result's bytes
//                      depend on their exact code, so the package ships the versions the pinned
//                      digests were made with instead of ranges a user's install could move;
//                      and there is nothing to install but the tarball (npx, Docker, workers)
//   dist/types/**.d.ts the declarations, emitted by tsc from the same entry (build/tsconfig.lib.json)
//   dist/THIRD-PARTY-LICENSES.txt  the notices of the bundled packages
// Runs on `npm pack`/`npm publish` (the `prepack` script) and as `npm run build:lib`; not on
// `npm ci`, which only needs the CLI bundle.
//
// tsc writes relative imports in the .d.ts files as the engine's sources do, without an
// extension (`from "./core/hash"`). A project type-checking with "moduleResolution": "node16" or
// "nodenext" (the usual setting for Node) rejects those inside an ES-module package, and with
// skipLibCheck it silently turns every clustersim type into `any`. So each relative specifier is
// rewritten to the file it means (`./core/hash.js`, `./plan/index.js`), and the build fails on
// one it cannot resolve. (TypeScript 7 has no JS API for a declaration bundler to run on, and
// this one rewrite is all the emitted files need.)
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { thirdPartyNotices } from "./third-party-notices.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
rmSync(dist, { recursive: true, force: true });

const result = await build({
  entryPoints: [path.join(root, "engine/index.ts")],
  outfile: path.join(dist, "index.js"),
  bundle: true,
  // Neutral: the same file runs in Node, in a browser, in a Web Worker; the engine uses no
  // platform API (engine/purity.test.ts), and its dependencies are resolved to their ES builds.
  platform: "neutral",
  mainFields: ["module", "main"],
  format: "esm",
  target: "es2022",
  logLevel: "warning",
  metafile: true,
  legalComments: "none",
});
writeFileSync(path.join(dist, "THIRD-PARTY-LICENSES.txt"), thirdPartyNotices(root, result.metafile, "Third-party code bundled in dist/index.js (the clustersim library):"));

const tsc = path.join(root, "node_modules/typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", path.join(root, "build/tsconfig.lib.json")], { stdio: "inherit" });
const rewritten = makeSpecifiersExplicit(path.join(dist, "types"));
if (!existsSync(path.join(dist, "types/index.d.ts"))) throw new Error("build-lib: tsc wrote no dist/types/index.d.ts");
console.error(`build-lib: dist/index.js (${Math.round(statSync(path.join(dist, "index.js")).size / 1024)} KiB), ${rewritten} declaration files`);

/** Rewrites extensionless relative specifiers in every .d.ts under `dir`; returns the file count. */
function makeSpecifiersExplicit(dir) {
  const files = listDeclarations(dir);
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    // Every form tsc emits: `from "./x"` (import/export), `import("./x")` (inline type imports).
    // Comment lines are left alone: a TSDoc example is no import.
    const out = text.split("\n").map((line) => (/^\s*(\*|\/\/|\/\*)/.test(line) ? line
      : line.replace(/(from\s+|import\()(["'])(\.{1,2}\/[^"']*)\2/g, (_all, lead, quote, specifier) => `${lead}${quote}${explicitSpecifier(file, specifier)}${quote}`))).join("\n");
    if (out !== text) writeFileSync(file, out);
  }
  return files.length;
}

/** `./x` -> `./x.js` when x.d.ts exists, `./x/index.js` when x/index.d.ts does. */
function explicitSpecifier(fromFile, specifier) {
  if (/\.(js|mjs|cjs|json)$/.test(specifier)) return specifier;
  const base = path.resolve(path.dirname(fromFile), specifier);
  if (existsSync(`${base}.d.ts`)) return `${specifier}.js`;
  if (existsSync(path.join(base, "index.d.ts"))) return `${specifier.replace(/\/$/, "")}/index.js`;
  throw new Error(`build-lib: ${path.relative(root, fromFile)}: cannot resolve ${specifier}`);
}

function listDeclarations(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".d.ts"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}
