/** The pure builders: every object of a deployment, keyed by role. No Pulumi, no I/O. */
export { buildObjects, objectList, entryOf, manifestOptionIssues } from "./objects";
export type { ManifestOptions, ObjectEntry, ObjectRole, KubeObject } from "./objects";
