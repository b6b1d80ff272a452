/**
 * The stock GeoReport v2 client from npm ("open311", Code for America's node-open311), unchanged,
 * with promises around its callbacks. It is a third party's reading of the spec: if it can work
 * against the server, a client not written for us can.
 */
type Callback = (error: unknown, data: unknown) => void;

interface StockClient {
  endpoint?: string;
  format: string;
  serviceDiscovery(options: Record<string, unknown>, callback: Callback): void;
  serviceList(callback: Callback): void;
  serviceDefinition(code: string, callback: Callback): void;
  submitRequest(data: Record<string, unknown>, callback: Callback): void;
  token(token: string, callback: Callback): void;
  serviceRequests(
    id: string | string[] | Record<string, string>,
    params: Record<string, string> | Callback,
    callback?: Callback,
  ): void;
}

// The package is CommonJS without types; this is its whole surface as used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Open311 = require('open311') as new (options: Record<string, unknown>) => StockClient;

function call<T>(run: (callback: Callback) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    run((error, data) =>
      error ? reject(new Error(`stock client: ${String(error)} ${String(data)}`)) : resolve(data as T),
    ),
  );
}

export class StockOpen311Client {
  private readonly client: StockClient;

  constructor(discoveryUrl: string, apiKey: string) {
    this.client = new Open311({ discovery: discoveryUrl, apiKey, format: 'json' });
  }

  /** Reads discovery and takes the production GeoReport v2 endpoint from it, as the client does. */
  async discover(): Promise<{ endpoints: { url: string }[] }> {
    const data = await call<{ endpoints: { url: string }[] }>((cb) =>
      this.client.serviceDiscovery({ cache: true }, cb),
    );
    if (!this.client.endpoint) throw new Error('the stock client found no GeoReport v2 endpoint in discovery');
    return data;
  }

  get endpoint(): string | undefined {
    return this.client.endpoint;
  }

  services(): Promise<{ service_code: string; service_name: string; group: string }[]> {
    return call((cb) => this.client.serviceList(cb));
  }

  definition(code: string): Promise<{ service_code: string; attributes: { code: string }[] }> {
    return call((cb) => this.client.serviceDefinition(code, cb));
  }

  submit(
    data: Record<string, unknown>,
  ): Promise<{ service_request_id?: string; token?: string; service_notice?: string }[]> {
    return call((cb) => this.client.submitRequest(data, cb));
  }

  token(token: string): Promise<{ service_request_id: string; token: string }[]> {
    return call((cb) => this.client.token(token, cb));
  }

  request(
    id: string,
  ): Promise<{ service_request_id: string; status: string; status_notes: string | null; requested_datetime: Date }[]> {
    return call((cb) => this.client.serviceRequests(id, {}, cb));
  }

  requests(params: Record<string, string>): Promise<{ service_request_id: string; status: string }[]> {
    return call((cb) => this.client.serviceRequests(params, cb));
  }
}
