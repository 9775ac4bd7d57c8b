import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261205150000_WebhookSettings extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table if not exists "webhook_settings" ("id" text not null, "max_attempts" integer null, "pause_after_hours" integer null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "webhook_settings_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_webhook_settings_deleted_at" ON "webhook_settings" ("deleted_at") WHERE deleted_at IS NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "webhook_settings" cascade;`)
  }
}
