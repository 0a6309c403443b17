import { loadConfig } from '../runtime/config.js';
try { loadConfig({ DATABASE_URL: 'mysql://x', ARFLOW_IMAP_HOST: 'imap.example.com', ARFLOW_SMTP_PORT: 'abc' }); } catch (e) { console.log((e as Error).message); }
