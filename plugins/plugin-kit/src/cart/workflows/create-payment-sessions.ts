import type { AccountHolderDTO, CustomerDTO, PaymentSessionDTO } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  isPresent,
  MedusaError,
  Modules,
} from "@medusajs/framework/utils"
import {
  createStep,
  createWorkflow,
  parallelize,
  StepResponse,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  createPaymentAccountHolderStep,
  createPaymentSessionStep,
  createRemoteLinkStep,
  deletePaymentSessionsWorkflow,
  useRemoteQueryStep,
  type CreatePaymentSessionsWorkflowInput,
} from "@medusajs/medusa/core-flows"

export const createPaymentSessionsWorkflowId = "zoco-create-payment-sessions"

type CollectionWithCart = {
  id: string
  amount: unknown
  currency_code: string
  payment_sessions?: { id: string }[]
  cart?: { id: string; region_id?: string | null; completed_at?: unknown } | null
}

/**
 * Medusa's `validatePaymentProviderInRegionStep` (2.21.2) on the collection the workflow has
 * already read with its cart: the same refusal, with the region's providers read through Medusa's
 * caching module. They are the region's configuration, read at every payment session; a change
 * to them goes through `updateRegionsWorkflow`, whose `region.updated` event clears the entry.
 */
export const validatePaymentProviderInRegionStep = createStep(
  "zoco-validate-payment-provider-in-region",
  async (
    { collection, provider_id }: { collection?: CollectionWithCart; provider_id: string },
    { container }
  ) => {
    const cart = collection?.cart
    if (!cart?.region_id || cart.completed_at) return new StepResponse(void 0)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [region],
    } = await query.graph(
      { entity: "region", fields: ["id", "payment_providers.id"], filters: { id: cart.region_id } },
      { cache: { enable: true } }
    )
    const providers = (region?.payment_providers ?? []) as ({ id: string } | null)[]
    const enabled = new Set(providers.map((p) => p?.id))
    if (!enabled.has(provider_id)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Payment provider ${provider_id} is not enabled in the cart's region ${cart.region_id}.`
      )
    }
    return new StepResponse(void 0)
  }
)

/**
 * Medusa's `createPaymentSessionsWorkflow` (2.21.2), step for step (it has no hooks), but for two
 * reads: the collection is read once with its cart (Medusa reads it again to check the provider),
 * and the providers enabled in the cart's region come from the caching module. Served by
 * `POST /store/payment-collections/:id/payment-sessions`.
 */
export const createPaymentSessionsWorkflow = createWorkflow(
  createPaymentSessionsWorkflowId,
  (input: CreatePaymentSessionsWorkflowInput) => {
    const paymentCollection = useRemoteQueryStep({
      entry_point: "payment_collection",
      fields: [
        "id",
        "amount",
        "currency_code",
        "payment_sessions.*",
        "cart.id",
        "cart.region_id",
        "cart.completed_at",
      ],
      variables: { id: input.payment_collection_id },
      list: false,
    }).config({ name: "get-payment-collection" }) as unknown as CollectionWithCart | undefined
    validatePaymentProviderInRegionStep({
      collection: paymentCollection,
      provider_id: input.provider_id,
    })

    const { paymentCustomer, accountHolder, existingAccountHolder } = when(
      "customer-id-exists",
      { input },
      (data) => !!data.input.customer_id
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
      }).config({ name: "get-customer" }) as unknown as CustomerDTO & {
        account_holders?: AccountHolderDTO[]
      }
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
        (data) => ({
          provider_id: data.input.provider_id,
          context: {
            // The module is idempotent: with a linked account holder, it returns that one.
            account_holder: data.existingAccountHolder as AccountHolderDTO,
            customer: data.paymentCustomer,
          },
        })
      )
      const accountHolder = createPaymentAccountHolderStep(accountHolderInput).config({
        noCompensation: true,
      })
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

    const paymentSessionInput = transform(
      { paymentCollection, paymentCustomer, accountHolder, input },
      (data) => ({
        payment_collection_id: data.input.payment_collection_id,
        provider_id: data.input.provider_id,
        data: data.input.data,
        context: {
          ...data.input.context,
          customer: data.paymentCustomer,
          account_holder: data.accountHolder,
        },
        amount: data.paymentCollection?.amount as number,
        currency_code: data.paymentCollection?.currency_code as string,
      })
    )
    const deletePaymentSessionInput = transform({ paymentCollection }, (data) => ({
      ids: data.paymentCollection?.payment_sessions?.map((ps) => ps.id) || [],
    }))
    // As Medusa does: the collection's earlier session goes when the new one is made.
    const [created] = parallelize(
      createPaymentSessionStep(paymentSessionInput),
      deletePaymentSessionsWorkflow.runAsStep({ input: deletePaymentSessionInput })
    )
    return new WorkflowResponse(created as PaymentSessionDTO)
  }
)
