/**
 * How the API client authenticates one account's requests. Implemented by `src/auth` (OAuth 2.0 bearer tokens with
 * refresh, or OAuth 1.0a HMAC-SHA1 signatures); the client never sees how.
 */
export interface SignableRequest {
  method: string;
  /** Absolute URL including the query string (OAuth 1.0a signs the query parameters). */
  url: string;
  /** Form-encoded body parameters, which OAuth 1.0a also signs. JSON bodies are not signed. */
  formParams?: Record<string, string>;
}

export interface AuthStrategy {
  /** Headers (normally just `Authorization`) for one attempt of one request; called again on every retry. */
  authorize(request: SignableRequest): Promise<Record<string, string>>;
  /**
   * Called once after a 401. Resolves true when new credentials are ready and the request may be retried once;
   * false when nothing could be refreshed (OAuth 1.0a, or the session is gone). May reject with an `XApiError` that
   * explains the failure better than the 401 (another window holds newer tokens: reload this one).
   */
  refreshAfterUnauthorized(): Promise<boolean>;
}
