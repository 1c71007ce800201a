/**
 * The terms of a text, piece by piece, each distinct piece read once: the pieces are the runs of
 * characters above U+0020 (spaces, line breaks and controls end them). Such a character is a
 * separator to normalizeText and takes no part in its context-dependent steps (NFKC composition,
 * the final sigma), so a text's terms are its pieces' terms one after the other.
 *
 * 10,000 articles hold 3.6 million pieces but only ~34,000 distinct ones. A piece is found in an
 * open-addressing table by a hash computed while scanning, and compared in place with its
 * characters: no string is cut out of the text for a piece already known, where slicing each
 * piece and looking it up in a Map took a second of the build. Everything a lookup reads is in
 * flat typed arrays (a bucket holds the piece's hash, length, characters and term ids' places),
 * not in an object per piece: a lookup is a few reads of memory, the build's cost at this size.
 */
const BUCKET = 5; // hash, length (0: empty), first character, first term id, number of term ids

export class PieceTerms {
  private table = new Int32Array(BUCKET << 12);
  private pieces = 0;
  private chars = new Uint16Array(1 << 14);
  private charCount = 0;
  /** The term ids of every piece, one piece after the other. */
  private ids = new Int32Array(1 << 14);
  private idCount = 0;

  /** `read(piece)`: a new piece's terms, as ids. */
  constructor(private readonly read: (piece: string) => ArrayLike<number>) {}

  /**
   * Calls `visit` with the term ids of each piece of `text`, in order (pieces without terms too):
   * they are `ids[from..to)`.
   */
  forEach(text: string, visit: (ids: Int32Array, from: number, to: number) => void): void {
    let from = 0;
    let h = 0x811c9dc5;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 0;
      if (c > 32) {
        h = Math.imul(h ^ c, 0x01000193);
        continue;
      }
      if (i > from) {
        const at = this.find(text, from, i, h);
        const first = this.table[at + 3]!;
        visit(this.ids, first, first + this.table[at + 4]!);
      }
      from = i + 1;
      h = 0x811c9dc5;
    }
  }

  /** The bucket of the piece `text[from..to)` with hash `h`, filled the first time. */
  private find(text: string, from: number, to: number, h: number): number {
    const table = this.table;
    const mask = table.length / BUCKET - 1;
    const length = to - from;
    let b = (h ^ (h >>> 16)) & mask;
    for (let at = b * BUCKET; table[at + 1] !== 0; at = b * BUCKET) {
      if (table[at] === h && table[at + 1] === length && this.sameAt(table[at + 2]!, length, text, from)) return at;
      b = (b + 1) & mask;
    }
    const at = b * BUCKET;
    if (this.charCount + length > this.chars.length) this.chars = grown(this.chars, this.charCount + length);
    for (let k = 0; k < length; k++) this.chars[this.charCount + k] = text.charCodeAt(from + k);
    const terms = this.read(text.slice(from, to));
    if (this.idCount + terms.length > this.ids.length) this.ids = grown(this.ids, this.idCount + terms.length);
    this.ids.set(terms, this.idCount);
    table[at] = h;
    table[at + 1] = length;
    table[at + 2] = this.charCount;
    table[at + 3] = this.idCount;
    table[at + 4] = terms.length;
    this.charCount += length;
    this.idCount += terms.length;
    if (++this.pieces * 2 > mask + 1) return this.rehash(at);
    return at;
  }

  /** Whether the piece whose characters start at `start` is `text[from..from + length)`. */
  private sameAt(start: number, length: number, text: string, from: number): boolean {
    for (let k = 0; k < length; k++) if (this.chars[start + k] !== text.charCodeAt(from + k)) return false;
    return true;
  }

  /** A table twice as large; returns where the bucket at `keep` went. */
  private rehash(keep: number): number {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = table.length / BUCKET - 1;
    let moved = -1;
    for (let from = 0; from < old.length; from += BUCKET) {
      if (old[from + 1] === 0) continue;
      const h = old[from]!;
      let b = (h ^ (h >>> 16)) & mask;
      while (table[b * BUCKET + 1] !== 0) b = (b + 1) & mask;
      table.set(old.subarray(from, from + BUCKET), b * BUCKET);
      if (from === keep) moved = b * BUCKET;
    }
    this.table = table;
    return moved;
  }
}

function grown<T extends Uint16Array | Int32Array>(a: T, atLeast: number): T {
  let n = a.length * 2;
  while (n < atLeast) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
