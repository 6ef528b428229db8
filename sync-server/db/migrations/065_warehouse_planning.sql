-- Warehouse planning from the back office (issue 13 point 11; docs/warehouse.md).
--
-- Reorder rules may name the supplier their proposals are ordered from, and round what they
-- propose up to a pack multiple (NULL: no rounding).
ALTER TABLE reorder_rules
  ADD COLUMN qty_multiple numeric(18, 4) CHECK (qty_multiple > 0),
  ADD COLUMN supplier text CHECK (length(supplier) BETWEEN 1 AND 200);

-- A count task says itself whether it is blind: fixed when it is made (the warehouse's setting
-- unless the task chose); NULL for tasks made before, which follow the warehouse's setting.
-- A transfer to another site ships from the source warehouse (a one-step delivery with no order,
-- into the source's transit location) and arrives as a receipt at `arrival_location_id`.
-- Both reach the picking documents through the publishing query (warehouse/work-context.ts),
-- not the picking_docs view: a later migration (084) redefines that view.
ALTER TABLE pickings
  ADD COLUMN count_shows_expected boolean,
  ADD COLUMN arrival_location_id text REFERENCES locations(id);

-- The back office lists pickings of one kind, newest first.
CREATE INDEX pickings_kind_created ON pickings (kind, created_at DESC);
