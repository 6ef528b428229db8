import { describe, expect, it } from 'vitest';
import { loadMigrations, splitStatements } from './migrate.ts';

describe('migrations', () => {
  it('are numbered files applied in order', () => {
    const versions = loadMigrations().map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions.slice(0, 4)).toEqual([1, 2, 3, 4]);
  });

  it('split into statements without cutting $$ bodies', () => {
    const sql = `-- comment\nCREATE TABLE a (x int);\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$\n  SELECT 1;\n$$;\nINSERT INTO a VALUES (1);\n`;
    expect(splitStatements(sql)).toEqual(['CREATE TABLE a (x int);', 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$\n  SELECT 1;\n$$;', 'INSERT INTO a VALUES (1);']);
  });
});
