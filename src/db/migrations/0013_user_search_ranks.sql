DROP INDEX "users_department_idx";--> statement-breakpoint
CREATE INDEX "users_name_lower_idx" ON "users" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "users_directory_order_idx" ON "users" USING btree ("department_id",(case "position" when 'head' then 0 when 'deputy' then 1 else 2 end),"name","id");--> statement-breakpoint
CREATE INDEX "users_spaced_name_idx" ON "users" USING btree ("id") WHERE "users"."name" like '% %' or "users"."username" like '% %';