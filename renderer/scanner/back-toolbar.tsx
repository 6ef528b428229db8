// The header of a scanner task screen: what is being done, and the way back to the work list.
import type { ReactNode } from 'react';

export function BackToListToolbar({ title, onBack }: { title: ReactNode; onBack: () => void }) {
  return (
    <div className="row scanner-toolbar">
      <h1>{title}</h1>
      <button type="button" className="big" onClick={onBack}>
        Back to list
      </button>
    </div>
  );
}
