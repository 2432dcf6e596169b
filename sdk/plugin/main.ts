/**
 * The plugin's entry point (`provider/package.json` main): serves the component provider to the
 * Pulumi engine over gRPC (the engine's address is the first argument), as every Node.js provider
 * does through `@pulumi/pulumi/provider`'s `main`.
 */
import { main } from "@pulumi/pulumi/provider";
import { ModelDeploymentProvider } from "./host";

void main(new ModelDeploymentProvider(), process.argv.slice(2));
