// Readiness: can this process do its work right now? Each dependency is a ping passed in as a
// function (the database's, Redis's), so the core knows no Redis client.

export type ReadinessCheck = () => Promise<void>;

export interface CheckResult {
  ok: boolean;
  /** Milliseconds the ping took (or until it timed out). */
  ms: number;
  /** Why it failed, credentials removed. */
  error?: string;
}

export interface Readiness {
  ok: boolean;
  checks: Record<string, CheckResult>;
}

/** `postgres://user:secret@host` -> `postgres://user:[redacted]@host`, wherever a URL appears in a message. */
export function scrubCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)[^\s@/]+@/gi, '$1[redacted]@');
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (e) {
    const error = scrubCredentials(e instanceof Error ? e.message || e.name : String(e)).slice(0, 200);
    return { ok: false, ms: Math.round(performance.now() - started), error };
  } finally {
    clearTimeout(timer);
  }
}

/** Run every check at once; ready when all pass. A check that hangs counts as failed after `timeoutMs`. */
export async function checkReadiness(checks: Record<string, ReadinessCheck>, timeoutMs = 2_000): Promise<Readiness> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((n) => runCheck(checks[n], timeoutMs)));
  const out: Record<string, CheckResult> = {};
  names.forEach((n, i) => (out[n] = results[i]));
  return { ok: results.every((r) => r.ok), checks: out };
}
