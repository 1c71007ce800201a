/** Per-query working arrays, one slot per article, reused by every query (search is synchronous). */
export interface Scratch {
  scores: Float64Array;
  covered: Float64Array;
  perDoc: Float64Array;
  perDocInfo: Float64Array;
  /** Article indexes in the order they first got a score (the order the ranking used to see them). */
  touched: Int32Array;
  inScores: Uint8Array;
  inPerDoc: Uint8Array;
  anchored: Uint8Array;
  termDocs: Int32Array;
}

export function newScratch(n: number): Scratch {
  return {
    scores: new Float64Array(n),
    covered: new Float64Array(n),
    perDoc: new Float64Array(n),
    perDocInfo: new Float64Array(n),
    touched: new Int32Array(n),
    inScores: new Uint8Array(n),
    inPerDoc: new Uint8Array(n),
    anchored: new Uint8Array(n),
    termDocs: new Int32Array(n),
  };
}
