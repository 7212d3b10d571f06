CREATE SCHEMA "registry";
--> statement-breakpoint
CREATE TABLE "registry"."agencies" (
	"country" char(3) NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "agencies_country_name_pk" PRIMARY KEY("country","name")
);
--> statement-breakpoint
CREATE TABLE "registry"."codelists" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text
);
--> statement-breakpoint
CREATE TABLE "registry"."codes" (
	"codelist" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "codes_codelist_id_pk" PRIMARY KEY("codelist","id")
);
--> statement-breakpoint
CREATE TABLE "registry"."dimensions" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"codelist" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."focal_points" (
	"id" serial PRIMARY KEY NOT NULL,
	"country" char(3) NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"email" text,
	"agency" text
);
--> statement-breakpoint
CREATE TABLE "registry"."indicator_dimensions" (
	"indicator" text NOT NULL,
	"dimension" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "indicator_dimensions_indicator_dimension_pk" PRIMARY KEY("indicator","dimension")
);
--> statement-breakpoint
CREATE TABLE "registry"."indicators" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"definition" text NOT NULL,
	"unit" text NOT NULL,
	"frequency" char(1) NOT NULL,
	"minimum_set" boolean NOT NULL,
	"small_count_threshold" integer,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."members" (
	"iso3" char(3) PRIMARY KEY NOT NULL,
	"region" text NOT NULL,
	"position" integer NOT NULL,
	"subgraph_url" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."regions" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"secretariat" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."territories" (
	"iso3" char(3) PRIMARY KEY NOT NULL,
	"m49" char(3) NOT NULL,
	"name" text NOT NULL
);
