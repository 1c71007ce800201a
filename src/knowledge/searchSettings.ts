/**
 * The confidence under which the assistant abstains rather than guess.
 * Calibrated with `npm run kb:eval -- ../shared/eval/dev.jsonl` (see docs/search.md).
 */
export const SEARCH_THRESHOLD = 0.375;
