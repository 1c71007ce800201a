/**
 * Pairs of neighbouring term ids -> a pair id (in the order first met), while an index is built:
 * an open-addressing hash table over two Int32Arrays. A Map keyed by the pair's code (a double
 * past 2^31, hashed as a heap number) took 1.5 s of a 10,000-article build's 13 s for its
 * ~2 million pairs.
 */
export class PairTable {
  /** Per bucket: the pair's two term ids and its id + 1 (0 when empty), side by side: a lookup
   * reads one place of memory (the ~2 million pairs of 10,000 articles fill 50 MB of buckets). */
  private table = new Int32Array(3 << 12);
  private first = new Int32Array(1 << 11);
  private second = new Int32Array(1 << 11);
  size = 0;

  /** The id of pair (a, b), given a new one the first time. */
  idOf(a: number, b: number): number {
    const table = this.table;
    const mask = table.length / 3 - 1;
    let h = PairTable.hash(a, b) & mask;
    for (let id = table[h * 3 + 2]!; id !== 0; id = table[h * 3 + 2]!) {
      if (table[h * 3] === a && table[h * 3 + 1] === b) return id - 1;
      h = (h + 1) & mask;
    }
    const id = this.size++;
    if (id === this.first.length) {
      const first = new Int32Array(id * 2);
      first.set(this.first);
      this.first = first;
      const second = new Int32Array(id * 2);
      second.set(this.second);
      this.second = second;
    }
    this.first[id] = a;
    this.second[id] = b;
    table[h * 3] = a;
    table[h * 3 + 1] = b;
    table[h * 3 + 2] = id + 1;
    if (this.size * 2 > mask + 1) this.rehash();
    return id;
  }

  private static hash(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77);
    h ^= h >>> 15;
    return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 13);
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length / 3 - 1;
    for (let id = 0; id < this.size; id++) {
      const a = this.first[id]!;
      const b = this.second[id]!;
      let h = PairTable.hash(a, b) & mask;
      while (table[h * 3 + 2] !== 0) h = (h + 1) & mask;
      table[h * 3] = a;
      table[h * 3 + 1] = b;
      table[h * 3 + 2] = id + 1;
    }
    this.table = table;
  }

  /**
   * The pairs in the order of their codes (first term, then second: PairCodes.code), by two
   * counting sorts: `codes` in that order, and `position[pairId]` where each pair went.
   * `termCount` bounds both term ids.
   */
  inCodeOrder(termCount: number, code: (a: number, b: number) => number): { codes: Float64Array; position: Int32Array } {
    const n = this.size;
    const bySecond = countingSort(n, termCount, (id) => this.second[id]!, null);
    const order = countingSort(n, termCount, (id) => this.first[id]!, bySecond);
    const codes = new Float64Array(n);
    const position = new Int32Array(n);
    for (let at = 0; at < n; at++) {
      const id = order[at]!;
      codes[at] = code(this.first[id]!, this.second[id]!);
      position[id] = at;
    }
    return { codes, position };
  }
}

/** The ids 0..n-1 (or `ids`' order) stably sorted by `key` in [0, keyCount). */
function countingSort(n: number, keyCount: number, key: (id: number) => number, ids: Int32Array | null): Int32Array {
  const start = new Int32Array(keyCount + 1);
  for (let id = 0; id < n; id++) start[key(id) + 1]!++;
  for (let k = 0; k < keyCount; k++) start[k + 1]! += start[k]!;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const id = ids ? ids[i]! : i;
    out[start[key(id)]!++] = id;
  }
  return out;
}
