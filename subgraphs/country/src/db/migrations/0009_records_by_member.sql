-- The records store partitioned by member, one partition per member and kind: a member's first
-- import (a register's initial load, millions of records) fills a new table with COPY, builds its
-- key once (a sort) and attaches it, instead of maintaining the key row by row; later imports
-- correct and add through the partitioned table as before. A demo database holds a whole region.
-- The key puts RECORD_ID first: within a partition the country is the same on every row, and a
-- sort that compares it first builds the key about three times slower.
ALTER TABLE "records"."crossings" RENAME TO "crossings_unpartitioned";--> statement-breakpoint
ALTER TABLE "records"."crossings_unpartitioned" RENAME CONSTRAINT "crossings_pk" TO "crossings_unpartitioned_pk";--> statement-breakpoint
CREATE TABLE "records"."crossings" (
	"country" char(3) NOT NULL,
	"record_id" text COLLATE "C" NOT NULL,
	"person" text COLLATE "C" NOT NULL,
	"crossed_at" timestamp with time zone NOT NULL,
	"utc_offset" smallint NOT NULL,
	"direction" text NOT NULL,
	"border_type" text NOT NULL,
	"border_point" text NOT NULL,
	"citizenship" text NOT NULL,
	"sex" text NOT NULL,
	"birth_year" smallint,
	"partner_country" text,
	CONSTRAINT "crossings_pk" PRIMARY KEY ("record_id", "country")
) PARTITION BY LIST ("country");--> statement-breakpoint
ALTER TABLE "records"."permits" RENAME TO "permits_unpartitioned";--> statement-breakpoint
ALTER TABLE "records"."permits_unpartitioned" RENAME CONSTRAINT "permits_pk" TO "permits_unpartitioned_pk";--> statement-breakpoint
CREATE TABLE "records"."permits" (
	"country" char(3) NOT NULL,
	"record_id" text COLLATE "C" NOT NULL,
	"person" text COLLATE "C" NOT NULL,
	"permit_type" text NOT NULL,
	"reason" text NOT NULL,
	"decided_on" date NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"citizenship" text NOT NULL,
	"sex" text NOT NULL,
	"birth_year" smallint,
	CONSTRAINT "permits_pk" PRIMARY KEY ("record_id", "country")
) PARTITION BY LIST ("country");--> statement-breakpoint
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT DISTINCT "country" AS code FROM "records"."crossings_unpartitioned" LOOP
    EXECUTE format('CREATE TABLE records.%I PARTITION OF records.crossings FOR VALUES IN (%L)', 'crossings_' || lower(r.code), r.code);
  END LOOP;
  FOR r IN SELECT DISTINCT "country" AS code FROM "records"."permits_unpartitioned" LOOP
    EXECUTE format('CREATE TABLE records.%I PARTITION OF records.permits FOR VALUES IN (%L)', 'permits_' || lower(r.code), r.code);
  END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "records"."crossings" SELECT * FROM "records"."crossings_unpartitioned";--> statement-breakpoint
INSERT INTO "records"."permits" SELECT * FROM "records"."permits_unpartitioned";--> statement-breakpoint
DROP TABLE "records"."crossings_unpartitioned";--> statement-breakpoint
DROP TABLE "records"."permits_unpartitioned";
