ALTER TABLE "user_access_changes" ADD COLUMN "email_verified" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- The changes recorded before this column existed: their users' verified state as it stands.
UPDATE "user_access_changes" SET "email_verified" = "users"."email_verified_at" IS NOT NULL FROM "users" WHERE "users"."id" = "user_access_changes"."user_id";
