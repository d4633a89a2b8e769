// A small GraphQL client for tests: it returns data and errors as they come, so tests can
// assert on error codes, and sends the key the way W&B's SDK does (Basic, user "api").

export interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; reason?: string; params?: Record<string, string> };
}

export interface GraphqlResponse<T> {
  status: number;
  data: T | null;
  errors: GraphqlError[];
}

export class GraphqlClient {
  constructor(
    readonly url: string,
    readonly apiKey: string | null,
  ) {}

  async request<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphqlResponse<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.apiKey !== null)
      headers.authorization = `Basic ${Buffer.from(`api:${this.apiKey}`).toString('base64')}`;

    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T | null; errors?: GraphqlError[] };
    return { status: response.status, data: body.data ?? null, errors: body.errors ?? [] };
  }

  /** Sends a request that must succeed, and returns its data. */
  async ok<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<T> {
    const result = await this.request<T>(query, variables);
    if (result.errors.length > 0 || result.data === null) {
      throw new Error(
        `GraphQL request failed (${result.status}): ${result.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ')}`,
      );
    }
    return result.data;
  }
}
