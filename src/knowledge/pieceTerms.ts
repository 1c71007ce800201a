/**
 * The terms of a text, piece by piece, each distinct piece read once: the pieces are the runs of
 * characters above U+0020 (spaces, line breaks and controls end them). Such a character is a
 * separator to normalizeText and takes no part in its context-dependent steps (NFKC composition,
 * the final sigma), so a text's terms are its pieces' terms one after the other.
 *
 * 10,000 articles hold 3.6 million pieces but only ~34,000 distinct ones. A piece is found
 * in an open-addressing table by a hash computed while scanning and compared in place
 * (`startsWith` at its offset): no string is cut out of the text for a piece already known, where
 * slicing each piece and looking it up in a Map took a second of the build.
 */
export class PieceTerms {
  /** Per bucket: the piece's hash and its number + 1 (0 when empty). */
  private table = new Int32Array(2 << 12);
  private readonly pieces: string[] = [];
  private readonly terms: Int32Array[] = [];

  /** `read(piece)`: a new piece's term ids. */
  constructor(private readonly read: (piece: string) => Int32Array) {}

  /** Calls `visit` with the term ids of each piece of `text`, in order (pieces without terms too). */
  forEach(text: string, visit: (ids: Int32Array) => void): void {
    let from = 0;
    let h = 0x811c9dc5;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 0;
      if (c > 32) {
        h = Math.imul(h ^ c, 0x01000193);
        continue;
      }
      if (i > from) visit(this.find(text, from, i, h));
      from = i + 1;
      h = 0x811c9dc5;
    }
  }

  private find(text: string, from: number, to: number, h: number): Int32Array {
    const table = this.table;
    const mask = table.length / 2 - 1;
    let b = (h ^ (h >>> 16)) & mask;
    for (let n = table[b * 2 + 1]!; n !== 0; n = table[b * 2 + 1]!) {
      const piece = this.pieces[n - 1]!;
      if (table[b * 2] === h && piece.length === to - from && text.startsWith(piece, from)) return this.terms[n - 1]!;
      b = (b + 1) & mask;
    }
    const piece = text.slice(from, to);
    const ids = this.read(piece);
    this.pieces.push(piece);
    this.terms.push(ids);
    table[b * 2] = h;
    table[b * 2 + 1] = this.pieces.length;
    if (this.pieces.length * 2 > mask + 1) this.rehash();
    return ids;
  }

  private rehash(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = table.length / 2 - 1;
    for (let at = 0; at < old.length; at += 2) {
      if (old[at + 1] === 0) continue;
      const h = old[at]!;
      let b = (h ^ (h >>> 16)) & mask;
      while (table[b * 2 + 1] !== 0) b = (b + 1) & mask;
      table[b * 2] = h;
      table[b * 2 + 1] = old[at + 1]!;
    }
    this.table = table;
  }
}
