/**
 * Runs the plugin as the Pulumi engine does (`node <plugin folder> <engine address>`: it prints its
 * port, then serves the ResourceProvider gRPC service) and asks it for its schema and version with
 * Pulumi's own gRPC client.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";

/* eslint-disable @typescript-eslint/no-require-imports */
/** The gRPC modules, from the @pulumi/pulumi that `from` resolves (an install's own copy). */
function grpcModules(from: string) {
  const req = (id: string) => require(require.resolve(id, { paths: [from] }));
  return {
    grpc: req("@grpc/grpc-js"),
    services: req("@pulumi/pulumi/proto/provider_grpc_pb"),
    messages: req("@pulumi/pulumi/proto/provider_pb"),
    empty: req("google-protobuf/google/protobuf/empty_pb"),
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */

export interface PluginAnswers {
  schema: string;
  version: string;
}

/** Starts the plugin folder `dir` with Node, asks GetSchema and GetPluginInfo, and stops it. */
export async function askPlugin(dir: string): Promise<PluginAnswers> {
  // No engine answers at this address: the plugin only needs it for logs.
  const child = spawn(process.execPath, [dir, "127.0.0.1:1"], { cwd: path.dirname(dir), stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += String(d)));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d) => {
        out += String(d);
        const m = /^(\d+)\s*$/m.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on("exit", (code) => reject(new Error(`the plugin exited (${code}) before serving: ${stderr}`)));
    });
    const { grpc, services, messages, empty } = grpcModules(dir);
    const client = new services.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const call = <T>(method: string, request: unknown) =>
      new Promise<T>((resolve, reject) => client[method](request, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));
    const schema = await call<{ getSchema(): string }>("getSchema", new messages.GetSchemaRequest());
    const info = await call<{ getVersion(): string }>("getPluginInfo", new empty.Empty());
    client.close();
    return { schema: schema.getSchema(), version: info.getVersion() };
  } finally {
    child.kill();
  }
}
