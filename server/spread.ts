// Cache lifetimes spread over +/- 25 %, so entries filled together do not all expire together
// and send their callers to the database in the same moment.
export const spread = (ttlMs: number): number => ttlMs * (0.75 + Math.random() / 2);
