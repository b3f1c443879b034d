import type { z } from 'zod';
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  INVOKE_CHANNEL_NAMES,
  type EventChannel,
  type InvokeChannel,
  type ParsedRequestOf,
  type PayloadOf,
  type ReplyOf,
} from '../shared/ipc';
import { isAppUrl } from './appUrl';
import type { Logger } from './log';

/**
 * The main side of the IPC contract in shared/ipc.ts. Handlers are registered from one typed map
 * (every channel must have one), and each runs only after:
 *   1. the sender is a frame of the app itself (app://tilsyn, the top frame), and
 *   2. the request has parsed against the channel's schema.
 * A refused request is logged (channel, reason, the zod issue paths — never the values, which may be
 * a token) and rejected; the handler never runs. The reply is parsed too before it leaves.
 */

/** What a handler learns about who asked. */
export interface IpcSender {
  /** The webContents that sent the request (to print it, to parent a dialog on its window). */
  contents: unknown;
  url: string;
}

export type IpcHandlerMap = {
  [C in InvokeChannel]: (request: ParsedRequestOf<C>, sender: IpcSender) => Promise<ReplyOf<C>> | ReplyOf<C>;
};

/** The parts of an `IpcMainInvokeEvent` the wrapper reads. */
export interface InvokeEventLike {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null | undefined;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
}

/** The error a refused request rejects with (the renderer sees only this message). */
export class IpcRefusedError extends Error {
  constructor(
    readonly channel: string,
    readonly reason: 'untrusted-sender' | 'invalid-request' | 'invalid-reply' | 'handler-failed',
  ) {
    super(
      reason === 'handler-failed'
        ? `Handlingen kunne ikke gennemføres (${channel})`
        : `Tilsyn afviste forespørgslen (${channel}: ${reason})`,
    );
    this.name = 'IpcRefusedError';
  }
}

/**
 * An error whose message is meant for the user (Danish): a handler throws it when the request was
 * fine but cannot be done (a file too large); the renderer gets its message instead of a generic one.
 */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

/** A frame may use the IPC only if it is the app's own top frame. */
export function isTrustedSender(event: InvokeEventLike): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent) return false;
  return isAppUrl(frame.url);
}

function issueSummary(error: z.ZodError): { path: string; code: string }[] {
  return error.issues.slice(0, 10).map((i) => ({ path: i.path.map(String).join('.') || '(rod)', code: i.code }));
}

/** Wrap one handler with the sender check and both parses. Exported for tests. */
export function wrapHandler<C extends InvokeChannel>(
  channel: C,
  handler: IpcHandlerMap[C],
  log: Logger,
): (event: InvokeEventLike, ...args: unknown[]) => Promise<ReplyOf<C>> {
  const def = INVOKE_CHANNELS[channel];
  return async (event, ...args) => {
    if (!isTrustedSender(event)) {
      log.warn('ipc.refused', { channel, reason: 'untrusted-sender', origin: senderOrigin(event) });
      throw new IpcRefusedError(channel, 'untrusted-sender');
    }
    if (args.length > 1) {
      log.warn('ipc.refused', { channel, reason: 'invalid-request', issues: [{ path: '(argumenter)', code: 'too_many' }] });
      throw new IpcRefusedError(channel, 'invalid-request');
    }
    const parsed = def.request.safeParse(args[0]);
    if (!parsed.success) {
      log.warn('ipc.refused', { channel, reason: 'invalid-request', issues: issueSummary(parsed.error) });
      throw new IpcRefusedError(channel, 'invalid-request');
    }
    let reply: unknown;
    try {
      reply = await handler(parsed.data as ParsedRequestOf<C>, { contents: event.sender, url: event.senderFrame?.url ?? '' });
    } catch (err) {
      log.error('ipc.handler-failed', { channel, message: err instanceof Error ? err.message : String(err) });
      if (err instanceof UserFacingError) throw new UserFacingError(err.message);
      throw new IpcRefusedError(channel, 'handler-failed');
    }
    const checked = def.reply.safeParse(reply);
    if (!checked.success) {
      log.error('ipc.refused', { channel, reason: 'invalid-reply', issues: issueSummary(checked.error) });
      throw new IpcRefusedError(channel, 'invalid-reply');
    }
    return checked.data as ReplyOf<C>;
  };
}

/** Register every channel of the contract from the handler map. */
export function registerIpcHandlers(ipcMain: IpcMainLike, handlers: IpcHandlerMap, log: Logger): void {
  for (const channel of INVOKE_CHANNEL_NAMES) {
    const handler = handlers[channel];
    if (typeof handler !== 'function') throw new Error(`Ingen IPC-handler for ${channel}`);
    ipcMain.handle(channel, wrapHandler(channel, handler as IpcHandlerMap[typeof channel], log));
  }
}

export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

/** Send an event to the renderer, after checking the payload against the contract. */
export function sendEvent<E extends EventChannel>(target: EventTarget, channel: E, payload: PayloadOf<E>, log: Logger): boolean {
  const checked = EVENT_CHANNELS[channel].payload.safeParse(payload);
  if (!checked.success) {
    log.error('ipc.event-refused', { channel, issues: issueSummary(checked.error) });
    return false;
  }
  if (target.isDestroyed()) return false;
  target.send(channel, checked.data);
  return true;
}

function senderOrigin(event: InvokeEventLike): string {
  try {
    return event.senderFrame ? new URL(event.senderFrame.url).origin : 'no-frame';
  } catch {
    return 'invalid-url';
  }
}
