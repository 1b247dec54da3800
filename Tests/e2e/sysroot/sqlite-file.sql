-- File database: schema, 100,000 inserts in one transaction, indexes, joins,
-- aggregates and a recursive CTE.
CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT NOT NULL, region TEXT);
CREATE TABLE orders(id INTEGER PRIMARY KEY, customer INTEGER REFERENCES customers(id), amount INTEGER, day INTEGER);
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
INSERT INTO customers SELECT i, 'customer' || i, CASE i % 4 WHEN 0 THEN 'north' WHEN 1 THEN 'south' WHEN 2 THEN 'east' ELSE 'west' END FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO orders SELECT i, 1 + (i * 7919) % 100, (i * 104729) % 1000, i % 365 FROM n;
COMMIT;
CREATE INDEX orders_customer ON orders(customer);
CREATE INDEX orders_day ON orders(day, amount);
SELECT count(*), sum(amount), min(amount), max(amount), round(avg(amount), 3) FROM orders;
SELECT c.region, count(*), sum(o.amount) FROM orders o JOIN customers c ON c.id = o.customer GROUP BY c.region ORDER BY c.region;
SELECT c.name, sum(o.amount) AS total FROM customers c JOIN orders o ON o.customer = c.id GROUP BY c.id ORDER BY total DESC, c.name LIMIT 3;
SELECT day, count(*) FROM orders WHERE day BETWEEN 10 AND 12 GROUP BY day;
EXPLAIN QUERY PLAN SELECT * FROM orders WHERE customer = 5;
WITH RECURSIVE fib(a, b, k) AS (SELECT 0, 1, 0 UNION ALL SELECT b, a + b, k + 1 FROM fib WHERE k < 50) SELECT max(a) FROM fib;
SELECT group_concat(name, ',') FROM (SELECT name FROM customers WHERE region = 'north' ORDER BY id LIMIT 5);
UPDATE orders SET amount = amount + 1 WHERE day = 0;
DELETE FROM orders WHERE id % 1000 = 0;
SELECT count(*), sum(amount) FROM orders;
PRAGMA integrity_check;
