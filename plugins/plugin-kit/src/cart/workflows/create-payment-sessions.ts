import type { AccountHolderDTO, CustomerDTO, PaymentSessionDTO } from "@medusajs/framework/types"
import { isPresent, Modules } from "@medusajs/framework/utils"
import {
  createWorkflow,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  createPaymentAccountHolderStep,
  createPaymentSessionStep,
  type CreatePaymentSessionsWorkflowInput,
  createRemoteLinkStep,
  deletePaymentSessionsWorkflow,
  useRemoteQueryStep,
  validatePaymentProviderInRegionStep,
} from "@medusajs/medusa/core-flows"

type CustomerForPayment = CustomerDTO & { account_holders?: AccountHolderDTO[] }

type CollectionForSession = {
  id: string
  amount: number
  currency_code: string
  payment_sessions?: { id: string }[]
}

export const createPaymentSessionsWorkflowId = "zoco-create-payment-sessions"

/**
 * Medusa's `createPaymentSessionsWorkflow` (2.21.2), step for step (it has no hooks), with two
 * differences in what it reads, not in what it does: the payment collection is read with its
 * sessions in one statement, and the collection's earlier sessions are deleted only when it has
 * some (Medusa's deletion runs a transaction that finds nothing on a first session). Served by
 * `POST /store/payment-collections/:id/payment-sessions`.
 */
export const createPaymentSessionsWorkflow = createWorkflow(
  createPaymentSessionsWorkflowId,
  (input: CreatePaymentSessionsWorkflowInput) => {
    const paymentCollection = useRemoteQueryStep({
      entry_point: "payment_collection",
      fields: ["id", "amount", "currency_code", "payment_sessions.*"],
      variables: { id: input.payment_collection_id, options: { strategy: "joined" } },
      list: false,
    }).config({ name: "get-payment-collection" }) as unknown as CollectionForSession

    validatePaymentProviderInRegionStep({
      payment_collection_id: input.payment_collection_id,
      provider_id: input.provider_id,
    })

    const { paymentCustomer, accountHolder, existingAccountHolder } = when(
      "customer-id-exists",
      { input },
      ({ input }) => !!input.customer_id
    ).then(() => {
      const customer = useRemoteQueryStep({
        entry_point: "customer",
        fields: [
          "id",
          "email",
          "company_name",
          "first_name",
          "last_name",
          "phone",
          "addresses.*",
          "account_holders.*",
          "metadata",
        ],
        variables: { id: input.customer_id },
        list: false,
      }).config({ name: "get-customer" }) as unknown as CustomerForPayment
      const paymentCustomer = transform({ customer }, ({ customer }) => ({
        ...customer,
        billing_address:
          customer.addresses?.find((a) => a.is_default_billing) ?? customer.addresses?.[0],
      }))
      const existingAccountHolder = transform({ customer, input }, ({ customer, input }) =>
        (customer.account_holders ?? []).find((ac) => ac?.provider_id === input.provider_id)
      )
      const accountHolderInput = transform(
        { existingAccountHolder, input, paymentCustomer },
        ({ existingAccountHolder, input, paymentCustomer }) => ({
          provider_id: input.provider_id,
          context: { account_holder: existingAccountHolder, customer: paymentCustomer },
        })
      )
      const accountHolder = createPaymentAccountHolderStep(
        accountHolderInput as Parameters<typeof createPaymentAccountHolderStep>[0]
      ).config({ noCompensation: true })
      return { paymentCustomer, accountHolder, existingAccountHolder }
    })

    when(
      "account-holder-created",
      { paymentCustomer, accountHolder, input, existingAccountHolder },
      ({ existingAccountHolder, accountHolder }) =>
        !isPresent(existingAccountHolder) && isPresent(accountHolder)
    ).then(() => {
      createRemoteLinkStep([
        {
          [Modules.CUSTOMER]: { customer_id: paymentCustomer.id },
          [Modules.PAYMENT]: { account_holder_id: accountHolder.id },
        },
      ]).config({ noCompensation: true })
    })

    const sessionInput = transform(
      { paymentCollection, paymentCustomer, accountHolder, input },
      ({ paymentCollection, paymentCustomer, accountHolder, input }) => ({
        payment_collection_id: input.payment_collection_id,
        provider_id: input.provider_id,
        data: input.data,
        context: {
          ...input.context,
          customer: paymentCustomer,
          account_holder: accountHolder,
        },
        amount: paymentCollection.amount,
        currency_code: paymentCollection.currency_code,
      })
    )
    const created = createPaymentSessionStep(
      sessionInput as Parameters<typeof createPaymentSessionStep>[0]
    )

    const earlier = transform({ paymentCollection }, ({ paymentCollection }) => ({
      ids: paymentCollection?.payment_sessions?.map((session) => session.id) ?? [],
    }))
    when("earlier-sessions-exist", { earlier }, ({ earlier }) => earlier.ids.length > 0).then(
      () => {
        deletePaymentSessionsWorkflow.runAsStep({ input: earlier })
      }
    )
    return new WorkflowResponse(created as unknown as PaymentSessionDTO)
  }
)
