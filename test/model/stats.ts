/** How often each situation came up in the sequences (printed with MODEL_STATS=1): a property that never meets a case tests nothing of it. */
export const stats = new Map<string, number>();
export const count = (what: string) => stats.set(what, (stats.get(what) ?? 0) + 1);
