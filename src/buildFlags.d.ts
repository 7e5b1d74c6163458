/**
 * Constants that esbuild.mjs substitutes at build time (`define`), so the minifier can drop what they guard.
 * `__XDM_TEST_HOOKS__`: true in development and test builds, false in `--production` (the shipped bundle).
 */
declare const __XDM_TEST_HOOKS__: boolean;
