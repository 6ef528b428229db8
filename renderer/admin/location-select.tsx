// A stock location of one site, chosen by its full name (WH1/Stock/A-01-01).
import { useEffect } from 'react';
import { useLocations } from './use-sites.ts';

export function LocationSelect({ siteCode, label, value, onChange, disabled = false }: { siteCode: string; label: string; value: string; onChange(id: string): void; disabled?: boolean }) {
  const locations = useLocations(siteCode);
  // Until something is chosen, the site's Stock (or its first location).
  useEffect(() => {
    if (locations.length === 0 || locations.some((l) => l.id === value)) return;
    const stock = locations.find((l) => l.fullName === `${siteCode}/Stock`) ?? locations[0];
    if (stock) onChange(stock.id);
  }, [locations, value, siteCode, onChange]);
  return (
    <select aria-label={label} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
      {locations.map((l) => <option key={l.id} value={l.id}>{l.fullName}</option>)}
    </select>
  );
}
