import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261129060644_ProductReviews extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "product_review_vote" drop constraint if exists "product_review_vote_review_id_customer_id_unique";`
    )
    this.addSql(
      `alter table if exists "product_review" drop constraint if exists "product_review_product_id_customer_id_unique";`
    )
    this.addSql(
      `alter table if exists "product_rating" drop constraint if exists "product_rating_product_id_unique";`
    )
    this.addSql(
      `create table if not exists "product_rating" ("id" text not null, "product_id" text not null, "average" real not null default 0, "count" integer not null default 0, "count_1" integer not null default 0, "count_2" integer not null default 0, "count_3" integer not null default 0, "count_4" integer not null default 0, "count_5" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "product_rating_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_product_rating_product_id_unique" ON "product_rating" ("product_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_product_rating_deleted_at" ON "product_rating" ("deleted_at") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "product_review" ("id" text not null, "product_id" text not null, "customer_id" text not null, "display_name" text not null, "rating" integer not null, "title" text not null, "content" text not null, "status" text check ("status" in ('pending', 'approved', 'rejected')) not null default 'pending', "verified_purchase" boolean not null default false, "rejection_reason" text null, "reply" text null, "replied_at" timestamptz null, "helpful_count" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "product_review_pkey" primary key ("id"), constraint product_review_rating_check check (rating BETWEEN 1 AND 5), constraint product_review_helpful_check check (helpful_count >= 0));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_product_review_deleted_at" ON "product_review" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_product_review_product_id_customer_id_unique" ON "product_review" ("product_id", "customer_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_product_review_product_id_status_created_at" ON "product_review" ("product_id", "status", "created_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_product_review_status_created_at" ON "product_review" ("status", "created_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_product_review_customer_id" ON "product_review" ("customer_id") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "product_review_vote" ("id" text not null, "customer_id" text not null, "review_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "product_review_vote_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_product_review_vote_review_id" ON "product_review_vote" ("review_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_product_review_vote_deleted_at" ON "product_review_vote" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_product_review_vote_review_id_customer_id_unique" ON "product_review_vote" ("review_id", "customer_id") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `alter table if exists "product_review_vote" add constraint "product_review_vote_review_id_foreign" foreign key ("review_id") references "product_review" ("id") on update cascade on delete cascade;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table if exists "product_review_vote" drop constraint if exists "product_review_vote_review_id_foreign";`
    )

    this.addSql(`drop table if exists "product_rating" cascade;`)

    this.addSql(`drop table if exists "product_review" cascade;`)

    this.addSql(`drop table if exists "product_review_vote" cascade;`)
  }
}
