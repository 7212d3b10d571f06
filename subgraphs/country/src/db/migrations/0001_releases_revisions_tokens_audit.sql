CREATE TABLE "country"."audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"country" char(3) NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"token_id" integer,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"release" text,
	"cells" integer DEFAULT 0 NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "country"."releases" (
	"id" serial PRIMARY KEY NOT NULL,
	"country" char(3) NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"visible_from" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "country"."tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"country" char(3) NOT NULL,
	"holder" text NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "tokens_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
DROP INDEX "country"."observations_cell_uq";--> statement-breakpoint
ALTER TABLE "country"."observations" ADD COLUMN "release_id" integer;--> statement-breakpoint
ALTER TABLE "country"."observations" ADD COLUMN "valid_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "country"."observations" ADD COLUMN "valid_to" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "releases_name_uq" ON "country"."releases" USING btree ("country","name");--> statement-breakpoint
ALTER TABLE "country"."observations" ADD CONSTRAINT "observations_release_id_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "country"."releases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "observations_release_cell_uq" ON "country"."observations" USING btree ("release_id","indicator","period","series_key");--> statement-breakpoint
CREATE UNIQUE INDEX "observations_current_cell_uq" ON "country"."observations" USING btree ("country","indicator","period","series_key") WHERE valid_from is not null and valid_to is null;--> statement-breakpoint
-- Figures loaded before releases existed become published releases, visible since they were loaded.
INSERT INTO "country"."releases" ("country", "name", "status", "created_at", "published_at", "visible_from")
SELECT "country", coalesce("release", 'initial load'), 'published', min("created_at"), min("created_at"), min("created_at")
FROM "country"."observations" GROUP BY "country", coalesce("release", 'initial load');--> statement-breakpoint
UPDATE "country"."observations" o SET "release_id" = r."id", "release" = r."name", "valid_from" = r."visible_from"
FROM "country"."releases" r WHERE r."country" = o."country" AND r."name" = coalesce(o."release", 'initial load');
