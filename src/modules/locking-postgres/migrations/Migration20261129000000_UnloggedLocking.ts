import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Locks live for seconds and every lock and release is a commit: unlogged, those commits skip
 * the write-ahead log and its flush to disk. After a database crash the table comes back empty,
 * which frees only locks whose holders' own transactions the crash has already broken.
 */
export class Migration20261129000000_UnloggedLocking extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table if exists "locking" set unlogged;')
  }

  override async down(): Promise<void> {
    this.addSql('alter table if exists "locking" set logged;')
  }
}
