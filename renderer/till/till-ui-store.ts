// Which till screen is showing, and the supervisor-approval prompt that any screen can raise.
import { create } from 'zustand';
import type { KnownUser } from '../config/config-snapshot.ts';

export type TillMode = 'sell' | 'pay' | 'return' | 'cash' | 'close' | 'xreport' | 'reprint';

interface ApprovalRequest {
  reason: string;
  resolve(user: KnownUser | null): void;
}

interface TillUiState {
  mode: TillMode;
  approval: ApprovalRequest | null;
  /** A receipt code scanned on the sell screen, handed to the return screen. */
  returnLookup: string | null;
  go(mode: TillMode): void;
  startReturn(lookup: string | null): void;
  /** Resolves with the approving supervisor, or null when the cashier cancels. */
  requestApproval(reason: string): Promise<KnownUser | null>;
  finishApproval(user: KnownUser | null): void;
}

export const useTillUiStore = create<TillUiState>((set, get) => ({
  mode: 'sell',
  approval: null,
  returnLookup: null,
  go(mode) {
    set({ mode });
  },
  startReturn(lookup) {
    set({ mode: 'return', returnLookup: lookup });
  },
  requestApproval(reason) {
    get().approval?.resolve(null);
    return new Promise((resolve) => set({ approval: { reason, resolve } }));
  },
  finishApproval(user) {
    get().approval?.resolve(user);
    set({ approval: null });
  },
}));
