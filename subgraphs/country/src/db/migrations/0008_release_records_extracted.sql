-- A release derived from administrative records says when they were extracted: its figures count
-- the records up to that instant, and readers and the secretariat see it on the release itself.
ALTER TABLE "country"."releases" ADD COLUMN "records_extracted_at" timestamp with time zone;
