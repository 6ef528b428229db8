-- Rejections stay cheap however many a device has piled up (issue 14 point 6). Storing a dead
-- letter checked for an identical earlier one (same event id and payload) with no usable index,
-- and summed the device's bytes of the last 24 hours: both scanned every dead letter of the device,
-- so a till pushing thousands of rejected documents slowed each rejection down (sales/s fell by an
-- order of magnitude over repeated bursts). The duplicate check now uses an index on the event id,
-- and each device's bytes per day are a running total.
CREATE INDEX dead_letters_open_event ON dead_letters (device_id, event_id) WHERE replayed_at IS NULL;
CREATE TABLE dead_letter_usage (
  device_id text NOT NULL REFERENCES devices(id),
  day date NOT NULL,
  bytes bigint NOT NULL,
  PRIMARY KEY (device_id, day)
);
