-- The member's private records store: record-level data (border crossings, permits) in a schema of
-- its own that no reader's query touches; only the statistics derived from them become cells of a
-- release. Persons are keyed by the member's own id or by a keyed pseudonym of their travel document
-- (HMAC, computed before anything is written), never by a clear document number.
CREATE SCHEMA IF NOT EXISTS "records";--> statement-breakpoint
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
	CONSTRAINT "crossings_pk" PRIMARY KEY ("country", "record_id")
);--> statement-breakpoint
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
	CONSTRAINT "permits_pk" PRIMARY KEY ("country", "record_id")
);--> statement-breakpoint
CREATE TABLE "records"."derivations" (
	"id" serial PRIMARY KEY,
	"country" char(3) NOT NULL,
	"release" text NOT NULL,
	"extracted_at" timestamp with time zone NOT NULL,
	"derived_at" timestamp with time zone DEFAULT now() NOT NULL,
	"detail" jsonb NOT NULL
);
--> statement-breakpoint
-- Stateless persons are XXA in the citizenship codelist (as travel documents and UNHCR write it);
-- SDMX's _Z means "not applicable". Cells stored with CITIZENSHIP _Z move to XXA: the code is the
-- part of the series key at the position of CITIZENSHIP among the indicator's dimension names.
UPDATE "country"."observations" o SET "series_key" = array_to_string(
    (string_to_array(o.series_key, ';'))[1:p.pos - 1] || ARRAY['XXA'] || (string_to_array(o.series_key, ';'))[p.pos + 1:], ';')
  FROM (VALUES ('STOCK_FOREIGNERS', 2), ('RESIDENCE_PERMITS_ISSUED', 1), ('WORK_PERMITS_ISSUED', 1), ('BORDER_CROSSINGS', 2),
               ('ASYLUM_APPLICATIONS', 2), ('REFUGEE_STATUS_DECISIONS', 1), ('RETURNS', 1)) AS p(indicator, pos)
 WHERE o.indicator = p.indicator AND split_part(o.series_key, ';', p.pos) = '_Z';
