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
