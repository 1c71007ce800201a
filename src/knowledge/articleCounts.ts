/**
 * One article's counts while an index is built: for each key (a term id or a pair id) met in the
 * article, its count in each of the four fields and the fields in the order first met. Typed arrays
 * indexed by key, reused from one article to the next, in place of a Map of an object per key and
 * article (which, with the pairs' Map of number keys, was half of a 10,000-article build).
 */
export class ArticleCounts {
  /** key -> its slot in the current article, valid when `slotArticle[key]` is the article. */
  private slotOf = new Int32Array(1024);
  private slotArticle = new Int32Array(1024).fill(-1);
  private article = -1;
  /** The slots: key, four counts (`counts[slot * 4 + field]`), the fields in the order met (as
   * postingsBuilder.ts's FieldOrder) and how many fields it has. */
  size = 0;
  keys = new Int32Array(256);
  counts = new Uint32Array(1024);
  orders = new Uint16Array(256);
  private fieldsMet = new Uint8Array(256);

  /** Starts counting an article (forgets the previous one's). */
  begin(article: number): void {
    this.article = article;
    this.size = 0;
  }

  /** One more occurrence of `key` in field `field` (0..3). */
  add(key: number, field: number): void {
    if (key >= this.slotOf.length) this.growKeys(key);
    let slot = this.slotOf[key]!;
    if (this.slotArticle[key] !== this.article) {
      if (this.size === this.keys.length) this.growSlots();
      slot = this.size++;
      this.slotOf[key] = slot;
      this.slotArticle[key] = this.article;
      this.keys[slot] = key;
      this.counts.fill(0, slot * 4, slot * 4 + 4);
      this.orders[slot] = 0;
      this.fieldsMet[slot] = 0;
    }
    const at = slot * 4 + field;
    if (this.counts[at] === 0) this.orders[slot]! |= (field + 1) << (3 * this.fieldsMet[slot]!++);
    this.counts[at]!++;
  }

  private growKeys(key: number): void {
    let n = this.slotOf.length * 2;
    while (n <= key) n *= 2;
    const slotOf = new Int32Array(n);
    slotOf.set(this.slotOf);
    const slotArticle = new Int32Array(n).fill(-1);
    slotArticle.set(this.slotArticle);
    this.slotOf = slotOf;
    this.slotArticle = slotArticle;
  }

  private growSlots(): void {
    const n = this.keys.length * 2;
    const keys = new Int32Array(n);
    keys.set(this.keys);
    const counts = new Uint32Array(n * 4);
    counts.set(this.counts);
    const orders = new Uint16Array(n);
    orders.set(this.orders);
    const fieldsMet = new Uint8Array(n);
    fieldsMet.set(this.fieldsMet);
    this.keys = keys;
    this.counts = counts;
    this.orders = orders;
    this.fieldsMet = fieldsMet;
  }
}
