import type { SearchHit } from './searchTypes.js';

const order = (a: SearchHit, b: SearchHit) => b.score - a.score || a.articleId.localeCompare(b.articleId);

/**
 * The `limit` best of the articles a query touched, in order (score, then id): the same ones, in
 * the same order, as sorting them all. `scoreOf` is cheap (an array read); `hitOf` builds a hit,
 * only for those that may enter. An equal one stays after those seen before (a stable sort).
 */
export function bestHits(touched: Int32Array | number[], count: number, limit: number, scoreOf: (doc: number) => number, hitOf: (doc: number) => SearchHit): SearchHit[] {
  if (!(limit > 0 && limit < count)) {
    const all: SearchHit[] = [];
    for (let j = 0; j < count; j++) all.push(hitOf(touched[j]!));
    return all.sort(order).slice(0, limit);
  }
  const best: SearchHit[] = [];
  for (let j = 0; j < count; j++) {
    const doc = touched[j]!;
    if (best.length === limit && scoreOf(doc) < best[limit - 1]!.score) continue;
    const hit = hitOf(doc);
    let at = best.length;
    while (at > 0 && order(best[at - 1]!, hit) > 0) at--;
    if (at < limit) {
      best.splice(at, 0, hit);
      if (best.length > limit) best.pop();
    }
  }
  return best;
}
