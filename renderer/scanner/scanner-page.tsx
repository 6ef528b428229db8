// Scanner station (warehouse mode): arrives with a later issue; this placeholder keeps the route.
export function ScannerPage() {
  return (
    <main className="centered">
      <h1>Scanner station</h1>
      <p>The warehouse scanner station is not part of this build yet.</p>
    </main>
  );
}
