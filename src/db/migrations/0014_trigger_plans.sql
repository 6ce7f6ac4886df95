-- Plans of the triggers a completion fires (docs/benchmarks.md, "completion/pgbench", 2026-11-30
-- evening). Measured with pg_stat_statements during the bench's completion run:
--
-- * summary_count_item's four upserts were planned on 54 of 66 calls. plpgsql caches their plans, but
--   the plan cache makes five custom plans per statement and connection before it settles on the
--   generic one; with the pool's ten connections and a handful of 办结/结束 each, nearly every call
--   was among those five: about 40 % of all planning in the run. The generic plan is the same two
--   index upserts (the keys come from the row, not from a table); it is now made once per connection.
ALTER FUNCTION summary_count_item() SET plan_cache_mode = force_generic_plan;--> statement-breakpoint
-- * item_access_add was a LANGUAGE sql function called by PERFORM, which PostgreSQL plans afresh on
--   every call (461 plans for 461 calls: one per new task, handler and department). As plpgsql its
--   INSERT is prepared once per connection like the other trigger statements.
CREATE OR REPLACE FUNCTION item_access_add(subject uuid, item uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO item_access (subject_id, item_id, assigned_at)
  SELECT subject, i.id, i.assigned_at FROM items i WHERE i.id = item
  ON CONFLICT DO NOTHING;
END
$$;
