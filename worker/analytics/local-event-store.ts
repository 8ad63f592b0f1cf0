/**
 * The local preview's stand-in for Analytics Engine's storage (npm start, STATS_SOURCE=local): local Analytics Engine
 * keeps nothing, so the same data points are also written here, into SQLite, in a table named like the dataset with
 * Analytics Engine's own column names. The stats then run the very SQL text they send to the SQL API in production.
 * Only the worker reaches it (a binding, no route); one object holds everything.
 */
import { DurableObject } from 'cloudflare:workers';
import type { EventPoint } from './data-points.ts';

/** The dataset's name in wrangler.toml, which is the table name in Analytics Engine's SQL. */
export const DATASET = 'khabar_events';

export class LocalEventStore extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // timestamp as Analytics Engine prints it in JSON ('YYYY-MM-DD hh:mm:ss', UTC); each point stands for itself.
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS ${DATASET} (
      timestamp TEXT NOT NULL,
      index1 TEXT NOT NULL,
      blob1 TEXT NOT NULL,
      blob2 TEXT NOT NULL,
      blob3 TEXT NOT NULL,
      double1 REAL NOT NULL,
      _sample_interval INTEGER NOT NULL DEFAULT 1
    )`);
  }

  write(points: EventPoint[], time: number): void {
    const timestamp = new Date(time).toISOString().slice(0, 19).replace('T', ' ');
    for (const { indexes, blobs, doubles } of points) {
      this.ctx.storage.sql.exec(
        `INSERT INTO ${DATASET} (timestamp, index1, blob1, blob2, blob3, double1) VALUES (?, ?, ?, ?, ?, ?)`,
        timestamp, indexes[0], blobs[0], blobs[1], blobs[2], doubles[0],
      );
    }
  }

  /** Rows of one read-only query (the stats' SELECTs), as Analytics Engine's JSON `data` would hold them. */
  query(sql: string): Record<string, string | number | null>[] {
    if (!/^\s*SELECT\b/i.test(sql)) throw new Error('only SELECT queries are run here');
    return this.ctx.storage.sql.exec<Record<string, string | number | null>>(sql).toArray();
  }
}
