-- The two move triggers of migration 0015 (an item changing key, a refuser changing department) ran
-- the same upsert of −1/+1 rows, written out twice. They now share it: each trigger reads and locks
-- its refusals once and hands the deltas to summary_add_refusals, as rows of the counters' own type
-- (`refusals` carrying the signed weight).
CREATE FUNCTION summary_add_refusals(deltas summary_refusals[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO summary_refusals AS c (department_id, status, close_kind, extended, refusals)
    SELECT d.department_id, d.status, d.close_kind, d.extended, sum(d.refusals)
    FROM unnest(deltas) d
    GROUP BY 1, 2, 3, 4
    HAVING sum(d.refusals) <> 0
    -- key order, as summary_count_item upserts, so that two transactions never wait on each other crosswise
    ORDER BY 1, 2, 3, 4
    ON CONFLICT ON CONSTRAINT summary_refusals_pkey DO UPDATE SET refusals = c.refusals + excluded.refusals
$$;
--> statement-breakpoint
-- An item whose key changes takes its refusals along: its refusers' departments, read once and locked
-- FOR SHARE (a department move waits or is waited for), uncounted under the old key, counted under the new.
CREATE OR REPLACE FUNCTION summary_move_refusals() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  departments uuid[];
BEGIN
  SELECT array_agg(r.department_id) INTO departments FROM (
    SELECT u.department_id FROM tasks t JOIN users u ON u.id = t.assignee_id
    WHERE t.item_id = NEW.id AND summary_task_refusal(t) FOR SHARE OF u) r;
  IF departments IS NULL THEN RETURN NULL; END IF;
  PERFORM summary_add_refusals(ARRAY(
    SELECT ROW(d, OLD.status, coalesce(OLD.close_kind, ''), OLD.extension_count > 0, -1)::summary_refusals
    FROM unnest(departments) d
    UNION ALL
    SELECT ROW(d, NEW.status, coalesce(NEW.close_kind, ''), NEW.extension_count > 0, 1)::summary_refusals
    FROM unnest(departments) d));
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A refuser who moves department takes their refusals along: the refused items' keys, read once and
-- locked FOR SHARE as above, uncounted for the old department, counted for the new.
CREATE OR REPLACE FUNCTION summary_move_user_refusals() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved summary_refusals[];
BEGIN
  SELECT array_agg(ROW(NEW.department_id, k.status, k.close_kind, k.extended, 1)::summary_refusals) INTO moved
  FROM (
    SELECT i.status, coalesce(i.close_kind, '') AS close_kind, i.extension_count > 0 AS extended
    FROM tasks t JOIN items i ON i.id = t.item_id
    WHERE t.assignee_id = NEW.id AND summary_task_refusal(t) FOR SHARE OF i) k;
  IF moved IS NULL THEN RETURN NULL; END IF;
  PERFORM summary_add_refusals(moved || ARRAY(
    SELECT ROW(OLD.department_id, m.status, m.close_kind, m.extended, -1)::summary_refusals
    FROM unnest(moved) m));
  RETURN NULL;
END
$$;
