-- Observations partitioned by country, then one partition per release. An import fills a fresh
-- table with COPY, builds its one index in bulk and attaches it: no row-by-row index maintenance,
-- which was most of the cost of loading a million cells. A read names its country, so only that
-- member's partitions are planned (a demo database holds a whole region). Rows no longer carry their own visibility: a cell is visible from its
-- release's visible_from until the next published release that has the same cell (the view below).
-- Cells are keyed by the codes of the indicator's dimensions in name order (`F;Y15T64`); period
-- bounds and the dimension names come from the catalog when read.
ALTER TABLE "country"."observations" RENAME TO "observations_unpartitioned";--> statement-breakpoint
CREATE TABLE "country"."observations" (
	"country" char(3) NOT NULL,
	"release_id" integer NOT NULL,
	"indicator" text COLLATE "C" NOT NULL,
	"series_key" text COLLATE "C" NOT NULL,
	"period" text COLLATE "C" NOT NULL,
	"value" double precision,
	"obs_status" text DEFAULT 'A' NOT NULL,
	"conf_status" text DEFAULT 'F' NOT NULL
) PARTITION BY LIST ("country");--> statement-breakpoint
CREATE UNIQUE INDEX "observations_cell_uq" ON "country"."observations" USING btree ("series_key", "period", "indicator", "release_id", "country");--> statement-breakpoint
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT DISTINCT "country" AS code FROM "country"."observations_unpartitioned" WHERE "release_id" IS NOT NULL LOOP
    EXECUTE format('CREATE TABLE country.%I PARTITION OF country.observations FOR VALUES IN (%L) PARTITION BY LIST (release_id)', 'observations_' || lower(r.code), r.code);
  END LOOP;
  FOR r IN SELECT DISTINCT "country" AS code, "release_id" AS id FROM "country"."observations_unpartitioned" WHERE "release_id" IS NOT NULL LOOP
    EXECUTE format('CREATE TABLE country.%I PARTITION OF country.%I FOR VALUES IN (%s)', 'observations_r' || r.id, 'observations_' || lower(r.code), r.id);
  END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "country"."observations" ("country", "release_id", "indicator", "series_key", "period", "value", "obs_status", "conf_status")
SELECT "country", "release_id", "indicator", regexp_replace("series_key", '[^;=]*=', '', 'g'), "period", "value", "obs_status", "conf_status"
FROM "country"."observations_unpartitioned" WHERE "release_id" IS NOT NULL;--> statement-breakpoint
DROP TABLE "country"."observations_unpartitioned";--> statement-breakpoint
-- Every version of every cell with the time readers saw it: from its release's visible_from until
-- the next published release with the same cell (valid_to null while current; both null in a draft).
CREATE VIEW "country"."observation_versions" AS
SELECT o."country", o."release_id", o."indicator", o."series_key", o."period", o."value", o."obs_status", o."conf_status",
	r."name" AS "release", r."visible_from" AS "valid_from",
	CASE WHEN r."visible_from" IS NOT NULL THEN lead(r."visible_from") OVER (
		PARTITION BY o."country", o."indicator", o."series_key", o."period", r."visible_from" IS NULL
		ORDER BY r."visible_from", r."id") END AS "valid_to"
FROM "country"."observations" o JOIN "country"."releases" r ON r."id" = o."release_id";
