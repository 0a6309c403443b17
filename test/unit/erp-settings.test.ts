// Where orders go to the ERP, as set in the environment, and a wrong setting named at start.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/config.js';

describe('ERP settings', () => {
  it('export to a folder in the embedded home by default', () => {
    expect(loadConfig({ ARFLOW_HOME: '/tmp/arflow-home' }).erp).toEqual({ kind: 'folder', dir: '/tmp/arflow-home/erp-export' });
  });

  it('have no ERP with a real database until one is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@db:5432/arflow' }).erp).toEqual({ kind: 'none' });
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@db:5432/arflow', ARFLOW_ERP_EXPORT_DIR: '/srv/erp/in' }).erp).toEqual({ kind: 'folder', dir: '/srv/erp/in' });
  });

  it('post to a webhook when its URL is set', () => {
    expect(loadConfig({ ARFLOW_ERP_WEBHOOK_URL: 'https://erp.example.com/api/orders' }).erp).toEqual({ kind: 'webhook', url: 'https://erp.example.com/api/orders' });
    expect(loadConfig({ ARFLOW_ERP_WEBHOOK_URL: 'http://127.0.0.1:8080/orders' }).erp).toMatchObject({ kind: 'webhook' });
  });

  it('name a webhook URL that is not http(s), and refuse two ways at once', () => {
    expect(() => loadConfig({ ARFLOW_ERP_WEBHOOK_URL: 'ftp://erp.example.com/in' })).toThrow(
      "arflow's settings are not right:\n  ARFLOW_ERP_WEBHOOK_URL: ARFLOW_ERP_WEBHOOK_URL must be an http:// or https:// URL");
    expect(() => loadConfig({ ARFLOW_ERP_WEBHOOK_URL: 'erp.example.com/orders' })).toThrow('ARFLOW_ERP_WEBHOOK_URL must be an http:// or https:// URL');
    expect(() => loadConfig({ ARFLOW_ERP_WEBHOOK_URL: 'https://erp.example.com/orders', ARFLOW_ERP_EXPORT_DIR: '/srv/erp/in' })).toThrow(
      'ARFLOW_ERP_EXPORT_DIR: set ARFLOW_ERP_WEBHOOK_URL or ARFLOW_ERP_EXPORT_DIR, not both');
  });
});
