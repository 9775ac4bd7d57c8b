export * from "./link-verified-email"
