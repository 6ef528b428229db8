-- Every sale push asks, inside the feed lock, whether its sales take units a click-and-collect
-- order holds (pos/sold-reservations.ts). Almost no quant is reserved, but the question read every
-- quant of the table (a sequential scan: it grows with the catalog, 100k products make hundreds of
-- thousands of quants). The reserved quants of a location are now found through this index, which
-- holds only them.
CREATE INDEX quants_reserved ON quants (location_id) WHERE reserved > 0;
