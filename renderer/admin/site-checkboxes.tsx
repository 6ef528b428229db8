// The sites a cashier, supervisor or picker works at, as ticks: only sites of a kind their role
// serves (stores for till roles; warehouses and stores for pickers, whose scanner stations also ship
// from stores); managers and admins work everywhere.
import type { UserRole } from '../../shared/admin-api/operations.ts';
import type { Site } from '../../shared/admin-api/sites.ts';
import { sitesForRole } from './user-rules.ts';

export function SiteCheckboxes({ role, sites, chosen, onChange, disabled = false }: { role: UserRole; sites: readonly Site[]; chosen: readonly string[]; onChange(codes: string[]): void; disabled?: boolean }) {
  const offered = sitesForRole(role, sites);
  if (offered === null) return <p className="muted full">Managers and admins are not tied to a site: they see every site.</p>;
  return (
    <fieldset className="tenders" disabled={disabled}>
      <legend>Works at</legend>
      {offered.length === 0 && <span className="muted">No site for this role yet.</span>}
      {offered.map((s) => (
        <label key={s.code}>
          <input
            type="checkbox"
            checked={chosen.includes(s.code)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, s.code] : chosen.filter((c) => c !== s.code))}
          />
          {s.name} ({s.code})
        </label>
      ))}
    </fieldset>
  );
}
