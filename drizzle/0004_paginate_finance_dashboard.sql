DROP INDEX "budget_transactions_budget_id_index";--> statement-breakpoint
DROP INDEX "budgets_user_id_index";--> statement-breakpoint
ALTER TABLE "budgets" ADD COLUMN "spent_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "budgets" SET "spent_cents" = (SELECT coalesce(sum("amount_cents"), 0) FROM "budget_transactions" WHERE "budget_id" = "budgets"."id");--> statement-breakpoint
CREATE INDEX "budget_transactions_budget_id_created_at_id_index" ON "budget_transactions" USING btree ("budget_id","created_at","id");--> statement-breakpoint
CREATE INDEX "budgets_user_id_created_at_id_index" ON "budgets" USING btree ("user_id","created_at","id");