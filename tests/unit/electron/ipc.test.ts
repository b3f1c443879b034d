import { describe, expect, it, vi } from 'vitest';
import { build } from 'esbuild';
import {
  EVENT_CHANNELS,
  EVENT_CHANNEL_NAMES,
  INVOKE_CHANNELS,
  INVOKE_CHANNEL_NAMES,
  type InvokeChannel,
} from '../../../shared/ipc';
import {
  IpcRefusedError,
  UserFacingError,
  isTrustedSender,
  registerIpcHandlers,
  sendEvent,
  wrapHandler,
  type IpcHandlerMap,
  type InvokeEventLike,
} from '../../../electron/ipcHandlers';
import { createTilsynApi } from '../../../electron/preloadApi';
import { memoryLogger } from './fakes';

const appFrame = (url = 'app://tilsyn/index.html#/tilsyn'): InvokeEventLike => ({
  sender: { id: 1 },
  senderFrame: { url, parent: null },
});

/** A handler map whose handlers record that they ran. */
function handlerMap() {
  const ran: string[] = [];
  const record =
    <T>(channel: string, reply: T) =>
    () => {
      ran.push(channel);
      return reply;
    };
  const handlers: IpcHandlerMap = {
    'app:info': record('app:info', { version: '1.0.0', platform: 'linux', encryptionAvailable: true, syncUrl: null, isPackaged: false }),
    'report:savePdf': record('report:savePdf', { status: 'saved' as const, path: '/tmp/r.pdf' }),
    'file:save': record('file:save', { status: 'canceled' as const }),
    'file:open': record('file:open', { status: 'canceled' as const }),
    'credentials:get': record('credentials:get', { token: null, persisted: false, encrypted: true }),
    'credentials:set': record('credentials:set', { persisted: true, encrypted: true }),
    'credentials:clear': record('credentials:clear', { cleared: true as const }),
    'provider:login': record('provider:login', { user: { id: 'u', username: 'k', displayName: 'K', role: 'konsulent' as const, institutionIds: [] }, persisted: true, encrypted: true }),
    'provider:renew': record('provider:renew', { status: 'fresh' as const }),
    'backup:list': record('backup:list', { backups: [] }),
    'backup:saveSnapshot': record('backup:saveSnapshot', {
      backup: { id: '2025-03-01T12-00-00-000Z-v1.0.0', createdAt: '2025-03-01T12:00:00.000Z', fromVersion: '1.0.0', reason: 'daily' as const, sizeBytes: 10 },
    }),
    'backup:takePendingSnapshot': record('backup:takePendingSnapshot', { snapshot: null }),
    'backup:restore': record('backup:restore', { status: 'relaunching' as const }),
  };
  return { handlers, ran };
}

function fakeIpcMain() {
  const registered = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  return {
    registered,
    handle: (channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>) => {
      registered.set(channel, listener);
    },
  };
}

describe('the IPC contract', () => {
  it('names every channel once, with a request and a reply schema and a distinct method', () => {
    expect(INVOKE_CHANNEL_NAMES.length).toBeGreaterThanOrEqual(9);
    const methods = [
      ...INVOKE_CHANNEL_NAMES.map((c) => INVOKE_CHANNELS[c].method),
      ...EVENT_CHANNEL_NAMES.map((c) => EVENT_CHANNELS[c].method),
    ];
    expect(new Set(methods).size).toBe(methods.length);
    for (const c of INVOKE_CHANNEL_NAMES) {
      expect(typeof INVOKE_CHANNELS[c].request.safeParse).toBe('function');
      expect(typeof INVOKE_CHANNELS[c].reply.safeParse).toBe('function');
    }
  });

  it('registers a handler for every channel of the contract', () => {
    const ipcMain = fakeIpcMain();
    registerIpcHandlers(ipcMain, handlerMap().handlers, memoryLogger());
    expect([...ipcMain.registered.keys()].sort()).toEqual([...INVOKE_CHANNEL_NAMES].sort());
  });

  it('refuses to start with a channel that has no handler', () => {
    const { handlers } = handlerMap();
    const incomplete = { ...handlers } as Partial<IpcHandlerMap>;
    delete incomplete['backup:restore'];
    expect(() => registerIpcHandlers(fakeIpcMain(), incomplete as IpcHandlerMap, memoryLogger())).toThrow(/backup:restore/);
  });
});

describe('a request from the app with a valid body', () => {
  it('runs the handler and returns its parsed reply', async () => {
    const { handlers, ran } = handlerMap();
    const log = memoryLogger();
    const ipcMain = fakeIpcMain();
    registerIpcHandlers(ipcMain, handlers, log);
    await expect(ipcMain.registered.get('app:info')!(appFrame())).resolves.toMatchObject({ version: '1.0.0' });
    await expect(
      ipcMain.registered.get('file:save')!(appFrame(), {
        suggestedName: 'eksport.json',
        filters: [{ name: 'JSON', extensions: ['json'] }],
        data: new Uint8Array([1, 2, 3]),
      }),
    ).resolves.toEqual({ status: 'canceled' });
    expect(ran).toEqual(['app:info', 'file:save']);
    expect(log.entries.filter((e) => e.level !== 'info')).toEqual([]);
  });

  it('gives the handler the parsed request, defaults applied', async () => {
    const handler = vi.fn(() => ({ persisted: true, encrypted: true }));
    const wrapped = wrapHandler('credentials:set', handler, memoryLogger());
    await wrapped(appFrame(), { token: 'hemmelig' });
    expect(handler).toHaveBeenCalledWith({ token: 'hemmelig', remember: true }, expect.objectContaining({ url: expect.stringMatching(/^app:\/\/tilsyn\//) }));
  });
});

describe('a malformed request', () => {
  const cases: Array<[InvokeChannel, unknown[], string]> = [
    ['app:info', [{ sneaky: true }], 'a body where none is expected'],
    ['report:savePdf', [{}], 'a missing field'],
    ['report:savePdf', [{ suggestedName: '../../.bashrc' }], 'a file name with folders'],
    ['report:savePdf', [{ suggestedName: 'rapport.pdf', extra: 1 }, 'second argument'], 'two arguments'],
    ['file:save', [{ suggestedName: 'a.json', filters: [], data: { length: 3 } }], 'data that is neither text nor bytes'],
    ['file:save', [{ suggestedName: 'a.json', filters: [{ name: 'x', extensions: ['../exe'] }], data: 'x' }], 'a bad filter'],
    ['credentials:set', [{ token: '' }], 'an empty token'],
    ['credentials:set', [{ token: 'x'.repeat(10_000) }], 'a token too long'],
    ['credentials:set', ['just-a-string'], 'a bare string'],
    ['backup:restore', [{ id: '../../etc' }], 'a backup id with ..'],
    ['backup:restore', [{ id: 'a/b' }], 'a backup id with a slash'],
    ['file:open', [null], 'null'],
  ];

  it.each(cases)('%s with %j (%s) is refused and logged, and the handler never runs', async (channel, args) => {
    const { handlers, ran } = handlerMap();
    const log = memoryLogger();
    const ipcMain = fakeIpcMain();
    registerIpcHandlers(ipcMain, handlers, log);
    await expect(ipcMain.registered.get(channel)!(appFrame(), ...args)).rejects.toBeInstanceOf(IpcRefusedError);
    expect(ran).toEqual([]);
    expect(log.entries).toContainEqual(
      expect.objectContaining({ level: 'warn', event: 'ipc.refused', details: expect.objectContaining({ channel, reason: 'invalid-request' }) }),
    );
  });

  it('is logged with the paths of what was wrong, never the values sent', async () => {
    const log = memoryLogger();
    const wrapped = wrapHandler('credentials:set', () => ({ persisted: true, encrypted: true }), log);
    await expect(wrapped(appFrame(), { token: 42, remember: 'TOPSECRET-token-value' })).rejects.toThrow();
    expect(log.text()).not.toContain('TOPSECRET');
    expect(log.entries[0]?.details?.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'token' }), expect.objectContaining({ path: 'remember' })]),
    );
  });
});

describe('a request from anywhere but the app', () => {
  const senders: Array<[string, InvokeEventLike]> = [
    ['a file:// page', { sender: {}, senderFrame: { url: 'file:///home/u/index.html', parent: null } }],
    ['a web page', { sender: {}, senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['another app:// host', { sender: {}, senderFrame: { url: 'app://evil/index.html', parent: null } }],
    ['a look-alike host', { sender: {}, senderFrame: { url: 'app://tilsyn.evil/index.html', parent: null } }],
    ['a sub-frame of the app', { sender: {}, senderFrame: { url: 'app://tilsyn/index.html', parent: {} } }],
    ['a destroyed frame', { sender: {}, senderFrame: null }],
    ['credentials in the URL', { sender: {}, senderFrame: { url: 'app://x@tilsyn/index.html', parent: null } }],
  ];

  it.each(senders)('%s is refused before the request is even parsed', async (_name, event) => {
    const { handlers, ran } = handlerMap();
    const log = memoryLogger();
    const ipcMain = fakeIpcMain();
    registerIpcHandlers(ipcMain, handlers, log);
    await expect(ipcMain.registered.get('credentials:get')!(event)).rejects.toMatchObject({ reason: 'untrusted-sender' });
    expect(ran).toEqual([]);
    expect(log.entries).toContainEqual(expect.objectContaining({ event: 'ipc.refused', details: expect.objectContaining({ reason: 'untrusted-sender' }) }));
  });

  it('isTrustedSender accepts the app top frame on any route', () => {
    expect(isTrustedSender(appFrame('app://tilsyn/'))).toBe(true);
    expect(isTrustedSender(appFrame('app://tilsyn/index.html?x=1#/rapport/7'))).toBe(true);
  });
});

describe('replies and failures', () => {
  it('a reply that breaks the contract is not sent, and is logged as an error', async () => {
    const log = memoryLogger();
    const wrapped = wrapHandler('backup:list', () => ({ backups: [{ id: '../x' }] }) as never, log);
    await expect(wrapped(appFrame())).rejects.toMatchObject({ reason: 'invalid-reply' });
    expect(log.entries).toContainEqual(expect.objectContaining({ level: 'error', details: expect.objectContaining({ reason: 'invalid-reply' }) }));
  });

  it('a failing handler gives a generic message; a UserFacingError keeps its Danish message', async () => {
    const log = memoryLogger();
    const broken = wrapHandler('backup:list', () => Promise.reject(new Error('EACCES /home/u/secret/path')), log);
    const err = (await broken(appFrame()).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe('Handlingen kunne ikke gennemføres (backup:list)');
    expect(err.message).not.toContain('/home');
    const user = wrapHandler('file:open', () => Promise.reject(new UserFacingError('Filen er for stor.')), log);
    await expect(user(appFrame(), { filters: [] })).rejects.toThrow('Filen er for stor.');
  });
});

describe('events from main to renderer', () => {
  it('are sent only with a payload the contract accepts, and not to a destroyed window', () => {
    const sent: unknown[] = [];
    const target = { destroyed: false, isDestroyed() { return this.destroyed; }, send: (c: string, p: unknown) => sent.push([c, p]) };
    const log = memoryLogger();
    expect(sendEvent(target, 'menu:action', { action: 'savePdf' }, log)).toBe(true);
    expect(sendEvent(target, 'menu:action', { action: 'rm -rf' } as never, log)).toBe(false);
    target.destroyed = true;
    expect(sendEvent(target, 'menu:action', { action: 'exportUnsent' }, log)).toBe(false);
    expect(sent).toEqual([['menu:action', { action: 'savePdf' }]]);
    expect(log.entries).toContainEqual(expect.objectContaining({ level: 'error', event: 'ipc.event-refused' }));
  });
});

describe('the preload object (window.tilsyn)', () => {
  function fakeIpcRenderer() {
    const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
    return {
      listeners,
      invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true })),
      on: (c: string, l: (event: unknown, ...args: unknown[]) => void) => {
        if (!listeners.has(c)) listeners.set(c, new Set());
        listeners.get(c)!.add(l);
      },
      removeListener: (c: string, l: (event: unknown, ...args: unknown[]) => void) => listeners.get(c)?.delete(l),
      emit(c: string, payload: unknown) {
        for (const l of listeners.get(c) ?? []) l({ sender: 'ipcRenderer-internals', ports: [] }, payload);
      },
    };
  }

  it('has exactly one method per channel of the contract', () => {
    const api = createTilsynApi(fakeIpcRenderer());
    const expected = [
      ...INVOKE_CHANNEL_NAMES.map((c) => INVOKE_CHANNELS[c].method),
      ...EVENT_CHANNEL_NAMES.map((c) => EVENT_CHANNELS[c].method),
    ];
    expect(Object.keys(api).sort()).toEqual([...expected].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('invokes the channel each method stands for, with the request and nothing else', async () => {
    const ipc = fakeIpcRenderer();
    const api = createTilsynApi(ipc);
    for (const channel of INVOKE_CHANNEL_NAMES) {
      ipc.invoke.mockClear();
      const method = INVOKE_CHANNELS[channel].method;
      const fn = api[method] as (r?: unknown) => Promise<unknown>;
      const noBody = INVOKE_CHANNELS[channel].request.safeParse(undefined).success;
      await fn(noBody ? undefined : { probe: channel });
      expect(ipc.invoke).toHaveBeenCalledTimes(1);
      expect(ipc.invoke.mock.calls[0]).toEqual(noBody ? [channel] : [channel, { probe: channel }]);
    }
  });

  it('passes menu actions on without the IPC event, drops unknown ones, and unsubscribes', () => {
    const ipc = fakeIpcRenderer();
    const api = createTilsynApi(ipc);
    const got: unknown[][] = [];
    const off = api.onMenuAction((...args: unknown[]) => got.push(args));
    ipc.emit('menu:action', { action: 'exportUnsent' });
    ipc.emit('menu:action', { action: 'format-disk' });
    ipc.emit('menu:action', { action: 'savePdf', extra: 'x' });
    ipc.emit('menu:action', 'savePdf');
    expect(got).toEqual([[{ action: 'exportUnsent' }]]);
    off();
    ipc.emit('menu:action', { action: 'importUnsent' });
    expect(got).toHaveLength(1);
    expect(ipc.listeners.get('menu:action')?.size).toBe(0);
  });

  it('bundles for a sandboxed preload: requires nothing but electron, and no zod', async () => {
    const result = await build({
      entryPoints: ['electron/preload.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const output = Object.values(result.metafile.outputs)[0]!;
    expect(output.imports.filter((i) => i.external).map((i) => i.path)).toEqual(['electron']);
    expect(Object.keys(output.inputs).some((f) => f.includes('node_modules/zod'))).toBe(false);
    expect(result.outputFiles[0]!.text).toContain('exposeInMainWorld');
  });
});
