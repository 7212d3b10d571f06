CREATE SCHEMA "country";
--> statement-breakpoint
CREATE TABLE "country"."documents" (
	"id" text NOT NULL,
	"country" char(3) NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"language" text NOT NULL,
	"adopted" date,
	"url" text,
	"summary" text,
	CONSTRAINT "documents_country_id_pk" PRIMARY KEY("country","id")
);
--> statement-breakpoint
CREATE TABLE "country"."national_metadata" (
	"country" char(3) NOT NULL,
	"indicator" text NOT NULL,
	"national_definition" text,
	"difference_from_agreed" text,
	"source_type" text,
	"agency" text,
	"coverage" text,
	"comparability" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "national_metadata_country_indicator_pk" PRIMARY KEY("country","indicator")
);
--> statement-breakpoint
CREATE TABLE "country"."observations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"country" char(3) NOT NULL,
	"indicator" text NOT NULL,
	"period" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"dims" jsonb NOT NULL,
	"series_key" text NOT NULL,
	"value" double precision,
	"obs_status" text DEFAULT 'A' NOT NULL,
	"conf_status" text DEFAULT 'F' NOT NULL,
	"release" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "documents_country_idx" ON "country"."documents" USING btree ("country","adopted");--> statement-breakpoint
CREATE UNIQUE INDEX "observations_cell_uq" ON "country"."observations" USING btree ("country","indicator","period","series_key");--> statement-breakpoint
CREATE INDEX "observations_lookup_idx" ON "country"."observations" USING btree ("country","indicator","period_start");