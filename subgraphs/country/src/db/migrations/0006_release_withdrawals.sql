-- What a release withdraws, as data: a row with series_key null says the release's figures for
-- (indicator, period) are the whole table, so cells of earlier releases it does not carry stop
-- being visible when it does; a row with a series key withdraws that one cell (SDMX ACTION D).
-- Nothing earlier is touched: the versions view ends those cells' visibility at the withdrawing
-- release's visible_from, so asOf before it and the history still show them.
CREATE TABLE "country"."withdrawals" (
	"country" char(3) NOT NULL,
	"release_id" integer NOT NULL,
	"indicator" text COLLATE "C" NOT NULL,
	"period" text COLLATE "C" NOT NULL,
	"series_key" text COLLATE "C"
);--> statement-breakpoint
CREATE UNIQUE INDEX "withdrawals_uq" ON "country"."withdrawals" USING btree ("country", "indicator", "period", "series_key", "release_id") NULLS NOT DISTINCT;--> statement-breakpoint
CREATE INDEX "withdrawals_release_idx" ON "country"."withdrawals" USING btree ("release_id");--> statement-breakpoint
DROP VIEW "country"."observation_versions";--> statement-breakpoint
-- Every version of every cell with the time readers saw it: from its release's visible_from until
-- the next published release that has the same cell or withdraws it (its table or the cell), and
-- the version before it (for revision marks: a value that differs from the one published before).
CREATE VIEW "country"."observation_versions" AS
SELECT o."country", o."release_id", o."indicator", o."series_key", o."period", o."value", o."obs_status", o."conf_status",
	r."name" AS "release", r."visible_from" AS "valid_from",
	CASE WHEN r."visible_from" IS NOT NULL THEN least(
		lead(r."visible_from") OVER w,
		(SELECT min(wr."visible_from") FROM "country"."withdrawals" x JOIN "country"."releases" wr ON wr."id" = x."release_id"
		  WHERE x."country" = o."country" AND x."indicator" = o."indicator" AND x."period" = o."period"
		    AND (x."series_key" IS NULL OR x."series_key" = o."series_key")
		    AND wr."visible_from" IS NOT NULL AND (wr."visible_from", wr."id") > (r."visible_from", r."id"))
	) END AS "valid_to",
	CASE WHEN r."visible_from" IS NOT NULL THEN lag(o."value") OVER w END AS "previous_value",
	CASE WHEN r."visible_from" IS NOT NULL THEN lag(o."conf_status") OVER w END AS "previous_conf",
	CASE WHEN r."visible_from" IS NOT NULL THEN lag(r."name") OVER w END AS "previous_release"
FROM "country"."observations" o JOIN "country"."releases" r ON r."id" = o."release_id"
WINDOW w AS (PARTITION BY o."country", o."indicator", o."series_key", o."period", r."visible_from" IS NULL ORDER BY r."visible_from", r."id");
