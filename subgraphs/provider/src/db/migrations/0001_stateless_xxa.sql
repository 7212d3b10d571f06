-- Stateless persons are XXA in the AREA codelist, as UNHCR publishes them: in SDMX, _Z means "not
-- applicable". Rows imported before carried _Z for UNHCR's XXA.
UPDATE "provider"."unhcr_applications" SET "origin" = 'XXA' WHERE "origin" = '_Z';--> statement-breakpoint
UPDATE "provider"."unhcr_decisions" SET "origin" = 'XXA' WHERE "origin" = '_Z';--> statement-breakpoint
UPDATE "provider"."unhcr_population" SET "origin" = 'XXA' WHERE "origin" = '_Z';--> statement-breakpoint
UPDATE "provider"."unhcr_demographics" SET "origin" = 'XXA' WHERE "origin" = '_Z';
