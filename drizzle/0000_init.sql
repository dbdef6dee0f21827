CREATE TABLE "bookmarks" (
	"platform" text NOT NULL,
	"workspace_id" text NOT NULL,
	"user_id" text NOT NULL,
	"paper_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookmarks_platform_workspace_id_user_id_paper_id_pk" PRIMARY KEY("platform","workspace_id","user_id","paper_id")
);
--> statement-breakpoint
CREATE TABLE "channels" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"workspace_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"digest_time" text DEFAULT '09:00' NOT NULL,
	"timezone" text,
	"digest_size" integer DEFAULT 5 NOT NULL,
	"digest_days" text DEFAULT 'weekdays' NOT NULL,
	"repost_after_days" integer,
	"quiet_when_empty" boolean DEFAULT false NOT NULL,
	"last_digest_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "digest_items" (
	"digest_id" integer NOT NULL,
	"position" integer NOT NULL,
	"paper_id" text NOT NULL,
	"score" real DEFAULT 0 NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"message_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"posted_at" timestamp with time zone,
	CONSTRAINT "digest_items_digest_id_position_pk" PRIMARY KEY("digest_id","position")
);
--> statement-breakpoint
CREATE TABLE "digests" (
	"id" serial PRIMARY KEY NOT NULL,
	"channel_id" integer NOT NULL,
	"date" date NOT NULL,
	"status" text DEFAULT 'composed' NOT NULL,
	"header_text" text,
	"header_message_id" text,
	"header_state" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "follow_ups" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"paper_id" text NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "llm_summaries" (
	"paper_id" text NOT NULL,
	"model" text NOT NULL,
	"tldr" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "llm_summaries_paper_id_model_pk" PRIMARY KEY("paper_id","model")
);
--> statement-breakpoint
CREATE TABLE "paper_sources" (
	"paper_id" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "paper_sources_paper_id_source_pk" PRIMARY KEY("paper_id","source")
);
--> statement-breakpoint
CREATE TABLE "paper_versions" (
	"paper_id" text NOT NULL,
	"version" integer NOT NULL,
	"submitted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "paper_versions_paper_id_version_pk" PRIMARY KEY("paper_id","version")
);
--> statement-breakpoint
CREATE TABLE "papers" (
	"id" text PRIMARY KEY NOT NULL,
	"version" integer,
	"title" text NOT NULL,
	"abstract" text NOT NULL,
	"authors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"published_at" timestamp with time zone,
	"source_updated_at" timestamp with time zone,
	"announced_at" timestamp with time zone,
	"primary_category" text,
	"categories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"comment" text,
	"journal_ref" text,
	"doi" text,
	"code_url" text,
	"project_url" text,
	"upvotes" integer,
	"stars" integer,
	"hf_comments" integer,
	"hf_summary" text,
	"keywords" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tldr" text,
	"key_result" text,
	"tldr_source" text,
	"withdrawn" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "posted_messages" (
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"message_id" text NOT NULL,
	"workspace_id" text NOT NULL,
	"paper_id" text NOT NULL,
	"thread_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "posted_messages_platform_channel_id_message_id_pk" PRIMARY KEY("platform","channel_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "slack_installations" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text,
	"enterprise_id" text,
	"installation" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_days" (
	"source" text NOT NULL,
	"day" date NOT NULL,
	"complete" boolean DEFAULT false NOT NULL,
	"announced" boolean DEFAULT true NOT NULL,
	"paper_count" integer DEFAULT 0 NOT NULL,
	"note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_days_source_day_pk" PRIMARY KEY("source","day")
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"channel_id" integer NOT NULL,
	"topic" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscriptions_channel_id_topic_pk" PRIMARY KEY("channel_id","topic")
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"platform" text NOT NULL,
	"id" text NOT NULL,
	"name" text,
	"timezone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspaces_platform_id_pk" PRIMARY KEY("platform","id")
);
--> statement-breakpoint
ALTER TABLE "bookmarks" ADD CONSTRAINT "bookmarks_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_items" ADD CONSTRAINT "digest_items_digest_id_digests_id_fk" FOREIGN KEY ("digest_id") REFERENCES "public"."digests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_items" ADD CONSTRAINT "digest_items_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digests" ADD CONSTRAINT "digests_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llm_summaries" ADD CONSTRAINT "llm_summaries_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_sources" ADD CONSTRAINT "paper_sources_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_versions" ADD CONSTRAINT "paper_versions_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posted_messages" ADD CONSTRAINT "posted_messages_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bookmarks_workspace_idx" ON "bookmarks" USING btree ("platform","workspace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "channels_platform_channel_uq" ON "channels" USING btree ("platform","workspace_id","channel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "digests_channel_date_uq" ON "digests" USING btree ("channel_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "follow_ups_uq" ON "follow_ups" USING btree ("platform","channel_id","paper_id","kind","key");--> statement-breakpoint
CREATE INDEX "papers_changed_at_idx" ON "papers" USING btree ("changed_at");--> statement-breakpoint
CREATE INDEX "papers_announced_at_idx" ON "papers" USING btree ("announced_at");--> statement-breakpoint
CREATE INDEX "posted_messages_paper_idx" ON "posted_messages" USING btree ("platform","channel_id","paper_id");