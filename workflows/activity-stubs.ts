// How workflows call activities: short tries, retried with backoff, since every activity is idempotent.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

export const desk = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
