// Loads the bundled main process (argv[2]) and preload (argv[3]) under plain Node with a minimal
// stand-in for the `electron` module, and prints what they did as JSON. Run by bundle.test.ts.
import Module, { createRequire } from 'node:module';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import os from 'node:os';
import fs from 'node:fs';

const require = createRequire(import.meta.url);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aisle-bundle-'));
fs.writeFileSync(path.join(dir, 'aisle-settings.json'), JSON.stringify({ scanners: { hid: false } }));
const report = { windows: [], loaded: [], handlers: [], exposed: [], requires: [] };

class WebContents extends EventEmitter {
  constructor() { super(); this.id = 1; }
  send() {}
  setWindowOpenHandler() {}
  reload() {}
  isDestroyed() { return false; }
}
class BrowserWindow extends EventEmitter {
  constructor(options) { super(); this.webContents = new WebContents(); report.windows.push(options.webPreferences); }
  async loadURL(url) { report.loaded.push(url); this.emit('ready-to-show'); }
  show() {}
  focus() {}
  restore() {}
  isMinimized() { return false; }
  isDestroyed() { return false; }
}
const app = Object.assign(new EventEmitter(), {
  requestSingleInstanceLock: () => true,
  commandLine: { appendSwitch() {} },
  whenReady: async () => {},
  quit() {},
  relaunch() {},
  exit() {},
  getPath: () => dir,
  getVersion: () => '0.1.0',
});
const electron = {
  app,
  protocol: { registerSchemesAsPrivileged(schemes) { report.schemes = schemes.map((s) => s.scheme); }, handle() {} },
  BrowserWindow,
  ipcMain: { handle(channel) { report.handlers.push(channel); }, removeHandler() {} },
  session: { defaultSession: { webRequest: { onHeadersReceived() {} }, setPermissionRequestHandler() {}, setCertificateVerifyProc() {} } },
  contextBridge: { exposeInMainWorld(key, api) { report.exposed.push([key, Object.keys(api).sort()]); } },
  ipcRenderer: { invoke: async () => undefined, on() {}, removeListener() {} },
};

const load = Module._load;
Module._load = function (request, parent, ...rest) {
  if (parent && parent.filename === process.argv[3]) report.requires.push(request);
  return request === 'electron' ? electron : load.call(this, request, parent, ...rest);
};
require(process.argv[3]);
require(process.argv[2]);
setTimeout(() => {
  process.stdout.write(JSON.stringify(report));
  // The stand-in app's user-data directory goes with the run (it was left in the temp directory).
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}, 1000);
