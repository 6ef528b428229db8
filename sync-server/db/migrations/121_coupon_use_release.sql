-- A channel order cancelled before anything of it was delivered gives its coupon codes back: the
-- customer got nothing for them (a web order cancelled for want of stock, a pickup order never
-- collected), so a single-use code may be used again, as Odoo's loyalty resets a cancelled order's
-- coupon. The use is kept, marked released (released_at): the promotion report still counts what the
-- order was priced with at intake, cancelled or not; the limits count unreleased uses only. An order
-- cancelled after part of it was delivered keeps its uses (the delivered goods were discounted).
ALTER TABLE coupon_uses ADD COLUMN released_at timestamptz;
