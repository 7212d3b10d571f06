CREATE TABLE "provider"."undesa_migrant_stock_by_origin" (
	"release" text NOT NULL,
	"destination" char(3) NOT NULL,
	"origin" char(3) NOT NULL,
	"destination_m49" text NOT NULL,
	"origin_m49" text NOT NULL,
	"year" smallint NOT NULL,
	"sex" text NOT NULL,
	"type_of_data" text NOT NULL,
	"value" integer
);
--> statement-breakpoint
CREATE INDEX "undesa_migrant_stock_by_origin_lookup_idx" ON "provider"."undesa_migrant_stock_by_origin" USING btree ("release","destination","year");