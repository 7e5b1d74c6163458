/**
 * On, at the cost of one retained webview while the sidebar shows something else: with it off, code-server 4.100.3
 * may never bring a re-shown document back (docs/decisions/017-webview-host-and-retained-context.md).
 */
export const RETAIN_CONTEXT_WHEN_HIDDEN = true;

/** The editor tabs' webview type; VS Code keys restored tabs by it. */
export const TAB_VIEW_TYPE = 'xdm.conversation';
