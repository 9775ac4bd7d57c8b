import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261205034658_MailCursor extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table if not exists "mail_cursor" ("id" text not null, "through" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mail_cursor_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mail_cursor_deleted_at" ON "mail_cursor" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    // Reconciliation starts at installation: what happened before is not mailed.
    this.addSql(
      `insert into "mail_cursor" ("id", "through") values ('events', now()) on conflict ("id") do nothing;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mail_cursor" cascade;`)
  }
}
