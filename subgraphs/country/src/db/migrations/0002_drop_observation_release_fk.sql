ALTER TABLE "country"."observations" DROP CONSTRAINT "observations_release_id_releases_id_fk";
