// The model-deployment health-check policy pack:
//   pulumi preview --policy-pack policy-pack [--policy-pack-config policy-pack/config.example.json]
// Per-rule enforcement levels and settings come from the policy pack config (docs/policy.md).
import { PolicyPack } from "@pulumi/policy";
import { healthPolicies } from "model-deployment/policy";

new PolicyPack("model-deployment-health", { policies: healthPolicies() });
