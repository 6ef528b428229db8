-- Channel orders no longer run under the feed counter lock (issue 18 point 3), which also kept two
-- concurrent orders of the same new person from making two customers. Now an order that names a
-- customer by e-mail or phone locks just those contact keys ('e:<email key>', 'p:<phone key>'):
-- it inserts them here if new (a concurrent insert of the same key waits for the first order's
-- commit) and takes them FOR UPDATE in key order before looking the customer up
-- (customers/order-customer.ts). Orders of different people never wait for each other. Only order
-- intake uses this table; a row is a lock, it holds nothing else.
CREATE TABLE customer_contact_locks (
  contact_key text PRIMARY KEY
);
