// The slice of Electron's main-process API that Aisle uses, as structural types. main.ts passes
// the real `electron` module (the compiler checks it fits); the tests pass a fake of the same
// shape, so the main-process logic runs under plain Node where Electron cannot be downloaded.

export interface PreventableEvent {
  preventDefault(): void;
}

export interface RenderProcessGone {
  reason: string;
  exitCode: number;
}

/** The one window a page may open: the till's customer display (customer-display-window.ts). */
export interface DisplayWindowOptions {
  x: number;
  y: number;
  width: number;
  height: number;
  fullscreen: boolean;
  /** False: the display never takes the keyboard (a wedge scanner types into the focused window). */
  focusable: boolean;
  title: string;
  autoHideMenuBar: boolean;
  backgroundColor: string;
  webPreferences: Omit<WebPreferencesUsed, 'preload'>;
}

export type WindowOpenHandlerResponse = { action: 'deny' } | { action: 'allow'; overrideBrowserWindowOptions: DisplayWindowOptions };

export interface RectangleLike {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayLike {
  readonly id: number;
  readonly bounds: RectangleLike;
}

/** Electron's `screen` (usable once the app is ready). */
export interface ScreenLike {
  getAllDisplays(): DisplayLike[];
  getPrimaryDisplay(): DisplayLike;
}

export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(
    event: 'did-fail-load',
    listener: (event: unknown, errorCode: number, errorDescription: string, validatedURL: string, isMainFrame: boolean) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'render-process-gone', listener: (event: unknown, details: RenderProcessGone) => void): unknown;
  on(event: 'before-input-event', listener: (event: PreventableEvent, input: { type: string; code: string; shift: boolean; control: boolean; meta: boolean }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenHandlerResponse): void;
  reload(): void;
  isDestroyed(): boolean;
}

export interface WebPreferencesUsed {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: false;
}

export interface WindowOptionsUsed {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  kiosk: boolean;
  fullscreen: boolean;
  autoHideMenuBar: boolean;
  backgroundColor: string;
  webPreferences: WebPreferencesUsed;
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  once(event: 'ready-to-show', listener: () => void): unknown;
}

export type BrowserWindowCtor = new (options: WindowOptionsUsed) => BrowserWindowLike;

export interface IpcMainInvokeEventLike {
  readonly sender: WebContentsLike;
  readonly senderFrame: { readonly url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface HeadersReceivedDetails {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

export interface SessionLike {
  webRequest: {
    onHeadersReceived(
      listener: (details: HeadersReceivedDetails, callback: (response: { responseHeaders?: Record<string, string[] | string> }) => void) => void,
    ): void;
  };
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  /** Electron's certificate check: callback(0) accepts, (-2) refuses, (-3) leaves it to Chromium. */
  setCertificateVerifyProc(proc: (request: { hostname: string; certificate: { data: string } }, callback: (verificationResult: number) => void) => void): void;
}

export interface AppLike {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance' | 'window-all-closed', listener: () => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): unknown;
  readonly commandLine: { appendSwitch(name: string, value?: string): void };
  whenReady(): Promise<unknown>;
  quit(): void;
  relaunch(): void;
  exit(exitCode?: number): void;
  getPath(name: 'userData'): string;
  getVersion(): string;
}

/** Electron's `protocol`: the settings page's custom scheme (settings-window.ts). */
export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: { standard?: boolean; secure?: boolean } }[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

export interface ElectronMainApi {
  app: AppLike;
  protocol: ProtocolLike;
  BrowserWindow: BrowserWindowCtor;
  ipcMain: IpcMainLike;
  session: { defaultSession: SessionLike };
  screen: ScreenLike;
}

/** The renderer side: what preload.ts uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}
