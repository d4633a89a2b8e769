// Checks of an Azure storage account's settings. CORS rules live on the account's Blob
// service, not on a container, so they apply to every container of the account.
import { BlobServiceClient, RestError, StorageSharedKeyCredential } from '@azure/storage-blob';

import type { AzureStorageAddress } from './address';
import { azureErrorCode } from './azure-errors';
import { corsWarnings, describeCorsSubject, splitCorsList } from './validate-cors';
import { validationIssue, type ValidationIssue } from './validation-issue';

/** Reads the Blob service's CORS rules and returns warnings for what browsers would miss. */
export async function checkAzureAccount(
  address: AzureStorageAddress,
  timeoutMs: number,
): Promise<ValidationIssue[]> {
  const credential = new StorageSharedKeyCredential(address.accountName, address.accountKey);
  const service = new BlobServiceClient(address.endpoint, credential, {
    retryOptions: { maxTries: 1, tryTimeoutInMs: timeoutMs },
  });
  const subject = { kind: 'account', name: address.accountName } as const;

  try {
    const properties = await service.getProperties({
      abortSignal: AbortSignal.timeout(timeoutMs),
    });
    const rules = (properties.cors ?? []).map((rule) => ({
      methods: splitCorsList(rule.allowedMethods),
      exposedHeaders: splitCorsList(rule.exposedHeaders),
    }));
    return corsWarnings(subject, rules);
  } catch (error) {
    // Status and code only, because a RestError carries the signed request.
    const detail =
      error instanceof RestError
        ? `${azureErrorCode(error) ?? 'no error code'}, HTTP ${error.statusCode ?? 'none'}`
        : 'no response';
    return [
      validationIssue(
        'ACCOUNT_CORS_UNREADABLE',
        `Failed to read the CORS rules of the ${describeCorsSubject(subject)} (${detail}): check the account key, or check the rules in the Azure portal under Resource sharing (CORS), Blob service.`,
        { account: address.accountName, status: detail },
      ),
    ];
  }
}
