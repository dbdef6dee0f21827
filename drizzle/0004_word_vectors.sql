CREATE TABLE "word_vectors" (
	"id" serial PRIMARY KEY NOT NULL,
	"learned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"papers" integer NOT NULL,
	"dims" integer NOT NULL,
	"terms" jsonb NOT NULL,
	"values" text NOT NULL,
	"scales" text NOT NULL
);
