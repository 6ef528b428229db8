-- A till sale line takes the right lot (issue 12 point 8): the lot (and serial) the server booked
-- a sale or return line's stock against, so that a return goes back into the lot it was sold
-- from even when the till did not send it. Null for products tracked by neither.
ALTER TABLE pos_sale_lines ADD COLUMN lot text;
ALTER TABLE pos_sale_lines ADD COLUMN serial text;
