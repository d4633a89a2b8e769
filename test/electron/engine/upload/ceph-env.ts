// An engine test environment whose instance bucket is a new bucket on a Ceph RADOS Gateway,
// shared by the upload and download tests on Ceph.

import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

import { parseStorageAddress } from '../../../../platform/storage/address';
import type { UrlLifetimes } from '../../../../platform/storage/provider';
import type { CephCluster } from '../../../support/ceph/index';
import { startEngineEnv, type EngineEnv } from './fixture';

/** Creates `bucket` on the cluster and starts a platform whose instance bucket it is. */
export async function startEngineEnvOnCeph(
  ceph: CephCluster,
  bucket: string,
  lifetimes: Partial<UrlLifetimes> = {},
): Promise<EngineEnv> {
  const s3 = new S3Client({
    endpoint: ceph.endpoint,
    region: ceph.region,
    forcePathStyle: true,
    credentials: { accessKeyId: ceph.accessKeyId, secretAccessKey: ceph.secretAccessKey },
  });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  s3.destroy();

  const keys = `${encodeURIComponent(ceph.accessKeyId)}:${encodeURIComponent(ceph.secretAccessKey)}`;
  const host = new URL(ceph.endpoint).host;
  return startEngineEnv({
    instanceBucket: parseStorageAddress(
      `s3://${keys}@${host}/${bucket}?region=${ceph.region}&tls=false`,
    ),
    lifetimes,
  });
}
