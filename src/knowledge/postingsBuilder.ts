import { PostingLists } from './postingLists.js';

/** Field indexes in order of first appearance, 3 bits each (index + 1), first in the low bits. */
export type FieldOrder = number;

/**
 * Collects postings while an index is built, in growing typed arrays (the list, the article, the
 * fields in the order met and the count in each field), and lays them out as PostingLists once
 * every article is read. A Map per list and an object per posting, as before, made a 43-article
 * build allocate ~25 MB that V8's heap kept room for after the build. An article's counts come
 * from articleCounts.ts.
 */
export class PostingsBuilder {
  private size = 0;
  private lists = new Int32Array(1024);
  private docs = new Int32Array(1024);
  private orders = new Uint16Array(1024);
  /** Four counts per posting. */
  private counts = new Uint32Array(4096);

  /** A posting: list `list` holds article `doc`, its counts at `counts[at..at + 4)`. */
  add(list: number, doc: number, order: FieldOrder, counts: Uint32Array, at: number): void {
    if (this.size === this.lists.length) this.grow();
    const i = this.size++;
    this.lists[i] = list;
    this.docs[i] = doc;
    this.orders[i] = order;
    for (let f = 0; f < 4; f++) this.counts[i * 4 + f] = counts[at + f]!;
  }

  private grow(): void {
    const more = <T extends Int32Array | Uint16Array | Uint32Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    const n = this.lists.length * 2;
    this.lists = more(this.lists, n);
    this.docs = more(this.docs, n);
    this.orders = more(this.orders, n);
    this.counts = more(this.counts, n * 4);
  }

  /**
   * The postings grouped by list (list i at position[i], or i), each list in the order its
   * postings were added. `weigh` gets a posting's article, field order and counts
   * (`counts[at + field]`); `factor`, its counts.
   */
  build(
    listCount: number,
    weigh: (doc: number, order: FieldOrder, counts: Uint32Array, at: number) => number,
    factor: (counts: Uint32Array, at: number) => number,
    position?: Int32Array,
  ): PostingLists {
    const pos = (list: number) => (position ? position[list]! : list);
    const start = new Uint32Array(listCount + 1);
    for (let i = 0; i < this.size; i++) start[pos(this.lists[i]!) + 1]!++;
    for (let l = 0; l < listCount; l++) start[l + 1]! += start[l]!;
    const next = start.slice(0, listCount);
    const docs = new Int32Array(this.size);
    const weighted = new Float64Array(this.size);
    const factors = new Uint8Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const at = next[pos(this.lists[i]!)]!++;
      docs[at] = this.docs[i]!;
      weighted[at] = weigh(this.docs[i]!, this.orders[i]!, this.counts, i * 4);
      factors[at] = factor(this.counts, i * 4);
    }
    return new PostingLists(start, docs, weighted, factors);
  }
}
