// A Temporal environment whose clock jumps over timers, for workflows that wait days or months
// (reminders, escalations, credit holds, dunning). It runs Temporal's Java test server, which
// scripts/install-temporal-test-server.sh resolves from Maven Central: the SDK's own default would
// download a build from Temporal's site at run time, which fails offline.
// Time skips only while a test awaits a workflow's result (or calls env.sleep), as the SDK intends.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { IllegalStateError } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { cacheDir } from '../../devstack/temporal.js';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';

// Must match `version` in scripts/install-temporal-test-server.sh.
export const TEMPORAL_TEST_SERVER_VERSION = '1.38.0';

export function timeSkippingServerPath(): string {
  return join(cacheDir(), `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}`, 'bin', 'temporal-test-server');
}

/** Starts a private time-skipping server on a free port, with arflow's search attributes registered. */
export async function startTimeSkipping(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const path = timeSkippingServerPath();
  if (!existsSync(path)) {
    throw new Error(`Temporal's time-skipping test server is not installed at ${path}: run \`bash scripts/install-temporal-test-server.sh\` (npm test runs it for you)`);
  }
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  try {
    await registerSearchAttributes(env);
  } catch (err) {
    await env.teardown();
    throw err;
  }
  return env;
}

// Workers log every state change at INFO; tests show warnings only. The runtime's logger can be set
// only before the SDK first creates it: if a test did that already, its runtime stays as it is.
function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch (err) {
    if (!(err instanceof IllegalStateError)) throw err;
  }
}

// The test server knows only its own sample attributes and rejects a workflow that sets any other
// (“search attribute … is not defined”); it takes new ones through the OperatorService, as a real
// cluster does. (The SDK's `searchAttributes` server option is for the dev server's CLI flags only.)
async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  const searchAttributes: Record<string, NonNullable<ReturnType<typeof encodeSearchAttributeIndexedValueType>>> = {};
  for (const key of ALL_SEARCH_ATTRIBUTES) {
    const type = encodeSearchAttributeIndexedValueType(key.type);
    if (type === undefined) throw new Error(`search attribute ${key.name} has a type the test server cannot register: ${key.type}`);
    searchAttributes[key.name] = type;
  }
  await env.connection.operatorService.addSearchAttributes({ namespace: env.namespace ?? 'default', searchAttributes });
}
