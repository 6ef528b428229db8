// Central reports for managers: arrive with a later issue; this placeholder keeps the route.
export function ReportsPage() {
  return (
    <main className="centered">
      <h1>Reports</h1>
      <p>Central reports are not part of this build yet.</p>
    </main>
  );
}
