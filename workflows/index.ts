// The workflows a worker registers.
export { inboundEmailWorkflow } from './inbound-email.js';
export { orderWorkflow } from './order.js';
export { invoiceWorkflow } from './invoice.js';
export { collectionsWorkflow } from './collections.js';
export { remitToChangeWorkflow } from './remit-to-change.js';
export { serviceBillingWorkflow } from './service-billing.js';
export { cashApplicationWorkflow } from './cash-application.js';
