CREATE TABLE "summary_refusals" (
	"department_id" uuid NOT NULL,
	"status" text NOT NULL,
	"close_kind" text NOT NULL,
	"extended" boolean NOT NULL,
	"refusals" integer NOT NULL,
	CONSTRAINT "summary_refusals_pkey" PRIMARY KEY("department_id","status","close_kind","extended")
);
--> statement-breakpoint
-- Whether a task is a 拒签 (spec §13): the predicate of tasks_refusals_idx (migration 0008), the one
-- place the functions below take it from (the WHEN clauses spell it out).
CREATE FUNCTION summary_task_refusal(t tasks) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(t.state = 'done' AND ((t.kind = 'handle' AND t.input->>'decision' = 'refuse')
    OR (t.kind = 'assist_report' AND t.input->>'outcome' = 'refuse')), false)
$$;
--> statement-breakpoint
-- A refusal task counted (+1) or uncounted (−1) for its refuser's department under its item's
-- current key. The item and the refuser are read FOR SHARE: a writer changing the item's state or
-- the refuser's department (which move the refusals, below) waits for this transaction, or this one
-- for it, so a refusal is never counted under a key just left. Commands already hold the item's row
-- lock; refusals are rare, so the lock on the user costs nothing measurable.
CREATE FUNCTION summary_count_refusal_of(task tasks, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  item items;
  department uuid;
BEGIN
  SELECT * INTO item FROM items i WHERE i.id = task.item_id FOR SHARE;
  IF NOT FOUND THEN RETURN; END IF;
  SELECT u.department_id INTO department FROM users u WHERE u.id = task.assignee_id FOR SHARE;
  IF NOT FOUND THEN RETURN; END IF;
  INSERT INTO summary_refusals AS c (department_id, status, close_kind, extended, refusals)
  VALUES (department, item.status, coalesce(item.close_kind, ''), item.extension_count > 0, sign)
  ON CONFLICT ON CONSTRAINT summary_refusals_pkey DO UPDATE SET refusals = c.refusals + excluded.refusals;
END
$$;
--> statement-breakpoint
CREATE FUNCTION summary_count_task() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND summary_task_refusal(OLD) THEN PERFORM summary_count_refusal_of(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' AND summary_task_refusal(NEW) THEN PERFORM summary_count_refusal_of(NEW, 1); END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Three triggers, so that each has a WHEN clause and a completion that is no refusal (almost all of
-- them) never enters plpgsql: the condition is the refusal predicate, written out.
CREATE TRIGGER tasks_summary_insert AFTER INSERT ON tasks
  FOR EACH ROW WHEN (NEW.state = 'done' AND ((NEW.kind = 'handle' AND NEW.input->>'decision' = 'refuse')
    OR (NEW.kind = 'assist_report' AND NEW.input->>'outcome' = 'refuse')))
  EXECUTE FUNCTION summary_count_task();
--> statement-breakpoint
CREATE TRIGGER tasks_summary_delete AFTER DELETE ON tasks
  FOR EACH ROW WHEN (OLD.state = 'done' AND ((OLD.kind = 'handle' AND OLD.input->>'decision' = 'refuse')
    OR (OLD.kind = 'assist_report' AND OLD.input->>'outcome' = 'refuse')))
  EXECUTE FUNCTION summary_count_task();
--> statement-breakpoint
CREATE TRIGGER tasks_summary_update AFTER UPDATE OF state, kind, input, assignee_id, item_id ON tasks
  FOR EACH ROW WHEN (coalesce(NEW.state = 'done' AND ((NEW.kind = 'handle' AND NEW.input->>'decision' = 'refuse')
      OR (NEW.kind = 'assist_report' AND NEW.input->>'outcome' = 'refuse')), false)
    OR coalesce(OLD.state = 'done' AND ((OLD.kind = 'handle' AND OLD.input->>'decision' = 'refuse')
      OR (OLD.kind = 'assist_report' AND OLD.input->>'outcome' = 'refuse')), false))
  EXECUTE FUNCTION summary_count_task();
--> statement-breakpoint
-- An item whose key changes (status, close_kind, extended) takes its refusals along: uncounted under
-- the old key, counted under the new, per department, in key order (as summary_count_item does).
-- Its refusers are locked first (FOR SHARE), so that a department move waits or is waited for.
CREATE FUNCTION summary_move_refusals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM tasks t JOIN users u ON u.id = t.assignee_id
    WHERE t.item_id = NEW.id AND summary_task_refusal(t) FOR SHARE OF u;
  IF NOT FOUND THEN RETURN NULL; END IF;
  INSERT INTO summary_refusals AS c (department_id, status, close_kind, extended, refusals)
    SELECT k.department_id, k.status, k.close_kind, k.extended, sum(k.weight)
    FROM (
      SELECT u.department_id, OLD.status, coalesce(OLD.close_kind, '') AS close_kind,
        OLD.extension_count > 0 AS extended, -1 AS weight
      FROM tasks t JOIN users u ON u.id = t.assignee_id
      WHERE t.item_id = OLD.id AND summary_task_refusal(t)
      UNION ALL
      SELECT u.department_id, NEW.status, coalesce(NEW.close_kind, ''), NEW.extension_count > 0, 1
      FROM tasks t JOIN users u ON u.id = t.assignee_id
      WHERE t.item_id = NEW.id AND summary_task_refusal(t)) k
    GROUP BY 1, 2, 3, 4
    HAVING sum(k.weight) <> 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT ON CONSTRAINT summary_refusals_pkey DO UPDATE SET refusals = c.refusals + excluded.refusals;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER items_summary_refusals AFTER UPDATE OF status, close_kind, extension_count ON items
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
    OR OLD.close_kind IS DISTINCT FROM NEW.close_kind
    OR (OLD.extension_count > 0) IS DISTINCT FROM (NEW.extension_count > 0))
  EXECUTE FUNCTION summary_move_refusals();
--> statement-breakpoint
-- A refuser who moves department takes their refusals along (a rare administrative edit): their
-- refused items are locked first (FOR SHARE), as above.
CREATE FUNCTION summary_move_user_refusals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM tasks t JOIN items i ON i.id = t.item_id
    WHERE t.assignee_id = NEW.id AND summary_task_refusal(t) FOR SHARE OF i;
  IF NOT FOUND THEN RETURN NULL; END IF;
  INSERT INTO summary_refusals AS c (department_id, status, close_kind, extended, refusals)
    SELECT k.department_id, k.status, k.close_kind, k.extended, sum(k.weight)
    FROM (
      SELECT OLD.department_id, i.status, coalesce(i.close_kind, '') AS close_kind,
        i.extension_count > 0 AS extended, -1 AS weight
      FROM tasks t JOIN items i ON i.id = t.item_id
      WHERE t.assignee_id = NEW.id AND summary_task_refusal(t)
      UNION ALL
      SELECT NEW.department_id, i.status, coalesce(i.close_kind, ''), i.extension_count > 0, 1
      FROM tasks t JOIN items i ON i.id = t.item_id
      WHERE t.assignee_id = NEW.id AND summary_task_refusal(t)) k
    GROUP BY 1, 2, 3, 4
    HAVING sum(k.weight) <> 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT ON CONSTRAINT summary_refusals_pkey DO UPDATE SET refusals = c.refusals + excluded.refusals;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER users_summary_refusals AFTER UPDATE OF department_id ON users
  FOR EACH ROW WHEN (OLD.department_id IS DISTINCT FROM NEW.department_id)
  EXECUTE FUNCTION summary_move_user_refusals();
--> statement-breakpoint
-- summary_rebuild (migration 0008) recounts the refusals too: the bench's bulk load (COPY with
-- session_replication_role = replica, no triggers) calls it, as a change of time zone does.
CREATE OR REPLACE FUNCTION summary_rebuild(zone text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE summary_settings IN ACCESS EXCLUSIVE MODE;
  LOCK TABLE summary_counts, summary_months, summary_open_due, summary_open_due_months, summary_refusals
    IN EXCLUSIVE MODE;
  DELETE FROM summary_settings;
  INSERT INTO summary_settings (time_zone) VALUES (zone);
  DELETE FROM summary_counts;
  DELETE FROM summary_months;
  DELETE FROM summary_open_due;
  DELETE FROM summary_open_due_months;
  DELETE FROM summary_refusals;
  INSERT INTO summary_counts (lead_department_id, source, status, close_kind, on_time, on_time_original,
      extended, items, extensions)
    SELECT k.lead_department_id, k.source, k.status, k.close_kind, k.on_time, k.on_time_original, k.extended,
      sum(k.weight), sum(k.extensions)
    FROM items i, LATERAL summary_key(i, 1, zone) k
    GROUP BY 1, 2, 3, 4, 5, 6, 7;
  INSERT INTO summary_months (assigned_month, status, close_kind, extended, items)
    SELECT k.assigned_month, k.status, k.close_kind, k.extended, sum(k.weight)
    FROM items i, LATERAL summary_key(i, 1, zone) k
    GROUP BY 1, 2, 3, 4;
  INSERT INTO summary_open_due (due_at, lead_department_id, extended, items)
    SELECT k.due_at, k.lead_department_id, k.extended, sum(k.weight)
    FROM items i, LATERAL summary_key(i, 1, zone) k
    WHERE k.status = 'open'
    GROUP BY 1, 2, 3;
  INSERT INTO summary_open_due_months (due_month, lead_department_id, extended, items)
    SELECT date_trunc('month', k.due_at::timestamp)::date, k.lead_department_id, k.extended, sum(k.weight)
    FROM items i, LATERAL summary_key(i, 1, zone) k
    WHERE k.status = 'open'
    GROUP BY 1, 2, 3;
  INSERT INTO summary_refusals (department_id, status, close_kind, extended, refusals)
    SELECT u.department_id, i.status, coalesce(i.close_kind, ''), i.extension_count > 0, count(*)
    FROM tasks t JOIN items i ON i.id = t.item_id JOIN users u ON u.id = t.assignee_id
    WHERE t.state = 'done' AND ((t.kind = 'handle' AND t.input->>'decision' = 'refuse')
      OR (t.kind = 'assist_report' AND t.input->>'outcome' = 'refuse'))
    GROUP BY 1, 2, 3, 4;
END
$$;
--> statement-breakpoint
-- The refusals already there (the other counters are in place since 0008).
INSERT INTO summary_refusals (department_id, status, close_kind, extended, refusals)
  SELECT u.department_id, i.status, coalesce(i.close_kind, ''), i.extension_count > 0, count(*)
  FROM tasks t JOIN items i ON i.id = t.item_id JOIN users u ON u.id = t.assignee_id
  WHERE t.state = 'done' AND ((t.kind = 'handle' AND t.input->>'decision' = 'refuse')
    OR (t.kind = 'assist_report' AND t.input->>'outcome' = 'refuse'))
  GROUP BY 1, 2, 3, 4;
