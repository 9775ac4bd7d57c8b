// Medusa skips folders starting with "_", and so does the document.
export const GET = () => undefined
