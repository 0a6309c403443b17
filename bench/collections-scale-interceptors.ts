// Workflow interceptors for bench/collections-scale.ts only (bundled into its workflow bundle, never the
// desk's): after every activation that is not a replay, a sink tells the bench process what the workflow
// asked for (timers, activities, whether it closed), so the bench knows when each workflow is parked on
// its timer again, and when a workflow wakes more often than its schedule says (a timer loop).
import { proxySinks, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export interface ActivationSummary {
  /** Workflow time at the end of the activation (epoch ms). */
  at: number;
  /** Durations of the timers started in the activation (ms). */
  timers: number[];
  /** Activity types scheduled in the activation. */
  activities: string[];
  /** The activation completed, failed or continued the workflow as new. */
  closed: boolean;
}

export interface CollectionsScaleSinks extends Sinks {
  collectionsScale: { concluded(summary: ActivationSummary): void };
}

const { collectionsScale } = proxySinks<CollectionsScaleSinks>();

export const interceptors: WorkflowInterceptorsFactory = () => {
  let timers: number[] = [];
  return {
    outbound: [{
      startTimer(input, next) {
        timers.push(input.durationMs);
        return next(input);
      },
    }],
    internals: [{
      concludeActivation(input, next) {
        const output = next(input);
        const activities: string[] = [];
        let closed = false;
        for (const command of output.commands) {
          if (command.scheduleActivity?.activityType) activities.push(command.scheduleActivity.activityType);
          if (command.completeWorkflowExecution || command.failWorkflowExecution || command.continueAsNewWorkflowExecution || command.cancelWorkflowExecution) closed = true;
        }
        collectionsScale.concluded({ at: Date.now(), timers, activities, closed });
        timers = [];
        return output;
      },
    }],
  };
};
