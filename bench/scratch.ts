/**
 * Scratch space in RAM when the machine has it: the scaling stage writes 110 000 article files and loads 100 000
 * records into Miniflare's local KV, which keeps each value as a file. On a disk that alone took 60–110 s of the
 * five-minute budget, and the disk's speed, not the worker's, set the cold figures. os.tmpdir() follows TMPDIR,
 * which Miniflare also uses for its temporary storage; a TMPDIR set by the caller is kept.
 */
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Points TMPDIR at a new folder in /dev/shm; returns what removes it (and nothing when the caller chose). */
export function useRamScratch(): () => void {
  if (process.env['TMPDIR']) return () => {};
  try {
    accessSync('/dev/shm', constants.W_OK);
  } catch {
    return () => {}; // no tmpfs (macOS, some containers): the system's temporary folder it is
  }
  const dir = mkdtempSync(join('/dev/shm', 'khabar-bench-'));
  process.env['TMPDIR'] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
