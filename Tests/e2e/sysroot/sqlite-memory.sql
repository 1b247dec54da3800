CREATE TABLE kv(k TEXT PRIMARY KEY, v REAL);
INSERT INTO kv VALUES ('pi', 3.14159), ('e', 2.71828), ('phi', 1.61803);
SELECT k, printf('%.3f', v), typeof(v) FROM kv ORDER BY v;
SELECT json_object('n', count(*), 'total', sum(v)) FROM kv;
SELECT upper(k) || ':' || length(k) FROM kv WHERE v > 2 ORDER BY k;
SELECT * FROM kv WHERE k = 'missing';
SELECT abs(-5), 7 / 2, 7 % 3, 1e308 * 10, hex('ab'), zeroblob(2) IS NOT NULL;
