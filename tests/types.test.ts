/**
 * Compile-time checks, run by `tsc` as part of `npm test`: the hand-written public types agree
 * with the zod schema, and a typed spec literal rejects wrong field names.
 */
import * as assert from "node:assert/strict";
import type { z } from "zod";
import type * as k8s from "@pulumi/kubernetes";
import type { ModelDeploymentArgs } from "../sdk";
import type { Autoscaling, AutoscalingMetric, DeploymentSpec, Integration, Resources } from "../sdk/core/spec/types";
import type { deploymentSpecSchema } from "../sdk/core/spec/schema";
import type { Deployment, Service } from "../sdk/manifests/k8s";

type Parsed = z.output<typeof deploymentSpecSchema>;
type Assignable<A, B> = [A] extends [B] ? true : false;
const schemaFitsType: Assignable<Parsed, DeploymentSpec> = true;
// Two differences on purpose, for Pulumi's package schema (no single-literal types, no index
// signatures): the type has `summary: string` where the schema holds "average", and lists an
// integration's fields where the schema keeps unknown ones for its own messages.
type AsSchema = Omit<DeploymentSpec, "resources" | "integrations"> & {
  resources: Omit<Resources, "autoscaling"> & {
    autoscaling?: Omit<Autoscaling, "metrics"> & { metrics?: Array<Omit<AutoscalingMetric, "summary"> & { summary: "average" }> };
  };
  integrations?: Array<Integration & Record<string, unknown>>;
};
const typeFitsSchema: Assignable<AsSchema, Parsed> = true;

// Our hand-written object types are accepted by @pulumi/kubernetes as resource inputs.
const deploymentFitsPulumi: Assignable<Deployment["spec"], k8s.types.input.apps.v1.DeploymentSpec> = true;
const serviceFitsPulumi: Assignable<Service["spec"], k8s.types.input.core.v1.ServiceSpec> = true;

export const typedLiteral: ModelDeploymentArgs = {
  spec: {
    image: "ghcr.io/acme/llm:1",
    resources: { machineType: "A100", ports: [8000] },
    healthChecks: {
      readiness: {
        path: "/ready",
        // @ts-expect-error: a wrong field name is a compile error
        periodSecond: 5,
      },
    },
  },
};

export const wrongType: ModelDeploymentArgs = {
  spec: {
    image: "x",
    // @ts-expect-error: ports is a list of numbers
    resources: { machineType: "A100", ports: "8000" },
  },
};

describe("public types (checked by the compiler)", () => {
  it("the hand-written spec type and the zod schema agree both ways, and fit @pulumi/kubernetes", () => {
    assert.deepEqual([schemaFitsType, typeFitsSchema, deploymentFitsPulumi, serviceFitsPulumi], [true, true, true, true]);
  });
});
