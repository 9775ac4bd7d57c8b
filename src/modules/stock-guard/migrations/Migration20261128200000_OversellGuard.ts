import { Migration } from "@medusajs/framework/mikro-orm/migrations"

// Runs after each statement that adds or changes reservations, so all rows of a multi-row insert
// (one per cart line) are counted together. Locking the level row first serializes reservations
// of one item at one location across transactions and processes.
const GUARD_FUNCTION = `
create or replace function zoco_refuse_oversell() returns trigger language plpgsql as $$
declare
  stocked numeric;
  reserved numeric;
begin
  if new.deleted_at is not null or new.allow_backorder then
    return null;
  end if;
  select stocked_quantity into stocked from inventory_level
   where inventory_item_id = new.inventory_item_id and location_id = new.location_id
     and deleted_at is null
   for update;
  if not found then
    return null;
  end if;
  select coalesce(sum(quantity), 0) into reserved from reservation_item
   where inventory_item_id = new.inventory_item_id and location_id = new.location_id
     and deleted_at is null;
  if reserved > stocked then
    raise exception 'Not enough stock available for item % at location %',
      new.inventory_item_id, new.location_id
      using errcode = 'check_violation', hint = 'zoco_oversell_guard';
  end if;
  return null;
end
$$;`

export class Migration20261128200000_OversellGuard extends Migration {
  override async up(): Promise<void> {
    this.addSql(GUARD_FUNCTION)
    this.addSql('drop trigger if exists "zoco_refuse_oversell" on "reservation_item";')
    this.addSql(
      'create trigger "zoco_refuse_oversell" after insert or update of "quantity", "location_id", "deleted_at" on "reservation_item" for each row execute function zoco_refuse_oversell();'
    )
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists "zoco_refuse_oversell" on "reservation_item";')
    this.addSql("drop function if exists zoco_refuse_oversell();")
  }
}
