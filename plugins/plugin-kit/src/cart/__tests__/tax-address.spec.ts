import { taxRelevantAddressChanged } from "../workflows/update-cart"

describe("taxRelevantAddressChanged", () => {
  const cologne = { id: "caaddr_1", country_code: "de", city: "Köln", postal_code: "51147" }

  it("is false without a new shipping address, or when the same address is sent again", () => {
    expect(taxRelevantAddressChanged(undefined, cologne)).toBe(false)
    expect(taxRelevantAddressChanged({ country_code: "DE", city: "Köln" }, cologne)).toBe(false)
  })

  it("is true when a field tax rates read differs, or another saved address is named", () => {
    expect(taxRelevantAddressChanged({ postal_code: "10115" }, cologne)).toBe(true)
    expect(taxRelevantAddressChanged({ country_code: "us" }, cologne)).toBe(true)
    expect(taxRelevantAddressChanged({ id: "caaddr_2" }, cologne)).toBe(true)
    expect(taxRelevantAddressChanged({ country_code: "de" }, null)).toBe(true)
  })
})
