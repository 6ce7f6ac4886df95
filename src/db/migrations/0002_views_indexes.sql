-- pg_trgm backs the lists' keyword search (trusted extension: a database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
DROP INDEX "tasks_assignee_state_idx";--> statement-breakpoint
CREATE INDEX "items_due_idx" ON "items" USING btree ("due_at","id");--> statement-breakpoint
CREATE INDEX "items_keyword_trgm_idx" ON "items" USING gin (("number" || ' ' || "title" || ' ' || "content") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "tasks_assignee_done_idx" ON "tasks" USING btree ("assignee_id","state","completed_at","id");--> statement-breakpoint
CREATE INDEX "tasks_assignee_state_idx" ON "tasks" USING btree ("assignee_id","state","created_at","id");