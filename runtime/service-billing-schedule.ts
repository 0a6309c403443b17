// The month-end run for service tickets, as a Temporal schedule: on the 1st at 06:00 in the company's time
// zone, serviceBillingWorkflow bills the month before. Created once; a schedule that exists is left as it is
// (a person may have paused it in the Web UI).
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

export const SERVICE_BILLING_SCHEDULE_ID = 'service-billing-monthly';

export async function ensureServiceBillingSchedule(input: { temporal: Client; taskQueue: string; timeZone: string }): Promise<'created' | 'exists'> {
  try {
    await input.temporal.schedule.create({
      scheduleId: SERVICE_BILLING_SCHEDULE_ID,
      spec: { calendars: [{ dayOfMonth: 1, hour: 6, minute: 0 }], timezone: input.timeZone },
      action: { type: 'startWorkflow', workflowType: 'serviceBillingWorkflow', args: [{}], taskQueue: input.taskQueue },
      // A run missed while the server was down is caught up once; two never overlap.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
    });
    return 'created';
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return 'exists';
    throw err;
  }
}
