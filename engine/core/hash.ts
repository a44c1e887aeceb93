/**
 * A fast, deterministic, non-cryptographic digest for event traces and Results.
 *
 * Results are compared by digest across Node and the browser ("did this link reproduce?"),
 * so the hash is pure integer arithmetic on UTF-16 code units (`Math.imul`, shifts), identical
 * in every JavaScript engine. It is cyrb128-style: four 32-bit lanes, each a multiply-xorshift
 * mix, finalised together; 128 bits printed as 32 hex digits. Not for security.
 */

/** An incremental digest. Feed strings or numbers; read the 32-hex-digit digest at the end. */
export class Digest {
  private h1 = 1779033703;
  private h2 = 3144134277;
  private h3 = 1013904242;
  private h4 = 2773480762;
  private readonly scratch = new Float64Array(1);
  private readonly scratchWords = new Uint32Array(this.scratch.buffer);

  /** Mixes in every UTF-16 code unit of `text`. */
  updateString(text: string): this {
    for (let i = 0; i < text.length; i++) this.mix(text.charCodeAt(i));
    return this;
  }

  /** Mixes in the exact bits of a float64 (so 0.1 + 0.2 and 0.3 hash differently). */
  updateNumber(value: number): this {
    this.scratch[0] = value;
    this.mix(this.scratchWords[0]!);
    this.mix(this.scratchWords[1]!);
    return this;
  }

  /** The digest as 32 lowercase hex digits. Does not change the state. */
  hex(): string {
    let h1 = this.h1, h2 = this.h2, h3 = this.h3, h4 = this.h4;
    h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
    h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
    h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
    h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
    h1 ^= h2 ^ h3 ^ h4;
    h2 ^= h1;
    h3 ^= h1;
    h4 ^= h1;
    return [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, "0")).join("");
  }

  private mix(word: number): void {
    this.h1 = this.h2 ^ Math.imul(this.h1 ^ word, 597399067);
    this.h2 = this.h3 ^ Math.imul(this.h2 ^ word, 2869860233);
    this.h3 = this.h4 ^ Math.imul(this.h3 ^ word, 951274213);
    this.h4 = this.h1 ^ Math.imul(this.h4 ^ word, 2716044179);
  }
}

/** The digest of a string (for example a Result serialised as JSON). */
export function digestString(text: string): string {
  return new Digest().updateString(text).hex();
}
