CREATE TABLE "calendar_days" (
	"date" date PRIMARY KEY NOT NULL,
	"workday" boolean NOT NULL,
	"note" text,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "item_urges" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by_id" uuid NOT NULL,
	"message" text,
	"recipient_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "close_kind" text;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "original_due_at" date;--> statement-breakpoint
-- Existing items: the registered deadline is the current one (no extension was possible before).
UPDATE "items" SET "original_due_at" = "due_at";--> statement-breakpoint
ALTER TABLE "items" ALTER COLUMN "original_due_at" SET NOT NULL;--> statement-breakpoint
-- How each closed item closed, from its history: a review's 同意办结 closes the item in the same
-- instant the review task completes; any other close was 结束 (terminated).
UPDATE "items" i SET "close_kind" = CASE WHEN EXISTS (
    SELECT 1 FROM "tasks" t WHERE t."item_id" = i."id" AND t."kind" = 'review' AND t."state" = 'done'
      AND t."input"->>'action' = 'close' AND t."completed_at" = i."closed_at")
  THEN 'completed' ELSE 'terminated' END
WHERE i."status" = 'closed';--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "extension_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "item_urges" ADD CONSTRAINT "item_urges_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "item_urges_item_idx" ON "item_urges" USING btree ("item_id","at");