import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261204220000_Mail extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table if not exists "mail_message" ("id" text not null, "key" text not null, "template" text not null, "to" text not null, "data" jsonb not null, "resource_type" text null, "resource_id" text null, "status" text check ("status" in ('queued', 'sent', 'kept', 'failed')) not null default 'queued', "attempts" integer not null default 0, "next_attempt_at" timestamptz not null, "locked_until" timestamptz null, "last_error" text null, "message_id" text not null, "subject" text null, "html" text null, "text" text null, "transport" text null, "sent_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mail_message_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mail_message_deleted_at" ON "mail_message" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_mail_message_key_unique" ON "mail_message" ("key") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mail_message_status_next_attempt_at" ON "mail_message" ("status", "next_attempt_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mail_message_to" ON "mail_message" ("to") WHERE deleted_at IS NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mail_message" cascade;`)
  }
}
