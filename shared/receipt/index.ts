// Receipts: the model, the layout of a sale for a paper width, the return code and text rendering.
export type { Receipt, ReceiptAlign, ReceiptColumns, ReceiptLine } from './receipt-model.ts';
export { countItems, layoutReceipt, ReceiptLayoutError } from './receipt-layout.ts';
export { DEFAULT_RECEIPT_LABELS } from './receipt-settings.ts';
export type { ReceiptLabels, ReceiptSettings } from './receipt-settings.ts';
export { parseReceiptCode, receiptCode, RECEIPT_CODE_PREFIX } from './receipt-code.ts';
export type { ReceiptCodeParts } from './receipt-code.ts';
export { saleReference } from './sale-reference.ts';
export type { SaleReference } from './sale-reference.ts';
export { renderReceiptText } from './receipt-text.ts';
export { formatReceiptDate } from './receipt-date.ts';
export { formatQuantity } from './receipt-items.ts';
export { summarizeTaxes, taxRateLabel } from './receipt-tax-summary.ts';
export type { TaxSummaryRow } from './receipt-tax-summary.ts';
export { clusters, sanitizeText, textWidth, truncateToWidth, wrapText } from './text-width.ts';
export { layoutCashSlip, layoutSessionReport } from './report-layout.ts';
export type { CashMovementSlip, SessionFigures, TenderFigure, TillDocumentSettings, ZClose } from './report-layout.ts';
