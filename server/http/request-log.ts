import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

declare module 'http' {
  interface IncomingMessage {
    /** The request id: the client's `X-Request-Id` when well-formed, else a new UUID. */
    id?: string;
    /** A logger bound to this request's id (built on first use). */
    log?: Logger;
  }
}

const CLIENT_ID = /^[\w.-]{1,64}$/;

const CHILD_LOGGER = Symbol('request logger');
const withLazyLog = new WeakSet<object>();

/**
 * `req.log` as a getter on the app's request prototype (Express gives each app its own, `app.request`), defined once: the
 * child logger is made on first use and kept on the request. Defining it on each request instead costs an
 * accessor and a shape change per request.
 */
export function lazyLogOn(proto: object, logger: Logger): void {
  if (withLazyLog.has(proto)) return;
  withLazyLog.add(proto);
  Object.defineProperty(proto, 'log', {
    configurable: true,
    enumerable: false,
    get(this: { id?: string; [CHILD_LOGGER]?: Logger }) {
      return (this[CHILD_LOGGER] ??= logger.child({ reqId: this.id }));
    },
    set(this: { [CHILD_LOGGER]?: Logger }, value: Logger) {
      this[CHILD_LOGGER] = value;
    },
  });
}

const LOGGED = Symbol('request logged');

/** What the completion line needs, kept on the response (one `finish` listener for all, no closure per request). */
interface Logged {
  [LOGGED]?: { logger: Logger; started: bigint };
  req: IncomingMessage & { originalUrl?: string };
  statusCode: number;
}

function logFinished(this: Logged): void {
  const { logger, started } = this[LOGGED]!;
  const req = this.req;
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  logger.info({ reqId: req.id, method: req.method, url: req.originalUrl ?? req.url, status: this.statusCode, ms: Math.round(ms * 100) / 100 }, 'request completed');
}

/**
 * Gives the request an id (echoed as `X-Request-Id`, carried by every log line about it) and, when `info` is
 * on, logs its completion: method, URL, status and time (`req.log`, bound to the id, is `lazyLogOn`'s, defined
 * once on the app's request prototype). Headers are never logged, so a bearer token cannot
 * reach a log line. Costs next to nothing when `info` is off: the per-request logger is made lazily.
 */
export function identifyRequest(req: IncomingMessage, res: ServerResponse, logger: Logger, logCompletions: boolean): void {
  res.setHeader('X-Request-Id', nameRequest(req, res, logger, logCompletions));
}

/**
 * `identifyRequest` but for the header: gives the request its id (returned, for the caller to send as
 * `X-Request-Id`) and, when `info` is on, logs its completion.
 */
export function nameRequest(req: IncomingMessage, res: ServerResponse, logger: Logger, logCompletions: boolean): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && CLIENT_ID.test(incoming) ? incoming : randomUUID();
  req.id = id;
  if (logCompletions) {
    (res as unknown as Logged)[LOGGED] = { logger, started: process.hrtime.bigint() };
    res.on('finish', logFinished);
  }
  return id;
}

/** Runs `handlers` only for requests that may carry a body (POST, PUT, PATCH, DELETE): GETs skip them. */
export function forBodies(...handlers: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') {
      next();
      return;
    }
    let i = 0;
    const step = (err?: unknown): void => {
      if (err !== undefined && err !== 'route' && err !== 'router') {
        next(err);
        return;
      }
      const handler = handlers[i++];
      if (!handler) {
        next();
        return;
      }
      try {
        const result: unknown = handler(req, res, step);
        if (result instanceof Promise) result.catch(step);
      } catch (error) {
        step(error);
      }
    };
    step();
  };
}
