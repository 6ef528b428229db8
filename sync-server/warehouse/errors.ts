// Errors of the warehouse module: a named class with a machine-readable code and the HTTP status
// the routes answer with (the routes map it onto HttpError).

export type WarehouseErrorCode =
  | 'bad_request'
  | 'unknown_product'
  | 'fractional_quantity'
  | 'unknown_package'
  | 'package_reserved'
  | 'unknown_warehouse'
  | 'unknown_store'
  | 'unknown_site'
  | 'unknown_location'
  | 'unknown_order'
  | 'unknown_picking'
  | 'unknown_approval'
  | 'idempotency_key_reused'
  | 'duplicate_external_ref'
  | 'order_closed'
  | 'channel_mismatch'
  | 'forbidden'
  | 'unauthorized'
  | 'route_areas_missing'
  | 'nothing_to_count'
  | 'picking_busy'
  | 'picking_closed'
  | 'needs_scanning'
  | 'not_requested'
  | 'coupon_invalid'
  | 'coupon_used_up'
  | 'paid_at_store'
  | 'unknown_order_line'
  | 'over_return'
  | 'unknown_return'
  | 'return_closed';

const statusOf: Record<WarehouseErrorCode, number> = {
  bad_request: 400,
  unknown_product: 400,
  fractional_quantity: 400,
  unknown_package: 404,
  package_reserved: 409,
  unknown_warehouse: 400,
  unknown_store: 400,
  unknown_site: 400,
  unknown_location: 400,
  unknown_order: 404,
  unknown_picking: 404,
  unknown_approval: 404,
  not_requested: 409,
  idempotency_key_reused: 409,
  duplicate_external_ref: 409,
  order_closed: 409,
  channel_mismatch: 403,
  forbidden: 403,
  unauthorized: 401,
  route_areas_missing: 500,
  nothing_to_count: 409,
  picking_busy: 409,
  picking_closed: 409,
  needs_scanning: 409,
  coupon_invalid: 400,
  coupon_used_up: 409,
  paid_at_store: 409,
  unknown_order_line: 400,
  over_return: 409,
  unknown_return: 404,
  return_closed: 409,
};

export class WarehouseError extends Error {
  readonly code: WarehouseErrorCode;
  readonly status: number;
  constructor(code: WarehouseErrorCode, message: string) {
    super(message);
    this.name = 'WarehouseError';
    this.code = code;
    this.status = statusOf[code];
  }
}

export { round4 } from '../../shared/stock/quantity.ts';
