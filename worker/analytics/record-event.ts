/**
 * Counting one reader event: its data points go to Analytics Engine (always: that is the code under test and the
 * code that ships) and, under npm start (STATS_SOURCE=local), the same points also go to the local store, which the
 * stats read there. Nothing about the reader is written: the points hold partner, what, which headline and the day.
 */
import type { Config } from '../config.ts';
import { dataPoints } from './data-points.ts';
import type { ReaderEvent } from './event-body.ts';

export async function recordEvent(config: Config, env: Env, event: ReaderEvent, now: number): Promise<void> {
  const points = dataPoints(event, now);
  for (const point of points) env.EVENTS.writeDataPoint(point);
  if (config.statsSource === 'local') await localEventStore(env).write(points, now);
}

/** The one local store object (only npm start uses it). */
export function localEventStore(env: Env) {
  return env.LOCAL_EVENTS.get(env.LOCAL_EVENTS.idFromName('events'));
}
