/**
 * What `npm start` does with content/ on start and on every save: build it; if it is valid, make the local KV
 * hold exactly it; either way record the outcome in `preview:status` for the configurator page. A content
 * error is printed and shown, never thrown: the preview keeps serving the last good content.
 */
import { relative } from 'node:path';
import { buildAndReport } from '../build/report.ts';
import { PREVIEW_STATUS_KEY, type PreviewStatus } from '../preview-status.ts';
import { KV_BINDING, PROJECT_ROOT } from '../project-config.ts';
import { pushContent } from '../push/push-content.ts';
import { wrangler } from '../wrangler-cli.ts';

export interface ContentReloader {
  /** Builds and pushes; resolves with whether the content was valid. */
  reload(): Promise<boolean>;
}

/** `linkOrigin`: where the preview answers, so headline links open its own article pages. */
export function contentReloader(linkOrigin: { from: string; to: string }): ContentReloader {
  let revision = 0;

  async function record(status: Omit<PreviewStatus, 'revision' | 'at'>): Promise<void> {
    const value: PreviewStatus = { revision, at: new Date().toISOString(), ...status };
    await wrangler(['kv', 'key', 'put', PREVIEW_STATUS_KEY, JSON.stringify(value), '--binding', KV_BINDING, '--local']);
  }

  return {
    async reload() {
      revision += 1;
      const build = await buildAndReport({ linkOrigin });
      if (!build.ok) {
        const problems = build.problems.map((p) => ({ file: relative(PROJECT_ROOT, p.file), path: p.path, message: p.message }));
        console.error('content: still serving the last good content; fix the file(s) above and save.');
        await record({ ok: false, problems });
        return false;
      }
      const report = await pushContent(build.outDir, build.manifest, { target: 'local' });
      console.log(`content: reloaded ${build.manifest.articles} articles (revision ${revision}): local KV ${report.written} written, ${report.unchanged} unchanged, ${report.deleted} deleted`);
      await record({ ok: true, problems: [] });
      return true;
    },
  };
}
