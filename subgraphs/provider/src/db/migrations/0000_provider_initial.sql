CREATE SCHEMA "provider";
--> statement-breakpoint
CREATE TABLE "provider"."releases" (
	"provider" text NOT NULL,
	"label" text NOT NULL,
	"source" text NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"published_on" date,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"checksum" text NOT NULL,
	"row_counts" jsonb NOT NULL,
	CONSTRAINT "releases_provider_label_pk" PRIMARY KEY("provider","label")
);
--> statement-breakpoint
CREATE TABLE "provider"."undesa_migrant_stock" (
	"release" text NOT NULL,
	"destination" char(3) NOT NULL,
	"m49" text NOT NULL,
	"location_name" text NOT NULL,
	"year" smallint NOT NULL,
	"sex" text NOT NULL,
	"type_of_data" text NOT NULL,
	"notes" text,
	"value" integer
);
--> statement-breakpoint
CREATE TABLE "provider"."unhcr_applications" (
	"release" text NOT NULL,
	"year" smallint NOT NULL,
	"coa" char(3) NOT NULL,
	"origin" text NOT NULL,
	"origin_published" text NOT NULL,
	"origin_name" text,
	"procedure_type" text,
	"application_type" text,
	"decision_level" text,
	"basis" char(1),
	"applied" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider"."unhcr_decisions" (
	"release" text NOT NULL,
	"year" smallint NOT NULL,
	"coa" char(3) NOT NULL,
	"origin" text NOT NULL,
	"origin_published" text NOT NULL,
	"origin_name" text,
	"procedure_type" text,
	"decision_level" text,
	"basis" char(1),
	"recognized" integer NOT NULL,
	"complementary" integer NOT NULL,
	"rejected" integer NOT NULL,
	"otherwise_closed" integer NOT NULL,
	"total" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider"."unhcr_demographics" (
	"release" text NOT NULL,
	"year" smallint NOT NULL,
	"coa" char(3) NOT NULL,
	"origin" text NOT NULL,
	"origin_published" text NOT NULL,
	"origin_name" text,
	"population_type" text NOT NULL,
	"location" text,
	"location_type" text,
	"accommodation_type" text,
	"f_0_4" integer NOT NULL,
	"f_5_11" integer NOT NULL,
	"f_12_17" integer NOT NULL,
	"f_18_59" integer NOT NULL,
	"f_60" integer NOT NULL,
	"f_other" integer NOT NULL,
	"f_total" integer NOT NULL,
	"m_0_4" integer NOT NULL,
	"m_5_11" integer NOT NULL,
	"m_12_17" integer NOT NULL,
	"m_18_59" integer NOT NULL,
	"m_60" integer NOT NULL,
	"m_other" integer NOT NULL,
	"m_total" integer NOT NULL,
	"total" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider"."unhcr_population" (
	"release" text NOT NULL,
	"year" smallint NOT NULL,
	"coa" char(3) NOT NULL,
	"origin" text NOT NULL,
	"origin_published" text NOT NULL,
	"origin_name" text,
	"refugees" integer NOT NULL,
	"asylum_seekers" integer NOT NULL,
	"returned_refugees" integer NOT NULL,
	"idps" integer NOT NULL,
	"returned_idps" integer NOT NULL,
	"stateless" integer NOT NULL,
	"ooc" integer NOT NULL,
	"oip" integer,
	"hst" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "undesa_migrant_stock_lookup_idx" ON "provider"."undesa_migrant_stock" USING btree ("release","destination","year");--> statement-breakpoint
CREATE INDEX "unhcr_applications_lookup_idx" ON "provider"."unhcr_applications" USING btree ("release","coa","year");--> statement-breakpoint
CREATE INDEX "unhcr_decisions_lookup_idx" ON "provider"."unhcr_decisions" USING btree ("release","coa","year");--> statement-breakpoint
CREATE INDEX "unhcr_demographics_lookup_idx" ON "provider"."unhcr_demographics" USING btree ("release","coa","year");--> statement-breakpoint
CREATE INDEX "unhcr_population_lookup_idx" ON "provider"."unhcr_population" USING btree ("release","coa","year");