// The only way the explorer talks to Clausegraph: POST /graphql (and the subscription on the same
// path over graphql-transport-ws), always with `Authorization: Bearer <key>`.
import { createClient, type Client } from "graphql-ws";
import type { TypedDocumentString } from "./gql/graphql";

declare global {
  interface Window {
    __CLAUSEGRAPH_DEV_KEY__?: string;
  }
}

const STORAGE_KEY = "clausegraph.apiKey";

export function currentKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY) ?? window.__CLAUSEGRAPH_DEV_KEY__ ?? null;
}

export function signIn(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key.trim());
  resetSubscriptions();
}

export function signOut(): void {
  sessionStorage.removeItem(STORAGE_KEY);
  delete window.__CLAUSEGRAPH_DEV_KEY__;
  resetSubscriptions();
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function execute<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables?: TVariables,
): Promise<TResult> {
  const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/json" };
  const key = currentKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  const response = await fetch("/graphql", {
    method: "POST",
    headers,
    body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
  });
  let body: GraphQLResponse<TResult> | null = null;
  try {
    body = (await response.json()) as GraphQLResponse<TResult>;
  } catch {
    body = null;
  }
  if (response.status === 401) {
    throw new ApiError("The API key was refused.", 401, "UNAUTHENTICATED");
  }
  if (body?.errors?.length) {
    const first = body.errors[0];
    throw new ApiError(first.message, response.status, first.extensions?.code);
  }
  if (!response.ok || !body?.data) {
    throw new ApiError(`The service answered HTTP ${response.status}.`, response.status);
  }
  return body.data;
}

/** Fetch a protected file (bundle exports) with the key and hand it to the browser as a download. */
export async function download(url: string, fileName: string): Promise<void> {
  const key = currentKey();
  // The API names files by absolute URLs from its public base URL; this page may have reached the same
  // service by another host name or port, so the path is fetched from where the page came from.
  const path = new URL(url, window.location.href).pathname;
  const response = await fetch(path, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  if (!response.ok) throw new ApiError(`Download failed: HTTP ${response.status}`, response.status);
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
}

let wsClient: Client | null = null;

function resetSubscriptions(): void {
  wsClient?.dispose();
  wsClient = null;
}

export function subscriptions(): Client {
  if (!wsClient) {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    wsClient = createClient({
      url: `${scheme}//${location.host}/graphql`,
      lazy: true,
      retryAttempts: 5,
      connectionParams: () => {
        const key = currentKey();
        return key ? { Authorization: `Bearer ${key}` } : {};
      },
    });
  }
  return wsClient;
}

export function subscribe<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  onData: (data: TResult) => void,
  onError: (message: string) => void,
): () => void {
  return subscriptions().subscribe<TResult>(
    { query: document.toString(), variables: variables as Record<string, unknown> },
    {
      next: (value) => {
        if (value.errors?.length) onError(value.errors[0].message);
        else if (value.data) onData(value.data);
      },
      error: (err) => onError(err instanceof Error ? err.message : "The subscription closed."),
      complete: () => undefined,
    },
  );
}
