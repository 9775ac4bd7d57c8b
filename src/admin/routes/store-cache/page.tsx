import { Navigate } from "react-router-dom"

// The store cache lives under Settings › Zoco; an old or guessed link lands there, not on a 404.
const StoreCacheRedirect = () => <Navigate to="/settings/zoco" replace />

export default StoreCacheRedirect
