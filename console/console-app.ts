// What every console page handler gets: the database, the Temporal client, the clock, and one way to
// answer (a rendered page with the signed-in person's navigation). Routes declare the action they need, so
// the server authorises each request before a handler runs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client.js';
import type { ConsoleAction } from '../domain/console-access.js';
import type { SignedIn } from './sessions.js';

export interface ConsoleApp {
  db: Db;
  temporal: Client;
  /** The desk workers' task queue, for workflows the console starts (a statement). */
  taskQueue: string;
  now: () => Date;
  /** Renders `templates/console/<name>.page.hbs` in the layout and sends it. */
  render(res: ServerResponse, status: number, name: string, who: SignedIn, context: Record<string, unknown> & { title: string }): void;
  /** The plain page that says a person may not do something, and why. */
  forbidden(res: ServerResponse, who: SignedIn, action: ConsoleAction): void;
  notFound(res: ServerResponse, who: SignedIn, message: string): void;
}

export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  who: SignedIn;
  /** The path's captured parts. */
  params: string[];
  /** A POST's form, its CSRF token already checked. */
  form: URLSearchParams;
}

export interface Route {
  method: 'GET' | 'POST';
  path: RegExp;
  /** What the person must be allowed to do to reach this handler at all (decisions check more inside). */
  needs: ConsoleAction;
  handle(app: ConsoleApp, request: RouteRequest): Promise<void>;
}
