/**
 * npm run content:build
 *
 * Validates content/articles/*.md and writes the KV records to .build/kv/ (nothing is written when any
 * article is invalid). Exits non-zero on any problem.
 */
import { buildAndReport } from './report.ts';

const result = await buildAndReport();
if (!result.ok) process.exitCode = 1;
