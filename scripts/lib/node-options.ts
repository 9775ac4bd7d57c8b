/**
 * The size, in MB, of each of V8's two young-generation semi-spaces in the server's and the
 * worker's processes (Node's default on a 64-bit machine is 16). A store request hydrates
 * hundreds of rows into entities and serializes them, and nearly all of it is garbage when the
 * answer is sent: with a larger young generation V8 collects it about four times less often and
 * promotes less of it to the old generation, which is then collected less often too.
 * `bench/README.md` ("A larger young generation") has the measurements: about 8% less server CPU
 * per checkout for 70–200 MB more peak memory.
 */
export const SEMI_SPACE_MB = 64

/** Settings with which the operator has sized V8's heap themselves. */
const HEAP_SIZE_FLAG = /--(max|min)[-_](semi[-_]space|heap)[-_]size\b/

/**
 * `NODE_OPTIONS` for the server and worker processes: the operator's own, plus the young
 * generation's size unless they have sized the heap themselves (V8 refuses some combinations
 * of heap flags, and theirs win).
 */
export function serverNodeOptions(nodeOptions: string | undefined): string {
  const own = (nodeOptions ?? "").trim()
  if (HEAP_SIZE_FLAG.test(own)) return own
  return [own, `--max-semi-space-size=${SEMI_SPACE_MB}`].filter(Boolean).join(" ")
}
