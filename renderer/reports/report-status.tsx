// Loading and error lines shared by the pages.
export function ReportStatus({ loading, error }: { loading: boolean; error: string | null }) {
  if (error) return <p role="alert">Could not load this report: {error}</p>;
  if (loading) return <p className="muted" aria-live="polite">Loading…</p>;
  return null;
}

export function Unavailable({ reason }: { reason: string }) {
  return <p className="unavailable" role="note">{reason}</p>;
}
