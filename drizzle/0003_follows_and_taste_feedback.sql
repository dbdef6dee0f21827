CREATE TABLE "follows" (
	"channel_id" integer NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follows_channel_id_kind_key_pk" PRIMARY KEY("channel_id","kind","key")
);
--> statement-breakpoint
CREATE TABLE "taste_feedback" (
	"channel_id" integer NOT NULL,
	"paper_id" text NOT NULL,
	"user_id" text NOT NULL,
	"label" integer DEFAULT -1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "taste_feedback_channel_id_paper_id_user_id_pk" PRIMARY KEY("channel_id","paper_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "taste_reset_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "follows" ADD CONSTRAINT "follows_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "taste_feedback" ADD CONSTRAINT "taste_feedback_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "taste_feedback" ADD CONSTRAINT "taste_feedback_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE cascade ON UPDATE no action;