CREATE TYPE "public"."delivery_error_kind" AS ENUM('rate-limited', 'transient', 'possibly-posted', 'permanent', 'no-poster');--> statement-breakpoint
CREATE TYPE "public"."delivery_state" AS ENUM('pending', 'posting', 'posted', 'failed', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."digest_status" AS ENUM('composed', 'delivered', 'partial', 'empty');--> statement-breakpoint
CREATE TABLE "digest_messages" (
	"digest_id" integer NOT NULL,
	"slot" integer NOT NULL,
	"state" "delivery_state" DEFAULT 'pending' NOT NULL,
	"message_id" text,
	"thread_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error_kind" "delivery_error_kind",
	"error" text,
	"claimed_at" timestamp with time zone,
	"posted_at" timestamp with time zone,
	CONSTRAINT "digest_messages_digest_id_slot_pk" PRIMARY KEY("digest_id","slot")
);
--> statement-breakpoint
ALTER TABLE "digests" ALTER COLUMN "status" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "digests" ALTER COLUMN "status" SET DATA TYPE "public"."digest_status" USING "status"::"public"."digest_status";--> statement-breakpoint
ALTER TABLE "digests" ALTER COLUMN "status" SET DEFAULT 'composed'::"public"."digest_status";--> statement-breakpoint
ALTER TABLE "digest_messages" ADD CONSTRAINT "digest_messages_digest_id_digests_id_fk" FOREIGN KEY ("digest_id") REFERENCES "public"."digests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "digest_messages_failed_idx" ON "digest_messages" USING btree ("state","claimed_at");--> statement-breakpoint
-- Every existing message moves over as it is: the header as slot 0, each item as its position.
-- The error kind is read from the words the old code kept in the error column.
INSERT INTO "digest_messages" ("digest_id", "slot", "state", "message_id", "thread_id", "attempts", "error_kind", "error", "claimed_at", "posted_at")
SELECT m."digest_id", m."slot", m."state"::"public"."delivery_state", m."message_id", m."thread_id", m."attempts",
  (CASE
    WHEN m."error" IS NULL THEN NULL
    WHEN m."error" LIKE 'possibly posted%' OR m."error" LIKE 'outcome unknown%' OR m."error" LIKE '%no answer%' OR m."error" LIKE '%avoid a duplicate%' THEN 'possibly-posted'
    WHEN m."error" LIKE 'RateLimitedError%' THEN 'rate-limited'
    WHEN m."error" LIKE 'TransientPostError%' OR m."error" LIKE 'gave up after%' THEN 'transient'
    WHEN m."error" LIKE 'no Poster%' THEN 'no-poster'
    ELSE 'permanent'
  END)::"public"."delivery_error_kind",
  m."error", m."claimed_at", m."posted_at"
FROM (
  SELECT "id" AS "digest_id", 0 AS "slot", "header_state" AS "state", "header_message_id" AS "message_id", "header_thread_id" AS "thread_id",
    "header_attempts" AS "attempts", "header_error" AS "error", "header_claimed_at" AS "claimed_at", "header_posted_at" AS "posted_at"
  FROM "digests"
  UNION ALL
  SELECT "digest_id", "position", "state", "message_id", NULL, "attempts", "error", "claimed_at", "posted_at" FROM "digest_items"
) m;--> statement-breakpoint
ALTER TABLE "digest_items" DROP COLUMN "state";--> statement-breakpoint
ALTER TABLE "digest_items" DROP COLUMN "message_id";--> statement-breakpoint
ALTER TABLE "digest_items" DROP COLUMN "attempts";--> statement-breakpoint
ALTER TABLE "digest_items" DROP COLUMN "error";--> statement-breakpoint
ALTER TABLE "digest_items" DROP COLUMN "posted_at";--> statement-breakpoint
ALTER TABLE "digest_items" DROP COLUMN "claimed_at";--> statement-breakpoint
ALTER TABLE "digests" DROP COLUMN "header_message_id";--> statement-breakpoint
ALTER TABLE "digests" DROP COLUMN "header_state";--> statement-breakpoint
ALTER TABLE "digests" DROP COLUMN "header_thread_id";--> statement-breakpoint
ALTER TABLE "digests" DROP COLUMN "header_claimed_at";--> statement-breakpoint
ALTER TABLE "digests" DROP COLUMN "header_attempts";--> statement-breakpoint
ALTER TABLE "digests" DROP COLUMN "header_error";--> statement-breakpoint
ALTER TABLE "digests" DROP COLUMN "header_posted_at";