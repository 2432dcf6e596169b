/** Loads an optional peer dependency only when a backend needs it, with a message that says how to get it. */

/** `require(module)`, or an error naming the backend and the package to install. */
export function loadPeer<T>(module: string, pkg: string, backend: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(module) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw e;
    throw new Error(`the "${backend}" node pool backend needs ${pkg}: run \`npm install ${pkg}\``);
  }
}
