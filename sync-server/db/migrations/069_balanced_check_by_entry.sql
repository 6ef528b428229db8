-- The PGlite slowdown over repeated 10,000-sale bursts (issue 14 point 6): the per-statement
-- balance check of journal entries (050) joined the whole journal against the statement's new
-- lines. The planner has no statistics for a transition table, so it scanned every journal line
-- ever written on each push: sales/s fell with the size of the journal (284 → 156 → 117 over three
-- bursts of 8,000 sales here, the journal_lines INSERT taking 165 → 680 ms per 100 sales). Each
-- entry's lines are now summed through the journal_lines_entry index, one entry at a time.
CREATE OR REPLACE FUNCTION journal_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT e.entry_id, d.diff INTO bad
  FROM (SELECT DISTINCT entry_id FROM new_lines) e
  CROSS JOIN LATERAL (SELECT sum(l.debit) - sum(l.credit) AS diff FROM journal_lines l WHERE l.entry_id = e.entry_id) d
  WHERE d.diff <> 0
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal entry % does not balance (debit - credit = %)', bad.entry_id, bad.diff USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;
