// Admin API: the product catalog (list with search and paging, create, change, archive) and the
// taxes a product can carry. Declared once for the server's validation and the back office's types.
import { Type, type Static } from 'typebox';
import { counted } from '../text/count.ts';

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
 * The back office's Taxes page: with `compound`, how many products carry the tax (`archivedProducts`
 * of them archived), and its rates over time, newest first (`GET /api/admin/taxes`; these fields are
 * absent where only `Tax` is read).
 */
export const TaxDetail = Type.Object({
  ...Tax.properties,
  compound: Type.Optional(Type.Boolean()),
  products: Type.Optional(Type.Integer()),
  archivedProducts: Type.Optional(Type.Integer()),
  history: Type.Optional(Type.Array(TaxRatePeriod)),
  /** A retired tax: when it was retired (ISO instant, its `tax.retire` audit entry); absent when active or not known. */
  retiredAt: Type.Optional(Type.String()),
  /** Its next rate, scheduled to take effect at `from` (ISO instant), with the name it takes then if it changes. */
  scheduled: Type.Optional(Type.Object({ rate: Type.Number(), from: Type.String(), name: Type.Optional(Type.String()) })),
});
export type TaxDetail = Static<typeof TaxDetail>;
export const TaxList = Type.Object({ taxes: Type.Array(TaxDetail) });
export type TaxList = Static<typeof TaxList>;

const taxFields = {
  /** In percent, 0 to 100 with at most 4 decimals (numeric(7,4)). */
  rate: Type.Number({ minimum: 0, maximum: 100, multipleOf: 0.0001, description: 'a percentage with at most 4 decimals, such as 20 or 5.5' }),
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'more than spaces' }),
};

/**
 * A new tax (`POST /api/admin/taxes`): its name, unique whatever the case (the CSV import finds taxes
 * by name, any case), its rate in percent from now on, and whether it is compound — charged on the
 * price and the taxes before it on a product — rather than on the price alone (the default).
 */
export const TaxInput = Type.Object(
  { name: taxFields.name, rate: taxFields.rate, compound: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type TaxInput = Static<typeof TaxInput>;

/**
 * A tax's new rate, in percent, taking effect now (tills and the sale checks follow it: docs/ledger.md
 * "Taxes judged against the catalog"), and/or its new name (a name that says the rate, "VAT 20%",
 * changes with it), and/or `active`: false retires the tax — refused while a product, archived ones
 * included, carries it (409 `tax_in_use`) — and true brings it back. At least one of them.
 */
export const TaxPatch = Type.Object(
  {
    rate: Type.Optional(taxFields.rate),
    name: Type.Optional(taxFields.name),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type TaxPatch = Static<typeof TaxPatch>;

/**
 * A tax's next rate, scheduled (`PUT /api/admin/taxes/:id/scheduled-rate`): the rate in percent from
 * `from` on — an ISO instant with its offset, in the future and at most two years ahead — and the
 * name the tax takes then, if it changes ("VAT 16%"). One scheduled rate per tax: a second replaces
 * it; `DELETE` of the same path cancels it. The tills switch at that instant on their own.
 */
export const TaxScheduleInput = Type.Object(
  { rate: taxFields.rate, from: Type.String({ format: 'date-time', description: 'an ISO date and time with its offset, such as 2027-01-01T00:00:00+01:00' }), name: Type.Optional(taxFields.name) },
  { additionalProperties: false },
);
export type TaxScheduleInput = Static<typeof TaxScheduleInput>;

/** The Taxes page's Products cell: "1,101", or "12 (3 archived)" — grouped as the screens' other numbers. */
export function taxProductsText(products: number, archived: number): string {
  return `${products.toLocaleString('en')}${archived ? ` (${archived.toLocaleString('en')} archived)` : ''}`;
}

/**
 * Why a tax cannot be retired yet, in the words of the Taxes page and of the API's 409: the products
 * that carry it would keep a tax no product form or import offers, and tills would lose its rate.
 */
export function taxInUseMessage(name: string, products: number, archived: number): string {
  const which = counted(products, 'product');
  const of = archived === 0 ? '' : archived === products ? (products === 1 ? ', which is archived' : ', all archived') : ` (${archived.toLocaleString('en')} of them archived)`;
  return `"${name}" is on ${which}${of}: give ${products === 1 ? 'it' : 'them'} another tax first (Products, Edit, or a CSV import), then retire it.`;
}
