"use strict"
/* global exports, __BACKEND_URL__ -- __BACKEND_URL__ is defined by the dashboard's build */
// The same client for CommonJS callers (tests, tools); the dashboard's build takes sdk.mjs.
const Medusa = require("@medusajs/js-sdk").default

const baseUrl = typeof __BACKEND_URL__ === "string" && __BACKEND_URL__ ? __BACKEND_URL__ : "/"

exports.sdk = new Medusa({ baseUrl, auth: { type: "session" } })
