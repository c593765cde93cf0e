/** Host page API of the Guichet help pane (window.Guichet), provided by guichet.js. */
export interface GuichetTicketFields {
  kind?: 'support_request' | 'on_behalf' | 'refund' | 'subscription_validation' | 'callback';
  issue_type?: 'technical' | 'billing_subscription' | 'pre_sales';
  severity?: 'A' | 'B' | 'C';
  plan?: 'business' | 'enterprise' | 'elevated' | 'cloud_solution_provider' | 'vianet21';
  subscription_id?: string;
  problem_type?: string;
  title?: string;
  description?: string;
  contact_name?: string;
  email?: string;
  phone?: string;
  preferred_contact?: 'email' | 'phone';
  [field: string]: unknown;
}

/** Identity signed by the host's backend: hex HMAC-SHA256 over `user_id\nemail\ntenant\nexpires_at`. */
export interface GuichetIdentity {
  user_id: string;
  email: string;
  tenant: string;
  name?: string;
  /** Unix seconds. */
  expires_at: number;
  signature: string;
}

export interface GuichetEvents {
  ready: {};
  open: {};
  close: {};
  search: { query: string; results: number };
  'article-viewed': { id: string; locale: 'fr' | 'en' | 'de' };
  helpful: { id: string; helpful: boolean };
  'ticket-created': { id: string };
}

export interface GuichetApi {
  open(): void;
  close(): void;
  toggle(): void;
  search(query: string): void;
  /** BCP 47 tag; the UI speaks fr, en and de (de reads the English articles unless the help
   * center has German ones); other languages get English. No reload. */
  setLocale(tag: string): void;
  showArticle(id: string): void;
  showContact(): void;
  /** Opens "My request" for the token of a signed link (the confirmation email's link,
   * `…#guichet-request=TOKEN`, which the loader also reads from the page's URL by itself). */
  showRequest(token: string): void;
  /** Suggestions shown first when the pane opens: article ids or external links, or rules
   * by URL path (`'/billing'` exact, `'/billing*'` prefix) re-evaluated on SPA navigation. */
  suggest(items: Array<string | { title: string; url: string }> | Array<{ path: string; items: Array<string | { title: string; url: string }> }>): void;
  prefill(fields: GuichetTicketFields): void;
  identify(identity: GuichetIdentity): void;
  /** Called synchronously with the whole ticket once the visitor's fields are valid, just
   * before it is sent. Return a ticket to send that one instead (it is validated again:
   * invalid fields are shown in the form and nothing is sent; a body that is not a ticket is
   * refused with the reason), or return nothing to send the ticket unchanged. */
  beforeSubmit(cb: (ticket: GuichetTicketFields) => GuichetTicketFields | null | undefined | void): void;
  /** Subscribes; returns a function that unsubscribes. */
  on<E extends keyof GuichetEvents>(event: E, cb: (payload: GuichetEvents[E]) => void): () => void;
  /** Puts the pane back after unmount(), or after a host SPA replaced the page (done
   * automatically too). The pane comes back with its state (query, screen, draft). */
  mount(): void;
  /** Same as mount(). */
  remount(): void;
  /** Takes the pane off the page and releases its DOM, listeners and timers; queued tickets
   * stay queued. open(), search()... or mount() bring it back. */
  unmount(): void;
}

declare global {
  interface Window {
    Guichet: GuichetApi;
  }
}
