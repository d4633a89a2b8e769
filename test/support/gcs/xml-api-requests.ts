// XML API requests through signed URLs, shared by the GCS double test and the contract suite.
// Each method signs a fresh URL with UrlSigner and sends one fetch. None of them asserts, so
// each test checks the status and body that matter to it.

import { completeBody, xmlElement, type SignOptions, type UrlSigner } from './signed-requests';

export interface CompletedPart {
  partNumber: number;
  etag: string;
}

export class XmlApiRequests {
  constructor(readonly signer: UrlSigner) {}

  async put(object: string, data: Uint8Array, headers: Record<string, string> = {}) {
    const url = await this.signer.sign(object, 'PUT');
    return fetch(url, { method: 'PUT', body: data, headers });
  }

  async get(object: string, headers: Record<string, string> = {}) {
    return fetch(await this.signer.sign(object, 'GET'), { headers });
  }

  async head(object: string) {
    return fetch(await this.signer.sign(object, 'HEAD'), { method: 'HEAD' });
  }

  async delete(object: string) {
    return fetch(await this.signer.sign(object, 'DELETE'), { method: 'DELETE' });
  }

  /** Initiates a multipart upload and returns the raw response. */
  async initiate(object: string) {
    const url = await this.signer.sign(object, 'POST', { queryParams: { uploads: '' } });
    return fetch(url, { method: 'POST' });
  }

  /** Initiates a multipart upload and returns its UploadId, raising if there is none. */
  async initiateUploadId(object: string): Promise<string> {
    const response = await this.initiate(object);
    const body = await response.text();
    const uploadId = xmlElement(body, 'UploadId');
    if (response.status !== 200 || uploadId === undefined) {
      throw new Error(
        `Initiating a multipart upload of ${object} failed: ${response.status} ${body}`,
      );
    }
    return uploadId;
  }

  async uploadPart(object: string, uploadId: string, partNumber: number, data: Uint8Array) {
    const url = await this.signer.sign(object, 'PUT', {
      queryParams: { partNumber: String(partNumber), uploadId },
    });
    return fetch(url, { method: 'PUT', body: data });
  }

  async listParts(object: string, uploadId: string, extraQuery: Record<string, string> = {}) {
    const options: SignOptions = { queryParams: { uploadId, ...extraQuery } };
    return fetch(await this.signer.sign(object, 'GET', options));
  }

  async complete(object: string, uploadId: string, parts: CompletedPart[]) {
    const url = await this.signer.sign(object, 'POST', { queryParams: { uploadId } });
    return fetch(url, {
      method: 'POST',
      body: completeBody(parts),
      headers: { 'Content-Type': 'application/xml' },
    });
  }

  async abort(object: string, uploadId: string) {
    const url = await this.signer.sign(object, 'DELETE', { queryParams: { uploadId } });
    return fetch(url, { method: 'DELETE' });
  }
}
