CREATE TABLE "slack_org_teams" (
	"team_id" text PRIMARY KEY NOT NULL,
	"enterprise_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
