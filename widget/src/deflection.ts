// A deflection: in this page view the visitor read a help article and did not start a chat.
// It is sent once, when the page is hidden or left (the last moment we can be sure to run).

type PageLike = Pick<Window, 'addEventListener'> & { document: Pick<Document, 'addEventListener' | 'visibilityState'> };

export class DeflectionTracker {
  private articleId: string | null = null;
  private chatted = false;
  private sent = false;

  constructor(private send: (articleId: string) => void, page: PageLike = window) {
    page.addEventListener('pagehide', () => this.flush());
    page.document.addEventListener('visibilitychange', () => {
      if (page.document.visibilityState === 'hidden') this.flush();
    });
  }

  /** The latest article read is the one credited. */
  read(articleId: string): void {
    this.articleId = articleId;
  }

  chatStarted(): void {
    this.chatted = true;
  }

  flush(): void {
    if (this.sent || this.chatted || !this.articleId) return;
    this.sent = true;
    this.send(this.articleId);
  }
}
