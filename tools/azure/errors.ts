/** One readable shape for the errors the SDKs throw (RestError from either client generation, or transport errors). */
export interface ArmErrorInfo {
  /** HTTP status, when a response arrived. */
  status: number | undefined;
  /** ARM error code (e.g. NotFound, Conflict) or the transport error code (ECONNRESET). */
  code: string | undefined;
  message: string;
}

export function armErrorInfo(e: unknown): ArmErrorInfo {
  const err = e as { statusCode?: number; status?: number; code?: string; message?: string; details?: { error?: { code?: string; message?: string } }; response?: { bodyAsText?: string } };
  const status = err?.statusCode ?? err?.status;
  let code = err?.details?.error?.code ?? err?.code;
  let message = err?.details?.error?.message ?? err?.message ?? String(e);
  // Some generated clients leave the ARM error body unparsed.
  if ((!code || code === 'REQUEST_SEND_ERROR' || /^\d+$/.test(code)) && err?.response?.bodyAsText) {
    try {
      const body = JSON.parse(err.response.bodyAsText) as { error?: { code?: string; message?: string } };
      if (body.error?.code) { code = body.error.code; message = body.error.message ?? message; }
    } catch { /* not JSON */ }
  }
  return { status, code, message: message.split('\n')[0]! };
}

export function isNotFound(e: unknown): boolean {
  return armErrorInfo(e).status === 404;
}

/** ARM answers an etag mismatch with 409 Conflict or 412 Precondition Failed depending on the provider. */
export function isEtagConflict(e: unknown): boolean {
  const s = armErrorInfo(e).status;
  return s === 409 || s === 412;
}
