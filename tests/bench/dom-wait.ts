// Waiting in a bench page (bundled into Chromium by page-bundle.ts) until the UI shows something.

/** Resolves when `pred` holds, checked after every DOM mutation (microtask-precise); `what` names it in the timeout. */
export function when(pred: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  if (pred()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const observer = new MutationObserver(() => {
      if (!pred()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}
