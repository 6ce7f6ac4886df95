CREATE TABLE "summary_counts" (
	"lead_department_id" uuid NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"close_kind" text NOT NULL,
	"on_time" boolean NOT NULL,
	"on_time_original" boolean NOT NULL,
	"extended" boolean NOT NULL,
	"items" integer NOT NULL,
	"extensions" integer NOT NULL,
	CONSTRAINT "summary_counts_pkey" PRIMARY KEY("lead_department_id","source","status","close_kind","on_time","on_time_original","extended")
);
--> statement-breakpoint
CREATE TABLE "summary_months" (
	"assigned_month" date NOT NULL,
	"status" text NOT NULL,
	"close_kind" text NOT NULL,
	"extended" boolean NOT NULL,
	"items" integer NOT NULL,
	CONSTRAINT "summary_months_pkey" PRIMARY KEY("assigned_month","status","close_kind","extended")
);
--> statement-breakpoint
CREATE TABLE "summary_open_due" (
	"due_at" date NOT NULL,
	"lead_department_id" uuid NOT NULL,
	"extended" boolean NOT NULL,
	"items" integer NOT NULL,
	CONSTRAINT "summary_open_due_pkey" PRIMARY KEY("due_at","lead_department_id","extended")
);
--> statement-breakpoint
CREATE TABLE "summary_open_due_months" (
	"due_month" date NOT NULL,
	"lead_department_id" uuid NOT NULL,
	"extended" boolean NOT NULL,
	"items" integer NOT NULL,
	CONSTRAINT "summary_open_due_months_pkey" PRIMARY KEY("due_month","lead_department_id","extended")
);
--> statement-breakpoint
CREATE TABLE "summary_settings" (
	"time_zone" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "tasks_refusals_idx" ON "tasks" USING btree ("item_id","assignee_id") WHERE "tasks"."state" = 'done' and (("tasks"."kind" = 'handle' and "tasks"."input"->>'decision' = 'refuse') or ("tasks"."kind" = 'assist_report' and "tasks"."input"->>'outcome' = 'refuse'));
--> statement-breakpoint
-- How one item row counts in 情况汇总's counters, with a sign (+1 counted, −1 uncounted, 0 nothing):
-- the one place that says it, for the trigger and the rebuild alike. Mirrors summary/repository.ts
-- `summarize` (the scan): on time = completed and the closing instant's date in `zone` on or before
-- the deadline.
CREATE FUNCTION summary_key(item items, sign integer, zone text) RETURNS TABLE (
  weight integer, lead_department_id uuid, source text, status text, close_kind text, on_time boolean,
  on_time_original boolean, extended boolean, extensions integer, assigned_month date, due_at date
) LANGUAGE sql STABLE AS $$
  SELECT sign, item.lead_department_id, item.source, item.status, coalesce(item.close_kind, ''),
    coalesce(item.status = 'closed' AND item.close_kind = 'completed'
      AND (item.closed_at AT TIME ZONE zone)::date <= item.due_at, false),
    coalesce(item.status = 'closed' AND item.close_kind = 'completed'
      AND (item.closed_at AT TIME ZONE zone)::date <= item.original_due_at, false),
    item.extension_count > 0, item.extension_count,
    date_trunc('month', item.assigned_at::timestamp)::date, item.due_at
  WHERE sign <> 0
$$;
--> statement-breakpoint
-- The trigger: uncounts the old row and counts the new one, in the writing transaction. The two
-- keys are merged (an unchanged key is one row, or none) and taken in key order, table after table,
-- so that two transactions moving items between the same keys lock the counters in the same order
-- and cannot deadlock on them.
CREATE FUNCTION summary_count_item() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  zone text;
  before_row items;
  after_row items;
  old_sign integer := -1;
  new_sign integer := 1;
BEGIN
  -- Read before any counter is touched: summary_rebuild's lock on it then waits for this transaction.
  SELECT s.time_zone INTO zone FROM summary_settings s;
  IF TG_OP = 'INSERT' THEN before_row := NEW; old_sign := 0; ELSE before_row := OLD; END IF;
  IF TG_OP = 'DELETE' THEN after_row := OLD; new_sign := 0; ELSE after_row := NEW; END IF;

  INSERT INTO summary_counts AS c (lead_department_id, source, status, close_kind, on_time, on_time_original,
      extended, items, extensions)
    SELECT k.lead_department_id, k.source, k.status, k.close_kind, k.on_time, k.on_time_original, k.extended,
      sum(k.weight), sum(k.weight * k.extensions)
    FROM (SELECT * FROM summary_key(before_row, old_sign, zone)
      UNION ALL SELECT * FROM summary_key(after_row, new_sign, zone)) k
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(k.weight) <> 0 OR sum(k.weight * k.extensions) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT summary_counts_pkey
      DO UPDATE SET items = c.items + excluded.items, extensions = c.extensions + excluded.extensions;

  INSERT INTO summary_months AS c (assigned_month, status, close_kind, extended, items)
    SELECT k.assigned_month, k.status, k.close_kind, k.extended, sum(k.weight)
    FROM (SELECT * FROM summary_key(before_row, old_sign, zone)
      UNION ALL SELECT * FROM summary_key(after_row, new_sign, zone)) k
    GROUP BY 1, 2, 3, 4
    HAVING sum(k.weight) <> 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT ON CONSTRAINT summary_months_pkey DO UPDATE SET items = c.items + excluded.items;

  INSERT INTO summary_open_due AS c (due_at, lead_department_id, extended, items)
    SELECT k.due_at, k.lead_department_id, k.extended, sum(k.weight)
    FROM (SELECT * FROM summary_key(before_row, old_sign, zone)
      UNION ALL SELECT * FROM summary_key(after_row, new_sign, zone)) k
    WHERE k.status = 'open'
    GROUP BY 1, 2, 3
    HAVING sum(k.weight) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT ON CONSTRAINT summary_open_due_pkey DO UPDATE SET items = c.items + excluded.items;

  INSERT INTO summary_open_due_months AS c (due_month, lead_department_id, extended, items)
    SELECT date_trunc('month', k.due_at::timestamp)::date, k.lead_department_id, k.extended, sum(k.weight)
    FROM (SELECT * FROM summary_key(before_row, old_sign, zone)
      UNION ALL SELECT * FROM summary_key(after_row, new_sign, zone)) k
    WHERE k.status = 'open'
    GROUP BY 1, 2, 3
    HAVING sum(k.weight) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT ON CONSTRAINT summary_open_due_months_pkey DO UPDATE SET items = c.items + excluded.items;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER items_summary AFTER INSERT OR DELETE ON items
  FOR EACH ROW EXECUTE FUNCTION summary_count_item();
--> statement-breakpoint
-- Only the columns the summary counts by: most completions (a report, an approval) leave them alone
-- and pay nothing for the counters.
CREATE TRIGGER items_summary_update
  AFTER UPDATE OF lead_department_id, source, assigned_at, due_at, original_due_at, status, close_kind,
    closed_at, extension_count ON items
  FOR EACH ROW
  WHEN (OLD.lead_department_id IS DISTINCT FROM NEW.lead_department_id
    OR OLD.source IS DISTINCT FROM NEW.source
    OR OLD.assigned_at IS DISTINCT FROM NEW.assigned_at
    OR OLD.due_at IS DISTINCT FROM NEW.due_at
    OR OLD.original_due_at IS DISTINCT FROM NEW.original_due_at
    OR OLD.status IS DISTINCT FROM NEW.status
    OR OLD.close_kind IS DISTINCT FROM NEW.close_kind
    OR OLD.closed_at IS DISTINCT FROM NEW.closed_at
    OR OLD.extension_count IS DISTINCT FROM NEW.extension_count)
  EXECUTE FUNCTION summary_count_item();
--> statement-breakpoint
-- Recounts every counter from the items with `zone` (the configured time zone, when it changes;
-- the backfill below). Locking summary_settings first waits for every writer that has already read
-- the old zone, and holds back the others until the recount is committed.
CREATE FUNCTION summary_rebuild(zone text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE summary_settings IN ACCESS EXCLUSIVE MODE;
  LOCK TABLE summary_counts, summary_months, summary_open_due, summary_open_due_months IN EXCLUSIVE MODE;
  DELETE FROM summary_settings;
  INSERT INTO summary_settings (time_zone) VALUES (zone);
  DELETE FROM summary_counts;
  DELETE FROM summary_months;
  DELETE FROM summary_open_due;
  DELETE FROM summary_open_due_months;
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
END
$$;
--> statement-breakpoint
-- The counters of the items already there, in the default time zone (config TIME_ZONE); the server
-- recounts at its first summary if it is configured otherwise.
SELECT summary_rebuild('Asia/Shanghai');
