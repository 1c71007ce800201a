import { PairCodes, PostingLists } from './postingLists.js';
import type { FieldOrder } from './postingsBuilder.js';

/**
 * The postings of word pairs (two neighbouring term ids), while an index is built. Each article's
 * pairs are counted in a small table of its own (it stays in the processor's cache), then added
 * as postings; once every article is read, two stable counting sorts (by the second term, then by
 * the first) group the postings by pair in the order of the pairs' codes, each pair's articles in
 * the order read. A table of every pair of the corpus (~2 million for 10,000 articles, looked up
 * 3.5 million times at random places) cost a second of the build.
 */
const RECORD = 8;

export class PairPostings {
  // The current article's pairs: an open-addressing table of slot + 1, and per slot its terms,
  // its counts in the four fields and the fields in the order met.
  private table = new Int32Array(1 << 10);
  private slots = 0;
  private slotA = new Int32Array(256);
  private slotB = new Int32Array(256);
  private slotBucket = new Int32Array(256);
  private slotCounts = new Uint32Array(1024);
  private slotOrder = new Uint16Array(256);
  private slotFields = new Uint8Array(256);
  // Every posting as 8 numbers side by side (first term, second term, article, field order, four
  // counts): the sorts and the layout read the postings at random places, one place each.
  private size = 0;
  private postings = new Uint32Array(RECORD << 12);

  /** One more occurrence of the pair (a, b) in field `field` (0..3) of the current article. */
  add(a: number, b: number, field: number): void {
    const mask = this.table.length - 1;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> 0;
    h = (h ^ (h >>> 15)) & mask;
    let slot = -1;
    for (let s = this.table[h]!; s !== 0; s = this.table[h]!) {
      if (this.slotA[s - 1] === a && this.slotB[s - 1] === b) {
        slot = s - 1;
        break;
      }
      h = (h + 1) & mask;
    }
    if (slot < 0) {
      if (this.slots === this.slotA.length) this.growSlots();
      slot = this.slots++;
      this.slotA[slot] = a;
      this.slotB[slot] = b;
      this.slotBucket[slot] = h;
      this.slotCounts.fill(0, slot * 4, slot * 4 + 4);
      this.slotOrder[slot] = 0;
      this.slotFields[slot] = 0;
      this.table[h] = slot + 1;
      if (this.slots * 2 > this.table.length) this.rehash(this.table.length * 2);
    }
    const at = slot * 4 + field;
    if (this.slotCounts[at] === 0) this.slotOrder[slot]! |= (field + 1) << (3 * this.slotFields[slot]!++);
    this.slotCounts[at]!++;
  }

  /** The current article's pairs become postings of article `doc`; the next article starts. */
  endArticle(doc: number): void {
    for (let slot = 0; slot < this.slots; slot++) {
      if ((this.size + 1) * RECORD > this.postings.length) this.postings = grown(this.postings, this.postings.length * 2);
      const at = this.size++ * RECORD;
      this.postings[at] = this.slotA[slot]!;
      this.postings[at + 1] = this.slotB[slot]!;
      this.postings[at + 2] = doc;
      this.postings[at + 3] = this.slotOrder[slot]!;
      for (let f = 0; f < 4; f++) this.postings[at + 4 + f] = this.slotCounts[slot * 4 + f]!;
      this.table[this.slotBucket[slot]!] = 0;
    }
    this.slots = 0;
  }

  /**
   * The pairs' codes (PairCodes.code) in ascending order, and their postings laid out in that
   * order (pair i's at [start[i], start[i + 1])); `termCount` bounds the term ids.
   */
  build(
    termCount: number,
    weigh: (doc: number, order: FieldOrder, counts: Uint32Array, at: number) => number,
    factor: (counts: Uint32Array, at: number) => number,
  ): { pairCodes: PairCodes; lists: PostingLists } {
    const n = this.size;
    const p = this.postings;
    const order = countingSort(n, termCount, p, 0, countingSort(n, termCount, p, 1, null));
    const docs = new Int32Array(n);
    const weighted = new Float64Array(n);
    const factors = new Uint8Array(n);
    const starts = new Uint32Array(n + 1);
    const codes = new Float64Array(n);
    let pairs = 0;
    let a = -1;
    let b = -1;
    for (let at = 0; at < n; at++) {
      const r = order[at]! * RECORD;
      if (p[r] !== a || p[r + 1] !== b) {
        a = p[r]!;
        b = p[r + 1]!;
        starts[pairs] = at;
        codes[pairs++] = PairCodes.code(a, b);
      }
      docs[at] = p[r + 2]!;
      weighted[at] = weigh(p[r + 2]!, p[r + 3]!, p, r + 4);
      factors[at] = factor(p, r + 4);
    }
    starts[pairs] = n;
    return { pairCodes: new PairCodes(codes.slice(0, pairs)), lists: new PostingLists(starts.slice(0, pairs + 1), docs, weighted, factors) };
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size);
    const mask = size - 1;
    for (let slot = 0; slot < this.slots; slot++) {
      const a = this.slotA[slot]!;
      const b = this.slotB[slot]!;
      let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> 0;
      h = (h ^ (h >>> 15)) & mask;
      while (this.table[h] !== 0) h = (h + 1) & mask;
      this.table[h] = slot + 1;
      this.slotBucket[slot] = h;
    }
  }

  private growSlots(): void {
    const n = this.slotA.length * 2;
    this.slotA = grown(this.slotA, n);
    this.slotB = grown(this.slotB, n);
    this.slotBucket = grown(this.slotBucket, n);
    this.slotCounts = grown(this.slotCounts, n * 4);
    this.slotOrder = grown(this.slotOrder, n);
    this.slotFields = grown(this.slotFields, n);
  }
}

function grown<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/**
 * The postings 0..n-1 (or `ids`, in that order) stably sorted by their number at `field` (a term
 * id, below `keyCount`).
 */
function countingSort(n: number, keyCount: number, postings: Uint32Array, field: number, ids: Int32Array | null): Int32Array {
  const start = new Int32Array(keyCount + 1);
  for (let i = 0; i < n; i++) start[postings[i * RECORD + field]! + 1]!++;
  for (let k = 0; k < keyCount; k++) start[k + 1]! += start[k]!;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const id = ids ? ids[i]! : i;
    out[start[postings[id * RECORD + field]!]!++] = id;
  }
  return out;
}
