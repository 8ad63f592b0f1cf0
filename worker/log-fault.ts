/** Faults go to the logs as one JSON line each, so they can be searched and alerted on; never to clients. */
export function logFault(event: string, details: Record<string, unknown>): void {
  console.error(JSON.stringify({ level: 'error', event, ...details }));
}

/** The message of anything thrown, without its stack. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
