// Admin API: the product catalog (list with search and paging, create, change, archive) and the
// taxes a product can carry. Declared once for the server's validation and the back office's types.
import { Type, type Static } from 'typebox';

export const Unit = Type.Union([Type.Literal('unit'), Type.Literal('kg'), Type.Literal('g'), Type.Literal('l'), Type.Literal('ml'), Type.Literal('m')]);
export const Tracking = Type.Union([Type.Literal('none'), Type.Literal('lot'), Type.Literal('serial')]);

const productFields = {
  sku: Type.String({ minLength: 1, maxLength: 64, pattern: '^\\S+$' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  /** EAN-13, EAN-8, UPC-A or GTIN-14 with a correct check digit; stored as GTIN-14. */
  barcodes: Type.Array(Type.String({ pattern: '^[0-9]{8,14}$' }), { maxItems: 20 }),
  /** Minor units of the store currency. */
  price: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
  priceIncludesTax: Type.Boolean(),
  cost: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
  category: Type.String({ maxLength: 100 }),
  unit: Unit,
  tracking: Tracking,
  taxIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 5 }),
};

export const ProductInput = Type.Object(
  {
    ...productFields,
    priceIncludesTax: Type.Optional(productFields.priceIncludesTax),
    cost: Type.Optional(productFields.cost),
    category: Type.Optional(productFields.category),
    unit: Type.Optional(Unit),
    tracking: Type.Optional(Tracking),
    barcodes: Type.Optional(productFields.barcodes),
    taxIds: Type.Optional(productFields.taxIds),
  },
  { additionalProperties: false },
);
export type ProductInput = Static<typeof ProductInput>;

export const ProductPatch = Type.Object(
  {
    sku: Type.Optional(productFields.sku),
    name: Type.Optional(productFields.name),
    barcodes: Type.Optional(productFields.barcodes),
    price: Type.Optional(productFields.price),
    priceIncludesTax: Type.Optional(productFields.priceIncludesTax),
    cost: Type.Optional(productFields.cost),
    category: Type.Optional(productFields.category),
    unit: Type.Optional(Unit),
    tracking: Type.Optional(Tracking),
    taxIds: Type.Optional(productFields.taxIds),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ProductPatch = Static<typeof ProductPatch>;

export const Product = Type.Object({ id: Type.String(), ...productFields, active: Type.Boolean(), updatedAt: Type.String() });
export type Product = Static<typeof Product>;

export const ProductQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    archived: Type.Optional(Type.Boolean()),
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type ProductQuery = Static<typeof ProductQuery>;

/** `currency`: the stores' currency, in which prices are kept (minor units). */
export const ProductPage = Type.Object({ products: Type.Array(Product), total: Type.Integer(), offset: Type.Integer(), currency: Type.String() });
export type ProductPage = Static<typeof ProductPage>;

export const Tax = Type.Object({ id: Type.String(), name: Type.String(), rate: Type.Number(), active: Type.Boolean() });
export type Tax = Static<typeof Tax>;

/** A rate a tax had from `from` on (the first one: since the tax was known to Aisle). */
export const TaxRatePeriod = Type.Object({ rate: Type.Number(), from: Type.String() });
export type TaxRatePeriod = Static<typeof TaxRatePeriod>;

/**
 * The back office's Taxes page: with `compound`, how many products carry the tax, and its rates
 * over time, newest first (`GET /api/admin/taxes`; these fields are absent where only `Tax` is read).
 */
export const TaxDetail = Type.Object({
  ...Tax.properties,
  compound: Type.Optional(Type.Boolean()),
  products: Type.Optional(Type.Integer()),
  history: Type.Optional(Type.Array(TaxRatePeriod)),
});
export type TaxDetail = Static<typeof TaxDetail>;
export const TaxList = Type.Object({ taxes: Type.Array(TaxDetail) });
export type TaxList = Static<typeof TaxList>;

/**
 * A tax's new rate, in percent, taking effect now (tills and the sale checks follow it: docs/ledger.md
 * "Taxes judged against the catalog"), and/or its new name (a name that says the rate, "VAT 20%",
 * changes with it). At least one of the two.
 */
export const TaxPatch = Type.Object(
  {
    rate: Type.Optional(Type.Number({ minimum: 0, maximum: 100, multipleOf: 0.0001 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'a name, not only spaces' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type TaxPatch = Static<typeof TaxPatch>;
