import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261129071308_Webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "webhook_delivery" drop constraint if exists "webhook_delivery_endpoint_id_event_id_unique";`
    )
    this.addSql(
      `create table if not exists "webhook_endpoint" ("id" text not null, "url" text not null, "description" text null, "events" text[] not null, "secret" text not null, "previous_secret" text null, "previous_secret_expires_at" timestamptz null, "status" text check ("status" in ('active', 'paused')) not null default 'active', "paused_reason" text null, "failing_since" timestamptz null, "max_concurrency" integer not null default 4, "timeout_ms" integer not null default 10000, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "webhook_endpoint_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_webhook_endpoint_deleted_at" ON "webhook_endpoint" ("deleted_at") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "webhook_delivery" ("id" text not null, "endpoint_id" text not null, "event_id" text not null, "event_type" text not null, "payload" jsonb not null, "status" text check ("status" in ('pending', 'succeeded', 'dead')) not null default 'pending', "attempts" integer not null default 0, "next_attempt_at" timestamptz not null, "locked_until" timestamptz null, "last_status_code" integer null, "last_error" text null, "last_duration_ms" integer null, "delivered_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "webhook_delivery_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_webhook_delivery_endpoint_id" ON "webhook_delivery" ("endpoint_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_webhook_delivery_deleted_at" ON "webhook_delivery" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_webhook_delivery_endpoint_id_event_id_unique" ON "webhook_delivery" ("endpoint_id", "event_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_webhook_delivery_status_next_attempt_at" ON "webhook_delivery" ("status", "next_attempt_at") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `alter table if exists "webhook_delivery" add constraint "webhook_delivery_endpoint_id_foreign" foreign key ("endpoint_id") references "webhook_endpoint" ("id") on update cascade on delete cascade;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table if exists "webhook_delivery" drop constraint if exists "webhook_delivery_endpoint_id_foreign";`
    )

    this.addSql(`drop table if exists "webhook_endpoint" cascade;`)

    this.addSql(`drop table if exists "webhook_delivery" cascade;`)
  }
}
