// Keyboard-wedge scanning anywhere on the till screen: a capture-phase keydown listener feeds the
// detector; once a burst is recognised its keys are swallowed and the terminator applies the scan.
// Text fields marked `data-scan-entry` handle their own Enter (the entry box), so they are skipped.
import { createWedgeDetector, type WedgeOptions } from './wedge-detector.ts';

function ownsKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.dataset.scanEntry !== undefined) return true;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || target.isContentEditable;
}

export function installWedgeListener(onScan: (code: string) => void, options?: WedgeOptions): () => void {
  const detector = createWedgeDetector(options);
  const listener = (event: KeyboardEvent) => {
    if (ownsKeys(event.target)) {
      detector.reset();
      return;
    }
    const verdict = detector.feed({ key: event.key, ctrlKey: event.ctrlKey, altKey: event.altKey, metaKey: event.metaKey, at: event.timeStamp });
    if (verdict.kind === 'scan') {
      event.preventDefault();
      event.stopPropagation();
      onScan(verdict.code);
    } else if (verdict.kind === 'buffered' && verdict.inBurst) {
      event.preventDefault();
    }
  };
  window.addEventListener('keydown', listener, true);
  return () => window.removeEventListener('keydown', listener, true);
}
