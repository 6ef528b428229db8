-- Ship from store (issue 16 point 2; docs/channels.md "Routing and ship from store"). Each channel
-- says which sites may ship its delivery orders and in what order of preference:
--   warehouse-first  warehouses only, by their priority (what every channel did before; default)
--   store-first      stores before warehouses
--   stock-richest    the site holding most of the order first
--   nearest          the channel's own list of sites, nearest first (sites have no coordinates and
--                    orders no address, so "near" is what the admin says it is for the channel)
-- channel_route_sites is that list, in order (position); for store-first and stock-richest it
-- limits which sites ship when it is not empty.
ALTER TABLE channels ADD COLUMN routing text NOT NULL DEFAULT 'warehouse-first'
  CHECK (routing IN ('warehouse-first', 'store-first', 'stock-richest', 'nearest'));

CREATE TABLE channel_route_sites (
  channel text NOT NULL REFERENCES channels(code) ON DELETE CASCADE,
  site_id text NOT NULL REFERENCES sites(id),
  position integer NOT NULL CHECK (position >= 1),
  PRIMARY KEY (channel, site_id),
  UNIQUE (channel, position)
);
