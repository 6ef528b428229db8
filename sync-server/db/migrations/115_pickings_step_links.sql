-- A picking's backorders (backorder_of) and the steps that follow it (previous_step) are looked up
-- by those links — a pickup order's transfers for its documents (picking-docs.ts, order-transfers.ts),
-- a transfer's arrivals (move-lists.ts), cancelling a pickup (cancel.ts) — and had no index: each
-- lookup read every delivery picking, or every ready picking of a site, whatever it asked for
-- (docs/warehouse.md "plans that do not grow with the tables"). Partial: most pickings have neither.
CREATE INDEX pickings_backorder_of ON pickings (backorder_of) WHERE backorder_of IS NOT NULL;
CREATE INDEX pickings_previous_step ON pickings (previous_step) WHERE previous_step IS NOT NULL;
