import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261128000000_LockingTable extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table if not exists "locking" ("id" text not null, "owner_id" text null, "expiration" timestamptz null, constraint "locking_pkey" primary key ("id"));'
    )
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "locking";')
  }
}
