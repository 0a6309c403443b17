// The workflows a worker registers.
export { inboundEmailWorkflow } from './inbound-email.js';
export { orderWorkflow } from './order.js';
