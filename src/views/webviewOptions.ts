/**
 * On, at the cost of one retained webview while the sidebar shows something else: with it off, code-server 4.100.3
 * may never bring a re-shown view's document back (docs/decisions/019-retain-context-when-hidden.md).
 */
export const RETAIN_CONTEXT_WHEN_HIDDEN = true;
