// Workflow histories recorded from real runs, kept as fixtures so later changes to workflow code are
// replayed against them: a change that would break a running workflow fails the replay test and needs
// patched(). Set ARFLOW_RECORD_HISTORIES=1 to record new ones.
import { createRequire } from 'node:module';
import type { temporal } from '@temporalio/proto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// Through require, as the SDK itself loads it: the ESM copy brings a second protobuf registry.
const { historyToJSON } = createRequire(import.meta.url)('@temporalio/common/lib/proto-utils') as typeof import('@temporalio/common/lib/proto-utils.js');

export const HISTORIES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'histories');

export function recordHistory(name: string, history: temporal.api.history.v1.IHistory): void {
  if (!process.env.ARFLOW_RECORD_HISTORIES) return;
  mkdirSync(HISTORIES_DIR, { recursive: true });
  writeFileSync(join(HISTORIES_DIR, `${name}.json`), historyToJSON(history));
}
