// Shared with the payment plugins, which give gateway failures the same code.
export { GATEWAY_UNAVAILABLE, gatewayUnavailable } from "@zoco/plugin-kit/errors"
