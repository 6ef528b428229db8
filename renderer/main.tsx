// Entry of the renderer SPA: one page, three apps chosen by path (/till, /scanner, /reports).
// No StrictMode: its double-run effects would open and close the local database twice at start.
import { createRoot } from 'react-dom/client';
import { AppRouter } from './app/app-router.tsx';
import { registerServiceWorker } from './app/service-worker-registration.ts';
import './app/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(<AppRouter />);
registerServiceWorker();
