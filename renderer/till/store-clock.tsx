// The till's clock: store time (the site's IANA zone from config), whatever zone the device is set to.
import { useEffect, useState } from 'react';
import { formatStoreDateTime, zoneOrDefault } from '../../shared/time/index.ts';
import { useConfigStore } from '../config/config-store.ts';

export function StoreClock() {
  const configured = useConfigStore((s) => s.config.site?.timeZone);
  const zone = zoneOrDefault(configured);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 10_000);
    return () => clearInterval(timer);
  }, []);
  const text = formatStoreDateTime(now, zone);
  return (
    <time aria-label="Store time" dateTime={now.toISOString()} title={zone} className="store-clock">
      {text.slice(11)}
    </time>
  );
}
