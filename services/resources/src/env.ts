import { z } from 'zod';
import { ConfigError, env, type SubgraphConfig } from '@praxis/platform';
import type { ResourcesConfig } from './library/config';

/** Public on purpose: it only protects a development machine. Production refuses to start with it. */
export const DEVELOPMENT_URL_SIGNING_SECRET = 'praxis-resources-development-url-secret-do-not-deploy';

/** The resources service's own settings; the shared ones come from platform. Each name is documented in the README's table. */
export const resourcesEnv = z.object({
  /** Where browsers reach the gateway, which serves upload and download links (the same setting as the gateway's). */
  PUBLIC_GRAPH_URL: env.httpUrl().default('http://localhost:4000'),
  /** The base of signed upload and download links, when not through PUBLIC_GRAPH_URL. */
  RESOURCES_PUBLIC_URL: env.httpUrl().optional(),
  /** Front-end origins that may PUT uploads from a browser, like the gateway's CORS_ORIGINS. */
  RESOURCES_CORS_ORIGINS: env.list().default(['http://localhost:3000', 'http://localhost:5173']),
  /** Signs upload and download links; only the resources service holds it. */
  RESOURCES_URL_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_URL_SIGNING_SECRET),
  RESOURCES_DOWNLOAD_URL_TTL_SECONDS: env.int(300, 10, 86_400),
  RESOURCES_UPLOAD_URL_TTL_SECONDS: env.int(900, 10, 86_400),
  /** Uploads whose resource was never created are deleted after this long. */
  RESOURCES_UNATTACHED_UPLOAD_HOURS: env.int(24, 1, 720),
  RESOURCES_MAX_UPLOAD_BYTES: env.int(25 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  RESOURCES_DATA_DIR: z.string().default('.praxis/resources-files'),
  /** `s3` keeps documents in an S3-compatible bucket, so that replicas share them. */
  RESOURCES_STORAGE: z.enum(['local', 's3']).default('local'),
  RESOURCES_S3_BUCKET: z.string().optional(),
  RESOURCES_S3_REGION: z.string().optional(),
  /** MinIO, Garage, Ceph and other S3-compatible servers; AWS's own endpoint when unset. */
  RESOURCES_S3_ENDPOINT: env.httpUrl().optional(),
  RESOURCES_S3_FORCE_PATH_STYLE: env.bool(false),
  /** Both or neither: without them, the AWS SDK's default credential chain (environment, shared files, web identity, instance role). */
  RESOURCES_S3_ACCESS_KEY_ID: z.string().optional(),
  RESOURCES_S3_SECRET_ACCESS_KEY: z.string().optional(),
  RESOURCES_S3_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9!_.*'()/-]*$/, 'must be a key prefix such as praxis/resources/ (letters, digits and !_.*\'()/-, no leading slash)')
    .default(''),
  RESOURCES_LINK_CHECK_CRON: z.string().default('17 * * * *'),
  RESOURCES_LINK_CHECK_INTERVAL_HOURS: env.int(24, 1, 24 * 90),
  RESOURCES_LINK_CHECK_TIMEOUT_MS: env.int(10_000, 100, 120_000),
  RESOURCES_LINK_CHECK_MAX_REDIRECTS: env.int(5, 0, 20),
  RESOURCES_LINK_CHECK_BATCH: env.int(200, 1, 10_000),
  RESOURCES_LINK_CHECK_CONCURRENCY: env.int(4, 1, 64),
  RESOURCES_LINK_CHECK_ALLOW_PRIVATE: env.bool(false),
});

export type ResourcesEnv = z.infer<typeof resourcesEnv>;

export function resourcesConfig(value: ResourcesEnv, shared: SubgraphConfig): ResourcesConfig {
  if (shared.runtime.nodeEnv === 'production' && value.RESOURCES_URL_SIGNING_SECRET === DEVELOPMENT_URL_SIGNING_SECRET) {
    throw new ConfigError([{ variable: 'RESOURCES_URL_SIGNING_SECRET', message: 'must be set to a private value in production' }]);
  }
  return {
    ...shared,
    publicUrl: value.RESOURCES_PUBLIC_URL ?? value.PUBLIC_GRAPH_URL,
    corsOrigins: value.RESOURCES_CORS_ORIGINS,
    files: {
      signingSecret: value.RESOURCES_URL_SIGNING_SECRET,
      downloadTtlSeconds: value.RESOURCES_DOWNLOAD_URL_TTL_SECONDS,
      uploadTtlSeconds: value.RESOURCES_UPLOAD_URL_TTL_SECONDS,
      unattachedHours: value.RESOURCES_UNATTACHED_UPLOAD_HOURS,
      maxBytes: value.RESOURCES_MAX_UPLOAD_BYTES,
      dataDir: value.RESOURCES_DATA_DIR,
      storage: storageConfig(value),
    },
    linkCheck: {
      cron: value.RESOURCES_LINK_CHECK_CRON,
      intervalHours: value.RESOURCES_LINK_CHECK_INTERVAL_HOURS,
      timeoutMs: value.RESOURCES_LINK_CHECK_TIMEOUT_MS,
      maxRedirects: value.RESOURCES_LINK_CHECK_MAX_REDIRECTS,
      batch: value.RESOURCES_LINK_CHECK_BATCH,
      concurrency: value.RESOURCES_LINK_CHECK_CONCURRENCY,
      allowPrivateAddresses: value.RESOURCES_LINK_CHECK_ALLOW_PRIVATE,
    },
  };
}

/** Where documents are kept. The bucket's settings are required only when it is chosen. */
function storageConfig(value: ResourcesEnv): ResourcesConfig['files']['storage'] {
  if (value.RESOURCES_STORAGE === 'local') return { driver: 'local' };
  const problems: { variable: string; message: string }[] = [];
  const required = (variable: 'RESOURCES_S3_BUCKET' | 'RESOURCES_S3_REGION') => {
    if (!value[variable]) problems.push({ variable, message: 'is required when RESOURCES_STORAGE=s3' });
    return value[variable] ?? '';
  };
  const bucket = required('RESOURCES_S3_BUCKET');
  const region = required('RESOURCES_S3_REGION');
  const { RESOURCES_S3_ACCESS_KEY_ID: accessKeyId, RESOURCES_S3_SECRET_ACCESS_KEY: secretAccessKey } = value;
  if (accessKeyId && !secretAccessKey) problems.push({ variable: 'RESOURCES_S3_SECRET_ACCESS_KEY', message: 'is required with RESOURCES_S3_ACCESS_KEY_ID' });
  if (secretAccessKey && !accessKeyId) problems.push({ variable: 'RESOURCES_S3_ACCESS_KEY_ID', message: 'is required with RESOURCES_S3_SECRET_ACCESS_KEY' });
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    driver: 's3',
    bucket,
    region,
    endpoint: value.RESOURCES_S3_ENDPOINT ?? null,
    forcePathStyle: value.RESOURCES_S3_FORCE_PATH_STYLE,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : null,
    prefix: value.RESOURCES_S3_PREFIX,
  };
}
