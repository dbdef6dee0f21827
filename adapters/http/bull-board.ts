// The optional queue dashboard (bull-board) at /admin/queues, behind basic auth.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import { withBasicAuth } from './basic-auth.js';
import { sendJson, type HttpRoute } from './route.js';

export const BULL_BOARD_PATH = '/admin/queues';

export interface BullBoardOptions {
  queues: readonly Queue[];
  user: string;
  password: string;
  basePath?: string;
}

type ExpressHandler = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** bull-board's Express app as one prefix route, so it runs on either server (ours or Bolt's). */
export function bullBoardRoute(o: BullBoardOptions): HttpRoute {
  const basePath = o.basePath ?? BULL_BOARD_PATH;
  const adapter = new ExpressAdapter();
  adapter.setBasePath(basePath);
  createBullBoard({ queues: o.queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter });
  const board = adapter.getRouter() as unknown as ExpressHandler;
  const route: HttpRoute = {
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    path: basePath,
    prefix: true,
    handler(req, res) {
      // What express's app.use(basePath, board) does: the board sees paths relative to its base.
      // (Done by hand so neither server needs to be an Express app.)
      const url = req.url ?? '/';
      req.url = url.slice(basePath.length) || '/';
      if (!req.url.startsWith('/')) req.url = `/${req.url}`;
      board(req, res, (err) => {
        if (!res.headersSent) sendJson(res, err ? 500 : 404, { error: err ? 'internal error' : 'not found' });
      });
    },
  };
  return withBasicAuth(route, o.user, o.password, 'paperbot queues');
}
