/**
 * Deterministic elementary functions: the same bits in every JavaScript engine.
 *
 * ECMAScript requires +, -, *, / and Math.sqrt to be correctly rounded, but leaves Math.exp,
 * Math.log, Math.pow, Math.sin, ... "implementation-approximated". V8 in Node 20 computes them
 * with its fdlibm port, while newer Chromium computes several with LLVM's libc; the two differ
 * in the last bit for a sizeable fraction of inputs, and one differing bit in an inter-arrival
 * time changes every later event of a run. The engine therefore calls these functions instead:
 * ports of fdlibm / FreeBSD msun built only from IEEE basic operations, comparisons, sqrt and
 * integer operations on the words of a double (`./det-math/words.ts`), so every engine
 * computes the same result. Accuracy is fdlibm's: below 1 ulp for every input.
 *
 * Sources and methods are described in each file of `./det-math/`: `exp-log.ts` (exp, expm1,
 * log, log1p, log2, log10), `pow.ts`, `trig.ts` with `rem-pio2.ts` (sin, cos, tan, full-range
 * argument reduction), `atan-cbrt.ts` (atan, atan2, cbrt).
 *
 * Use the named functions or the `dmath` object (`dmath.log(u)`), which mirrors `Math` so the
 * engine can be rewritten mechanically (build/use-det-math.mjs). Special values (±0, ±Infinity,
 * NaN) follow the ECMAScript definitions of the corresponding Math functions.
 */
import { atan, atan2, cbrt } from "./det-math/atan-cbrt";
import { exp, expm1, log, log1p, log10, log2 } from "./det-math/exp-log";
import { pow } from "./det-math/pow";
import { cos, sin, tan } from "./det-math/trig";

export { atan, atan2, cbrt, cos, exp, expm1, log, log10, log1p, log2, pow, sin, tan };

/**
 * The deterministic functions as one object shaped like the matching part of `Math`: replace
 * `Math.log(` by `dmath.log(`. Frozen; the functions are the named exports above.
 */
export const dmath = Object.freeze({ atan, atan2, cbrt, cos, exp, expm1, log, log10, log1p, log2, pow, sin, tan });

/** The names of the Math functions that `dmath` replaces (the purity rule bans `Math.<name>`). */
export const DMATH_FUNCTION_NAMES = Object.freeze(Object.keys(dmath).sort()) as readonly (keyof typeof dmath)[];
