// Public surface of store time (site time zones).
export {
  DEFAULT_TIME_ZONE,
  TimeZoneError,
  isTimeZone,
  zoneOrDefault,
  assertTimeZone,
  storeClock,
  storeDay,
  toStoreIso,
  formatStoreDateTime,
  formatStoreTime,
  formatStoreDate,
  formatStoreDateTimeText,
  type StoreClock,
} from './store-time.ts';
export { nextStoreDay, storeInstant } from './store-instant.ts';
