import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261205143000_ReviewSettings extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table if not exists "product_review_settings" ("id" text not null, "auto_approve_verified" boolean null, "rate_limit" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "product_review_settings_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_product_review_settings_deleted_at" ON "product_review_settings" ("deleted_at") WHERE deleted_at IS NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "product_review_settings" cascade;`)
  }
}
