// `npm start`: runs the whole system on the embedded database (see README).
// Grows with each issue: today it only reports what is available.
console.log('Aisle: the sync server and UIs are not built yet; see README.md.');
