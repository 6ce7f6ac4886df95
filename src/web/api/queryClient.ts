/** The web UI's one QueryClient: how long answers count as fresh, when a read is retried, and what a command makes stale. */
import { MutationCache, QueryClient, type QueryKey } from '@tanstack/react-query';
import { ApiError } from './client';

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: {
      /** The queries a successful command makes stale (./keys.ts); they refetch where shown. */
      invalidates?: readonly QueryKey[];
    };
  }
}

/**
 * A 4xx is the server's answer (no right to see it, gone, bad filter): asking again gives the same
 * answer, so only a lost connection or a 5xx is tried once more.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 1;
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    // Invalidation after every command, in one place: a page states what its command changes
    // (`meta.invalidates`), and cannot forget to refetch it. Not awaited: the page may navigate
    // at once, and the lists refetch when shown.
    mutationCache: new MutationCache({
      onSuccess: (_data, _variables, _result, mutation) => {
        for (const queryKey of mutation.meta?.invalidates ?? []) void client.invalidateQueries({ queryKey });
      },
      // A 409 says the data moved under the user (a colleague completed, withdrew or transferred
      // the task first): what the command would have changed is stale too, and refetching it shows
      // the user what happened beside the error message.
      onError: (error, _variables, _result, mutation) => {
        if (!(error instanceof ApiError && error.status === 409)) return;
        for (const queryKey of mutation.meta?.invalidates ?? []) void client.invalidateQueries({ queryKey });
      },
    }),
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        // Several panels of one page ask for the same list within a moment; colleagues' changes
        // show after a few seconds, on the next visit.
        staleTime: 3_000,
        // Not on focus: a refetch re-renders the page under the user's hands (a half-made choice
        // in the person picker was lost in the browser test), and the pages never did it before.
        refetchOnWindowFocus: false,
      },
      // A command is never repeated behind the user's back.
      mutations: { retry: false },
    },
  });
  return client;
}
