-- One partial index per task state instead of two (assignee, state, …) indexes over every row, and no
-- (flow_id, seq) index that no query reads: each new task row version is written to three indexes
-- instead of five (docs/query-plans.md, "Indexes on tasks, audit_events, notifications").
DROP INDEX "tasks_assignee_state_idx";--> statement-breakpoint
DROP INDEX "tasks_assignee_done_idx";--> statement-breakpoint
DROP INDEX "tasks_flow_seq_unique";--> statement-breakpoint
CREATE INDEX "tasks_pending_idx" ON "tasks" USING btree ("assignee_id","created_at","id") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "tasks_done_idx" ON "tasks" USING btree ("assignee_id","completed_at","id") WHERE state = 'done';--> statement-breakpoint
CREATE INDEX "tasks_cancelled_idx" ON "tasks" USING btree ("assignee_id") WHERE state = 'cancelled';
