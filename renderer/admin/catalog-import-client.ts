// Sends a catalog CSV to the import route and follows it: the upload's progress (XMLHttpRequest
// reports bytes sent, fetch does not), then the server's NDJSON progress lines as they arrive,
// then its result. A refusal before the import starts (403, 413, 400) is a ReportsApiError.
import type { CatalogImportLine, CatalogImportPhase, CatalogImportResult } from '../../shared/admin-api/catalog-csv.ts';
import { apiFailure, query, ReportsApiError } from '../reports/reports-api.ts';

export interface ImportProgress {
  stage: 'upload' | CatalogImportPhase;
  done: number;
  total: number;
}

// Share of the bar each stage fills, in order: the upload, then the server's phases.
const STAGES: [ImportProgress['stage'], number][] = [['upload', 0.3], ['read', 0.05], ['check', 0.35], ['write', 0.15], ['publish', 0.15]];

/** The whole job as one fraction 0–1, for one progress bar. */
export function progressFraction(p: ImportProgress): number {
  let before = 0;
  for (const [stage, share] of STAGES) {
    if (stage === p.stage) return Math.min(1, before + share * (p.total > 0 ? Math.min(1, p.done / p.total) : 0));
    before += share;
  }
  return 1;
}

export function importCatalogFile(file: Blob & { name?: string }, dryRun: boolean, onProgress: (p: ImportProgress) => void): Promise<CatalogImportResult> {
  const path = `/api/admin/products/import${query({ dryRun: String(dryRun), file: file.name?.slice(0, 200) })}`;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    let read = 0;
    let result: CatalogImportResult | null = null;
    let failure: Error | null = null;
    const takeLines = (final: boolean): void => {
      if (xhr.status !== 200) return;
      const text = xhr.responseText;
      const end = final ? text.length : text.lastIndexOf('\n') + 1;
      if (end <= read) return;
      for (const raw of text.slice(read, end).split('\n')) {
        if (!raw.trim()) continue;
        const line = JSON.parse(raw) as CatalogImportLine;
        if (line.type === 'progress') onProgress({ stage: line.phase, done: line.done, total: line.total });
        else if (line.type === 'result') result = line;
        else failure = new ReportsApiError(500, line.error, line.message);
      }
      read = end;
    };
    xhr.upload.onprogress = (e) => onProgress({ stage: 'upload', done: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onprogress = () => takeLines(false);
    xhr.onerror = () => reject(new ReportsApiError(0, 'network', 'The server could not be reached: check the connection and try again. Nothing was imported.'));
    xhr.onload = () => {
      if (xhr.status !== 200) {
        let body: unknown = xhr.responseText;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          // Not JSON (a proxy's page): the status says enough.
        }
        return reject(apiFailure(path, xhr.status, body));
      }
      takeLines(true);
      if (failure) reject(failure);
      else if (result) resolve(result);
      else reject(new ReportsApiError(500, 'incomplete', 'The server stopped answering before the import finished. Nothing was imported; try again.'));
    };
    xhr.open('POST', path);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.send(file);
  });
}
