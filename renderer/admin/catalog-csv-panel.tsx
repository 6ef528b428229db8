// The products page's CSV tools: export every product or the current search; import a file with
// a dry run first if wanted, a progress bar over the upload and the server's work, and the bad
// rows listed with their numbers and reasons (the whole list can be downloaded). An import with
// any bad row imports nothing.
import { useState } from 'react';
import type { CatalogImportResult } from '../../shared/admin-api/catalog-csv.ts';
import { writeCsv } from '../../shared/csv/write-csv.ts';
import { downloadCsv } from '../reports/csv.ts';
import { query } from '../reports/reports-api.ts';
import { importCatalogFile, type ImportProgress, progressFraction } from './catalog-import-client.ts';
import { useAdminCall } from './use-admin-call.ts';
import { counted } from '../../shared/text/count.ts';

/** Bad rows shown on the page; the downloaded list has them all. */
const SHOWN_PROBLEMS = 500;

const n = (v: number): string => v.toLocaleString('en');

function stageText(p: ImportProgress): string {
  switch (p.stage) {
    case 'upload':
      return `Uploading the file: ${Math.round((p.total ? p.done / p.total : 0) * 100)}%`;
    case 'read':
      return `Reading ${n(p.total)} rows`;
    case 'check':
      return `Checking rows: ${n(p.done)} of ${n(p.total)}`;
    case 'write':
      return `Writing ${n(p.total)} rows`;
    case 'publish':
      return 'Sending the changes to the tills';
  }
}

function summary(r: CatalogImportResult): string {
  const counts = `${n(r.created)} new, ${n(r.updated)} changed, ${n(r.unchanged)} unchanged`;
  return r.dryRun
    ? `Dry run: all ${n(r.rows)} rows are fine (${counts}). Nothing was changed yet: choose Import to apply them.`
    : `Imported ${n(r.rows)} rows: ${counts}. Paired tills have the changes within seconds.`;
}

function badRows(r: CatalogImportResult): string {
  const rows = new Set(r.problems.map((p) => p.row)).size;
  return counted(rows, 'bad row');
}

export function CatalogCsvPanel({ search, archived, canWrite, onImported }: { search: string; archived: boolean; canWrite: boolean; onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [result, setResult] = useState<CatalogImportResult | null>(null);
  const call = useAdminCall();

  const run = async (dryRun: boolean): Promise<void> => {
    if (!file) return call.setError('Choose a CSV file first.');
    setResult(null);
    setProgress({ stage: 'upload', done: 0, total: file.size });
    const res = await call.run(() => importCatalogFile(file, dryRun, setProgress));
    setProgress(null);
    if (!res) return;
    setResult(res);
    if (res.ok && !res.dryRun) onImported();
  };

  const downloadProblems = (r: CatalogImportResult): void => {
    const name = `${file?.name.replace(/\.csv$/i, '') ?? 'import'}-problems.csv`;
    downloadCsv(name, writeCsv(['row', 'problem'], r.problems.map((p) => [String(p.row), p.message])));
  };

  return (
    <div className="panel csv" aria-label="CSV import and export" role="group">
      <div className="toolbar">
        <a className="button" href={`/api/admin/products/export`} download>Export all (CSV)</a>
        <a className="button" href={`/api/admin/products/export${query({ q: search.trim(), archived: String(archived) })}`} download>Export this list (CSV)</a>
        {canWrite && (
          <>
            <label className="inline">CSV file <input type="file" accept=".csv,text/csv" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setResult(null); call.setError(null); }} /></label>
            <button type="button" disabled={!file || call.busy} onClick={() => void run(true)}>Check file (dry run)</button>
            <button type="button" className="primary" disabled={!file || call.busy} onClick={() => void run(false)}>Import</button>
          </>
        )}
      </div>
      {progress && (
        <div className="progress">
          <progress aria-label="Import progress" max={1} value={progressFraction(progress)} />
          <span role="status">{stageText(progress)}</span>
        </div>
      )}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {result?.ok && <p className="ok" role="status">{summary(result)}</p>}
      {result && !result.ok && (
        <div className="error" role="alert" aria-label="Import problems">
          <p>
            {result.dryRun ? 'Dry run: ' : ''}Nothing was imported: {badRows(result)} of {n(result.rows)}. Fix them and import the whole file again.
            {' '}<button type="button" onClick={() => downloadProblems(result)}>Download the list</button>
          </p>
          <ul className="problems">
            {result.problems.slice(0, SHOWN_PROBLEMS).map((p, i) => <li key={i}>{p.message}</li>)}
          </ul>
          {result.problems.length > SHOWN_PROBLEMS && <p>… and {n(result.problems.length - SHOWN_PROBLEMS)} more in the downloaded list.</p>}
        </div>
      )}
    </div>
  );
}
