/**
 * Why an AI explanation failed. `code` is the data source backend's (unauthorized, rate_limited, upstream,
 * bad_request, timeout, malformed, redirect, unreachable, not_configured, bad_settings) or the panel's own
 * (canceled, not_found, llm_app); `message` says what to change.
 */
export class ExplainError extends Error {
  readonly code: string;
  readonly status?: number;

  constructor(code: string, message: string, status?: number) {
    super(message);
    this.name = 'ExplainError';
    this.code = code;
    this.status = status;
  }
}
