-- Every command rewrites its item row (updated_at, status, result…) and completes or cancels tasks.
-- Free space on each page lets PostgreSQL update a row in place without touching the indexes whose
-- columns did not change (HOT updates): items carry a trigram index and five b-trees. Applies to
-- pages written from now on.
ALTER TABLE "items" SET (fillfactor = 85);--> statement-breakpoint
ALTER TABLE "flows" SET (fillfactor = 85);
