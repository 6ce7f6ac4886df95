CREATE TABLE "department_item_counts" (
	"department_id" uuid PRIMARY KEY NOT NULL,
	"items" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "item_access" (
	"subject_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"assigned_at" date NOT NULL,
	CONSTRAINT "item_access_item_id_subject_id_pk" PRIMARY KEY("item_id","subject_id")
);
--> statement-breakpoint
CREATE TABLE "item_outside_access" (
	"user_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	CONSTRAINT "item_outside_access_user_id_item_id_pk" PRIMARY KEY("user_id","item_id")
);
--> statement-breakpoint
ALTER TABLE "item_access" ADD CONSTRAINT "item_access_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_outside_access" ADD CONSTRAINT "item_outside_access_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "item_access_subject_idx" ON "item_access" USING btree ("subject_id","assigned_at","item_id");--> statement-breakpoint
-- 督办查询 at any department size (docs/query-plans.md, "督办查询 in index order"). item_access: who may
-- find an item, with its assigned_at, a superset of the rule that the list rechecks per row: rows
-- are only ever added (a handler removed or a task moved keep theirs). department_item_counts and
-- item_outside_access: the unfiltered total, exact, kept by the same triggers in the writing
-- transaction (an item's writers hold its row lock, so one item's changes never interleave).
CREATE FUNCTION item_access_add(subject uuid, item uuid) RETURNS void LANGUAGE sql AS $$
  INSERT INTO item_access (subject_id, item_id, assigned_at)
  SELECT subject, i.id, i.assigned_at FROM items i WHERE i.id = item
  ON CONFLICT DO NOTHING
$$;
--> statement-breakpoint
-- Whether `person` sees `item` outside their department, made true in item_outside_access.
CREATE FUNCTION item_outside_refresh(person uuid, item uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF (EXISTS (SELECT 1 FROM item_handlers h WHERE h.item_id = item AND h.user_id = person)
      OR EXISTS (SELECT 1 FROM tasks t WHERE t.item_id = item AND t.assignee_id = person))
    AND NOT EXISTS (SELECT 1 FROM item_departments d JOIN users u ON u.department_id = d.department_id
      WHERE d.item_id = item AND u.id = person)
  THEN
    INSERT INTO item_outside_access (user_id, item_id) VALUES (person, item) ON CONFLICT DO NOTHING;
  ELSE
    DELETE FROM item_outside_access WHERE user_id = person AND item_id = item;
  END IF;
END
$$;
--> statement-breakpoint
CREATE FUNCTION item_access_department() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  link item_departments;
  sign integer;
BEGIN
  IF TG_OP = 'INSERT' THEN link := NEW; sign := 1; ELSE link := OLD; sign := -1; END IF;
  IF TG_OP = 'INSERT' THEN PERFORM item_access_add(link.department_id, link.item_id); END IF;
  INSERT INTO department_item_counts AS c (department_id, items) VALUES (link.department_id, sign)
  ON CONFLICT (department_id) DO UPDATE SET items = c.items + sign;
  -- The department's people involved in the item: inside it now, or outside it now.
  PERFORM item_outside_refresh(p.user_id, link.item_id)
  FROM (SELECT h.user_id FROM item_handlers h WHERE h.item_id = link.item_id
        UNION SELECT t.assignee_id FROM tasks t WHERE t.item_id = link.item_id) p
  JOIN users u ON u.id = p.user_id
  WHERE u.department_id = link.department_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION item_access_handler() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM item_access_add(NEW.user_id, NEW.item_id);
    PERFORM item_outside_refresh(NEW.user_id, NEW.item_id);
  ELSE
    PERFORM item_outside_refresh(OLD.user_id, OLD.item_id);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION item_access_task() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM item_access_add(NEW.assignee_id, NEW.item_id);
  PERFORM item_outside_refresh(NEW.assignee_id, NEW.item_id);
  IF TG_OP = 'UPDATE' THEN PERFORM item_outside_refresh(OLD.assignee_id, OLD.item_id); END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION item_access_assigned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE item_access SET assigned_at = NEW.assigned_at WHERE item_id = NEW.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A user who moves department: what they see outside it, recomputed (a rare administrative edit).
CREATE FUNCTION item_access_user_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM item_outside_access WHERE user_id = NEW.id;
  INSERT INTO item_outside_access (user_id, item_id)
  SELECT NEW.id, p.item_id
  FROM (SELECT h.item_id FROM item_handlers h WHERE h.user_id = NEW.id
        UNION SELECT t.item_id FROM tasks t WHERE t.assignee_id = NEW.id) p
  WHERE NOT EXISTS (SELECT 1 FROM item_departments d
    WHERE d.item_id = p.item_id AND d.department_id = NEW.department_id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER item_departments_access AFTER INSERT OR DELETE ON item_departments
  FOR EACH ROW EXECUTE FUNCTION item_access_department();
--> statement-breakpoint
CREATE TRIGGER item_handlers_access AFTER INSERT OR DELETE ON item_handlers
  FOR EACH ROW EXECUTE FUNCTION item_access_handler();
--> statement-breakpoint
-- 领取 and 转交 change a task's assignee in place; a completion's other updates do not fire it.
CREATE TRIGGER tasks_access AFTER INSERT ON tasks
  FOR EACH ROW EXECUTE FUNCTION item_access_task();
--> statement-breakpoint
CREATE TRIGGER tasks_access_moved AFTER UPDATE OF assignee_id ON tasks
  FOR EACH ROW WHEN (OLD.assignee_id IS DISTINCT FROM NEW.assignee_id)
  EXECUTE FUNCTION item_access_task();
--> statement-breakpoint
CREATE TRIGGER items_access_assigned AFTER UPDATE OF assigned_at ON items
  FOR EACH ROW WHEN (OLD.assigned_at IS DISTINCT FROM NEW.assigned_at)
  EXECUTE FUNCTION item_access_assigned();
--> statement-breakpoint
CREATE TRIGGER users_access_moved AFTER UPDATE OF department_id ON users
  FOR EACH ROW WHEN (OLD.department_id IS DISTINCT FROM NEW.department_id)
  EXECUTE FUNCTION item_access_user_moved();
--> statement-breakpoint
-- Fills the three tables from scratch: this migration, and bulk loads that bypass the triggers
-- (the benchmark's COPY runs with session_replication_role = replica).
CREATE FUNCTION item_access_rebuild() RETURNS void LANGUAGE sql AS $$
  TRUNCATE item_access, department_item_counts, item_outside_access;
  INSERT INTO item_access (subject_id, item_id, assigned_at)
  SELECT s.subject_id, s.item_id, i.assigned_at
  FROM (
    SELECT department_id AS subject_id, item_id FROM item_departments
    UNION SELECT user_id, item_id FROM item_handlers
    UNION SELECT assignee_id, item_id FROM tasks
  ) s JOIN items i ON i.id = s.item_id;
  INSERT INTO department_item_counts (department_id, items)
  SELECT department_id, count(*) FROM item_departments GROUP BY department_id;
  INSERT INTO item_outside_access (user_id, item_id)
  SELECT p.user_id, p.item_id
  FROM (SELECT user_id, item_id FROM item_handlers UNION SELECT assignee_id, item_id FROM tasks) p
  JOIN users u ON u.id = p.user_id
  WHERE NOT EXISTS (SELECT 1 FROM item_departments d
    WHERE d.item_id = p.item_id AND d.department_id = u.department_id);
$$;
--> statement-breakpoint
SELECT item_access_rebuild();
