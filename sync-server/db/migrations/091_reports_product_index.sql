-- Last sale of a product (dead stock, worst sellers, days of cover: issue 19 points 1 and 3):
-- product_sales_daily's key leads with the day, so finding one product's days needs its own index.
CREATE INDEX product_sales_daily_product_day ON product_sales_daily (product_id, day);
