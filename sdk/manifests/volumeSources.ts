/**
 * The fields of each pod volume source (`VolumeSource`), so that a misspelled field of a volume
 * given without TypeScript types (the CLI's `--workload` file, plain JavaScript, other languages)
 * is refused with its path instead of reaching the API server, which would drop it or refuse the
 * pod. The lists are those of the Kubernetes API reference
 * (https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/), as
 * `@pulumi/kubernetes`'s `input.core.v1.*VolumeSource` types state them (the types the plugin
 * schema refers to); tests/manifests/volumeSources.test.ts derives them from those types again and
 * compares. Pure data.
 */

/** Each volume source's fields. */
export const VOLUME_SOURCE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  awsElasticBlockStore: ["fsType", "partition", "readOnly", "volumeID"],
  azureDisk: ["cachingMode", "diskName", "diskURI", "fsType", "kind", "readOnly"],
  azureFile: ["readOnly", "secretName", "shareName"],
  cephfs: ["monitors", "path", "readOnly", "secretFile", "secretRef", "user"],
  cinder: ["fsType", "readOnly", "secretRef", "volumeID"],
  configMap: ["defaultMode", "defaultUser", "items", "name", "optional"],
  csi: ["driver", "fsType", "nodePublishSecretRef", "readOnly", "volumeAttributes"],
  downwardAPI: ["defaultMode", "defaultUser", "items"],
  emptyDir: ["medium", "mode", "sizeLimit"],
  ephemeral: ["readOnly", "volumeClaimTemplate"],
  fc: ["fsType", "lun", "readOnly", "targetWWNs", "wwids"],
  flexVolume: ["driver", "fsType", "options", "readOnly", "secretRef"],
  flocker: ["datasetName", "datasetUUID"],
  gcePersistentDisk: ["fsType", "partition", "pdName", "readOnly"],
  gitRepo: ["directory", "repository", "revision"],
  glusterfs: ["endpoints", "path", "readOnly"],
  hostPath: ["path", "type"],
  image: ["pullPolicy", "reference"],
  iscsi: ["chapAuthDiscovery", "chapAuthSession", "fsType", "initiatorName", "iqn", "iscsiInterface", "lun", "portals", "readOnly", "secretRef", "targetPortal"],
  nfs: ["path", "readOnly", "server"],
  persistentVolumeClaim: ["claimName", "readOnly"],
  photonPersistentDisk: ["fsType", "pdID"],
  portworxVolume: ["fsType", "readOnly", "volumeID"],
  projected: ["defaultMode", "defaultUser", "sources"],
  quobyte: ["group", "readOnly", "registry", "tenant", "user", "volume"],
  rbd: ["fsType", "image", "keyring", "monitors", "pool", "readOnly", "secretRef", "user"],
  scaleIO: ["fsType", "gateway", "protectionDomain", "readOnly", "secretRef", "sslEnabled", "storageMode", "storagePool", "system", "volumeName"],
  secret: ["defaultMode", "defaultUser", "items", "optional", "secretName"],
  storageos: ["fsType", "readOnly", "secretRef", "volumeName", "volumeNamespace"],
  vsphereVolume: ["fsType", "storagePolicyID", "storagePolicyName", "volumePath"],
};

/**
 * The fields the API server requires of a source (its validation refuses the pod without them:
 * https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go,
 * `validateSecretVolumeSource`, `validateConfigMapVolumeSource`, ...).
 */
export const VOLUME_SOURCE_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  configMap: ["name"],
  csi: ["driver"],
  hostPath: ["path"],
  nfs: ["server", "path"],
  persistentVolumeClaim: ["claimName"],
  secret: ["secretName"],
};

/** The fields of a `KeyToPath` (the `items` of a configMap, secret or projected source). */
export const KEY_TO_PATH_FIELDS: readonly string[] = ["key", "mode", "path", "user"];
