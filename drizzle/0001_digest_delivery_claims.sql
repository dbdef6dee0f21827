ALTER TABLE "digest_items" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "digests" ADD COLUMN "header_thread_id" text;--> statement-breakpoint
ALTER TABLE "digests" ADD COLUMN "header_claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "digests" ADD COLUMN "header_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "digests" ADD COLUMN "header_error" text;--> statement-breakpoint
ALTER TABLE "digests" ADD COLUMN "header_posted_at" timestamp with time zone;