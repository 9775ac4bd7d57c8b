import { BigNumber } from "@medusajs/framework/utils"
import { changedLines, lineDataDiffers } from "../line-repricing"

describe("changedLines", () => {
  const line = {
    id: "cali_1",
    cart_id: "cart_1",
    title: "Linen shirt",
    quantity: 2,
    unit_price: 49.9,
    compare_at_unit_price: null,
    is_tax_inclusive: true,
    metadata: { gift: true },
    product_type: null,
    variant_option_values: { Size: "M" },
  }
  // What pricing prepares for the line when nothing moved: the line's own values.
  const { id: _id, ...same } = line
  const priced = (data: Record<string, unknown>, id = "cali_1") => ({
    selector: { id },
    data: { ...same, ...data },
  })

  it("leaves out a line priced again to exactly what it holds", () => {
    expect(changedLines([line], [priced({})])).toEqual([])
    // Prices computed as BigNumber or held as a decimal string are the same amount.
    expect(changedLines([line], [priced({ unit_price: new BigNumber(49.9) })])).toEqual([])
    expect(lineDataDiffers({ ...line, unit_price: "49.90" }, priced({}).data)).toBe(false)
  })

  it("keeps a line whose price, sale price or tax inclusion moved", () => {
    expect(changedLines([line], [priced({ unit_price: 44.91 })])).toHaveLength(1)
    expect(changedLines([line], [priced({ compare_at_unit_price: 49.9 })])).toHaveLength(1)
    expect(changedLines([line], [priced({ is_tax_inclusive: false })])).toHaveLength(1)
  })

  it("keeps a line whose product data changed since it was added", () => {
    expect(changedLines([line], [priced({ title: "Linen shirt (new)" })])).toHaveLength(1)
    expect(changedLines([line], [priced({ metadata: {} })])).toHaveLength(1)
    expect(changedLines([line], [priced({ variant_option_values: { Size: "L" } })])).toHaveLength(1)
  })

  it("writes whatever it cannot compare: a field the line was read without, unknown lines", () => {
    expect(changedLines([line], [priced({ tax_lines: [] })])).toHaveLength(1)
    expect(changedLines([line], [priced({}, "cali_other")])).toHaveLength(1)
    expect(changedLines(undefined, [priced({})])).toHaveLength(1)
    expect(lineDataDiffers(line, { unit_price: { amount: 49.9 } })).toBe(true)
  })

  it("only keeps the lines that changed among several", () => {
    const other = { ...line, id: "cali_2", unit_price: 10 }
    const out = changedLines([line, other], [priced({}), priced({ unit_price: 12 }, "cali_2")])
    expect(out.map((l) => l.selector.id)).toEqual(["cali_2"])
  })

  it("treats a value that is not given as no change, as the write would", () => {
    expect(lineDataDiffers(line, { ...priced({}).data, thumbnail: undefined })).toBe(false)
  })
})
