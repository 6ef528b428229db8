// Settings in a JSON file in the user-data directory. Writes go to a temporary file renamed over
// the old one, so a crash mid-write never leaves a half-written settings file.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEFAULT_SETTINGS, parseSettings, type AisleSettings } from './settings-schema.ts';

export const SETTINGS_FILE = 'aisle-settings.json';

export class SettingsStore {
  constructor(readonly file: string) {}

  static inDir(dir: string): SettingsStore {
    return new SettingsStore(join(dir, SETTINGS_FILE));
  }

  /** The stored settings; defaults when there is no file yet. Throws SettingsError on an invalid file. */
  async load(): Promise<AisleSettings> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(DEFAULT_SETTINGS);
      throw e;
    }
    return parseSettings(JSON.parse(text) as unknown);
  }

  async save(settings: AisleSettings): Promise<AisleSettings> {
    const valid = parseSettings(settings);
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${String(process.pid)}.tmp`;
    await writeFile(tmp, `${JSON.stringify(valid, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, this.file);
    return valid;
  }

  async update(patch: Partial<AisleSettings>): Promise<AisleSettings> {
    return this.save({ ...(await this.load()), ...patch });
  }
}
