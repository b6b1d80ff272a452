/**
 * The portal's public API as the bot uses it: the same endpoints as anyone else, plus the channel
 * API behind the channel service token. Network trouble and 5xx answers are `PortalUnavailable`
 * (worth a retry later); 4xx answers are `PortalRefused` with the portal's own Chinese message.
 */
export class PortalUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortalUnavailable';
  }
}

export class PortalRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: readonly { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'PortalRefused';
  }
}

export interface CreatedReport {
  trackingCode: string;
  status: string;
  statusLabel: string;
  category: { code: string; name: string; char: string };
  subcategory: { code: string; name: string };
  department: { code: string; name: string };
  deadline: string;
}

export interface TrackedReport extends CreatedReport {
  timeline: { at: string; statusLabel: string | null; note: string | null }[];
  feedback?: { canRate: boolean; rateBy: string | null };
}

export interface ReportSummary {
  trackingCode: string;
  status: string;
  statusLabel: string;
  subcategory: { code: string; name: string };
  department: { code: string; name: string };
  deadline: string;
  submittedAt: string;
}

export interface ChannelMessage {
  id: number;
  recipient: string;
  recipientHandle: string | null;
  trackingCode: string;
  text: string;
  attempt: number;
}

export interface NewReport {
  content: string;
  location?: { address?: string; lat?: number; lng?: number };
  photoIds?: string[];
  submitter: { id: string; handle?: string };
}

export class PortalClient {
  readonly channel = 'wechat';

  constructor(
    /** Read at each call, so a test can point the bot elsewhere while it runs. */
    private readonly baseUrl: () => string,
    private readonly token: string,
  ) {}

  submit(report: NewReport, idempotencyKey: string): Promise<CreatedReport> {
    return this.json(
      'POST',
      '/api/v1/submissions',
      { ...report, channel: this.channel },
      { 'idempotency-key': idempotencyKey },
    );
  }

  async uploadPhoto(
    bytes: Buffer,
    name: string,
  ): Promise<{ id: string; location: { lat: number; lng: number } | null }> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    return this.request('POST', '/api/v1/photos', form);
  }

  track(code: string): Promise<TrackedReport> {
    return this.json('GET', `/api/v1/submissions/${encodeURIComponent(code)}`);
  }

  rate(
    code: string,
    rating: number,
    fixed: boolean,
    comment?: string,
  ): Promise<{ outcome: string; statusLabel: string }> {
    return this.json('POST', `/api/v1/submissions/${encodeURIComponent(code)}/feedback`, {
      rating,
      fixed,
      ...(comment ? { comment } : {}),
    });
  }

  async reportsOf(contactId: string): Promise<ReportSummary[]> {
    const answer = await this.json<{ items: ReportSummary[] }>(
      'GET',
      `/api/v1/channels/${this.channel}/recipients/${encodeURIComponent(contactId)}/submissions?limit=5`,
    );
    return answer.items;
  }

  withdraw(contactId: string, code: string): Promise<{ statusLabel: string }> {
    return this.json(
      'POST',
      `/api/v1/channels/${this.channel}/recipients/${encodeURIComponent(contactId)}/submissions/${encodeURIComponent(code)}/withdrawal`,
    );
  }

  async nextMessages(waitSeconds: number, signal?: AbortSignal): Promise<ChannelMessage[]> {
    const answer = await this.json<{ messages: ChannelMessage[] }>(
      'GET',
      `/api/v1/channels/${this.channel}/messages?limit=20&wait=${waitSeconds}`,
      undefined,
      {},
      signal,
    );
    return answer.messages;
  }

  async acknowledge(id: number): Promise<void> {
    await this.json('POST', `/api/v1/channels/${this.channel}/messages/${id}/ack`);
  }

  async failed(id: number, attempt: number, error: string, options: { unreachable?: boolean } = {}): Promise<void> {
    await this.json('POST', `/api/v1/channels/${this.channel}/messages/${id}/failure`, {
      error: error.slice(0, 2000) || 'unknown error',
      attempt,
      ...(options.unreachable ? { unreachable: true } : {}),
    });
  }

  async moveHandle(handle: string, id: string): Promise<void> {
    await this.json('PUT', `/api/v1/channels/${this.channel}/handles/${encodeURIComponent(handle)}`, { id });
  }

  private json<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<T> {
    return this.request(
      method,
      path,
      body === undefined ? undefined : JSON.stringify(body),
      body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      signal,
    );
  }

  private async request<T>(
    method: string,
    path: string,
    body?: string | FormData,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl()}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', ...headers },
        ...(body === undefined ? {} : { body }),
        signal: signal ?? AbortSignal.timeout(60_000),
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError' && signal?.aborted) throw error;
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new PortalUnavailable(`portal unreachable: ${cause ?? (error as Error).message}`);
    }
    const answer = (await response.json().catch(() => ({}))) as {
      error?: { code?: string; message?: string; fields?: { field: string; message: string }[] };
    };
    if (response.status >= 500 || response.status === 429) {
      throw new PortalUnavailable(`portal answered ${response.status}: ${answer.error?.code ?? ''}`);
    }
    if (!response.ok) {
      throw new PortalRefused(
        response.status,
        answer.error?.code ?? 'refused',
        answer.error?.message ?? `请求未被接受（${response.status}）`,
        answer.error?.fields ?? [],
      );
    }
    return answer as T;
  }
}
