// Builds the FastAPI example's image from its Dockerfile, pushes it to a private registry, and
// deploys it by digest with the example's unchanged Gradient spec (which says `image: :image`
// and `containerRegistry: acme`). Needs Docker with buildx where `pulumi up` runs.
//   pulumi config set repository ghcr.io/acme/fastapi-model
//   pulumi config set registryUser acme-bot
//   pulumi config set --secret registryPassword ghp_...
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ModelDeployment } from "model-deployment";

const config = new pulumi.Config();
const repository = config.get("repository") ?? "ghcr.io/acme/fastapi-model";
const server = repository.split("/")[0];

const app = new ModelDeployment("fastapi", {
  spec: ModelDeployment.loadSpec("deployment.yaml"),
  build: { repository, context: path.resolve("../fastapi-model"), tag: config.get("tag") ?? "latest", registry: "acme" },
  registries: {
    acme: { server, username: config.get("registryUser") ?? "acme-bot", password: config.requireSecret("registryPassword") },
  },
});

export const image = app.image;
export const imageDigest = app.imageDigest;
export const endpoint = app.endpoint;
