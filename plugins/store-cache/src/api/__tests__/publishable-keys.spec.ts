import { PublishableKeyMemo } from "../publishable-keys"

const context = (id: string) => ({ key: id, sales_channel_ids: [`sc_${id}`] })

describe("PublishableKeyMemo", () => {
  it("remembers a key until its time is up", () => {
    const memo = new PublishableKeyMemo()
    memo.set("pk_1", context("pk_1"), 5_000, 1_000)
    expect(memo.get("pk_1", 5_999)).toEqual(context("pk_1"))
    expect(memo.get("pk_1", 6_000)).toBeUndefined()
    expect(memo.get("pk_unknown", 1_000)).toBeUndefined()
  })

  it("forgets the oldest keys past a thousand, so distinct keys cannot grow it without end", () => {
    const memo = new PublishableKeyMemo()
    for (let i = 0; i <= 1_000; i++) {
      memo.set(`pk_${i}`, context(`pk_${i}`), 60_000, 0)
    }
    expect(memo.get("pk_0", 1)).toBeUndefined()
    expect(memo.get("pk_1", 1)).toEqual(context("pk_1"))
    expect(memo.get("pk_1000", 1)).toEqual(context("pk_1000"))
  })
})
