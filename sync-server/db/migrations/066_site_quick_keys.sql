-- Quick keys of a site's tills (issue 12 point 16): the category tabs and pinned products of the
-- till's product grid, replicated in the site's config entry. NULL = derived on the till from the
-- catalog's categories. Shape: [{"label": "Fruit", "category": "Grocery", "skus": ["SKU-000012"]}].
ALTER TABLE sites ADD COLUMN quick_keys jsonb;
ALTER TABLE sites ADD CONSTRAINT sites_quick_keys_array CHECK (quick_keys IS NULL OR jsonb_typeof(quick_keys) = 'array');
