// The floor for the order benchmark: a workflow that does nothing, on the same server and machine.
export async function noopWorkflow(): Promise<string> {
  return 'done';
}
