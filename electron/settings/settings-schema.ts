// The device's local settings: its role, the server, the printers and scanners, the local
// hardware service. Stored as JSON (settings-store.ts); validated here so a hand-edited file
// with a mistake is reported with the field at fault instead of half-applied.
import type { DeviceRole, DeviceSettings, DrawerWiring, PrinterConfig } from '../../shared/device-bridge.ts';

// The types are the shared DeviceSettings (the renderer edits them through window.aisleSettings).
export type AisleSettings = DeviceSettings;
export type PrinterSettings = PrinterConfig;
export type DrawerSettings = DrawerWiring;
export type ScannerSettings = DeviceSettings['scanners'];
export type HardwareServiceSettings = DeviceSettings['hardwareService'];
export type { DeviceRole };

export const DEFAULT_SETTINGS: AisleSettings = {
  role: 'till',
  serverUrl: 'http://127.0.0.1:8787',
  kiosk: false,
  printers: [],
  defaultPrinterId: null,
  scanners: { hid: true, serial: [] },
  hardwareService: { port: 8790, allowedOrigins: ['http://127.0.0.1:8787', 'http://localhost:8787'] },
};

export class SettingsError extends Error {
  readonly code = 'settings-invalid';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'SettingsError';
  }
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function pick<T>(obj: Json, key: string, field: string, check: (v: unknown) => v is T, fallback: T): T {
  const v = obj[key];
  if (v === undefined) return fallback;
  if (!check(v)) throw new SettingsError(`${field}.${key}`, `unexpected value ${JSON.stringify(v)}`);
  return v;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The server the window loads: https, or plain http only on this machine (a loopback address is a
 * secure context already; a LAN address over http would send tokens and PINs in clear).
 */
export function checkServerUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SettingsError('settings.serverUrl', `not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol === 'https:') return value;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return value;
  throw new SettingsError('settings.serverUrl', `${value} is not https: a server on another machine must be reached over https (start it with \`aisle serve --tls\` and pin its certificate's fingerprint); plain http is only for this machine (127.0.0.1 or localhost)`);
}
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isPort = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0 && (v as number) < 65536;
const isRole = (v: unknown): v is DeviceRole => v === 'till' || v === 'scanner' || v === 'reports';
const isColumns = (v: unknown): v is 32 | 42 | 48 => v === 32 || v === 42 || v === 48;
const isPin = (v: unknown): v is 2 | 5 => v === 2 || v === 5;
const isMs = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 2 && (v as number) <= 510;
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isPrinterUrl = (v: unknown): v is string =>
  isString(v) && (/^tcp:\/\/[^/]+(:\d+)?\/?$/i.test(v) || /^usb:\/\/[0-9a-f]{4}:[0-9a-f]{4}$/i.test(v));

function parsePrinter(v: unknown, i: number): PrinterSettings {
  const f = `printers[${String(i)}]`;
  if (!isObject(v)) throw new SettingsError(f, 'must be an object');
  const id = pick(v, 'id', f, isString, '');
  if (!id) throw new SettingsError(`${f}.id`, 'is required');
  const url = pick(v, 'url', f, isPrinterUrl, '');
  if (!url) throw new SettingsError(`${f}.url`, 'is required (tcp://host:9100 or usb://04b8:0e28)');
  const d = isObject(v.drawer) ? v.drawer : {};
  return {
    id,
    name: pick(v, 'name', f, isString, id),
    url,
    columns: pick(v, 'columns', f, isColumns, 48),
    drawer: {
      pin: pick(d, 'pin', `${f}.drawer`, isPin, 2),
      onMs: pick(d, 'onMs', `${f}.drawer`, isMs, 50),
      offMs: pick(d, 'offMs', `${f}.drawer`, isMs, 500),
    },
    status: pick(v, 'status', f, isBool, true),
  };
}

/** `updates`: absent or null = auto-update off; otherwise an http(s) feed URL and an optional channel. */
function parseUpdates(v: unknown): AisleSettings['updates'] {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new SettingsError('updates', 'must be an object { url, channel? }');
  const url = pick(v, 'url', 'updates', isString, '');
  if (!/^https?:\/\/[^/]+/i.test(url)) throw new SettingsError('updates.url', 'must be an http(s) URL of the update directory');
  const channel = pick(v, 'channel', 'updates', isString, '');
  return channel ? { url, channel } : { url };
}

/** Validate a parsed JSON document into settings, filling defaults. */
export function parseSettings(doc: unknown): AisleSettings {
  if (!isObject(doc)) throw new SettingsError('settings', 'must be a JSON object');
  const d = DEFAULT_SETTINGS;
  const printersRaw = doc.printers ?? [];
  if (!Array.isArray(printersRaw)) throw new SettingsError('printers', 'must be an array');
  const printers = printersRaw.map(parsePrinter);
  const scannersRaw = isObject(doc.scanners) ? doc.scanners : {};
  const serialRaw = scannersRaw.serial ?? [];
  if (!Array.isArray(serialRaw)) throw new SettingsError('scanners.serial', 'must be an array');
  const serial = serialRaw.map((s, i) => {
    const f = `scanners.serial[${String(i)}]`;
    if (!isObject(s)) throw new SettingsError(f, 'must be an object');
    const path = pick(s, 'path', f, isString, '');
    if (!path) throw new SettingsError(`${f}.path`, 'is required');
    return { path, baudRate: pick(s, 'baudRate', f, (x): x is number => Number.isInteger(x), 9600) };
  });
  const hw = isObject(doc.hardwareService) ? doc.hardwareService : {};
  const defaultPrinterId = pick(doc, 'defaultPrinterId', 'settings', (v): v is string | null => v === null || isString(v), printers[0]?.id ?? null);
  if (defaultPrinterId !== null && !printers.some((p) => p.id === defaultPrinterId)) {
    throw new SettingsError('defaultPrinterId', `no printer with id "${defaultPrinterId}"`);
  }
  const updates = parseUpdates(doc.updates);
  return {
    ...(updates ? { updates } : {}),
    role: pick(doc, 'role', 'settings', isRole, d.role),
    serverUrl: checkServerUrl(pick(doc, 'serverUrl', 'settings', isString, d.serverUrl)),
    ...(doc.serverCertificate === undefined ? {} : { serverCertificate: pick(doc, 'serverCertificate', 'settings', (v): v is string => isString(v) && FINGERPRINT.test(v.toUpperCase()), '').toUpperCase() }),
    kiosk: pick(doc, 'kiosk', 'settings', isBool, d.kiosk),
    printers,
    defaultPrinterId,
    scanners: { hid: pick(scannersRaw, 'hid', 'scanners', isBool, d.scanners.hid), serial },
    hardwareService: {
      port: pick(hw, 'port', 'hardwareService', isPort, d.hardwareService.port),
      allowedOrigins: pick(hw, 'allowedOrigins', 'hardwareService', isStringArray, d.hardwareService.allowedOrigins),
    },
  };
}
