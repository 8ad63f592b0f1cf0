/**
 * What the local preview (`npm start`) last made of content/: written to local KV after every rebuild, read by
 * the worker's `/preview/status`, which the configurator page polls to reload its carousel and show problems.
 * Outside the `v1:` content layout, so content pushes never list or delete it; a deployed KV never has it.
 */
import * as v from 'valibot';

export const PREVIEW_STATUS_KEY = 'preview:status';

export const PreviewStatus = v.strictObject({
  /** Goes up by one with every rebuild, good or bad. */
  revision: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** Whether that rebuild succeeded; when not, the last good content is still what KV holds. */
  ok: v.boolean(),
  at: v.string(),
  problems: v.array(v.strictObject({ file: v.string(), path: v.string(), message: v.string() })),
});
export type PreviewStatus = v.InferOutput<typeof PreviewStatus>;
