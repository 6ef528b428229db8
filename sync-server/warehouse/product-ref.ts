// How warehouse answers name a product (shared/admin-api/warehouse.ts ProductRef): built in SQL
// so that lists carry names and SKUs in one query.

/** A jsonb {id, name, sku, unit} of the product row aliased `alias`. */
export const productRefSql = (alias: string): string => `jsonb_build_object('id', ${alias}.id, 'name', ${alias}.name, 'sku', ${alias}.sku, 'unit', ${alias}.unit)`;
