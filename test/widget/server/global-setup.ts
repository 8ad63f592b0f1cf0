/** Starts the scripted headline API once for the widget project and hands its origin to the tests. */
import type { TestProject } from 'vitest/node';
import '../context.ts';
import { startHeadlineApi } from './headline-api.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const api = await startHeadlineApi();
  project.provide('headlineApi', api.origin);
  return () => api.close();
}
