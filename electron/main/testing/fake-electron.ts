// A faithful-enough fake of the Electron main/renderer APIs Aisle uses, for tests under plain Node:
// ipcMain.handle / ipcRenderer.invoke with structured cloning across the boundary (as Electron
// does), webContents.send to ipcRenderer listeners, contextBridge.exposeInMainWorld, an app with a
// single-instance lock, BrowserWindow recording its options, a session recording its hooks, and
// screens a test can plug in.
import { EventEmitter } from 'node:events';
import type {
  AppLike,
  BrowserWindowLike,
  ContextBridgeLike,
  DisplayLike,
  ElectronMainApi,
  HeadersReceivedDetails,
  IpcMainInvokeEventLike,
  IpcMainLike,
  IpcRendererLike,
  PreventableEvent,
  ProtocolLike,
  RenderProcessGone,
  ScreenLike,
  SessionLike,
  WebContentsLike,
  WindowOpenHandlerResponse,
  WindowOptionsUsed,
} from '../electron-api.ts';

type Handler = (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

export class FakeIpcError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'FakeIpcError';
  }
}

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new FakeIpcError('duplicate', `Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export class FakeWebContents extends EventEmitter implements WebContentsLike {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly rendererListeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  windowOpenHandler: ((details: { url: string }) => WindowOpenHandlerResponse) | null = null;
  reloads = 0;
  destroyed = false;

  send(channel: string, ...args: unknown[]): void {
    const cloned = structuredClone(args);
    for (const l of this.rendererListeners.get(channel) ?? []) l({ sender: 'ipcRenderer' }, ...cloned);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }
  reload(): void {
    this.reloads += 1;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Fire a preventable event the way Electron does; returns whether it was prevented. */
  firePreventable(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url = ''): boolean {
    let prevented = false;
    const e: PreventableEvent = {
      preventDefault: () => {
        prevented = true;
      },
    };
    this.emit(event, e, url);
    return prevented;
  }
  crash(details: RenderProcessGone): void {
    this.emit('render-process-gone', {}, details);
  }
}

/** The renderer end, wired to one FakeIpcMain and one FakeWebContents, in a frame at `frameUrl`. */
export class FakeIpcRenderer implements IpcRendererLike {
  constructor(
    private readonly main: FakeIpcMain,
    private readonly contents: FakeWebContents,
    public frameUrl: string,
  ) {}

  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.main.handlers.get(channel);
    if (!handler) throw new FakeIpcError('no-handler', `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    const event: IpcMainInvokeEventLike = { sender: this.contents, senderFrame: { url: this.frameUrl } };
    return structuredClone(await handler(event, ...structuredClone(args)));
  }
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    const set = this.contents.rendererListeners.get(channel) ?? new Set();
    set.add(listener);
    this.contents.rendererListeners.set(channel, set);
    return this;
  }
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    this.contents.rendererListeners.get(channel)?.delete(listener);
    return this;
  }
  listenerCount(channel: string): number {
    return this.contents.rendererListeners.get(channel)?.size ?? 0;
  }
}

export class FakeContextBridge implements ContextBridgeLike {
  readonly mainWorld: Record<string, unknown> = {};
  exposeInMainWorld(apiKey: string, api: unknown): void {
    if (apiKey in this.mainWorld) throw new FakeIpcError('duplicate', `Cannot bind an API on top of an existing property on the window object: ${apiKey}`);
    // Like Electron: only functions and cloneable values cross; anything else throws here.
    const walk = (v: unknown): void => {
      if (typeof v === 'function') return;
      if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) walk(x);
      else structuredClone(v);
    };
    walk(api);
    this.mainWorld[apiKey] = Object.freeze({ ...(api as object) });
  }
}

export class FakeBrowserWindow extends EventEmitter implements BrowserWindowLike {
  static created: FakeBrowserWindow[] = [];
  /** Set by fakeElectron(): Electron emits app 'web-contents-created' for every new window. */
  static onCreate: ((w: FakeBrowserWindow) => void) | null = null;
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  shown = false;
  focused = 0;
  minimized = false;
  constructor(readonly options: WindowOptionsUsed) {
    super();
    FakeBrowserWindow.created.push(this);
    FakeBrowserWindow.onCreate?.(this);
  }
  /** When set, loads fail like an unreachable server (ERR_CONNECTION_REFUSED). */
  static serverDown = false;
  loads = 0;
  async loadURL(url: string): Promise<void> {
    this.loads += 1;
    if (FakeBrowserWindow.serverDown) {
      this.webContents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', url, true);
      throw new FakeIpcError('ERR_CONNECTION_REFUSED', `ERR_CONNECTION_REFUSED (-102) loading '${url}'`);
    }
    this.loadedUrl = url;
    this.emit('ready-to-show');
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused += 1;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.webContents.destroyed;
  }
}

/** The machine's screens: one 1920×1080 by default; a test pushes a second one. */
export class FakeScreen implements ScreenLike {
  displays: DisplayLike[] = [{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }];
  getAllDisplays(): DisplayLike[] {
    return this.displays;
  }
  getPrimaryDisplay(): DisplayLike {
    const primary = this.displays[0];
    if (!primary) throw new Error('no screen');
    return primary;
  }
}

export class FakeSession implements SessionLike {
  headersListener: ((details: HeadersReceivedDetails, cb: (r: { responseHeaders?: Record<string, string[] | string> }) => void) => void) | null = null;
  permissionHandler: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null = null;
  webRequest = {
    onHeadersReceived: (listener: NonNullable<FakeSession['headersListener']>): void => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: NonNullable<FakeSession['permissionHandler']>): void {
    this.permissionHandler = handler;
  }
  verifyProc: Parameters<SessionLike['setCertificateVerifyProc']>[0] | null = null;
  setCertificateVerifyProc(proc: Parameters<SessionLike['setCertificateVerifyProc']>[0]): void {
    this.verifyProc = proc;
  }
  /** Electron's verdict for a certificate presented by `hostname` (0 accept, -2 refuse, -3 Chromium decides). */
  verify(hostname: string, pem: string): number {
    let verdict = Number.NaN;
    this.verifyProc?.({ hostname, certificate: { data: pem } }, (v) => {
      verdict = v;
    });
    return verdict;
  }
  /** What headers a response would carry after the app's hook. */
  respond(url: string, responseHeaders: Record<string, string[]>): Record<string, string[] | string> | undefined {
    let out: Record<string, string[] | string> | undefined;
    this.headersListener?.({ url, responseHeaders }, (r) => {
      out = r.responseHeaders;
    });
    return out;
  }
  askPermission(permission: string): boolean {
    let granted = false;
    this.permissionHandler?.({}, permission, (g) => {
      granted = g;
    });
    return granted;
  }
}

export class FakeApp extends EventEmitter implements AppLike {
  quitCalls = 0;
  constructor(
    private readonly lock: boolean,
    private readonly userData: string,
  ) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return this.lock;
  }
  ready = false;
  async whenReady(): Promise<void> {
    this.ready = true;
  }
  quit(): void {
    this.quitCalls += 1;
  }
  readonly switches: [string, string | undefined][] = [];
  readonly commandLine = {
    appendSwitch: (name: string, value?: string): void => {
      this.switches.push([name, value]);
    },
  };
  relaunches = 0;
  exitCode: number | null = null;
  relaunch(): void {
    this.relaunches += 1;
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
  getPath(_name: 'userData'): string {
    return this.userData;
  }
  version = '1.2.3';
  getVersion(): string {
    return this.version;
  }
}

export class FakeProtocol implements ProtocolLike {
  privileged: { scheme: string; privileges: { standard?: boolean; secure?: boolean } }[] = [];
  /** Whether the app was ready when the schemes were registered (Electron requires before). */
  registeredBeforeReady: boolean | null = null;
  readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  constructor(private readonly app: FakeApp) {}
  registerSchemesAsPrivileged(schemes: FakeProtocol['privileged']): void {
    this.privileged.push(...schemes);
    this.registeredBeforeReady = !this.app.ready;
  }
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    this.handlers.set(scheme, handler);
  }
  /** What a window loading `url` would get. */
  async fetch(url: string): Promise<Response> {
    const handler = this.handlers.get(new URL(url).protocol.slice(0, -1));
    if (!handler) throw new Error(`no handler for ${url}`);
    return handler(new Request(url));
  }
}

export interface FakeElectron extends ElectronMainApi {
  app: FakeApp;
  protocol: FakeProtocol;
  ipcMain: FakeIpcMain;
  session: { defaultSession: FakeSession };
  screen: FakeScreen;
}

export function fakeElectron(opts: { singleInstanceLock?: boolean; userData: string }): FakeElectron {
  FakeBrowserWindow.created = [];
  FakeBrowserWindow.serverDown = false;
  const app = new FakeApp(opts.singleInstanceLock ?? true, opts.userData);
  FakeBrowserWindow.onCreate = (w) => app.emit('web-contents-created', {}, w.webContents);
  return {
    app,
    protocol: new FakeProtocol(app),
    BrowserWindow: FakeBrowserWindow,
    ipcMain: new FakeIpcMain(),
    session: { defaultSession: new FakeSession() },
    screen: new FakeScreen(),
  };
}
